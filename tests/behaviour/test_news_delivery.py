"""From a moderator's report to every subscribed server, exactly once: fan-out, scope, mentions, retries,
paused channels, restarts, pacing. The real bot under simcord; the database read through the store."""

from __future__ import annotations

import itertools

import pytest
from simcord.backend.errors import SetupError

from tests.behaviour._news import buttons, make_server, network, posts, publish, sequel_text, subscribe
from tests.conftest import user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)


def message_posts(env, channel) -> list:
    """Every REST request that tried to post a message in `channel`."""
    return [r for r in env.http_requests if r.method == "POST" and r.path == f"/channels/{channel.id}/messages"]


async def test_network_report_reaches_every_subscriber_exactly_once_and_no_other(simcord_env):
    env = simcord_env
    net = await network(env, 3)
    outsider = make_server(env, "not-subscribed")

    result, click = await publish(net.home, claim="Filming of season 2 begins in spring.")
    preview = result.response
    assert (
        "**4** server(s)"
        in (
            await net.home.mod.slash(net.home.general, "news report", outlet="X", claim="c", status="rumor")
        ).response.content
    )
    await env.advance_time(5)

    for server in net.everyone:
        [post] = posts(server.news)
        assert post.embeds[0].description == "Filming of season 2 begins in spring."
        assert post.embeds[0].footer.text.startswith("Report #1")
    assert posts(outsider.news) == [] and posts(outsider.general) == []
    # the moderator's confirmation was edited into a summary
    assert click.response.content.startswith("Report #1 is out: 4 delivered, 0 failed, of 4")
    assert preview.ephemeral
    store = env.bot.store
    deliveries = await store.outbox.deliveries(report_id=1)
    assert sorted(d.guild_id for d in deliveries) == sorted(s.guild.id for s in net.everyone)
    assert {d.state for d in deliveries} == {"delivered"}
    assert all(d.message_id for d in deliveries)
    assert "publish" in [a[1] for a in await store.audit.entries(net.home.guild.id)]


async def test_the_moderators_progress_message_is_edited_only_when_its_text_changes(simcord_env):
    env = simcord_env
    net = await network(env, 3)
    await publish(net.home)
    await env.advance_time(5)
    edits: dict[str, list[str]] = {}  # each interaction's message: the texts it was edited to, in order
    for r in env.http_requests:
        if r.method == "PATCH" and r.path.endswith("/messages/@original") and r.json and "content" in r.json:
            edits.setdefault(r.path, []).append(r.json["content"])
    [board] = [texts for texts in edits.values() if texts[-1].startswith("Report #1 is out:")]
    assert board[-1].startswith("Report #1 is out: 4 delivered, 0 failed, of 4")
    repeated = [text for text, after in itertools.pairwise(board) if text == after]
    assert repeated == [], board  # an edit showing what the message already shows is a request wasted


async def test_local_report_stays_in_its_server(simcord_env):
    env = simcord_env
    net = await network(env, 2)
    local = net.servers[0]
    result = await local.mod.slash(
        local.general, "news report", outlet="Fan cafe", claim="Cast dinner spotted.", status="rumor"
    )
    assert "**1** server(s) (this server only)" in result.response.content
    await local.mod.click(result.response, label="Publish")
    await env.advance_time(5)

    assert len(posts(local.news)) == 1
    for other in (net.home, net.servers[1]):
        assert posts(other.news) == []
    report = await env.bot.store.reports.get(1)
    assert report.scope == "local" and report.origin_guild_id == local.guild.id
    # /sequel shows it to that server's fans, not to another server's
    assert "Cast dinner spotted." in await sequel_text(local.fan, local.general)
    assert "Cast dinner spotted." not in await sequel_text(net.servers[1].fan, net.servers[1].general)


async def test_cancel_posts_and_writes_nothing(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    result = await net.home.mod.slash(net.home.general, "news report", outlet="X", claim="A claim.", status="rumor")
    click = await net.home.mod.click(result.response, label="Cancel")
    await env.advance_time(5)
    assert click.response.content == "Cancelled. Nothing was published."
    assert all(posts(s.news) == [] for s in net.everyone)
    assert await env.bot.store.reports.get(1) is None
    assert await env.bot.store.db.fetch_value("SELECT count(*) FROM news_deliveries") == 0


async def test_only_the_moderator_who_asked_can_publish(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    other_mod = net.home.guild.add_member(env.create_user("other-mod"), roles=[net.home.guild.roles["mods"]])
    result = await net.home.mod.slash(net.home.general, "news report", outlet="X", claim="A claim.", status="rumor")
    # the preview is ephemeral: nobody else can even see the buttons (the view's owner check is the backstop)
    assert result.ephemeral
    with pytest.raises(SetupError, match="not visible to this user"):
        await other_mod.click(result.response, label="Publish")
    await env.advance_time(5)
    assert await env.bot.store.reports.get(1) is None


async def test_buttons_expire(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    result = await net.home.mod.slash(net.home.general, "news report", outlet="X", claim="A claim.", status="rumor")
    await env.advance_time(301)
    assert [(b["label"], bool(b.get("disabled"))) for b in buttons(result.response)] == [
        ("Publish", True),
        ("Cancel", True),
        ("Season 2 status", False),  # the post's own button still opens /sequel
    ]
    assert await env.bot.store.reports.get(1) is None


async def test_fans_cannot_see_or_use_news(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    assert "news report" in server.mod.available_commands(server.general)
    assert not any(name.startswith("news") for name in server.fan.available_commands(server.general))

    # a server's admins may override the default and show /news to a fan: the code check still refuses
    command = next(
        c
        for c in env.backend.visible_commands(user_id=server.mod.id, channel_id=server.general.id)
        if c["name"] == "news"
    )
    server.guild.set_command_permissions(int(command["id"]), {server.fan: True})
    assert "news report" in server.fan.available_commands(server.general)
    result = await server.fan.slash(server.general, "news report", outlet="X", claim="c", status="rumor")
    assert result.ephemeral and result.response.content == "You need the Manage Server permission to do that."
    assert user_errors(env) == ["MissingPermissions"]
    assert await env.bot.store.reports.get(1) is None


async def test_posts_ping_nobody_but_the_subscription_role(simcord_env):
    env = simcord_env
    net = await network(env, 2, subscribed=False)
    pinged = net.servers[0]
    pinged.role = pinged.guild.create_role("season-2-news")
    for server in net.everyone:
        await subscribe(server, role=pinged.role if server is pinged else None)
    victim = net.home.fan
    await publish(net.home, claim=f"@everyone @here {victim.mention} <@&{pinged.role.id}> season 2!")
    await env.advance_time(5)

    sends = [r for r in env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(sends) == 3
    for request in sends:
        mentions = request.json["allowed_mentions"]
        assert "everyone" not in mentions["parse"] and "users" not in mentions["parse"]
        assert "roles" not in mentions["parse"]
        expected = [str(pinged.role.id)] if request.path == f"/channels/{pinged.news.id}/messages" else []
        assert mentions.get("roles", []) == expected  # snowflake strings, as Discord's API types them
    [post] = posts(pinged.news)
    assert [r.id for r in post.role_mentions] == [pinged.role.id]
    assert not post.mention_everyone and post.mentions == []
    for server in (net.home, net.servers[1]):
        [post] = posts(server.news)
        assert post.role_mentions == [] and not post.mention_everyone and post.mentions == []


async def test_transient_failures_are_retried_until_delivered_once(simcord_env):
    env = simcord_env
    net = await network(env, 2)
    flaky = net.servers[0]
    path = f"/channels/{flaky.news.id}/messages"
    env.inject_error("POST", path, status=503, times=2)
    env.inject_error("POST", path, status=429, message="You are being rate limited.", times=1)
    _, click = await publish(net.home)
    await env.advance_time(120)

    assert len(posts(flaky.news)) == 1
    attempts = message_posts(env, flaky.news)
    assert len(attempts) == 4
    assert len({a.json["nonce"] for a in attempts}) == 1  # the same nonce every time: Discord dedupes a resend
    assert all(len(a.json["nonce"]) <= 25 and a.json["enforce_nonce"] for a in attempts)
    assert all(len(posts(s.news)) == 1 for s in net.everyone)
    assert click.response.content.startswith("Report #1 is out: 3 delivered, 0 failed, of 3")


async def test_forbidden_channel_is_paused_explained_and_not_retried(simcord_env):
    env = simcord_env
    net = await network(env, 2)
    broken = net.servers[1]
    env.inject_error(
        "POST",
        f"/channels/{broken.news.id}/messages",
        status=403,
        code=50013,
        message="Missing Permissions",
        times=None,
    )
    _, click = await publish(net.home)
    await env.advance_time(600)

    assert len(message_posts(env, broken.news)) == 1  # tried once, never again
    assert click.response.content.startswith("Report #1 is out: 2 delivered, 1 failed, of 3")
    status = (await broken.mod.slash(broken.general, "news status")).response.embeds[0]
    state = next(f.value for f in status.fields if f.name == "State")
    assert "Paused" in state and "not allowed to post" in state and "/news subscribe again" in state
    deliveries = next(f.value for f in status.fields if f.name == "Last deliveries")
    assert "#1 post: failed" in deliveries

    await publish(net.home, claim="A second report.")
    await env.advance_time(600)
    assert len(message_posts(env, broken.news)) == 1  # the paused channel is not knocked on again
    assert all(len(posts(s.news)) == 2 for s in net.everyone if s is not broken)

    # the moderator fixes it and subscribes again: the subscription resumes
    env.backend.faults.clear()
    await subscribe(broken)
    await publish(net.home, claim="A third report.")
    await env.advance_time(5)
    assert [p.embeds[0].description for p in posts(broken.news)] == ["A third report."]


async def test_restart_mid_fanout_delivers_every_missing_post_once(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 5)
    failing = net.servers[:2]
    for server in failing:
        env.inject_error("POST", f"/channels/{server.news.id}/messages", status=502, times=None)
    await publish(net.home)
    await env.advance_time(3)
    assert [len(posts(s.news)) for s in failing] == [0, 0]
    first_nonces = {s.news.id: message_posts(env, s.news)[0].json["nonce"] for s in failing}

    # the bot process dies and a new one starts on the same database; Discord heals meanwhile
    await env.restart_bot(make_bot())
    env.backend.faults.clear()
    await env.advance_time(600)

    assert [len(posts(s.news)) for s in net.everyone] == [1] * 6
    for server in failing:
        assert message_posts(env, server.news)[-1].json["nonce"] == first_nonces[server.news.id]
    deliveries = await env.bot.store.outbox.deliveries(report_id=1)
    assert {d.state for d in deliveries} == {"delivered"}
