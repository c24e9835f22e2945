"""The PostgreSQL backend (asyncpg, the `postgres` extra): several bot processes sharing one database."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.storage.postgresql.database import BACKEND, PostgresDatabase, open_database
from bot.storage.postgresql.outbox import PostgresOutbox
from bot.storage.postgresql.sender import AdvisorySenderRole
from bot.storage.process import process_name
from bot.storage.shared.audit import SharedAudit
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

    def __init__(self, db: PostgresDatabase, *, owner: str, url: str, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.owner = owner
        self.reports = SharedReports(db)
        self.announcements = SharedAnnouncements(db)
        self.subscriptions = SharedSubscriptions(db)
        self.outbox = PostgresOutbox(db, owner=owner, clock=clock)
        self.settings = SharedGuildSettings(db)
        self.audit = SharedAudit(db)
        self.sender = AdvisorySenderRole(url, owner, db)

    async def schema_version(self) -> int:
        return await self.db.schema_version()

    async def close(self) -> None:
        await self.sender.release()
        await self.db.close()


async def open_postgres(url: str, *, owner: str | None = None, clock: Callable[[], float] = time.time) -> PostgresStore:
    """Connect to the database named by `url`, migrate it; `StoreError` when it cannot be used. `owner` names
    this process in the outbox's leases (a fresh name by default); `clock` is the one the callers' `now` comes
    from (the machine's), which the outbox relates to the database's for leases."""
    return PostgresStore(await open_database(url), owner=owner or process_name(), url=url, clock=clock)
