"""Two or more processes on one database (each its own store, as each bot process opens one), on every backend:
a row is claimed by one at a time, only an expired lease is taken over (looked for before it is posted again),
and a process that lost its lease cannot finish the row."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from bot.news.model import ReportDraft, Scope
from bot.storage import open_store
from bot.storage.outbox import LEASE_SECONDS
from bot.storage.postgresql import open_postgres
from tests.storage.outbox_steps import claim, delivered, next_due, rejected, retry

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
T = NOW.timestamp() + 60
DRAFT = ReportDraft(outlet="Xportsnews", claim="Season 2.", status="report", url="", reported_on=NOW.date())


@pytest.fixture
async def processes(backend):
    """Three stores on the same database, named like three bot processes."""
    stores = [await open_store(backend.url, owner=name) for name in ("bot-a", "bot-b", "bot-c")]
    yield stores
    for store in stores:
        await store.close()


async def fan_out(store, servers: int) -> None:
    for guild in range(1, servers + 1):
        await store.subscriptions.subscribe(guild, guild * 10, role_id=None, language="en", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)


async def test_a_claimed_row_is_nobody_elses_until_its_lease_runs_out(processes):
    a, b, _ = processes
    await fan_out(a, 1)
    [row] = await a.outbox.deliveries(report_id=1)
    assert await claim(a, row, now=T) is not None
    assert await claim(b, row, now=T) is None
    assert await next_due(b, T + LEASE_SECONDS - 1) is None  # nothing for b to do while a's lease runs
    assert await b.outbox.recover_interrupted(now=T + LEASE_SECONDS - 1) == 0
    assert await b.outbox.next_due_at() == T + LEASE_SECONDS
    [held] = await b.outbox.deliveries(report_id=1)
    assert (held.state, held.attempts) == ("sending", 1)

    # a dies mid-send; once the lease is over, b takes the row over and must look before posting again
    later = T + LEASE_SECONDS
    due = await next_due(b, later)
    assert due is not None and due.id == row.id and due.maybe_sent
    job = await claim(b, due, now=later)
    assert job is not None and job.delivery.maybe_sent

    # a was only slow, not dead: its late result is not recorded over b's claim
    await delivered(a, row, message_id=111, now=NOW)
    await retry(a, row, at=0.0, error="late")
    await rejected(a, row, error="late", reason=None, now=NOW)
    [still] = await b.outbox.deliveries(report_id=1)
    assert (still.state, still.message_id, still.attempts) == ("sending", None, 2)
    await delivered(b, row, message_id=222, now=NOW)
    [done] = await a.outbox.deliveries(report_id=1)
    assert (done.state, done.message_id, done.maybe_sent) == ("delivered", 222, False)


async def test_recovery_takes_over_only_expired_leases(processes):
    a, b, c = processes
    await fan_out(a, 3)
    first, second, third = await a.outbox.deliveries(report_id=1)
    await claim(a, first, now=T)  # a's lease ends at T + LEASE_SECONDS
    await claim(b, second, now=T + 30)  # b's later
    assert await c.outbox.recover_interrupted(now=T + LEASE_SECONDS) == 1
    rows = {d.id: d for d in await c.outbox.deliveries(report_id=1)}
    assert (rows[first.id].state, rows[first.id].maybe_sent) == ("pending", True)
    assert rows[second.id].state == "sending" and rows[third.id].state == "pending"
    await delivered(b, second, message_id=2, now=NOW)  # b still owns its row
    assert (await c.outbox.progress(report_id=1)).delivered == 1


async def test_processes_racing_for_the_queue_claim_every_row_exactly_once(processes):
    await fan_out(processes[0], 40)
    claimed: dict[str, list[int]] = {store.owner: [] for store in processes}

    async def drain(store) -> None:
        while (due := await next_due(store, T)) is not None:
            job = await claim(store, due, now=T)
            if job is not None:
                claimed[store.owner].append(due.id)
                await delivered(store, due, message_id=due.id, now=NOW)

    await asyncio.gather(*(drain(store) for store in processes))
    ids = [row_id for rows in claimed.values() for row_id in rows]
    assert sorted(ids) == sorted({d.id for d in await processes[0].outbox.deliveries(report_id=1)})
    assert len(ids) == len(set(ids)) == 40
    assert (await processes[1].outbox.progress(report_id=1)).delivered == 40


async def test_on_postgresql_leases_are_judged_by_the_database_clock_whatever_the_machines_say(postgres_url):
    """Two machines whose clocks are ten minutes apart either way share one PostgreSQL. By the fast one's clock,
    every lease the slow one takes ended long ago (and the slow one would see the fast one's as running for
    twenty minutes more): leases are written and judged in the database's clock instead, so a live lease is
    nobody else's and an ended one is taken over on time, from either side. (SQLite is one machine, one clock.)"""
    skew = 600.0

    def slow_clock() -> float:
        return time.time() - skew

    def fast_clock() -> float:
        return time.time() + skew

    slow = await open_postgres(postgres_url, owner="bot-slow", clock=slow_clock)
    fast = await open_postgres(postgres_url, owner="bot-fast", clock=fast_clock)
    try:
        await fan_out(slow, 2)
        first, second = await slow.outbox.deliveries(report_id=1)
        assert await claim(slow, first, now=slow_clock()) is not None  # the default two-minute lease
        [_] = await slow.outbox.claim([second], now=slow_clock(), lease=2.0)

        assert await next_due(fast, fast_clock()) is None
        assert await claim(fast, first, now=fast_clock()) is None
        assert await fast.outbox.recover_interrupted(now=fast_clock()) == 0
        ends = await fast.outbox.next_due_at()  # the short lease's end, read on the fast machine's clock
        assert ends is not None and fast_clock() < ends <= fast_clock() + 2.0

        await asyncio.sleep(ends - fast_clock() + 0.05)
        due = await next_due(fast, fast_clock())
        assert due is not None and due.id == second.id and due.maybe_sent  # taken over, to be looked for
        assert len(await fast.outbox.claim([due], now=fast_clock(), lease=1.0)) == 1
        assert await claim(fast, first, now=fast_clock()) is None  # the slow one's long lease still runs

        # the other way round: the slow machine takes over the fast one's lease once it ended, not later
        assert await next_due(slow, slow_clock()) is None
        await asyncio.sleep(1.05)
        due = await next_due(slow, slow_clock())
        assert due is not None and due.id == second.id
    finally:
        await slow.close()
        await fast.close()
