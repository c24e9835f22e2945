"""The rest of the store contract, against every backend: subscriptions, announcements, settings, the audit
trail, and the outbox's queue order, claims and "finish only from sending" rule."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.model import DeliveryKind, DeliveryState, Outcome, PauseReason, ReportDraft, Scope
from tests.storage.outbox_steps import claim, delivered, next_due, rejected, retry

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
CLAIM_AT = NOW.timestamp() + 3600  # the worker's clock when it claims: everything queued above is due
LATER = NOW + dt.timedelta(minutes=5)
DRAFT = ReportDraft(
    outlet="Netflix", claim="Season 2 is confirmed.", status="confirmed", url="", reported_on=NOW.date()
)


@pytest.fixture
async def store(open_backend):
    return await open_backend()


async def test_subscribing_again_replaces_and_resumes_and_unsubscribing_is_audited(store):
    first = await store.subscriptions.subscribe(5, 50, role_id=None, language="en", actor_id=7, now=NOW)
    assert (first.guild_id, first.channel_id, first.role_id, first.language, first.active) == (5, 50, None, "en", True)
    assert await store.subscriptions.get(6) is None

    report, _ = await store.reports.publish(DRAFT, scope=Scope.LOCAL, guild_id=5, author_id=7, now=NOW)
    [delivery] = await store.outbox.deliveries(report_id=report.id)
    await claim(store, delivery, now=CLAIM_AT)
    await rejected(store, delivery, error="404", reason=PauseReason.UNKNOWN_CHANNEL, now=NOW)
    paused = await store.subscriptions.get(5)
    assert paused.paused_reason == PauseReason.UNKNOWN_CHANNEL and str(paused.paused_detail) == "404"
    assert paused.paused_at is not None

    moved = await store.subscriptions.subscribe(5, 51, role_id=99, language="ko", actor_id=8, now=LATER)
    assert (moved.channel_id, moved.role_id, moved.language, moved.active, moved.paused_detail) == (
        51,
        99,
        "ko",
        True,
        None,
    )
    assert await store.subscriptions.unsubscribe(5, actor_id=8, now=LATER)
    assert not await store.subscriptions.unsubscribe(5, actor_id=8, now=LATER)
    assert await store.subscriptions.get(5) is None
    assert [(a, action) for a, action, _r, _d in await store.audit.entries(5)] == [
        (7, "subscribe"),
        (7, "publish"),
        (None, "pause"),
        (8, "subscribe"),
        (8, "unsubscribe"),
    ]
    assert await store.audit.entries(6) == []


async def test_count_targets_counts_active_subscriptions_network_wide_or_one_server(store):
    for guild in (1, 2, 3):
        await store.subscriptions.subscribe(guild, guild * 10, role_id=None, language="en", actor_id=7, now=NOW)
    assert await store.subscriptions.count_targets(network=True, guild_id=1) == 3
    assert await store.subscriptions.count_targets(network=False, guild_id=2) == 1
    assert await store.subscriptions.count_targets(network=False, guild_id=4) == 0


async def test_reports_are_visible_network_wide_or_in_their_own_server(store):
    network, _ = await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    local, queued = await store.reports.publish(DRAFT, scope=Scope.LOCAL, guild_id=2, author_id=7, now=NOW)
    assert queued == 0  # nobody subscribed
    assert (local.scope, local.origin_guild_id, local.reported_on, local.status) == (
        "local",
        2,
        NOW.date(),
        "confirmed",
    )
    assert [r.id for r in await store.reports.visible_to(None)] == [network.id]
    assert [r.id for r in await store.reports.visible_to(2)] == [network.id, local.id]
    assert await store.reports.get(999) is None


async def test_an_announcement_is_logged_with_its_one_post(store):
    await store.subscriptions.subscribe(4, 40, role_id=None, language="en", actor_id=7, now=NOW)
    announcement = await store.announcements.publish(
        guild_id=4, channel_id=40, author_id=7, title="Watch party", message="Friday, 8 pm.", now=NOW
    )
    assert (announcement.label, announcement.title, announcement.message) == ("#A1", "Watch party", "Friday, 8 pm.")
    assert await store.announcements.get(announcement.id) == announcement
    assert await store.announcements.get(2) is None
    [delivery] = await store.outbox.deliveries(announcement_id=announcement.id)
    assert (delivery.kind, delivery.state, delivery.channel_id, delivery.label) == ("post", "pending", 40, "#A1")
    job = await claim(store, delivery, now=CLAIM_AT)
    assert job.announcement == announcement and job.report is None
    await delivered(store, delivery, message_id=77, now=NOW)
    progress = await store.outbox.progress(announcement_id=announcement.id)
    assert (progress.delivered, progress.remaining, progress.done) == (1, 0, True)
    assert (7, "announce", None, "") in await store.audit.entries(4)


async def test_guild_language_is_kept_and_replaced(store):
    assert await store.settings.language(1) is None
    await store.settings.set_language(1, "ko")
    await store.settings.set_language(2, "en")
    await store.settings.set_language(1, None)
    assert (await store.settings.language(1), await store.settings.language(2)) == (None, "en")


async def test_the_queue_is_served_in_due_order_and_says_when_the_next_row_is_due(store):
    assert await next_due(store, NOW.timestamp()) is None and await store.outbox.next_due_at() is None
    for guild in (1, 2):
        await store.subscriptions.subscribe(guild, guild * 10, role_id=None, language="en", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    first, second = await store.outbox.deliveries(report_id=1)
    assert await next_due(store, NOW.timestamp() - 1) is None  # not due before it was queued
    assert (await next_due(store, NOW.timestamp())).id == first.id

    await claim(store, first, now=CLAIM_AT)
    await retry(store, first, at=LATER.timestamp(), error="503", maybe_sent=True)
    assert (await next_due(store, NOW.timestamp())).id == second.id
    assert await store.outbox.next_due_at() == NOW.timestamp()
    await claim(store, second, now=CLAIM_AT)
    await delivered(store, second, message_id=1, now=NOW)
    assert await next_due(store, NOW.timestamp()) is None
    assert await store.outbox.next_due_at() == LATER.timestamp()
    retried = await next_due(store, LATER.timestamp())
    assert (retried.id, retried.attempts, str(retried.last_error), retried.maybe_sent) == (first.id, 1, "503", True)


async def test_finished_rows_cannot_be_claimed_or_finished_again(store):
    await store.subscriptions.subscribe(1, 10, role_id=None, language="en", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    [delivery] = await store.outbox.deliveries(report_id=1)
    await delivered(store, delivery, message_id=5, now=NOW)  # not sending: ignored
    assert (await store.outbox.deliveries(report_id=1))[0].state == DeliveryState.PENDING
    await claim(store, delivery, now=CLAIM_AT)
    await delivered(store, delivery, message_id=5, now=NOW)
    assert await claim(store, delivery, now=CLAIM_AT) is None
    await retry(store, delivery, at=0.0, error="late")
    await rejected(store, delivery, error="late", reason=None, now=NOW)
    [done] = await store.outbox.deliveries(report_id=1)
    assert (done.state, done.message_id, done.last_error, done.attempts) == ("delivered", 5, None, 1)
    assert done.finished_at is not None


async def test_a_claim_carries_the_item_and_the_subscription_as_they_are_now(store):
    await store.subscriptions.subscribe(1, 10, role_id=42, language="ko", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    [delivery] = await store.outbox.deliveries(report_id=1)
    await store.reports.change(1, actor_id=7, now=LATER, claim="Season 2 films in 2026.")
    job = await claim(store, delivery, now=CLAIM_AT)
    assert (job.report.claim, job.report.edited, job.subscription.role_id, job.language, job.channel_id) == (
        "Season 2 films in 2026.",
        True,
        42,
        "ko",
        10,
    )
    await retry(store, job.delivery, at=0.0, error="503")

    await store.subscriptions.subscribe(1, 11, role_id=43, language="en", actor_id=7, now=LATER)  # moved
    job = await claim(store, delivery, now=CLAIM_AT)
    assert (job.delivery.channel_id, job.subscription.channel_id, job.subscription.role_id) == (10, 11, 43)
    # the row follows the post before it is sent to the new channel
    moved = await store.outbox.redirect(job.delivery, 11)
    assert moved is not None and (moved.state, moved.channel_id, moved.id) == ("sending", 11, job.delivery.id)
    assert [d.channel_id for d in await store.outbox.deliveries(report_id=1)] == [11]
    await store.outbox.record([Outcome.delivered(moved, message_id=9)], now=LATER)
    [moved] = await store.outbox.deliveries(report_id=1)
    assert (moved.state, moved.channel_id, moved.message_id) == ("delivered", 11, 9)
    assert await store.outbox.redirect(moved, 12) is None  # no longer being sent by this process
    assert (await store.outbox.deliveries(report_id=1))[0].channel_id == 11

    await store.subscriptions.unsubscribe(1, actor_id=7, now=LATER)
    await store.reports.publish(DRAFT, scope=Scope.LOCAL, guild_id=1, author_id=7, now=LATER)
    assert await store.outbox.deliveries(report_id=2) == []  # nobody subscribed: nothing queued


async def test_a_row_is_never_moved_onto_a_channel_that_has_its_own_row(store):
    for guild in (1, 2):
        await store.subscriptions.subscribe(guild, guild * 10, role_id=None, language="en", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    first, _ = await store.outbox.deliveries(report_id=1)
    job = await claim(store, first, now=CLAIM_AT)
    assert await store.outbox.redirect(job.delivery, 20) is None  # the unique index's pair: that channel has one
    assert [d.channel_id for d in await store.outbox.deliveries(report_id=1)] == [10, 20]


async def test_an_edit_knows_where_its_post_is(store):
    for guild in (1, 2):
        await store.subscriptions.subscribe(guild, guild * 10, role_id=None, language="en", actor_id=7, now=NOW)
    await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    posted, in_flight = await store.outbox.deliveries(report_id=1)
    await claim(store, posted, now=CLAIM_AT)
    await delivered(store, posted, message_id=555, now=NOW)
    await claim(store, in_flight, now=CLAIM_AT)
    assert await store.reports.change(1, actor_id=7, now=LATER, status="denied") == 2
    edits = {d.channel_id: d for d in await store.outbox.deliveries(report_id=1) if d.kind == DeliveryKind.EDIT}
    job = await claim(store, edits[10], now=CLAIM_AT)
    assert (job.message_id, job.post_state, job.report.status) == (555, DeliveryState.DELIVERED, "denied")
    job = await claim(store, edits[20], now=CLAIM_AT)
    assert (job.message_id, job.post_state) == (None, DeliveryState.SENDING)  # waits for its post
    await retry(store, edits[20], at=LATER.timestamp() + 5, error="waiting for the post to go out")
    await rejected(store, edits[10], error="gave up", reason=None, now=LATER)

    # a later edit resets the existing edit rows (one per channel), whatever state they reached
    assert await store.reports.change(1, actor_id=7, now=LATER, retraction_reason="Withdrawn.") == 2
    edits = [d for d in await store.outbox.deliveries(report_id=1) if d.kind == DeliveryKind.EDIT]
    assert len(edits) == 2
    assert {(d.state, d.attempts, d.last_error) for d in edits} == {("pending", 0, None)}


async def test_recent_deliveries_are_the_servers_own_newest_first(store):
    for guild in (1, 2):
        await store.subscriptions.subscribe(guild, guild * 10, role_id=None, language="en", actor_id=7, now=NOW)
    for _ in range(4):
        await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    recent = await store.outbox.recent(2, limit=3)
    assert [d.report_id for d in recent] == [4, 3, 2] and {d.guild_id for d in recent} == {2}
    assert len(await store.outbox.recent(2)) == 4


async def test_the_schema_version_is_the_latest_migration(store, backend):
    from bot.storage import latest_version

    assert await store.schema_version() == latest_version(backend.name) > 0
    assert store.backend == backend.name
