"""The SQLite backend: one file, one process (the embedded default)."""

from __future__ import annotations

from pathlib import Path

from bot.storage.process import process_name
from bot.storage.shared.audit import SharedAudit
from bot.storage.shared.outbox import SharedOutbox
from bot.storage.shared.reports import SharedAnnouncements, SharedReports
from bot.storage.shared.settings import SharedGuildSettings
from bot.storage.shared.subscriptions import SharedSubscriptions
from bot.storage.sqlite.database import BACKEND, SQLiteDatabase, open_database
from bot.storage.sqlite.sender import FileSenderRole

__all__ = ["SQLiteStore", "open_sqlite"]


class SQLiteStore:
    """Every concern of the store interface on one SQLite connection.

    `db` is the connection's few primitives (transactions, fetches); tests use it to look at or set up rows
    the interface never exposes. Code in `bot/` outside this package uses the repositories only.
    """

    backend = BACKEND

    def __init__(self, db: SQLiteDatabase, *, owner: str) -> None:
        self.db = db
        self.owner = owner
        self.reports = SharedReports(db)
        self.announcements = SharedAnnouncements(db)
        self.subscriptions = SharedSubscriptions(db)
        self.outbox = SharedOutbox(db, owner=owner)
        self.settings = SharedGuildSettings(db)
        self.audit = SharedAudit(db)
        self.sender = FileSenderRole(db.path, owner)

    @property
    def path(self) -> Path:
        return self.db.path

    async def schema_version(self) -> int:
        return await self.db.schema_version()

    async def close(self) -> None:
        await self.sender.release()
        await self.db.close()


async def open_sqlite(path: Path | str, *, owner: str | None = None) -> SQLiteStore:
    """Open (creating if needed) and migrate the SQLite file; `StoreError` when it cannot be used. `owner`
    names this process in the outbox's leases (a fresh name by default)."""
    return SQLiteStore(await open_database(Path(path)), owner=owner or process_name())
