"""Another program holding the database's write lock, for either backend: a second connection with
`BEGIN EXCLUSIVE` on the SQLite file, or a PostgreSQL session holding EXCLUSIVE locks on the tables (reads go
on, writes wait). `impatient(store)` shortens how long the store waits before giving up with `StoreBusy`."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator

TABLES = ("news_reports", "news_announcements", "news_subscriptions", "news_deliveries", "news_audit")


@contextlib.asynccontextmanager
async def locked(store) -> AsyncIterator[None]:
    if store.backend == "sqlite":
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    async with store.db.pool.acquire() as other, other.transaction():
        await other.execute(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE")
        yield


async def impatient(store, ms: int = 300) -> None:
    """0.3 s instead of 5 s keeps a test fast; what the bot does once the database gives up is the same."""
    if store.backend == "sqlite":
        async with store.db.connection.execute(f"PRAGMA busy_timeout = {ms}") as cursor:
            await cursor.fetchall()
    else:
        store.db.lock_timeout_ms = ms
