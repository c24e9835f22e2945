"""Another program holding the SQLite file's write lock: reads go on at once, a write gives up with `StoreBusy`
having changed nothing. A real SQLite file, locked from a second connection with BEGIN EXCLUSIVE."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.storage import open_store
from bot.storage.errors import StoreBusy

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


async def test_reads_do_not_queue_behind_a_write_waiting_for_the_lock(tmp_path: Path):
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        await store.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=5, now=NOW)
        other = sqlite3.connect(tmp_path / "bot.db", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        write = asyncio.create_task(store.subscriptions.unsubscribe(1, actor_id=5, now=NOW))
        await asyncio.sleep(0.1)  # the write is now waiting for the lock (for up to 5 s)
        assert (await store.subscriptions.get(1)) is not None
        assert await store.reports.visible_to(1) == []
        assert not write.done(), "the reads had to wait for the blocked write"
        other.execute("ROLLBACK")
        other.close()
        assert await write is True
    finally:
        await store.close()


async def test_a_write_refused_by_the_lock_raises_store_busy_and_changes_nothing(tmp_path: Path):
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        async with store.db.connection.execute("PRAGMA busy_timeout = 200") as cursor:  # give up sooner than 5 s
            await cursor.fetchall()
        other = sqlite3.connect(tmp_path / "bot.db", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreBusy):
            await store.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=5, now=NOW)
        other.execute("ROLLBACK")
        other.close()
        assert await store.subscriptions.get(1) is None
        await store.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=5, now=NOW)
        assert (await store.subscriptions.get(1)).channel_id == 10
    finally:
        await store.close()


async def test_a_write_cancelled_while_it_begins_leaves_the_file_unlocked(tmp_path: Path):
    """A task cancelled while BEGIN IMMEDIATE runs in aiosqlite's thread (a bot stopping, a worker stopping the
    recording of its sends): the thread still takes the write lock, so the transaction must be rolled back."""
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        write = asyncio.create_task(
            store.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=5, now=NOW)
        )
        await asyncio.sleep(0)  # it is now waiting for BEGIN IMMEDIATE
        write.cancel()
        with pytest.raises(asyncio.CancelledError):
            await write
        other = sqlite3.connect(tmp_path / "bot.db", isolation_level=None, timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")  # sqlite3.OperationalError 'database is locked' if it were left open
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert await store.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=5, now=NOW)
    finally:
        await store.close()
