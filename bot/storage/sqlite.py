"""The SQLite store: WAL, busy_timeout, foreign keys, numbered migrations tracked in PRAGMA user_version.

aiosqlite runs every statement on its own thread, so nothing here blocks the event loop. One connection is
shared by the process; `transaction()` serialises writers so two coroutines never interleave a BEGIN.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.news.outbox import OutboxMixin
from bot.news.reports import ReportsMixin
from bot.news.subscriptions import SubscriptionsMixin

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The numbered `.sql` files shipped in `bot/storage/migrations`, in order; numbers must be 1..N."""
    found: list[Migration] = []
    for entry in resources.files("bot.storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise RuntimeError(f"migrations must be numbered 0001..{len(found):04d} without gaps")
    return found


class SQLiteStore(SubscriptionsMixin, ReportsMixin, OutboxMixin):
    """The store every service in `bot/` talks to. Cogs never see SQL.

    The news tables' methods live beside their rules in `bot/news/` and are mixed in here.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    # ---------------------------------------------------------------- plumbing
    async def close(self) -> None:
        await self._db.close()

    async def schema_version(self) -> int:
        return int((await self.fetch_value("PRAGMA user_version")) or 0)

    async def migrate(self) -> list[int]:
        """Apply every migration newer than the database, each with its version bump in one transaction."""
        applied: list[int] = []
        async with self._write_lock:
            current = await self.schema_version()
            for migration in migrations():
                if migration.version <= current:
                    continue
                script = f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
                try:
                    await self._db.executescript(script)
                except Exception:
                    if self._db.in_transaction:
                        await self._db.rollback()
                    log.exception("migration %s failed; the database stays at version %s", migration.name, current)
                    raise
                log.info("applied migration %s", migration.name)
                applied.append(migration.version)
                current = migration.version
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        async with self._write_lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                await self._db.rollback()
                raise
            else:
                await self._db.commit()

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self._db.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._db.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def tables(self) -> list[str]:
        rows = await self.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [row[0] for row in rows]

    # ---------------------------------------------------------- guild settings
    async def guild_language(self, guild_id: int) -> str | None:
        language = await self.fetch_value("SELECT language FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return None if language is None else str(language)

    async def set_guild_language(self, guild_id: int, language: str | None) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, language) VALUES (?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET language = excluded.language, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (guild_id, language),
            )


async def open_sqlite(path: Path | str) -> SQLiteStore:
    """Open the file (creating its folder), set the pragmas, and migrate to the latest version."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = await aiosqlite.connect(path, isolation_level=None)
    connection.row_factory = aiosqlite.Row
    try:
        # busy_timeout first, so switching to WAL waits for another process instead of failing.
        # Each pragma's cursor is drained and closed: an open one (journal_mode returns a row) would make
        # the next COMMIT fail with "SQL statements in progress".
        for pragma in (
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
            "PRAGMA journal_mode = WAL",
            # FULL keeps a committed outbox row even across a power loss; the cost is one fsync per commit.
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
        ):
            async with connection.execute(pragma) as cursor:
                await cursor.fetchall()
        store = SQLiteStore(connection, path)
        await store.migrate()
    except BaseException:
        await connection.close()
        raise
    return store
