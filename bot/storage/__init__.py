"""The store: its interface (one Protocol per concern) and every line of SQL, one implementation per backend.

`open_store(DATABASE_URL)` is the only way in for the rest of `bot/`: it returns an open, migrated `Store`, or
raises `StoreError` with one line naming what is wrong with the database and how to fix it.
"""

from __future__ import annotations

from bot.config import database_backend, database_path_from_url
from bot.storage.errors import StoreError
from bot.storage.interface import Announcements, Audit, GuildSettings, Reports, Store, Subscriptions
from bot.storage.migrations import Migration, latest_version, migrations
from bot.storage.outbox import Outbox
from bot.storage.sqlite import SQLiteStore, open_sqlite

__all__ = [
    "Announcements",
    "Audit",
    "GuildSettings",
    "Migration",
    "Outbox",
    "Reports",
    "SQLiteStore",
    "Store",
    "StoreError",
    "Subscriptions",
    "latest_version",
    "migrations",
    "open_sqlite",
    "open_store",
]


async def open_store(database_url: str, *, owner: str | None = None) -> Store:
    """Open (creating if needed) and migrate the database named by `DATABASE_URL`. `owner` names this process
    in the outbox's leases and in /about (by default host, pid and a random suffix)."""
    if database_backend(database_url) == "sqlite":
        return await open_sqlite(database_path_from_url(database_url), owner=owner)
    try:
        from bot.storage.postgresql import open_postgres
    except ImportError:
        raise StoreError(
            "DATABASE_URL names PostgreSQL, which needs the postgres extra: pip install -e '.[postgres]'"
        ) from None
    return await open_postgres(database_url, owner=owner)
