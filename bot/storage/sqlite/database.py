"""One SQLite connection for the process: WAL, busy_timeout, foreign keys, migrations in PRAGMA user_version.

aiosqlite runs every statement on its own thread, so nothing here blocks the event loop. `transaction()`
serialises writers so two coroutines never interleave a BEGIN. Opening turns every way the file can be
unusable into one `StoreError` line, and refuses a database newer than this code before anything writes to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.errors import StoreBusy, StoreError
from bot.storage.migrations import latest_version, migrations
from bot.storage.shared.connection import Connection
from bot.storage.sqlite.sender import ring

log = logging.getLogger(__name__)

BACKEND = "sqlite"
BUSY_TIMEOUT_MS = 5000


class SQLiteConnection:
    """The connection inside a transaction, with the API the shared repositories use."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        async with self.connection.execute(sql, tuple(params)) as cursor:
            return int(cursor.rowcount)

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self.connection.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self.connection.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]


class SQLiteDatabase:
    """The shared connections and their few primitives; the repositories hold one each.

    Writes go through `connection`; plain reads through `reader`. aiosqlite runs each connection's statements
    one after another on its thread, so a read sharing the writer's connection would queue behind a write
    waiting (up to the busy timeout) for another program's lock; in WAL mode a reader never waits for a lock,
    so fans' commands and `/news status` answer at once while the database is busy.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.connection = connection
        self.reader = connection  # until `open_reader`
        self.path = path
        self._write_lock = asyncio.Lock()
        # One read at a time on the reader connection. A statement stays active between its execute and its last
        # fetch (separate trips to aiosqlite's thread), and while any statement on a connection is active, SQLite
        # keeps that connection's read snapshot: another read slipped in between would miss what was committed
        # since the first began. (The progress board read an announcement as still to go right after its outcome
        # was committed, and the moderator never saw the final summary.)
        self._read_lock = asyncio.Lock()
        self._ring_after_commit = False
        # whether work queued here must wake another process (False while this process is the sender: it wakes
        # its own worker directly); the store wires it to its sender role
        self.sender_elsewhere: Callable[[], bool] = lambda: True

    async def open_reader(self) -> None:
        reader = await _connect(self.path, isolation_level=None)
        try:
            reader.row_factory = aiosqlite.Row
            # the same settings as the writer (so a PRAGMA read through it tells the truth), and never a write
            for pragma in (
                f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
                "PRAGMA foreign_keys = ON",
                "PRAGMA query_only = ON",
            ):
                async with reader.execute(pragma) as cursor:
                    await cursor.fetchall()
        except BaseException:
            await reader.close()
            raise
        self.reader = reader

    async def close(self) -> None:
        if self.reader is not self.connection:
            await self.reader.close()
        await self.connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SQLiteConnection]:
        """One write transaction: everything inside commits together or not at all. `StoreBusy` when another
        program kept the database locked for the whole busy timeout."""
        async with self._write_lock:
            try:
                try:
                    # inside the try: a task cancelled while BEGIN runs (aiosqlite's thread carries on with it)
                    # must still roll back, or the file stays locked for every other connection
                    await self.connection.execute("BEGIN IMMEDIATE")
                    self._ring_after_commit = False
                    yield SQLiteConnection(self.connection)
                except BaseException:
                    # shielded: a second cancellation must not leave the transaction open either
                    await asyncio.shield(self._roll_back())
                    raise
                else:
                    await self.connection.commit()
                    if self._ring_after_commit and self.sender_elsewhere():
                        ring(self.path)
            except sqlite3.OperationalError as error:
                if (error.sqlite_errorname or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                    raise StoreBusy(f"the database {self.path} stayed locked by another connection") from error
                raise

    async def _roll_back(self) -> None:
        with contextlib.suppress(sqlite3.OperationalError):  # BEGIN itself failed: nothing to roll back
            await self.connection.rollback()

    async def announce_work(self, connection: Connection) -> None:
        """Wake the sender (perhaps another process on this file) once this transaction commits."""
        self._ring_after_commit = True

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """One statement in its own transaction; returns the number of rows it changed."""
        async with self.transaction() as db:
            return await db.execute(sql, params)

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self._read_lock, self.reader.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._read_lock, self.reader.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def tables(self) -> list[str]:
        rows = await self.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [row[0] for row in rows]

    async def schema_version(self) -> int:
        return int((await self.fetch_value("PRAGMA user_version")) or 0)

    async def migrate(self) -> list[int]:
        """Apply every migration newer than the database, each with its version bump in one transaction."""
        applied: list[int] = []
        async with self._write_lock:
            current = await self.schema_version()
            for migration in migrations(BACKEND):
                if migration.version <= current:
                    continue
                script = f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
                try:
                    await self.connection.executescript(script)
                except Exception:
                    if self.connection.in_transaction:
                        await self.connection.rollback()
                    log.error("migration %s failed; the database stays at version %s", migration.name, current)
                    raise
                log.info("applied migration %s", migration.name)
                applied.append(migration.version)
                current = migration.version
        return applied


async def open_database(path: Path) -> SQLiteDatabase:
    """Open the file (creating it and its folder), refuse a newer schema, set the pragmas, migrate."""
    existing = _check_path(path)
    if existing is not None:
        await _refuse_newer(path, existing)
    try:
        connection = await _connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise _store_error(path, error) from None
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
        database = SQLiteDatabase(connection, path)
        await database.migrate()
        await database.open_reader()
    except sqlite3.Error as error:
        await connection.close()
        raise _store_error(path, error) from None
    except BaseException:
        await connection.close()
        raise
    return database


async def _connect(database: Path | str, **options: Any) -> aiosqlite.Connection:
    connection = aiosqlite.connect(database, **options)
    try:
        return await connection
    except BaseException:
        # When opening fails, aiosqlite stops its worker thread without waiting for it; if the event loop
        # closes first (start-up ends right after this error), the thread prints "Event loop is closed".
        await asyncio.to_thread(connection._thread.join, 5)
        raise


def _check_path(path: Path) -> str | None:
    """Make the database's folder; the file's read-only URI when it already holds data, else None."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise StoreError(
            f"DATABASE_URL puts the database inside {blocker}, which is a file, not a folder: "
            "point DATABASE_URL at a path in a folder (or move that file away)"
        ) from None
    except OSError as error:
        raise StoreError(
            f"cannot create the folder {folder} for the database ({error.strerror}): "
            "create it with write access for the bot, or point DATABASE_URL elsewhere"
        ) from None
    if path.is_dir():
        raise StoreError(f"DATABASE_URL names the folder {path}, not a file: add a file name, e.g. {path / 'bot.db'}")
    if not path.exists() or path.stat().st_size == 0:
        return None
    return f"{path.resolve().as_uri()}?mode=ro"


async def _refuse_newer(path: Path, read_only_uri: str) -> None:
    """Read the schema version through a read-only connection, so a database from a newer version of the bot
    is refused with its file untouched (a read-write open could already write: WAL switch, recovery)."""
    try:
        probe = await _connect(read_only_uri, uri=True)
        try:
            async with probe.execute("PRAGMA user_version") as cursor:
                row = await cursor.fetchone()
        finally:
            await probe.close()
    except sqlite3.Error as error:
        if error.sqlite_errorname in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            raise _store_error(path, error) from None
        return  # the read-write open below names anything else (a lock, an unreadable folder) more precisely
    version = int(row[0]) if row else 0
    known = latest_version(BACKEND)
    if version > known:
        raise StoreError(
            f"the database {path} was written by a newer version of the bot (schema {version}; this version "
            f"knows up to {known}), so it was left untouched: run the newer version, or point DATABASE_URL at a "
            "backup made for this one"
        )


def _store_error(path: Path, error: sqlite3.Error) -> StoreError:
    """One line for what SQLite said about the file, naming the fix."""
    name = error.sqlite_errorname or ""
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or name.startswith("SQLITE_CORRUPT"):
        return StoreError(
            f"the database {path} is not a SQLite database or is damaged ({error}): restore it from a backup, "
            "or move it away to start with an empty one"
        )
    if name.startswith("SQLITE_READONLY"):
        return StoreError(
            f"the database {path} is read-only: let the bot write to it and to its folder {path.parent}, "
            "or point DATABASE_URL at a writable copy"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(
            f"cannot open or create the database {path}: let the bot write to its folder {path.parent} "
            "(SQLite also keeps -wal and -shm files there), or point DATABASE_URL elsewhere"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(
            f"the database {path} stayed locked by another program for {BUSY_TIMEOUT_MS // 1000} s: "
            "stop the other program (or another bot using the same file) and start again"
        )
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"the disk holding the database {path} is full: free some space and start again")
    return StoreError(f"cannot use the database {path} ({error}): check the file, or point DATABASE_URL elsewhere")
