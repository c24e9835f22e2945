"""Logging set-up: per-module loggers, one format, library loggers kept quiet, and the token out of every line.

`LOG_LEVEL` applies to the bot's own loggers (`bot.*`, `cogs.*`). Libraries stay at INFO even at DEBUG, because
their debug output carries people's data: aiosqlite logs every SQL statement with its parameters, discord.py's
HTTP client every request body. `LOG_DEBUG_LIBRARIES=aiosqlite,discord.gateway` opens named ones on purpose.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
REDACTED = "[token hidden]"
APP_LOGGERS = ("bot", "cogs")


def _within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


class RedactSecrets(logging.Filter):
    """Replace any secret in a record's final message (and traceback) before a handler writes it."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, REDACTED)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
        record.msg, record.args = message, None
        return True


class QuietLibraries(logging.Filter):
    """Drop a library's records below `floor` unless it was named: some libraries set their own loggers to
    DEBUG, so the root logger's level alone does not keep them quiet."""

    def __init__(self, floor: int, named: Iterable[str]) -> None:
        super().__init__()
        self.floor = floor
        self.named = tuple(named)

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.floor or _within(record.name, APP_LOGGERS) or _within(record.name, self.named)


def configure_logging(level: str, secrets: list[str] | None = None, debug_libraries: Iterable[str] = ()) -> None:
    """One handler on the root logger; `level` for the bot's loggers, at least INFO for everything else except
    the `debug_libraries` named (DEBUG)."""
    named = tuple(debug_libraries)
    numeric = logging.getLevelName(level)
    library_floor = max(numeric, logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(QuietLibraries(library_floor, named))
    handler.addFilter(RedactSecrets(secrets or []))  # last: it rewrites the message, only for kept records
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(library_floor)
    for name in APP_LOGGERS:
        logging.getLogger(name).setLevel(numeric)
    for name in named:
        logging.getLogger(name).setLevel(logging.DEBUG)
