"""The token never reaches a log line, not even inside a traceback; libraries' debug output stays out unless named."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import APP_LOGGERS, REDACTED, RedactSecrets, configure_logging

TOKEN = "MTIzNDU2Nzg5.fake.token-value"


def _logger_with_redaction() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([TOKEN]))
    logger = logging.getLogger("tests.redaction")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_token_in_message_and_arguments_is_hidden():
    logger, stream = _logger_with_redaction()
    logger.info("logging in with %s", TOKEN)
    logger.warning(f"raw {TOKEN} in an f-string")
    text = stream.getvalue()
    assert TOKEN not in text
    assert text.count(REDACTED) == 2


def test_token_in_a_traceback_is_hidden():
    logger, stream = _logger_with_redaction()
    try:
        raise RuntimeError(f"bad header Authorization: Bot {TOKEN}")
    except RuntimeError:
        logger.exception("request failed")
    text = stream.getvalue()
    assert "RuntimeError" in text
    assert TOKEN not in text


@pytest.fixture
def logged(capsys: pytest.CaptureFixture[str]):
    """configure_logging as `python -m bot` calls it; the root logger and the levels it set are restored after."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    touched: list[logging.Logger] = []

    def configure(level: str, debug_libraries: tuple[str, ...] = ()) -> None:
        configure_logging(level, secrets=[TOKEN], debug_libraries=debug_libraries)
        touched.extend(logging.getLogger(n) for n in (*APP_LOGGERS, *debug_libraries, "chatty"))

    yield configure, lambda: capsys.readouterr().err
    root.handlers[:], level = saved
    root.setLevel(level)
    for logger in touched:
        logger.setLevel(logging.NOTSET)


def test_debug_is_for_the_bot_and_libraries_stay_at_info(logged):
    configure, output = logged
    configure("DEBUG")
    chatty = logging.getLogger("chatty")
    chatty.setLevel(logging.DEBUG)  # a library that turns its own logger up, as bm25s does
    logging.getLogger("bot.news.worker").debug("claimed delivery %s", 7)
    logging.getLogger("cogs.news").debug("cog detail")
    logging.getLogger("aiosqlite").debug("executing %s", "INSERT ... ('a claim', 1234)")
    logging.getLogger("discord.http").debug("POST /channels/1/messages with {'content': 'a claim'}")
    chatty.debug("tokens built")
    logging.getLogger("aiosqlite").info("connection closed")
    text = output()
    assert "claimed delivery 7" in text and "cog detail" in text
    assert "a claim" not in text and "tokens built" not in text
    assert "connection closed" in text, "a library's INFO and above still show"


def test_a_library_named_in_log_debug_libraries_shows_its_debug_output(logged):
    configure, output = logged
    configure("DEBUG", ("aiosqlite", "discord"))
    logging.getLogger("aiosqlite").debug("executing one")
    logging.getLogger("discord.gateway").debug("heartbeat")  # a child of a named logger
    logging.getLogger("websockets").debug("frame")
    text = output()
    assert "executing one" in text and "heartbeat" in text and "frame" not in text


def test_a_quieter_level_quiets_the_bot_and_libraries_alike(logged):
    configure, output = logged
    configure("WARNING")
    logging.getLogger("bot.app").info("connected")
    logging.getLogger("discord.client").info("logging in")
    logging.getLogger("bot.app").warning(f"token {TOKEN} was printed")
    text = output()
    assert "connected" not in text and "logging in" not in text
    assert REDACTED in text and TOKEN not in text
