"""The database misbehaving under the real bot, on either backend: another program's lock taken at a chosen
moment, and writes the database refuses (as a full disk would), made with a trigger."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.storage.busy import TABLES


class Lock:
    """Another program holding the write lock: `BEGIN EXCLUSIVE` on a second connection to the SQLite file,
    or a PostgreSQL session holding EXCLUSIVE locks on the tables (reads go on, writes wait)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.held = False
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._transaction: Any = None

    async def take(self) -> None:
        if self.held:
            return
        if self.store.backend == "sqlite":
            self._sqlite = sqlite3.connect(self.store.path, isolation_level=None)
            self._sqlite.execute("BEGIN EXCLUSIVE")
        else:
            self._pg = await self.store.db.pool.acquire()
            self._transaction = self._pg.transaction()
            await self._transaction.start()
            await self._pg.execute(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE")
        self.held = True

    async def release(self) -> None:
        if not self.held:
            return
        if self._sqlite is not None:
            self._sqlite.execute("ROLLBACK")
            self._sqlite.close()
            self._sqlite = None
        else:
            await self._transaction.rollback()
            await self.store.db.pool.release(self._pg)
            self._pg = None
        self.held = False


async def refuse_outbox_writes(store: Any, *, when_state: str | None = None) -> None:
    """From now on the database refuses updates of outbox rows (those setting `when_state` only, if given)."""
    condition = f"NEW.state = '{when_state}'" if when_state else "1 = 1"
    if store.backend == "sqlite":
        await store.db.execute(
            f"CREATE TRIGGER refuse_outbox BEFORE UPDATE ON news_deliveries WHEN {condition} "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
        return
    await store.db.execute(
        "CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'database or disk is full';"
        " END $$ LANGUAGE plpgsql"
    )
    await store.db.execute(
        f"CREATE TRIGGER refuse_outbox BEFORE UPDATE ON news_deliveries FOR EACH ROW WHEN ({condition}) "
        "EXECUTE FUNCTION refuse_outbox()"
    )


async def allow_outbox_writes(store: Any) -> None:
    if store.backend == "sqlite":
        await store.db.execute("DROP TRIGGER refuse_outbox")
    else:
        await store.db.execute("DROP TRIGGER refuse_outbox ON news_deliveries")
        await store.db.execute("DROP FUNCTION refuse_outbox()")
