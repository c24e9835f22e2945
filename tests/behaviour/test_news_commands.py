"""Moderators change what was posted (edit, retract), announce, and get a clear refusal for bad input that
writes nothing and posts nothing. Fans see runtime reports in /sequel."""

from __future__ import annotations

import pytest

from tests.behaviour._news import make_server, network, posts, publish, sequel_text, subscribe
from tests.conftest import user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)


async def nothing_written(env) -> bool:
    store = env.bot.store
    counts = [
        await store.db.fetch_value(f"SELECT count(*) FROM {table}")
        for table in ("news_reports", "news_deliveries", "news_announcements")
    ]
    return counts == [0, 0, 0]


async def test_edit_and_retract_change_every_posted_copy(simcord_env):
    env = simcord_env
    net = await network(env, 3)
    await publish(net.home, claim="Season 2 confirmed for 2027.", status="rumor")
    await env.advance_time(5)

    edited = await net.home.mod.slash(
        net.home.general, "news edit", report_id=1, claim="Season 2 is planned for 2027.", status="report"
    )
    assert edited.ephemeral and edited.response.content.startswith("Report #1 updated; 4 posted copies")
    await env.advance_time(5)
    for server in net.everyone:
        [post] = posts(server.news)  # edited in place, not posted again
        assert post.embeds[0].description == "Season 2 is planned for 2027."
        assert post.embeds[0].title.startswith("📰 Press report")
        assert post.embeds[0].footer.text.endswith("edited")

    retracted = await net.home.mod.slash(
        net.home.general, "news retract", report_id=1, reason="The outlet withdrew it."
    )
    assert retracted.response.content.startswith("Report #1 retracted; 4 posted copies")
    await env.advance_time(5)
    for server in net.everyone:
        [post] = posts(server.news)
        assert post.embeds[0].description.startswith("**Why it was retracted:** The outlet withdrew it.")
        assert "~~Season 2 is planned for 2027.~~" in post.embeds[0].description
    assert "Season 2 is planned for 2027." not in await sequel_text(net.home.fan, net.home.general)
    actions = [a[1] for a in await env.bot.store.audit.entries(net.home.guild.id)]
    assert actions[-3:] == ["publish", "edit", "retract"]


async def test_sequel_reflects_a_new_confirmed_report(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(
        net.home,
        outlet="Netflix",
        claim="Season 2 is officially confirmed.",
        status="confirmed",
        reported_on="2025-12-01",  # before simcord's virtual today (2026-01-01)
    )
    await env.advance_time(5)
    result = await net.servers[0].fan.slash(net.servers[0].general, "sequel")
    official = next(f.value for f in result.response.embeds[0].fields if f.name == "Official status")
    assert "Season 2 is officially confirmed." in official and "Netflix" in official and "#1" in official
    series = await net.servers[0].fan.slash(net.servers[0].general, "series")
    assert "Season 2 is officially confirmed." in str(series.response.embeds[0].to_dict())


async def test_only_the_reports_own_server_may_change_it(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(net.home)
    await env.advance_time(5)
    other = net.servers[0]
    result = await other.mod.slash(other.general, "news edit", report_id=1, claim="Hijacked.")
    assert result.ephemeral
    assert result.response.content == "Report #1 was logged in another server; only that server can change it."
    missing = await other.mod.slash(other.general, "news retract", report_id=99, reason="x")
    assert missing.response.content.startswith("There is no report #99.")
    assert len(user_errors(env)) == 2
    assert (await env.bot.store.reports.get(1)).claim == "Season 2 is in the works."
    assert all(len(posts(s.news)) == 1 and len(s.news.history()) == 1 for s in net.everyone)


BAD_REPORTS = [
    ({"claim": "x" * 3001}, "The claim is 3001 characters long; a post holds at most 3000."),
    ({"claim": "   "}, "The claim can't be blank."),
    ({"outlet": " "}, "The outlet can't be blank."),
    ({"url": "ftp://example.com/s2"}, "`ftp://example.com/s2` isn't a web link."),
    ({"url": "javascript:alert(1)"}, "`javascript:alert(1)` isn't a web link."),
    ({"reported_on": "2026-02-30"}, "`2026-02-30` isn't a real date."),
    ({"reported_on": "next friday"}, "`next friday` isn't a real date."),
]


@pytest.mark.parametrize(("options", "message"), BAD_REPORTS)
async def test_bad_report_input_is_refused_and_writes_nothing(simcord_env, options, message):
    env = simcord_env
    net = await network(env, 1)
    full = {"outlet": "Xportsnews", "claim": "Season 2 is in the works.", "status": "report", **options}
    result = await net.home.mod.slash(net.home.general, "news report", **full)
    assert result.ephemeral and result.response.content.startswith(message)
    assert not result.response.components  # no Publish button to press
    await env.advance_time(5)
    assert len(user_errors(env)) == 1
    assert await nothing_written(env)
    assert all(posts(s.news) == [] for s in net.everyone)


async def test_bad_edit_and_retract_input_is_refused(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(net.home)
    await env.advance_time(5)
    mod, general = net.home.mod, net.home.general
    cases = [
        ({"report_id": 1}, "news edit", "Tell me what to change"),
        ({"report_id": 1, "url": "not a link"}, "news edit", "`not a link` isn't a web link."),
        ({"report_id": 1, "claim": "y" * 3001}, "news edit", "The claim is 3001 characters long"),
        ({"report_id": 1, "reason": "  "}, "news retract", "The reason can't be blank."),
    ]
    for options, command, message in cases:
        result = await mod.slash(general, command, **options)
        assert result.ephemeral and result.response.content.startswith(message), result.response.content
    await env.advance_time(5)
    assert len(user_errors(env)) == len(cases)
    report = await env.bot.store.reports.get(1)
    assert (report.claim, report.url, report.edited, report.retracted) == (
        "Season 2 is in the works.",
        "",
        False,
        False,
    )
    assert await env.bot.store.db.fetch_value("SELECT count(*) FROM news_deliveries WHERE kind = 'edit'") == 0


async def test_subscribing_a_channel_the_bot_cannot_post_in_is_refused(simcord_env):
    import discord

    env = simcord_env
    server = make_server(env, "fans")
    locked = server.guild.create_text_channel(
        "locked", overwrites={server.guild.me: discord.PermissionOverwrite(send_messages=False, embed_links=False)}
    )
    result = await server.mod.slash(server.general, "news subscribe", channel=locked)
    assert result.ephemeral
    assert result.response.content == (
        f"I can't post in {locked.mention}: I'm missing Send Messages, Embed Links there. "
        "Give me those permissions in that channel, or pick another one."
    )
    everyone = await server.mod.slash(
        server.general, "news subscribe", channel=server.news, role=server.guild.default_role
    )
    assert everyone.response.content == "Pick a specific role to ping. @everyone isn't allowed."
    assert len(user_errors(env)) == 2
    assert await env.bot.store.subscriptions.get(server.guild.id) is None


async def test_announcement_goes_to_this_servers_news_channel_only(simcord_env):
    env = simcord_env
    net = await network(env, 2)
    server = net.servers[0]
    result = await server.mod.slash(
        server.general, "news announce", title="Watch party", message="Friday 8pm, @everyone!"
    )
    assert result.ephemeral and result.response.content.startswith("**Preview**")
    assert result.response.embeds[0].title == "Watch party"
    click = await server.mod.click(result.response, label="Publish")
    await env.advance_time(5)
    [post] = posts(server.news)
    assert post.embeds[0].title == "Watch party" and not post.mention_everyone
    assert click.response.content == f"Announcement posted in {server.news.mention}."
    assert all(posts(s.news) == [] for s in net.everyone if s is not server)


async def test_announcement_needs_a_news_channel_and_sane_text(simcord_env):
    env = simcord_env
    server = make_server(env, "fans")
    none = await server.mod.slash(server.general, "news announce", title="Hi", message="Hello")
    assert none.response.content.startswith("This server has no news channel yet.")
    await subscribe(server)
    long = await server.mod.slash(server.general, "news announce", title="Hi", message="m" * 3501)
    assert long.response.content.startswith("The message is 3501 characters long; a post holds at most 3500.")
    blank = await server.mod.slash(server.general, "news announce", title=" ", message="Hello")
    assert blank.response.content.startswith("The title can't be blank.")
    await env.advance_time(5)
    assert len(user_errors(env)) == 3
    assert await nothing_written(env)
    assert posts(server.news) == []


async def test_unsubscribe_stops_news_and_status_says_so(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    result = await server.mod.slash(server.general, "news unsubscribe")
    assert result.response.content == "Automatic news is stopped for this server."
    status = await server.mod.slash(server.general, "news status")
    assert status.response.embeds[0].description.startswith("This server isn't subscribed.")
    await publish(net.home)
    await env.advance_time(5)
    assert posts(server.news) == [] and len(posts(net.home.news)) == 1
    again = await server.mod.slash(server.general, "news unsubscribe")
    assert again.response.content.startswith("This server isn't subscribed to news")
    assert user_errors(env) == ["This server isn't subscribed to news, so there is nothing to stop."]
