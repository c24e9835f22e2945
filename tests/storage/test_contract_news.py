"""The store contract for news, run against every backend: publishing is atomic, the outbox is unique per
(report, channel), edits coalesce, a rejected channel pauses its subscription, a crash leaves nothing half-sent,
and every state change follows the table in bot/storage/outbox.py."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.model import Delivery, DeliveryKind, PauseReason, ReportDraft, Scope
from bot.storage.outbox import LEASE_SECONDS
from tests.storage.outbox_steps import claim, delivered, next_due, rejected, retry

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
CLAIM_AT = NOW.timestamp() + 3600  # the worker's clock when it claims: everything queued above is due
DRAFT = ReportDraft(
    outlet="Xportsnews", claim="Season 2 is in the works.", status="report", url="", reported_on=NOW.date()
)
HOME = 1


@pytest.fixture
async def store(open_backend):
    """Three subscribed servers (1, 2, 3), news channels 100, 200, 300."""
    store = await open_backend()
    for guild in (HOME, 2, 3):
        await store.subscriptions.subscribe(guild, guild * 100, role_id=None, language="en", actor_id=7, now=NOW)
    return store


async def test_publishing_writes_report_deliveries_and_audit_together(store):
    report, queued = await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    assert (report.id, report.label, queued) == (1, "#1", 3)
    deliveries = await store.outbox.deliveries(report_id=1)
    assert sorted(d.channel_id for d in deliveries) == [100, 200, 300]
    assert {(d.kind, d.state) for d in deliveries} == {("post", "pending")}
    assert len({d.nonce for d in deliveries}) == 3 and all(len(d.nonce) <= 25 for d in deliveries)
    assert (7, "publish", 1, "network; 3 servers") in await store.audit.entries(HOME)

    local, queued = await store.reports.publish(DRAFT, scope=Scope.LOCAL, guild_id=2, author_id=8, now=NOW)
    assert queued == 1 and [d.guild_id for d in await store.outbox.deliveries(report_id=local.id)] == [2]
    assert [r.id for r in await store.reports.visible_to(3)] == [1]
    assert [r.id for r in await store.reports.visible_to(2)] == [1, 2]


async def test_one_post_per_report_and_channel(store, backend):
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    with pytest.raises(backend.integrity_error):
        await store.db.execute(
            "INSERT INTO news_deliveries (report_id, guild_id, channel_id, kind, created_at) VALUES (?, ?, ?, ?, ?)",
            (1, 2, 200, "post", NOW.isoformat()),
        )
    assert len(await store.outbox.deliveries(report_id=1)) == 3


async def test_a_failed_publish_leaves_nothing(store, backend):
    bad = ReportDraft(outlet="X", claim="c", status="not-a-status", url="", reported_on=NOW.date())
    with pytest.raises(backend.integrity_error):
        await store.reports.publish(bad, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    for table in ("news_reports", "news_deliveries", "news_audit WHERE action = 'publish'"):
        assert await store.db.fetch_value(f"SELECT count(*) FROM {table}") == 0


async def test_edits_queue_one_row_per_posted_copy_and_coalesce(store):
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    first, second, _third = await store.outbox.deliveries(report_id=1)
    for delivery in (first, second):
        assert await claim(store, delivery, now=CLAIM_AT) is not None
    await delivered(store, first, message_id=555, now=NOW)  # second is still "sending"; third pending

    assert await store.reports.change(1, actor_id=7, now=NOW, claim="Corrected.") == 2
    assert await store.reports.change(1, actor_id=7, now=NOW, retraction_reason="Withdrawn.") == 2
    edits = [d for d in await store.outbox.deliveries(report_id=1) if d.kind == DeliveryKind.EDIT]
    assert sorted(d.channel_id for d in edits) == [first.channel_id, second.channel_id]
    report = await store.reports.get(1)
    assert (report.claim, report.retracted, report.retraction_reason, report.edited) == (
        "Corrected.",
        True,
        "Withdrawn.",
        True,
    )
    job = await claim(store, next(d for d in edits if d.channel_id == first.channel_id), now=CLAIM_AT)
    assert job.message_id == 555 and job.report.retracted


async def test_a_rejected_channel_pauses_its_subscription_and_drops_its_queue(store):
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    delivery = next(d for d in await store.outbox.deliveries(report_id=1) if d.guild_id == 2)
    await claim(store, delivery, now=CLAIM_AT)
    paused = await rejected(store, delivery, error="403", reason=PauseReason.MISSING_PERMISSIONS, now=NOW)
    assert paused
    subscription = await store.subscriptions.get(2)
    assert subscription.paused_reason == PauseReason.MISSING_PERMISSIONS and not subscription.active
    queued_there = next(d for d in await store.outbox.deliveries(report_id=2) if d.guild_id == 2)
    assert queued_there.state == "rejected"
    assert await store.subscriptions.count_targets(network=True, guild_id=HOME) == 2
    _, queued = await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    assert queued == 2
    resumed = await store.subscriptions.subscribe(2, 200, role_id=None, language="en", actor_id=7, now=NOW)
    assert resumed.active


async def test_rows_left_sending_by_a_crash_are_queued_again_after_reopening(open_backend):
    store = await open_backend()
    await store.subscriptions.subscribe(HOME, 100, role_id=None, language="en", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    [delivery] = await store.outbox.deliveries(report_id=1)
    await claim(store, delivery, now=CLAIM_AT)
    await store.close()  # the process dies here, mid-send

    reopened = await open_backend()
    # the lease is still running: as far as this process can tell, another one may be sending the row
    assert await reopened.outbox.recover_interrupted(now=CLAIM_AT) == 0
    assert await next_due(reopened, CLAIM_AT) is None
    expired = CLAIM_AT + LEASE_SECONDS
    assert await reopened.outbox.recover_interrupted(now=expired) == 1
    due = await next_due(reopened, expired)
    assert due is not None and due.id == delivery.id and due.attempts == 1
    assert due.nonce == delivery.nonce  # the resend carries the same nonce
    assert due.maybe_sent  # ...but Discord forgets nonces: the worker looks for the post before resending
    assert not delivery.maybe_sent
    assert await reopened.outbox.recover_interrupted(now=expired) == 0


async def test_maybe_sent_follows_what_the_last_attempt_may_have_done(store):
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    first = (await store.outbox.deliveries(report_id=1))[0]

    async def row() -> Delivery:
        return next(d for d in await store.outbox.deliveries(report_id=1) if d.id == first.id)

    await claim(store, first, now=CLAIM_AT)
    await retry(store, first, at=0.0, error="503", maybe_sent=True)
    assert (await row()).maybe_sent
    await claim(store, await row(), now=CLAIM_AT)
    await retry(store, first, at=0.0, error="429")  # Discord did nothing, and the look found nothing
    assert not (await row()).maybe_sent
    await claim(store, await row(), now=CLAIM_AT)
    await retry(store, first, at=0.0, error="timeout", maybe_sent=True)
    await claim(store, await row(), now=CLAIM_AT)
    await delivered(store, first, message_id=5, now=NOW)
    done = await row()
    assert done.state == "delivered" and done.message_id == 5 and not done.maybe_sent


async def test_progress_counts(store):
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    a, b, _c = await store.outbox.deliveries(report_id=1)
    await claim(store, a, now=CLAIM_AT)
    await delivered(store, a, message_id=1, now=NOW)
    await claim(store, b, now=CLAIM_AT)
    await rejected(store, b, error="gave up", reason=None, now=NOW)
    progress = await store.outbox.progress(report_id=1)
    assert (progress.delivered, progress.failed, progress.remaining, progress.done) == (1, 1, 1, False)


async def test_due_leaves_out_held_rows_and_waiting_channels(store):
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=HOME, author_id=7, now=NOW)
    a, b, c = await store.outbox.deliveries(report_id=1)
    now = CLAIM_AT
    assert [d.id for d in await store.outbox.due(now, limit=2)] == [a.id, b.id]
    assert [d.id for d in await store.outbox.due(now, limit=5, skip=[a.id], skip_channels=[c.channel_id])] == [b.id]
    assert await store.outbox.next_due_at(skip=[a.id, b.id], skip_channels=[c.channel_id]) is None
    assert await store.outbox.next_due_at(skip=[a.id]) == NOW.timestamp()
    jobs = await store.outbox.claim([c, a], now=now)
    assert [j.delivery.id for j in jobs] == [c.id, a.id]
    await delivered(store, jobs[0].delivery, message_id=1)
    assert [j.delivery.id for j in await store.outbox.claim([c, b], now=now)] == [b.id]  # c is no longer queued
