"""What moderators type besides a claim reads in each server's language too: a retraction's `reason` with its
optional `reason_ko` (a Korean server's retracted copy gives the Korean, an English one the reason, after a
restart too; without it a Korean server shows the reason as typed, and the moderator is told), and an
announcement's preview shows the post in the language its channel reads."""

from __future__ import annotations

import pytest

from tests.behaviour._news import make_server, network, posts, publish, subscribe
from tests.conftest import HOME_GUILD_ID, user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)

REASON = "The outlet took the article down."
REASON_KO = "매체가 기사를 내렸어요."


async def test_a_korean_server_reads_the_retraction_reason_in_korean_and_an_english_one_in_english_after_a_restart(
    simcord_env, locales, make_bot
):
    env = simcord_env
    net = await network(env, 1)
    english = net.servers[0]
    korean = make_server(env, "한국 팬", preferred_locale="ko")
    await subscribe(korean)
    await publish(net.home, outlet="Soompi", claim="Table read held.", claim_ko="대본 리딩이 열렸다.", status="rumor")
    await env.advance_time(5)

    # Discord fails every edit of a posted copy until the bot has restarted: the new process renders the
    # retracted copies from what the database kept
    env.inject_error("PATCH", "/channels/*/messages/*", status=503, times=None)
    retracted = await net.home.mod.slash(
        net.home.general, "news retract", report_id=1, reason=REASON, reason_ko=REASON_KO
    )
    assert retracted.ephemeral
    assert retracted.response.content == "Report #1 retracted; 3 posted copies are being edited to say so."
    assert retracted.response.embeds[0].description.startswith(f"**Why it was retracted:** {REASON}\n\n")
    await env.advance_time(1)
    assert posts(korean.news)[0].embeds[0].description == "대본 리딩이 열렸다."  # not edited yet

    await env.restart_bot(make_bot())
    env.backend.faults.clear()
    await env.advance_time(120)  # past the backoff of the failed attempts

    [post] = posts(korean.news)
    assert post.embeds[0].title == "↩️ 철회됨 · 루머 · Soompi"
    assert post.embeds[0].description == f"**철회 사유:** {REASON_KO}\n\n~~대본 리딩이 열렸다.~~"
    [post] = posts(english.news)
    assert post.embeds[0].title == "↩️ Retracted · Rumor · Soompi"
    assert post.embeds[0].description == f"**Why it was retracted:** {REASON}\n\n~~Table read held.~~"
    stored = await env.bot.store.reports.get(1)
    assert (stored.retraction_reason, stored.retraction_reason_ko) == (REASON, REASON_KO)


async def test_without_reason_ko_a_korean_server_shows_the_reason_as_typed_and_the_moderator_is_told(
    simcord_env, locales
):
    env = simcord_env
    home = make_server(env, "본진", id=HOME_GUILD_ID, preferred_locale="ko")
    await subscribe(home)
    english = make_server(env, "fans")
    await subscribe(english)
    await publish(home, outlet="Soompi", claim="Table read held.", status="rumor")
    await publish(home, outlet="Soompi", claim="Filming starts.", status="rumor")
    await env.advance_time(5)
    locales.speak(home.mod, "ko")

    retracted = await home.mod.slash(home.general, "news retract", report_id=1, reason=REASON)
    assert retracted.response.content == (
        "#1 보도를 철회했어요. 이미 올라간 2개 게시물에 철회 사실을 표시하는 중이에요.\n"
        "한국어사유 옵션을 주지 않아서, 한국어 서버에는 사유 옵션이 입력한 그대로 보여요."
    )
    await env.advance_time(5)
    assert posts(home.news)[0].embeds[0].description == f"**철회 사유:** {REASON}\n\n~~Table read held.~~"
    assert posts(english.news)[0].embeds[0].description.startswith(f"**Why it was retracted:** {REASON}\n\n")

    # with it, no such note, and the moderator's own copy reads the Korean
    both = await home.mod.slash(home.general, "news retract", report_id=2, reason=REASON, reason_ko=REASON_KO)
    assert both.response.content == "#2 보도를 철회했어요. 이미 올라간 2개 게시물에 철회 사실을 표시하는 중이에요."
    assert both.response.embeds[0].description.startswith(f"**철회 사유:** {REASON_KO}\n\n")


async def test_an_english_moderator_is_told_in_english_when_korean_servers_get_the_reason_as_typed(simcord_env):
    env = simcord_env
    net = await network(env, 0)
    await publish(net.home, outlet="Soompi", claim="Table read held.", status="rumor")
    retracted = await net.home.mod.slash(net.home.general, "news retract", report_id=1, reason=REASON)
    assert retracted.response.content.endswith(
        "\nServers reading Korean show the reason as typed, since no reason_ko was given."
    )


async def test_a_bad_reason_ko_is_refused_like_a_bad_reason_and_retracts_nothing(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(net.home, outlet="Soompi", claim="Table read held.", status="rumor")
    await env.advance_time(5)
    sent = len(env.http_requests)

    blank = await net.home.mod.slash(net.home.general, "news retract", report_id=1, reason=REASON, reason_ko="\u200b ")
    assert blank.ephemeral and blank.response.content.startswith("The reason_ko can't be blank.")
    long = await net.home.mod.slash(net.home.general, "news retract", report_id=1, reason=REASON, reason_ko="가" * 501)
    assert long.response.content.startswith("The reason_ko is 501 characters long; a post holds at most 500.")
    # a good reason_ko does not rescue a bad reason
    bad = await net.home.mod.slash(net.home.general, "news retract", report_id=1, reason=" ", reason_ko=REASON_KO)
    assert bad.response.content.startswith("The reason can't be blank.")
    await env.advance_time(5)

    assert len(user_errors(env)) == 3
    report = await env.bot.store.reports.get(1)
    assert (report.retracted, report.retraction_reason, report.retraction_reason_ko) == (False, "", "")
    assert await env.bot.store.db.fetch_value("SELECT count(*) FROM news_deliveries WHERE kind = 'edit'") == 0
    assert not [r for r in env.http_requests[sent:] if r.method == "PATCH" and r.path.startswith("/channels/")]


async def test_an_announcement_preview_shows_the_post_in_the_language_its_channel_reads(simcord_env, locales):
    env = simcord_env
    server = make_server(env, "fans")
    await server.mod.slash(server.general, "news subscribe", channel=server.news, language="ko")
    preview = await server.mod.slash(server.general, "news announce", title="Watch party", message="Friday 8 pm.")
    assert preview.response.content.startswith("**Preview**: this is the announcement as it will appear in ")
    [shown] = preview.response.embeds
    assert shown.footer.text == "운영진 공지"  # the Korean channel's footer, though the moderator reads English

    await server.mod.click(preview.response, label="Publish")
    await env.advance_time(5)
    [post] = posts(server.news)
    assert (post.embeds[0].title, post.embeds[0].description) == ("Watch party", "Friday 8 pm.")
    assert post.embeds[0].footer.text == "운영진 공지 · #A1"
