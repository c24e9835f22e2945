"""What a moderator types that looks like text but is not: invisible characters count as blank, control and
bidirectional characters never reach a post, every malformed link gets the same clear refusal, and a date far
in the future is refused. Through the real bot under simcord; nothing is written when input is refused."""

from __future__ import annotations

import datetime as dt

import discord
import pytest

from tests.behaviour._news import network, posts, publish
from tests.conftest import user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)

# Each draws nothing. Most are Unicode format or space characters (found by category, so the list is only a
# sample); the Hangul and Braille fillers are letters and symbols that render as nothing.
INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "braille blank": "\u2800",
    "hangul filler": "\u3164",
    "hangul choseong and jungseong fillers": "\u115f\u1160",
    "halfwidth hangul filler": "\uffa0",
    "ideographic space": "\u3000",
    "tag space": "\U000e0020",
    "invisible plus": "\u2064",
    "right-to-left override": "\u202e",
    "mixed": " \u200b\u3164 \u2800\u200d ",
}


async def refused(env, member, channel, command: str, **options) -> str:
    result = await member.slash(channel, command, **options)
    assert result.ephemeral, result
    assert not result.response.components  # no Publish button to press
    return result.response.content


async def assert_nothing_written(env) -> None:
    store = env.bot.store
    assert await store.reports.get(1) is None
    assert await store.announcements.get(1) is None


async def test_a_claim_or_outlet_of_invisible_characters_is_blank(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    mod, general = net.home.mod, net.home.general
    for name, text in INVISIBLE.items():
        claim = await refused(env, mod, general, "news report", outlet="Xportsnews", claim=text, status="rumor")
        assert claim.startswith("The claim can't be blank."), name
        outlet = await refused(env, mod, general, "news report", outlet=text, claim="Season 2.", status="rumor")
        assert outlet.startswith("The outlet can't be blank."), name
    assert len(user_errors(env)) == 2 * len(INVISIBLE)
    await assert_nothing_written(env)


async def test_announcements_and_retractions_treat_invisible_text_as_blank(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    mod, general = net.home.mod, net.home.general
    title = await refused(env, mod, general, "news announce", title="\u3164\u3164", message="Watch party Friday.")
    assert title.startswith("The title can't be blank.")
    message = await refused(env, mod, general, "news announce", title="Watch party", message="\u2800\u200b")
    assert message.startswith("The message can't be blank.")
    await publish(net.home)
    await env.advance_time(5)
    reason = await refused(env, mod, general, "news retract", report_id=1, reason="\ufeff\u2060")
    assert reason.startswith("The reason can't be blank.")
    assert len(user_errors(env)) == 3
    report = await env.bot.store.reports.get(1)
    assert not report.retracted and await env.bot.store.announcements.get(1) is None


async def test_control_and_bidi_characters_never_reach_a_post(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    await publish(
        net.home,
        outlet="\u202eXportsnews\u202c",
        claim="Season 2\u202e is \u2066confirmed\u2069\x07 \x00for 2027.\u202a",
    )
    await env.advance_time(5)
    [post] = posts(server.news)
    assert post.embeds[0].description == "Season 2 is confirmed for 2027."
    assert post.embeds[0].title == "📰 Press report · Xportsnews"
    report = await env.bot.store.reports.get(1)
    assert (report.outlet, report.claim) == ("Xportsnews", "Season 2 is confirmed for 2027.")

    result = await server.mod.slash(
        server.general, "news announce", title="Watch\u2067 party\u2069", message="Friday\x1b[31m, 8pm."
    )
    await server.mod.click(result.response, label="Publish")
    await env.advance_time(5)
    announcement = posts(server.news)[-1].embeds[0]
    assert (announcement.title, announcement.description) == ("Watch party", "Friday[31m, 8pm.")


MALFORMED_URLS = [
    "http://[::1",  # urllib raises on these two
    "https://[oops]/x",
    "https://@",  # userinfo and no host
    "https://user@",
    "https://netflix.com@example.org/s2",  # shows one site, opens another
    "http://example.com:99999/",  # bad ports
    "http://example.com:0/",
    "http://example.com:8o/",
    "https://exa mple.com/",  # spaces
    "https://example.com/a b",
    "https://a..b/",
    "https://-netflix.com/",
    "https://localhost/",
    "https://example.com/\u202egpj.exe",
]


async def test_every_malformed_link_gets_the_clear_message(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    mod, general = net.home.mod, net.home.general
    for url in MALFORMED_URLS:
        text = await refused(env, mod, general, "news report", outlet="X", claim="Season 2.", status="rumor", url=url)
        assert "isn't a web link" in text, (url, text)
    await publish(net.home)
    await env.advance_time(5)
    for url in MALFORMED_URLS:
        edit = await refused(env, mod, general, "news edit", report_id=1, url=url)
        assert "isn't a web link" in edit, (url, edit)
    assert len(user_errors(env)) == 2 * len(MALFORMED_URLS)
    assert (await env.bot.store.reports.get(1)).url == ""


async def test_ordinary_links_still_pass(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    links = ["https://n.news.naver.com/article/1?x=1#top", "https://한국.kr/뉴스", "http://203.0.113.7:8080/s2"]
    for url in links:
        await publish(net.home, url=url)
    await env.advance_time(5)
    assert [(await env.bot.store.reports.get(n)).url for n in (1, 2, 3)] == links
    assert [p.embeds[0].fields[-1].value for p in posts(net.servers[0].news)] == [f"[Xportsnews]({u})" for u in links]


async def test_a_date_more_than_a_day_ahead_is_refused(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    mod, general = net.home.mod, net.home.general
    today = discord.utils.utcnow().date()
    typo = (today + dt.timedelta(days=2)).isoformat()
    text = await refused(
        env, mod, general, "news report", outlet="X", claim="Season 2.", status="confirmed", reported_on=typo
    )
    assert text.startswith(f"`{typo}` is in the future.")
    await assert_nothing_written(env)
    # a Korean moderator's today may be tomorrow in UTC
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    await publish(net.home, reported_on=tomorrow)
    await env.advance_time(5)
    assert (await env.bot.store.reports.get(1)).reported_on.isoformat() == tomorrow
    assert len(user_errors(env)) == 1


async def test_edit_corrects_the_date_everywhere_and_refuses_one_far_ahead(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    mod, general = net.home.mod, net.home.general
    await publish(net.home, outlet="Netflix", claim="Season 2.", status="confirmed", reported_on="2025-12-01")
    await env.advance_time(5)
    typo = (discord.utils.utcnow().date() + dt.timedelta(days=400)).isoformat()
    text = await refused(env, mod, general, "news edit", report_id=1, reported_on=typo)
    assert text.startswith(f"`{typo}` is in the future.")
    assert (await env.bot.store.reports.get(1)).reported_on == dt.date(2025, 12, 1)

    edited = await mod.slash(general, "news edit", report_id=1, reported_on="2025-11-30")
    assert edited.response.content.startswith("Report #1 updated; 2 posted copies")
    await env.advance_time(5)
    assert (await env.bot.store.reports.get(1)).reported_on == dt.date(2025, 11, 30)
    noon = int(dt.datetime(2025, 11, 30, 12, tzinfo=dt.UTC).timestamp())  # shown as a Discord timestamp
    for server in net.everyone:
        [post] = posts(server.news)
        assert f"<t:{noon}:D>" in [f.value for f in post.embeds[0].fields], post.embeds[0].fields
    assert len(user_errors(env)) == 1
