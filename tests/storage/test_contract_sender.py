"""The news sender role, on every backend, with several stores on one database (as several bot processes):
exactly one holds it, everyone can tell who, it passes on when released or when its holder's connection dies,
and (PostgreSQL) work queued by any process wakes the holder through LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.news.model import ReportDraft, Scope
from bot.storage import open_store

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
DRAFT = ReportDraft(outlet="Xportsnews", claim="Season 2.", status="report", url="", reported_on=NOW.date())


@pytest.fixture
async def processes(backend):
    stores = [await open_store(backend.url, owner=name) for name in ("bot-a", "bot-b", "bot-c")]
    yield stores
    for store in stores:
        await store.close()


async def test_one_sender_at_a_time_and_everyone_knows_which(processes):
    a, b, c = processes
    assert await a.sender.holder() is None
    assert await a.sender.acquire()
    assert await a.sender.acquire()  # asking again while holding it keeps it
    assert not await b.sender.acquire() and not await c.sender.acquire()
    assert {await s.sender.holder() for s in processes} == {"bot-a"}

    await a.sender.release()
    assert await c.sender.holder() is None
    assert await b.sender.acquire()
    assert not await a.sender.acquire()
    assert await c.sender.holder() == "bot-b"


async def test_closing_the_holder_hands_the_role_on(processes):
    a, b, _ = processes
    assert await a.sender.acquire()
    await a.close()  # the process stops
    assert await b.sender.acquire()


# SQLite's lock is the operating system's: it dies with the process (tests/e2e kills one to prove it)
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_postgresql_a_dead_senders_lock_is_free_at_once_and_its_process_is_told(processes):
    a, b, _ = processes
    told: list[str] = []
    assert await a.sender.acquire()
    a.sender.on_lost(lambda: told.append("lost"))
    # what a SIGKILL of the sender (or a broken network) does to its session: the server ends it
    ended = await b.db.fetch_value(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?) t",
        ("bot-a",),
    )
    assert ended == 1
    for _ in range(50):
        if await b.sender.acquire():
            break
        await asyncio.sleep(0.02)
    assert await b.sender.holder() == "bot-b"
    for _ in range(50):
        if told:
            break
        await asyncio.sleep(0.02)
    assert told == ["lost"]


# one process per SQLite file delivers; it wakes its own worker when it queues work (no LISTEN/NOTIFY there)
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_postgresql_work_queued_anywhere_wakes_the_sender(processes):
    a, b, c = processes
    woken = asyncio.Event()
    assert await a.sender.acquire()
    a.sender.on_work(woken.set)
    await b.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=7, now=NOW)
    await asyncio.sleep(0.1)
    assert not woken.is_set()  # subscribing queues nothing

    await c.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    await asyncio.wait_for(woken.wait(), 5)
    woken.clear()
    await b.announcements.publish(guild_id=1, channel_id=10, author_id=7, title="Meetup", message="Soon.", now=NOW)
    await asyncio.wait_for(woken.wait(), 5)
    woken.clear()
    await c.reports.change(1, actor_id=7, now=NOW, claim="Season 2 is confirmed.")
    await asyncio.wait_for(woken.wait(), 5)
