"""A queued or retrying post follows the subscription as it is when it is sent (nowhere after /news unsubscribe,
the new channel after a move, the role pinged only there); a post Discord refuses fails alone, is explained to
the publishing moderator and in /news status, and stops nothing. The real bot under simcord."""

from __future__ import annotations

import pytest

from tests.behaviour._news import network, posts, publish, subscribe

pytestmark = pytest.mark.simcord(strict_sync=False)


def requests_to(env, channel, method: str = "POST") -> list:
    return [r for r in env.http_requests if r.method == method and r.path == f"/channels/{channel.id}/messages"]


def field(embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name)


async def test_a_post_still_queued_goes_nowhere_once_its_server_unsubscribed(simcord_env):
    env = simcord_env
    net = await network(env, 2)
    leaving = net.servers[0]
    env.inject_error("POST", f"/channels/{leaving.news.id}/messages", status=503, times=1)
    _, click = await publish(net.home)
    await env.advance_time(0.5)  # every first attempt has been made; the failed one waits a second or more
    assert posts(leaving.news) == [] and len(requests_to(env, leaving.news)) == 1
    result = await leaving.mod.slash(leaving.general, "news unsubscribe")
    assert result.response.content == "Automatic news is stopped for this server."
    await env.advance_time(600)

    assert posts(leaving.news) == []
    assert len(requests_to(env, leaving.news)) == 1 and requests_to(env, leaving.news, "GET") == []
    [row] = [d for d in await env.bot.store.outbox.deliveries(report_id=1) if d.guild_id == leaving.guild.id]
    assert row.state == "rejected" and "turned automatic news off" in str(row.last_error)
    assert all(len(posts(s.news)) == 1 for s in net.everyone if s is not leaving)
    assert click.response.content.startswith("Report #1 is out: 2 delivered, 1 failed, of 3")


async def test_a_post_still_queued_follows_the_subscription_to_its_new_channel_and_pings_only_there(simcord_env):
    env = simcord_env
    net = await network(env, 1, subscribed=False)
    await subscribe(net.home)
    mover = net.servers[0]
    old_role = mover.guild.create_role("news-pings", mentionable=True)
    new_role = mover.guild.create_role("season-2-pings", mentionable=True)
    await subscribe(mover, role=old_role)
    env.inject_error("POST", f"/channels/{mover.news.id}/messages", status=503, times=1)
    await publish(net.home)
    assert posts(mover.news) == []

    moved_to = mover.guild.create_text_channel("season-2")
    await mover.mod.slash(mover.general, "news subscribe", channel=moved_to, role=new_role)
    await env.advance_time(600)

    assert posts(mover.news) == []
    [post] = posts(moved_to)
    assert [r.id for r in post.role_mentions] == [new_role.id]  # the subscription's role now, in its channel
    [sent] = requests_to(env, moved_to)
    assert sent.json["allowed_mentions"]["roles"] == [str(new_role.id)]
    # the failed attempt might have posted in the old channel: that is where the worker looked first
    assert len(requests_to(env, mover.news, "GET")) == 1
    [row] = [d for d in await env.bot.store.outbox.deliveries(report_id=1) if d.guild_id == mover.guild.id]
    assert (row.state, row.channel_id, row.message_id) == ("delivered", moved_to.id, post.id)

    # a later correction reaches the copy where it is
    await net.home.mod.slash(net.home.general, "news edit", report_id=1, claim="Corrected: filming starts in May.")
    await env.advance_time(10)
    [edited] = posts(moved_to)
    assert edited.embeds[0].description == "Corrected: filming starts in May."


async def test_a_post_discord_refuses_fails_alone_is_explained_and_stops_nothing(simcord_env):
    env = simcord_env
    net = await network(env, 2)
    picky = net.servers[0]
    env.inject_error(
        "POST", f"/channels/{picky.news.id}/messages", status=400, code=50035, message="Invalid Form Body", times=1
    )
    _, click = await publish(net.home)
    await env.advance_time(10)

    assert posts(picky.news) == [] and len(requests_to(env, picky.news)) == 1  # refused for good: not retried
    assert all(len(posts(s.news)) == 1 for s in net.everyone if s is not picky)
    board = click.response.content
    assert board.startswith("Report #1 is out: 2 delivered, 1 failed, of 3")
    assert "Failed (1): Discord refused it: 400 Invalid Form Body (code 50035)" in board
    status = (await picky.mod.slash(picky.general, "news status")).response.embeds[0]
    assert field(status, "State").startswith("Active")
    assert "#1 post: failed (Discord refused it: 400 Invalid Form Body" in field(status, "Last deliveries")
    assert (await env.bot.store.subscriptions.get(picky.guild.id)).active

    await publish(net.home, claim="The next report.")
    await env.advance_time(10)
    assert [p.embeds[0].description for p in posts(picky.news)] == ["The next report."]


async def test_a_moved_subscription_whose_new_channel_refuses_is_paused_and_status_names_that_channel(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    mover = net.servers[0]
    env.inject_error("POST", f"/channels/{mover.news.id}/messages", status=503, times=1)
    _, click = await publish(net.home)
    await env.advance_time(0.5)
    moved_to = mover.guild.create_text_channel("season-2")
    await mover.mod.slash(mover.general, "news subscribe", channel=moved_to)
    env.inject_error(
        "POST", f"/channels/{moved_to.id}/messages", status=403, code=50013, message="Missing Permissions", times=None
    )
    await env.advance_time(600)

    assert posts(mover.news) == [] and posts(moved_to) == []
    assert len(requests_to(env, moved_to)) == 1  # refused for good: not tried again
    subscription = await env.bot.store.subscriptions.get(mover.guild.id)
    assert (subscription.channel_id, subscription.paused_reason) == (moved_to.id, "missing_permissions")
    status = (await mover.mod.slash(mover.general, "news status")).response.embeds[0]
    assert field(status, "Channel") == f"<#{moved_to.id}>"
    assert field(status, "State").startswith("Paused since")
    assert f"#1 post: failed (403 Missing Permissions (code 50013)) · <#{moved_to.id}>" in field(
        status, "Last deliveries"
    )
    assert len(posts(net.home.news)) == 1
    assert click.response.content.startswith("Report #1 is out: 1 delivered, 1 failed, of 2")
