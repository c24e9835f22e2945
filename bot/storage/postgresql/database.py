"""A PostgreSQL connection pool (asyncpg) for one process, shared with every other process of the bot.

Queries in this backend are written with `?` placeholders like SQLite's and numbered (`$1`, `$2`, ...) here,
in one place, so both backends' SQL reads alike. The schema version lives in the database (`schema_version`);
migrations run under an advisory lock, so several processes starting at once apply each one exactly once, and
a database newer than this code is refused before anything writes to it.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlsplit

import asyncpg

from bot.storage.errors import StoreBusy, StoreError
from bot.storage.migrations import latest_version, migrations
from bot.storage.shared.connection import Connection

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

    PgConnection: TypeAlias = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]

log = logging.getLogger(__name__)

BACKEND = "postgresql"
MIGRATION_LOCK = 0x486F_4301  # pg_advisory_xact_lock key while migrating ("HoC" 1)
OUTBOX_CHANNEL = "hoc_outbox"  # LISTEN/NOTIFY channel: deliveries were queued
LOCK_TIMEOUT_MS = 5000  # like SQLite's busy timeout: a lock held longer by another session means StoreBusy
_PLACEHOLDER = re.compile(r"\?")


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, ...` (no query here has a literal question mark)."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _match: f"${next(counter)}", sql)


def rowcount(status: str) -> int:
    """Rows changed, from a command status such as "UPDATE 3" or "INSERT 0 3"."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresConnection:
    """One connection (usually inside a transaction) with the same small API as the SQLite backend's."""

    def __init__(self, connection: PgConnection) -> None:
        self.connection = connection

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        return rowcount(await self.connection.execute(numbered(sql), *params))

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[asyncpg.Record]:
        return list(await self.connection.fetch(numbered(sql), *params))

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> asyncpg.Record | None:
        row: asyncpg.Record | None = await self.connection.fetchrow(numbered(sql), *params)
        return row

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return await self.connection.fetchval(numbered(sql), *params)


class PostgresDatabase:
    """The pool and its primitives; the repositories hold one each. Outside `transaction()` every statement
    runs on its own (autocommit)."""

    def __init__(self, pool: asyncpg.Pool, where: str) -> None:
        self.pool = pool
        self.where = where  # host/port/database, never the password: for logs and errors
        self.lock_timeout_ms = LOCK_TIMEOUT_MS

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresConnection]:
        """One transaction: everything inside commits together or not at all. `StoreBusy` when a lock it needs
        stayed held by another session for the whole lock timeout (nothing was written)."""
        try:
            async with self.pool.acquire() as connection, connection.transaction():
                await connection.execute(f"SET LOCAL lock_timeout = {int(self.lock_timeout_ms)}")
                yield PostgresConnection(connection)
        except asyncpg.LockNotAvailableError as error:
            raise StoreBusy(f"the database {self.where} stayed locked by another session") from error

    async def announce_work(self, connection: Connection) -> None:
        """NOTIFY the sender (delivered when this transaction commits; several in one transaction fold into one)."""
        await connection.execute(f"SELECT pg_notify('{OUTBOX_CHANNEL}', '')")

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        async with self.pool.acquire() as connection:
            return rowcount(await connection.execute(numbered(sql), *params))

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[asyncpg.Record]:
        async with self.pool.acquire() as connection:
            return list(await connection.fetch(numbered(sql), *params))

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> asyncpg.Record | None:
        async with self.pool.acquire() as connection:
            row: asyncpg.Record | None = await connection.fetchrow(numbered(sql), *params)
            return row

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        async with self.pool.acquire() as connection:
            return await connection.fetchval(numbered(sql), *params)

    async def tables(self) -> list[str]:
        rows = await self.fetch_all(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        return [row[0] for row in rows]

    async def schema_version(self) -> int:
        async with self.pool.acquire() as connection:
            return await _version(connection)

    async def migrate(self) -> list[int]:
        """Apply every migration newer than the database, each with its version bump in one transaction."""
        applied: list[int] = []
        for migration in migrations(BACKEND):
            async with self.pool.acquire() as connection, connection.transaction():
                await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                await connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                current = await _version(connection)
                if migration.version <= current:
                    continue  # applied earlier, or by another process that got the lock first
                await connection.execute(migration.sql)
                await connection.execute("DELETE FROM schema_version")
                await connection.execute("INSERT INTO schema_version (version) VALUES ($1)", migration.version)
            log.info("applied migration %s", migration.name)
            applied.append(migration.version)
        return applied


async def _version(connection: PgConnection) -> int:
    if await connection.fetchval("SELECT to_regclass('schema_version')") is None:
        return 0
    return int(await connection.fetchval("SELECT coalesce(max(version), 0) FROM schema_version"))


def describe(url: str) -> str:
    """Where the URL points, without its password: `host:port/database` (or the socket folder)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host and "host=" in parts.query:
        host = parts.query.split("host=", 1)[1].split("&", 1)[0]
    port = f":{parts.port}" if parts.port else ""
    database = parts.path.lstrip("/") or (parts.username or "postgres")
    return f"{host or 'localhost'}{port}/{database}"


async def open_database(url: str, *, min_size: int = 1, max_size: int = 5) -> PostgresDatabase:
    """Connect, refuse a newer schema, migrate; `StoreError` with one line when the database cannot be used."""
    where = describe(url)
    try:
        pool = await asyncpg.create_pool(
            url,
            min_size=min_size,
            max_size=max_size,
            command_timeout=60,
            server_settings={"application_name": "heroes-on-call-bot"},
        )
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise _store_error(where, error) from None
    database = PostgresDatabase(pool, where)
    try:
        version = await database.schema_version()
        known = latest_version(BACKEND)
        if version > known:
            raise StoreError(
                f"the database {where} was written by a newer version of the bot (schema {version}; this version "
                f"knows up to {known}), so it was left untouched: run the newer version, or point DATABASE_URL "
                "at a backup made for this one"
            )
        await database.migrate()
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        await pool.close()
        raise _store_error(where, error) from None
    except BaseException:
        await pool.close()
        raise
    return database


def _store_error(where: str, error: BaseException) -> StoreError:
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        name = where.rsplit("/", 1)[-1]
        return StoreError(
            f"the PostgreSQL database {where} does not exist: create it (createdb {name}) and start again"
        )
    if isinstance(error, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return StoreError(f"PostgreSQL at {where} refused the user or password in DATABASE_URL: fix them")
    if isinstance(error, asyncpg.ReadOnlySQLTransactionError):
        return StoreError(
            f"the PostgreSQL database {where} is read-only (a standby?): point DATABASE_URL at the primary"
        )
    if isinstance(error, asyncpg.InsufficientPrivilegeError):
        return StoreError(
            f"the PostgreSQL user in DATABASE_URL may not create or change tables in {where}: grant it (e.g. "
            "make it the database's owner) and start again"
        )
    if isinstance(error, OSError):
        return StoreError(
            f"cannot reach PostgreSQL at {where} ({error.strerror or error}): start the server or fix DATABASE_URL"
        )
    return StoreError(f"cannot use the PostgreSQL database {where} ({type(error).__name__}: {error})")
