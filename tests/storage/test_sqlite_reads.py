"""Reads on the SQLite reader connection always see what this process committed before they began, however many
other reads are under way. A real SQLite file."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage import open_store


async def test_a_read_after_a_commit_sees_it_while_other_reads_are_under_way(tmp_path: Path):
    # Before: a read that slipped in between another read's execute and its fetch shared that read's snapshot,
    # from before the commit (seen as the progress board reading a committed delivery as still to go). Other
    # reads in flight around each commit make that interleaving common (about 1 in 20 rounds here, before).
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    db = store.db
    try:
        await db.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        await db.execute("INSERT INTO probe VALUES (1, 0)")
        stale = []
        for value in range(1, 151):
            others = [asyncio.create_task(db.fetch_all("SELECT value FROM probe")) for _ in range(30)]
            await asyncio.sleep(0)
            await db.execute("UPDATE probe SET value = ? WHERE id = 1", (value,))
            if (seen := await db.fetch_value("SELECT value FROM probe WHERE id = 1")) != value:
                stale.append((value, seen))
            await asyncio.gather(*others)
        assert stale == []
    finally:
        await store.close()
