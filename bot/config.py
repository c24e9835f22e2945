"""Settings, read from the environment when asked for (never at import).

`load_settings()` loads `.env` with python-dotenv first, so a newcomer can put everything in one file. A
malformed value raises `ConfigError` with one line naming the variable; `python -m bot` prints that line and
exits without a traceback.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "sqlite:///data/bot.db"
MAX_NEWS_RATE = 50.0  # Discord's global REST ceiling per bot token
DEFAULT_LEASE_SECONDS = 120.0


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and what to do."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(default=None, repr=False)  # never printed, never logged
    database_url: str = DEFAULT_DATABASE_URL
    home_guild_id: int | None = None
    shard_count: int | None = None  # SHARD_COUNT: the bot's total; None asks Discord (one process)
    shard_ids: tuple[int, ...] | None = None  # SHARD_IDS: the shards this process serves
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    log_debug_libraries: tuple[str, ...] = ()  # LOG_DEBUG_LIBRARIES: library loggers shown at DEBUG too
    news_rate_per_second: float = 40.0
    # NEWS_LEASE_SECONDS: how long a post being sent belongs to its process; a killed sender's row waits this long
    news_lease_seconds: float = DEFAULT_LEASE_SECONDS
    data_dir: Path = PROJECT_ROOT / "data"
    api_base: str | None = None  # DISCORD_API_BASE: point the REST client elsewhere (local stand-ins only)
    gateway_url: str | None = None  # DISCORD_GATEWAY_URL: the gateway to fall back to (local stand-ins only)

    @property
    def database_path(self) -> Path:
        """The SQLite file named by `DATABASE_URL` (relative paths are relative to the working directory)."""
        return database_path_from_url(self.database_url)


_SQLITE = "sqlite:///"
_POSTGRES = ("postgresql://", "postgres://")
_URL_SHAPES = "sqlite:///data/bot.db, sqlite:////abs/path.db or postgresql://user:password@host:5432/dbname"


def database_backend(url: str) -> str:
    """ "sqlite" or "postgresql", from the URL's scheme; ConfigError (never echoing a password) otherwise."""
    if url.startswith(_SQLITE) and len(url) > len(_SQLITE):
        return "sqlite"
    if url.startswith(_POSTGRES):
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise ConfigError(f"DATABASE_URL is not a valid PostgreSQL URL: it must look like {_URL_SHAPES}") from None
        return "postgresql"
    scheme = url.split("://", 1)[0] + "://" if "://" in url else url[:12]
    raise ConfigError(f"DATABASE_URL must look like {_URL_SHAPES} (got one starting with {scheme!r})")


def database_path_from_url(url: str) -> Path:
    """The SQLite file of a `sqlite:///` URL."""
    if database_backend(url) != "sqlite":
        raise ConfigError("DATABASE_URL names PostgreSQL, not a SQLite file")
    # sqlite:///relative.db -> "relative.db"; sqlite:////abs.db -> "/abs.db"
    return Path(url[len(_SQLITE) :])


def _int_or_none(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ConfigError(f"{name} must be a Discord server id (digits only), got {raw!r}")
    return int(raw)


def _rate(env: Mapping[str, str]) -> float:
    raw = env.get("NEWS_RATE_PER_SECOND", "").strip()
    if not raw:
        return 40.0
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"NEWS_RATE_PER_SECOND must be a number of posts per second, got {raw!r}") from None
    if not 0 < value <= MAX_NEWS_RATE:
        raise ConfigError(
            f"NEWS_RATE_PER_SECOND must be above 0 and at most {MAX_NEWS_RATE:g} (Discord's limit), got {raw}"
        )
    return value


def _lease(env: Mapping[str, str]) -> float:
    raw = env.get("NEWS_LEASE_SECONDS", "").strip()
    if not raw:
        return DEFAULT_LEASE_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"NEWS_LEASE_SECONDS must be a number of seconds, got {raw!r}") from None
    if not 1 <= value <= 3600:
        raise ConfigError(f"NEWS_LEASE_SECONDS must be from 1 to 3600 seconds, got {raw}")
    return value


def _log_level(env: Mapping[str, str]) -> str:
    raw = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if raw not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, got {raw!r}")
    return raw


_LOGGER_NAME = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*")


def _debug_libraries(env: Mapping[str, str]) -> tuple[str, ...]:
    names = tuple(part.strip() for part in env.get("LOG_DEBUG_LIBRARIES", "").split(",") if part.strip())
    for name in names:
        if not _LOGGER_NAME.fullmatch(name):
            raise ConfigError(
                f"LOG_DEBUG_LIBRARIES must be logger names separated by commas (like aiosqlite,discord.http), "
                f"got {name!r}"
            )
    return names


MAX_SHARDS = 4096


def _shards(env: Mapping[str, str]) -> tuple[int | None, tuple[int, ...] | None]:
    """SHARD_COUNT (the bot's total) and SHARD_IDS (the ones this process serves: "0-3,8"); both unset means
    one process asking Discord how many it needs."""
    raw_count = env.get("SHARD_COUNT", "").strip()
    raw_ids = env.get("SHARD_IDS", "").strip()
    if not raw_count:
        if raw_ids:
            raise ConfigError("SHARD_IDS needs SHARD_COUNT too: set SHARD_COUNT to the bot's total number of shards")
        return None, None
    if not raw_count.isdigit() or not 1 <= int(raw_count) <= MAX_SHARDS:
        raise ConfigError(f"SHARD_COUNT must be a whole number from 1 to {MAX_SHARDS}, got {raw_count!r}")
    count = int(raw_count)
    if not raw_ids:
        return count, tuple(range(count))
    ids: list[int] = []
    for part in raw_ids.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ConfigError(
                f"SHARD_IDS must be shard numbers and ranges like 0-3,8 separated by commas, got {raw_ids!r}"
            )
        ids.extend(range(int(first), int(last or first) + 1))
    if not ids or len(set(ids)) != len(ids) or max(ids) >= count:
        raise ConfigError(
            f"SHARD_IDS must name each shard once, every one below SHARD_COUNT ({count}), got {raw_ids!r}"
        )
    return count, tuple(sorted(ids))


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """Build settings from a mapping of environment variables (pure; used by tests and `load_settings`)."""
    database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    database_backend(database_url)  # validate early, with the variable's name
    data_dir = env.get("DATA_DIR", "").strip()
    api_base = env.get("DISCORD_API_BASE", "").strip() or None
    if api_base is not None and not api_base.startswith(("http://", "https://")):
        raise ConfigError(f"DISCORD_API_BASE must be an http(s) URL, got {api_base!r}")
    gateway_url = env.get("DISCORD_GATEWAY_URL", "").strip() or None
    if gateway_url is not None and not gateway_url.startswith(("ws://", "wss://")):
        raise ConfigError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, got {gateway_url!r}")
    shard_count, shard_ids = _shards(env)
    return Settings(
        token=env.get("DISCORD_TOKEN", "").strip() or None,
        shard_count=shard_count,
        shard_ids=shard_ids,
        database_url=database_url,
        home_guild_id=_int_or_none(env, "HOME_GUILD_ID"),
        dev_guild_id=_int_or_none(env, "DEV_GUILD_ID"),
        log_level=_log_level(env),
        log_debug_libraries=_debug_libraries(env),
        news_rate_per_second=_rate(env),
        news_lease_seconds=_lease(env),
        data_dir=Path(data_dir) if data_dir else PROJECT_ROOT / "data",
        api_base=api_base,
        gateway_url=gateway_url,
    )


def load_settings(dotenv_path: str | os.PathLike[str] | None = None) -> Settings:
    """Load `.env` (without overriding real environment variables), then read the settings."""
    load_dotenv(dotenv_path or Path.cwd() / ".env", override=False)
    return settings_from_env(os.environ)
