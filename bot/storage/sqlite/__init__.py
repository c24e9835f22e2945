"""The SQLite backend: one file, one process (the embedded default)."""

from __future__ import annotations

from pathlib import Path

from bot.storage.sqlite.audit import SQLiteAudit, SQLiteGuildSettings
from bot.storage.sqlite.database import BACKEND, SQLiteDatabase, open_database
from bot.storage.sqlite.outbox import SQLiteOutbox
from bot.storage.sqlite.reports import SQLiteAnnouncements, SQLiteReports
from bot.storage.sqlite.subscriptions import SQLiteSubscriptions

__all__ = ["SQLiteStore", "open_sqlite"]


class SQLiteStore:
    """Every concern of the store interface on one SQLite connection.

    `db` is the connection's few primitives (transactions, fetches); tests use it to look at or set up rows
    the interface never exposes. Code in `bot/` outside this package uses the repositories only.
    """

    backend = BACKEND

    def __init__(self, db: SQLiteDatabase) -> None:
        self.db = db
        self.reports = SQLiteReports(db)
        self.announcements = SQLiteAnnouncements(db)
        self.subscriptions = SQLiteSubscriptions(db)
        self.outbox = SQLiteOutbox(db)
        self.settings = SQLiteGuildSettings(db)
        self.audit = SQLiteAudit(db)

    @property
    def path(self) -> Path:
        return self.db.path

    async def schema_version(self) -> int:
        return await self.db.schema_version()

    async def close(self) -> None:
        await self.db.close()


async def open_sqlite(path: Path | str) -> SQLiteStore:
    """Open (creating if needed) and migrate the SQLite file; `StoreError` when it cannot be used."""
    return SQLiteStore(await open_database(Path(path)))
