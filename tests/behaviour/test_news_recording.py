"""A post Discord accepted is never posted again because the database would not record it, and the worker
never stops: a real database (an SQLite file locked by another connection with BEGIN EXCLUSIVE, a PostgreSQL
session holding table locks), or one refusing the write itself; the real bot under simcord, in virtual time.
Its health shows in /news status, /about and the log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import pytest

from tests.behaviour._database import Lock, allow_outbox_writes, refuse_outbox_writes
from tests.behaviour._news import network, posts, publish
from tests.storage.busy import impatient

pytestmark = pytest.mark.simcord(strict_sync=False)


@contextlib.asynccontextmanager
async def locked_once_discord_accepts_a_post(env) -> AsyncIterator[Lock]:
    """The moment Discord has accepted the first news post, another program locks the database: the write
    that would record the post cannot happen. (A hook on simcord's transport, i.e. on Discord's side; the
    bot's code runs as it is.)"""
    lock = Lock(env.bot.store)
    http = env.bot.http
    send = http.request

    async def request(route, **options):
        answer = await send(route, **options)
        if route.method == "POST" and route.path == "/channels/{channel_id}/messages":
            await lock.take()
        return answer

    http.request = request
    try:
        yield lock
    finally:
        http.request = send
        await lock.release()


def message_requests(env, method: str, channel) -> list:
    return [r for r in env.http_requests if r.method == method and r.path == f"/channels/{channel.id}/messages"]


def field(embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name)


async def test_a_post_whose_record_is_refused_is_recorded_later_never_posted_again(simcord_env, caplog):
    env = simcord_env
    net = await network(env, 2)
    await impatient(env.bot.store)
    caplog.set_level(logging.INFO, logger="bot.news.worker")
    async with locked_once_discord_accepts_a_post(env) as lock:
        _, click = await publish(net.home)
        assert lock.held
        await env.advance_time(20)  # the worker retries, in memory, with backoff; the lock holds
        # what was claimed before the lock went out once; nothing is recorded yet, nothing went out twice
        assert all(len(posts(s.news)) <= 1 for s in net.everyone)
        assert {d.state for d in await env.bot.store.outbox.deliveries(report_id=1)} <= {"pending", "sending"}

        # moderators and operators can see what is going on
        status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
        assert field(status, "Delivery").startswith("Retrying since")
        assert "the database is busy" in field(status, "Delivery")
        about = (await net.home.fan.slash(net.home.general, "about")).response.embeds[0]
        assert "the database is busy" in field(about, "Delivery status")
        await lock.release()
        await env.advance_time(60)

    for server in net.everyone:
        assert len(posts(server.news)) == 1  # exactly one copy everywhere
        assert len(message_requests(env, "POST", server.news)) == 1
        assert message_requests(env, "GET", server.news) == []  # kept in memory: no need to look
    deliveries = {d.channel_id: d for d in await env.bot.store.outbox.deliveries(report_id=1)}
    assert {d.state for d in deliveries.values()} == {"delivered"}
    assert {c: d.message_id for c, d in deliveries.items()} == {s.news.id: posts(s.news)[0].id for s in net.everyone}
    assert click.response.content.startswith("Report #1 is out: 3 delivered, 0 failed")
    status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
    assert field(status, "Delivery").startswith("Running. Last post delivered")
    # logged when the trouble began and when it ended, not on every retry
    waiting = [r for r in caplog.records if "waiting for the database" in r.getMessage()]
    assert 1 <= len(waiting) <= 2  # recording, and claiming the other rows meanwhile
    assert [r for r in caplog.records if "back to normal" in r.getMessage()]


async def test_after_a_restart_the_unrecorded_post_is_found_not_posted_again(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 1)
    await impatient(env.bot.store)
    async with locked_once_discord_accepts_a_post(env) as lock:
        await publish(net.home)
        posted = [s for s in net.everyone if posts(s.news)]
        assert posted
        # the process dies with the outcomes only in its memory (its connection to the database goes with
        # it); the database is free again by the time a new process starts
        await lock.release()
        await env.bot.close_store()
        await env.restart_bot(make_bot())
    await env.advance_time(3600)  # long after Discord forgot the nonce

    for server in net.everyone:
        assert len(posts(server.news)) == 1
        assert len(message_requests(env, "POST", server.news)) == 1
    for server in posted:
        assert len(message_requests(env, "GET", server.news)) == 1  # looked for first, found it
    deliveries = {d.channel_id: d for d in await env.bot.store.outbox.deliveries(report_id=1)}
    assert {d.state for d in deliveries.values()} == {"delivered"}
    assert {c: d.message_id for c, d in deliveries.items()} == {s.news.id: posts(s.news)[0].id for s in net.everyone}


async def test_a_write_the_database_keeps_refusing_is_given_up_and_then_looked_for(simcord_env, caplog):
    env = simcord_env
    net = await network(env, 2)
    # the database takes every write but the one that records a delivery (as a full disk might)
    await refuse_outbox_writes(env.bot.store, when_state="delivered")
    caplog.set_level(logging.INFO, logger="bot.news.worker")
    await publish(net.home)
    await env.advance_time(600)  # every server's post went out; none could be recorded; the worker gave up
    assert [len(posts(s.news)) for s in net.everyone] == [1, 1, 1]
    status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
    assert "an unexpected error (" in field(status, "Delivery")
    await allow_outbox_writes(env.bot.store)
    await env.advance_time(600)

    assert [len(posts(s.news)) for s in net.everyone] == [1, 1, 1]  # found each time, never posted again
    for server in net.everyone:
        assert len(message_requests(env, "POST", server.news)) == 1
    deliveries = await env.bot.store.outbox.deliveries(report_id=1)
    assert {d.state for d in deliveries} == {"delivered"}
    unexpected = [r for r in caplog.records if "unexpected error while recording" in r.getMessage()]
    assert len(unexpected) == 1  # logged once with its traceback, not once per retry
    assert [r for r in caplog.records if "could not record" in r.getMessage()]


async def test_a_database_refusing_writes_at_start_up_delays_delivery_and_stops_nothing(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 2)
    env.inject_error("POST", "/channels/*/messages", status=503, times=None)
    await publish(net.home)
    await env.advance_time(1)
    env.backend.faults.clear()
    # the process died mid fan-out, and the database now refuses every outbox write (a full disk)
    await env.bot.store.db.execute("UPDATE news_deliveries SET state = 'sending'")
    await refuse_outbox_writes(env.bot.store)
    await env.restart_bot(make_bot())
    await env.advance_time(60)
    assert all(posts(s.news) == [] for s in net.everyone)
    status = (await net.home.mod.slash(net.home.general, "news status")).response.embeds[0]
    assert field(status, "Delivery").startswith("Retrying since")

    await allow_outbox_writes(env.bot.store)
    await env.advance_time(120)
    assert [len(posts(s.news)) for s in net.everyone] == [1, 1, 1]
    assert {d.state for d in await env.bot.store.outbox.deliveries(report_id=1)} == {"delivered"}


async def test_a_post_sent_to_the_new_channel_but_never_recorded_is_found_there_after_a_restart(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 0)
    home = net.home
    env.inject_error("POST", f"/channels/{home.news.id}/messages", status=503, times=None)
    await publish(home)
    await env.advance_time(0.5)  # the first attempt met a 503: it may have posted in #news
    moved_to = home.guild.create_text_channel("season-2")
    await home.mod.slash(home.general, "news subscribe", channel=moved_to)
    env.backend.faults.clear()
    await impatient(env.bot.store)
    async with locked_once_discord_accepts_a_post(env) as lock:
        await env.advance_time(30)  # looked in #news, found nothing, posted in #season-2; the record is refused
        assert lock.held
        assert len(posts(moved_to)) == 1
        # the process dies with the outcome only in its memory
        await lock.release()
        await env.bot.close_store()
        await env.restart_bot(make_bot())
    await env.advance_time(3600)  # long after Discord forgot the nonce

    assert posts(home.news) == []
    [post] = posts(moved_to)
    assert len(message_requests(env, "POST", moved_to)) == 1
    assert len(message_requests(env, "GET", moved_to)) == 1  # looked for where it went, and found
    [row] = await env.bot.store.outbox.deliveries(report_id=1)
    assert (row.state, row.channel_id, row.message_id) == ("delivered", moved_to.id, post.id)
