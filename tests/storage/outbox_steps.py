"""Single-row steps through the outbox's batch interface, so contract tests read as the state table does."""

from __future__ import annotations

import datetime as dt

from bot.news.model import Delivery, Job, Outcome, PauseReason, Reason

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


async def claim(store, delivery: Delivery, *, now: float) -> Job | None:
    jobs = await store.outbox.claim([delivery], now=now)
    return jobs[0] if jobs else None


async def next_due(store, now: float) -> Delivery | None:
    rows = await store.outbox.due(now, limit=1)
    return rows[0] if rows else None


async def delivered(store, delivery: Delivery, *, message_id: int | None, now: dt.datetime = NOW) -> None:
    await store.outbox.record([Outcome.delivered(delivery, message_id=message_id)], now=now)


async def retry(store, delivery: Delivery, *, at: float, error: str, maybe_sent: bool = False) -> None:
    await store.outbox.record(
        [Outcome.retry(delivery, at=at, error=Reason.plain(error), maybe_sent=maybe_sent)], now=NOW
    )


async def rejected(
    store, delivery: Delivery, *, error: str, reason: PauseReason | None = None, now: dt.datetime = NOW
) -> bool:
    paused = await store.outbox.record([Outcome.rejected(delivery, error=Reason.plain(error), pause=reason)], now=now)
    return bool(paused)
