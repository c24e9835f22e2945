"""The token never reaches a log line, not even inside a traceback."""

from __future__ import annotations

import io
import logging

from bot.logs import REDACTED, RedactSecrets

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
