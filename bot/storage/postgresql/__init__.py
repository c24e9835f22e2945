"""The PostgreSQL backend (asyncpg, the `postgres` extra): several bot processes sharing one database."""

from __future__ import annotations

from bot.storage.postgresql.database import BACKEND, PostgresDatabase, open_database
from bot.storage.shared.audit import SharedAudit
from bot.storage.shared.outbox import SharedOutbox
from bot.storage.shared.reports import SharedAnnouncements, SharedReports
from bot.storage.shared.settings import SharedGuildSettings
from bot.storage.shared.subscriptions import SharedSubscriptions

__all__ = ["PostgresStore", "open_postgres"]


class PostgresStore:
    """Every concern of the store interface on one asyncpg pool.

    `db` is the pool's few primitives (transactions, fetches with `?` placeholders); tests use it to look at or
    set up rows the interface never exposes. Code in `bot/` outside this package uses the repositories only.
    """

    backend = BACKEND

    def __init__(self, db: PostgresDatabase) -> None:
        self.db = db
        self.reports = SharedReports(db)
        self.announcements = SharedAnnouncements(db)
        self.subscriptions = SharedSubscriptions(db)
        self.outbox = SharedOutbox(db)
        self.settings = SharedGuildSettings(db)
        self.audit = SharedAudit(db)

    async def schema_version(self) -> int:
        return await self.db.schema_version()

    async def close(self) -> None:
        await self.db.close()


async def open_postgres(url: str) -> PostgresStore:
    """Connect to the database named by `url`, migrate it; `StoreError` when it cannot be used."""
    return PostgresStore(await open_database(url))
