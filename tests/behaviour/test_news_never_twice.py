""" "Never twice" past Discord's nonce window: a post whose earlier attempt may have reached Discord is looked for
in the channel before it is sent again. simcord ignores nonces altogether, so without the look each retry below
would leave a second copy; with it, exactly one. The real bot under simcord, in virtual time."""

from __future__ import annotations

import logging

import discord
import pytest

from tests.behaviour._news import make_server, network, posts, publish, subscribe

pytestmark = pytest.mark.simcord(strict_sync=False)

NONCE_WINDOW_PASSED = 3600.0  # Discord remembers a nonce for a few minutes; an hour is well past it


def requests(env, method: str, channel) -> list:
    """REST requests of one method on a channel's messages endpoint (POST: a post; GET: a history look)."""
    path = f"/channels/{channel.id}/messages"
    return [r for r in env.http_requests if r.method == method and r.path == path]


async def simulate_crash_after_send(store, report_id: int) -> None:
    """What a crash between Discord accepting the post and the commit that records it leaves behind: the row
    still `sending` (claimed, attempts already counted) with no message id. Written through SQL because the
    bot never writes this state on purpose."""
    async with store.db.transaction() as db:
        await db.execute(
            "UPDATE news_deliveries SET state = 'sending', message_id = NULL, finished_at = NULL "
            "WHERE report_id = ? AND kind = 'post'",
            (report_id,),
        )


async def test_a_post_discord_accepted_but_the_bot_never_recorded_is_not_posted_again(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 2)
    await publish(net.home)
    await env.advance_time(5)
    originals = {s.news.id: [p.id for p in posts(s.news)] for s in net.everyone}
    assert all(len(ids) == 1 for ids in originals.values())

    # the process died before recording the sends; it comes back an hour later, long after the nonce expired
    await env.advance_time(NONCE_WINDOW_PASSED)
    await simulate_crash_after_send(env.bot.store, 1)
    posts_before = len([r for r in env.http_requests if r.method == "POST" and r.path.endswith("/messages")])
    await env.restart_bot(make_bot())
    await env.advance_time(60)

    for server in net.everyone:
        assert [p.id for p in posts(server.news)] == originals[server.news.id]  # exactly one copy, the first
        assert len(requests(env, "GET", server.news)) == 1  # one bounded look at the channel
    sent_after = [r for r in env.http_requests if r.method == "POST" and r.path.endswith("/messages")][posts_before:]
    assert sent_after == []
    assert not [r for r in env.http_requests if r.method == "PATCH" and r.path.startswith("/channels/")]  # up to date
    deliveries = await env.bot.store.outbox.deliveries(report_id=1)
    assert {d.state for d in deliveries} == {"delivered"}
    assert {d.channel_id: [d.message_id] for d in deliveries} == originals
    assert not any(d.maybe_sent for d in deliveries)


async def test_an_earlier_post_found_after_an_edit_is_brought_up_to_date(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    await publish(net.home, claim="Season 2 is in the works.")
    await env.advance_time(5)
    [original] = posts(server.news)
    # a 5xx after Discord created the message leaves the row queued with its outcome unknown; the report is
    # edited meanwhile (a queued post gets no edit row: it renders the latest text when it goes out)
    async with env.bot.store.db.transaction() as db:
        await db.execute(
            "UPDATE news_deliveries SET state = 'pending', maybe_sent = TRUE, message_id = NULL, next_attempt_at = ? "
            "WHERE report_id = 1 AND channel_id = ?",
            (10**12, server.news.id),  # not before the edit below
        )
    await net.home.mod.slash(net.home.general, "news edit", report_id=1, claim="Season 2 is confirmed for 2027.")
    await env.advance_time(NONCE_WINDOW_PASSED)
    await env.restart_bot(make_bot())
    async with env.bot.store.db.transaction() as db:
        await db.execute("UPDATE news_deliveries SET next_attempt_at = 0 WHERE report_id = 1 AND kind = 'post'")
    env.bot.get_cog("News").worker.wake()
    await env.advance_time(60)

    [post] = posts(server.news)
    assert post.id == original.id and post.embeds[0].description == "Season 2 is confirmed for 2027."
    assert len(requests(env, "POST", server.news)) == 1
    delivery = next(d for d in await env.bot.store.outbox.deliveries(report_id=1) if d.channel_id == server.news.id)
    assert delivery.state == "delivered" and delivery.message_id == original.id


async def test_an_announcement_recorded_by_nobody_is_found_by_its_own_label(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    for number in (1, 2):  # two announcements in the same channel: only the matching one may be taken
        result = await server.mod.slash(server.general, "news announce", title=f"Meetup {number}", message="Soon.")
        await server.mod.click(result.response, label="Publish")
        await env.advance_time(5)
    first, second = posts(server.news)
    assert first.embeds[0].footer.text.endswith("#A1") and second.embeds[0].footer.text.endswith("#A2")

    async with env.bot.store.db.transaction() as db:
        await db.execute("UPDATE news_deliveries SET state = 'sending', message_id = NULL WHERE announcement_id = 1")
    await env.advance_time(NONCE_WINDOW_PASSED)
    await env.restart_bot(make_bot())
    await env.advance_time(60)

    assert [p.id for p in posts(server.news)] == [first.id, second.id]
    [delivery] = await env.bot.store.outbox.deliveries(announcement_id=1)
    assert delivery.state == "delivered" and delivery.message_id == first.id


async def test_first_attempts_never_look_and_a_retry_after_a_5xx_looks_once_then_posts_once(simcord_env):
    env = simcord_env
    net = await network(env, 3)
    flaky, limited = net.servers[0], net.servers[1]
    env.inject_error("POST", f"/channels/{flaky.news.id}/messages", status=503, times=1)
    env.inject_error(
        "POST", f"/channels/{limited.news.id}/messages", status=429, message="You are being rate limited.", times=1
    )
    await publish(net.home)
    await env.advance_time(120)

    assert all(len(posts(s.news)) == 1 for s in net.everyone)
    for server in (net.home, net.servers[2]):  # delivered at the first attempt: no history call at all
        assert requests(env, "GET", server.news) == []
        assert len(requests(env, "POST", server.news)) == 1
    # a 429 guarantees Discord did nothing: the retry posts without looking
    assert requests(env, "GET", limited.news) == []

    # after a 503 the message might exist: one look (it is not there), then exactly one post
    [look] = requests(env, "GET", flaky.news)
    assert look.params.get("limit") in ("25", 25)
    attempts = requests(env, "POST", flaky.news)
    assert len(attempts) == 2
    order = [r for r in env.http_requests if r in (look, *attempts)]
    assert order == [attempts[0], look, attempts[1]]
    [delivery] = [d for d in await env.bot.store.outbox.deliveries(report_id=1) if d.channel_id == flaky.news.id]
    assert delivery.state == "delivered" and delivery.message_id == posts(flaky.news)[0].id


def news_without_history(env, name: str):
    server = make_server(env, name)
    server.news = server.guild.create_text_channel(
        "news-no-history", overwrites={server.guild.me: discord.PermissionOverwrite(read_message_history=False)}
    )
    return server


@pytest.mark.parametrize("refused_by", ["permission overwrite", "403 on the history call"])
async def test_without_read_message_history_the_retry_posts_once_and_nothing_is_paused(simcord_env, caplog, refused_by):
    env = simcord_env
    net = await network(env, 1)
    if refused_by == "permission overwrite":
        server = news_without_history(env, "no-history")
    else:
        server = make_server(env, "no-history")
        env.inject_error(
            "GET", f"/channels/{server.news.id}/messages", status=403, code=50001, message="Missing Access", times=None
        )
    await subscribe(server)
    env.inject_error("POST", f"/channels/{server.news.id}/messages", status=503, times=2)
    caplog.set_level(logging.INFO, logger="bot.ui.news_delivery")
    await publish(net.home)
    await env.advance_time(120)

    assert len(posts(server.news)) == 1
    assert len(requests(env, "POST", server.news)) == 3  # 503, 503, then the post: two retries, no copy
    [delivery] = [d for d in await env.bot.store.outbox.deliveries(report_id=1) if d.channel_id == server.news.id]
    assert delivery.state == "delivered"
    subscription = await env.bot.store.subscriptions.get(server.guild.id)
    assert subscription.active and subscription.channel_id == server.news.id
    unreadable = [r for r in caplog.records if "cannot read the history" in r.getMessage()]
    assert len(unreadable) == 1 and unreadable[0].levelno == logging.INFO  # once per channel, not per retry
    status = (await server.mod.slash(server.general, "news status")).response.embeds[0]
    assert "Paused" not in next(f.value for f in status.fields if f.name == "State")


async def test_an_earlier_post_whose_only_difference_is_its_button_is_brought_up_to_date(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    await publish(net.home)
    await env.advance_time(5)
    [original] = posts(server.news)
    assert [b.label for row in original.components for b in row.children] == ["Season 2 status"]
    # The copy a bot from before the Season 2 button posted (or one whose button said something else): the same
    # embed, no button. That bot died before recording the send; the row is left `sending` with no message id.
    earlier = await env.bot.get_partial_messageable(server.news.id).fetch_message(original.id)
    await earlier.edit(view=None)
    assert posts(server.news)[0].components == []
    await simulate_crash_after_send(env.bot.store, 1)
    await env.advance_time(NONCE_WINDOW_PASSED)

    def edits() -> int:
        path = f"/channels/{server.news.id}/messages/{original.id}"
        return len([r for r in env.http_requests if r.method == "PATCH" and r.path == path])

    edits_before = edits()
    await env.restart_bot(make_bot())
    await env.advance_time(60)

    [post] = posts(server.news)
    assert post.id == original.id and post.embeds[0].to_dict() == original.embeds[0].to_dict()
    assert [(b.label, b.custom_id) for row in post.components for b in row.children] == [
        ("Season 2 status", "hoc:ask:sequel")
    ]
    assert len(requests(env, "POST", server.news)) == 1
    assert edits() == edits_before + 1  # brought up to date once, in place
    opened = await server.fan.click(post, label="Season 2 status")
    assert opened.ephemeral and opened.response.embeds[0].title == "Season 2: where things stand"
