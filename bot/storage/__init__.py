"""One async store interface for the rest of `bot/`; SQLite (aiosqlite) is the implementation today."""

from __future__ import annotations

from pathlib import Path

from bot.storage.sqlite import SQLiteStore, migrations, open_sqlite

__all__ = ["SQLiteStore", "migrations", "open_sqlite", "open_store"]


async def open_store(database_url: str) -> SQLiteStore:
    """Open (creating if needed) and migrate the database named by `DATABASE_URL`."""
    from bot.config import database_path_from_url

    path: Path = database_path_from_url(database_url)
    return await open_sqlite(path)
