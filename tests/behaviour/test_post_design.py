"""What a fan sees in a news channel: what kind of news a post is (colour, sign, label), how far to trust it,
what it changes for season 2, where to read it, when, and a Season 2 button that works for every reader, after
a restart too; retracted and edited copies say so in the same layout; a Korean server reads it in Korean."""

from __future__ import annotations

import discord
import pytest

from tests.behaviour._news import make_server, network, posts, publish, subscribe
from tests.conftest import HOME_GUILD_ID

pytestmark = pytest.mark.simcord(strict_sync=False)

SEP_23_2025 = "<t:1758628800:D>"  # noon UTC on the day of Netflix's seeded "under review" statement
JAN_1_2026 = "<t:1767268800:D>"
NETFLIX = "Netflix (statement to OSEN, Edaily, Sports Seoul, Newsen and others)"
NETFLIX_KO = "넷플릭스 (OSEN, Edaily, Sports Seoul, Newsen 등 보도)"  # data/sequel.toml's outlet_ko
URL = "https://www.soompi.com/article/s2-table-read"


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name)


def post_buttons(message: discord.Message) -> list[tuple[str | None, str | None]]:
    """(label, custom_id) of each button under a message in a channel."""
    return [(b.label, b.custom_id) for row in message.components for b in row.children]


def post_requests(env, channel) -> list:
    return [r for r in env.http_requests if r.method == "POST" and r.path == f"/channels/{channel.id}/messages"]


async def test_a_rumor_post_says_what_it_is_how_far_to_trust_it_and_that_nothing_official_changed(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    await publish(
        net.home,
        outlet="Soompi",
        claim="Table read for season two held in Seoul.",
        status="rumor",
        url=URL,
        reported_on="2026-01-01",
    )
    await env.advance_time(5)
    [post] = posts(server.news)
    embed = post.embeds[0]
    assert embed.colour == discord.Colour(0xF1C40F)
    assert embed.title == "💬 Rumor · Soompi"
    assert embed.url == URL
    assert embed.description == "Table read for season two held in Seoul."
    assert field(embed, "How far to trust it").startswith("Low: unconfirmed talk")
    assert field(embed, "What it means for season 2") == (
        f"No change to the official word. Latest from {NETFLIX}, {SEP_23_2025}:\n"
        "> Netflix thanked fans for their interest and said a follow-up is being reviewed but nothing has been"
        " decided (후속편 제작은 현재 검토 중이다. 아직 확정된 내용은 없다.)."
    )
    assert field(embed, "Reported") == JAN_1_2026
    assert field(embed, "Read it") == f"[Soompi]({URL})"
    assert embed.footer.text == "Report #1 · shared with every fan server in the network"
    assert post_buttons(post) == [("Season 2 status", "hoc:ask:sequel")]

    # no ping at all without a subscription role
    [request] = post_requests(env, server.news)
    assert request.json["allowed_mentions"] == {"parse": []}
    assert "content" not in request.json or not request.json["content"]

    opened = await server.fan.click(post, label="Season 2 status")
    assert opened.ephemeral
    assert opened.response.embeds[0].title == "Season 2: where things stand"
    assert [f.name for f in opened.response.embeds[0].fields] == ["Official status", "Latest buzz (unconfirmed)"]


async def test_an_official_confirmation_says_it_is_now_the_official_word_and_what_it_replaces(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(net.home, outlet="Netflix", claim="Season 2 is confirmed.", status="confirmed")
    await env.advance_time(5)
    [post] = posts(net.servers[0].news)
    embed = post.embeds[0]
    assert embed.colour == discord.Colour(0x2ECC71)
    assert embed.title == "✅ Confirmed · Netflix"
    assert embed.url is None
    assert field(embed, "How far to trust it") == "Official: the makers have confirmed it."
    impact = field(embed, "What it means for season 2")
    assert impact.startswith(
        f"This is now the official word on season 2.\nIt replaces what {NETFLIX} said on {SEP_23_2025}:\n> "
    )
    assert field(embed, "Read it") == "Netflix · no link given"


@pytest.mark.parametrize(
    ("status", "colour", "title"),
    [
        ("report", 0x3498DB, "📰 Press report · Daily"),
        ("statement", 0x9B59B6, "📢 Official statement · Daily"),
        ("denied", 0xE74C3C, "❌ Denied · Daily"),
        ("cancelled", 0x992D22, "🛑 Cancelled · Daily"),
    ],
)
async def test_each_kind_of_news_has_its_own_colour_and_label(simcord_env, status, colour, title):
    env = simcord_env
    server = make_server(env, "fans")
    await subscribe(server)
    await publish(server, outlet="Daily", claim="Something about season 2.", status=status)
    await env.advance_time(5)
    [post] = posts(server.news)
    assert (post.embeds[0].colour, post.embeds[0].title) == (discord.Colour(colour), title)
    assert post.embeds[0].footer.text == "Report #1 · posted by this server's moderators"


async def test_the_preview_is_the_post_and_counts_the_report_it_previews(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    result = await net.home.mod.slash(
        net.home.general, "news report", outlet="Netflix", claim="Season 2 is officially denied.", status="denied"
    )
    embed = result.response.embeds[0]
    assert embed.title == "❌ Denied · Netflix"
    assert field(embed, "What it means for season 2").startswith("This is now the official word on season 2.")
    assert embed.footer.text.startswith("Report #… · ")


async def test_season_2_button_works_after_a_restart_and_a_retraction_after_it_keeps_the_design(simcord_env, make_bot):
    env = simcord_env
    net = await network(env, 1)
    server = net.servers[0]
    await publish(net.home, outlet="Soompi", claim="Cast seen at a script reading.", status="rumor", url=URL)
    await env.advance_time(5)

    await env.restart_bot(make_bot())
    [post] = posts(server.news)
    opened = await server.fan.click(post, label="Season 2 status")
    assert opened.ephemeral and opened.response.embeds[0].title == "Season 2: where things stand"

    await net.home.mod.slash(net.home.general, "news retract", report_id=1, reason="The outlet took it down.")
    await env.advance_time(5)
    [post] = posts(server.news)
    embed = post.embeds[0]
    assert embed.colour == discord.Colour.dark_grey()
    assert embed.title == "↩️ Retracted · Rumor · Soompi"
    assert (
        embed.description == "**Why it was retracted:** The outlet took it down.\n\n~~Cast seen at a script reading.~~"
    )
    assert field(embed, "How far to trust it") == "None: the moderators withdrew this report."
    assert field(embed, "What it means for season 2").startswith(
        f"None: a withdrawn report doesn't count. The official word stands with {NETFLIX}, {SEP_23_2025}:"
    )
    assert field(embed, "Read it") == f"[Soompi]({URL})"
    assert embed.footer.text == "Report #1 · shared with every fan server in the network · retracted"
    assert post_buttons(post) == [("Season 2 status", "hoc:ask:sequel")]
    opened = await server.fan.click(post, label="Season 2 status")
    assert "Cast seen at a script reading." not in str(opened.response.embeds[0].to_dict())


async def test_an_edited_post_says_so_and_what_the_new_status_changes(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    await publish(net.home, outlet="Netflix", claim="Netflix is said to be reviewing it.", status="rumor")
    await env.advance_time(5)
    await net.home.mod.slash(
        net.home.general, "news edit", report_id=1, status="statement", claim="Netflix: it is being planned."
    )
    await env.advance_time(5)
    [post] = posts(net.servers[0].news)
    embed = post.embeds[0]
    assert embed.title == "📢 Official statement · Netflix"
    assert embed.description == "Netflix: it is being planned."
    assert field(embed, "What it means for season 2").startswith("This is now the official word on season 2.")
    assert embed.footer.text.endswith(" · edited")
    assert post_buttons(post) == [("Season 2 status", "hoc:ask:sequel")]


async def test_a_korean_server_reads_its_posts_in_korean_and_an_english_one_in_english(simcord_env, locales):
    env = simcord_env
    net = await network(env, 1)
    korean = make_server(env, "한국 팬", preferred_locale="ko")
    locales.speak(korean.fan, "ko")
    await subscribe(korean)  # no language given: the server's own locale
    await publish(
        net.home, outlet="Soompi", claim="Table read held.", status="rumor", url=URL, reported_on="2026-01-01"
    )
    await env.advance_time(5)

    [post] = posts(korean.news)
    embed = post.embeds[0]
    assert embed.colour == discord.Colour(0xF1C40F)
    assert embed.title == "💬 루머 · Soompi"
    assert field(embed, "얼마나 믿을 만한가요").startswith("낮음:")
    impact = field(embed, "시즌 2에는")
    assert impact.startswith(f"공식 입장은 그대로예요. 최신 공식 입장은 {SEP_23_2025} {NETFLIX_KO}의 발표예요:\n> ")
    assert field(embed, "보도일") == JAN_1_2026
    assert field(embed, "원문") == f"[Soompi]({URL})"
    assert embed.footer.text == "보도 #1 · 네트워크의 모든 팬 서버에 공유된 소식"
    assert post_buttons(post) == [("시즌 2 현황", "hoc:ask:sequel")]
    opened = await korean.fan.click(post, label="시즌 2 현황")
    assert opened.ephemeral and opened.response.embeds[0].title == "시즌 2 현황"

    [english] = posts(net.servers[0].news)
    assert english.embeds[0].title == "💬 Rumor · Soompi"

    # the retracted copy, in Korean: the reason under its own label (the title already says 철회됨), and the
    # official word dated before the outlet, never "…등 보도)(2025년 9월 23일)"
    await net.home.mod.slash(net.home.general, "news retract", report_id=1, reason="매체가 기사를 내렸어요.")
    await env.advance_time(5)
    [post] = posts(korean.news)
    embed = post.embeds[0]
    assert embed.title == "↩️ 철회됨 · 루머 · Soompi"
    assert embed.description == "**철회 사유:** 매체가 기사를 내렸어요.\n\n~~Table read held.~~"
    impact = field(embed, "시즌 2에는")
    assert impact.startswith(
        f"없음: 철회된 보도는 반영되지 않아요. 현재 공식 입장은 {SEP_23_2025} {NETFLIX_KO}의 발표예요:\n> "
    )
    assert post_buttons(post) == [("시즌 2 현황", "hoc:ask:sequel")]


async def test_the_subscription_language_is_chosen_explicitly_shown_in_status_and_kept_on_resubscribe(
    simcord_env, locales
):
    env = simcord_env
    net = await network(env, 0)
    english_server = make_server(env, "fans")
    korean_server = make_server(env, "한국 팬", preferred_locale="ko")
    locales.speak(korean_server.mod, "ko")

    chosen = await english_server.mod.slash(
        english_server.general, "news subscribe", channel=english_server.news, language="ko"
    )
    assert chosen.response.content.startswith(f"News will be posted in {english_server.news.mention}, in 한국어")
    default = await korean_server.mod.slash(korean_server.general, "news subscribe", channel=korean_server.news)
    assert default.response.content == f"소식은 {korean_server.news.mention}에 올라가요 (언어: 한국어)."

    status = (await english_server.mod.slash(english_server.general, "news status")).response.embeds[0]
    assert field(status, "Posts in") == "한국어 (Korean)"
    status = (await korean_server.mod.slash(korean_server.general, "news status")).response.embeds[0]
    assert field(status, "게시 언어") == "한국어"

    # subscribing again to move or resume the news keeps the language chosen before
    moved = english_server.guild.create_text_channel("season-2")
    await english_server.mod.slash(english_server.general, "news subscribe", channel=moved)
    assert (await env.bot.store.subscriptions.get(english_server.guild.id)).language == "ko"

    await publish(net.home, outlet="Soompi", claim="Table read held.", status="rumor")
    await env.advance_time(5)
    assert posts(moved)[0].embeds[0].title == "💬 루머 · Soompi"
    assert posts(korean_server.news)[0].embeds[0].title == "💬 루머 · Soompi"
    assert posts(net.home.news)[0].embeds[0].title == "💬 Rumor · Soompi"

    back = await korean_server.mod.slash(
        korean_server.general, "news subscribe", channel=korean_server.news, language="en"
    )
    assert "English (영어)" in back.response.content
    await net.home.mod.slash(net.home.general, "news edit", report_id=1, claim="Table read held in Seoul.")
    await env.advance_time(5)
    assert posts(korean_server.news)[0].embeds[0].title == "💬 Rumor · Soompi"  # the edit renders in English now


async def test_a_report_with_a_korean_claim_reads_in_korean_where_posts_are_korean(simcord_env, locales):
    env = simcord_env
    net = await network(env, 1)
    korean = make_server(env, "한국 팬", preferred_locale="ko")
    locales.speak(korean.fan, "ko")
    await subscribe(korean)
    await publish(
        net.home,
        outlet="Netflix",
        claim="Season 2 is being planned.",
        claim_ko="시즌 2를 기획하고 있다.",
        status="statement",
    )
    await publish(net.home, outlet="Soompi", claim="Table read held.", claim_ko="대본 리딩이 열렸다.", status="rumor")
    await env.advance_time(5)

    statement, rumor = posts(korean.news)
    assert statement.embeds[0].description == "시즌 2를 기획하고 있다."
    assert rumor.embeds[0].description == "대본 리딩이 열렸다."
    assert field(rumor.embeds[0], "시즌 2에는").endswith("\n> 시즌 2를 기획하고 있다.")  # the official word, in Korean
    english = posts(net.servers[0].news)
    assert [p.embeds[0].description for p in english] == ["Season 2 is being planned.", "Table read held."]
    assert field(english[1].embeds[0], "What it means for season 2").endswith("\n> Season 2 is being planned.")

    korean_sequel = (await korean.fan.slash(korean.general, "sequel")).response.embeds[0]
    assert "시즌 2를 기획하고 있다." in field(korean_sequel, "공식 입장")
    english_sequel = (await net.servers[0].fan.slash(net.servers[0].general, "sequel")).response.embeds[0]
    assert "Season 2 is being planned." in field(english_sequel, "Official status")
    assert (await env.bot.store.reports.get(2)).claim_ko == "대본 리딩이 열렸다."


async def test_editing_the_claim_without_claim_ko_drops_the_korean_and_says_so(simcord_env, locales):
    env = simcord_env
    net = await network(env, 0)
    korean = make_server(env, "한국 팬", preferred_locale="ko")
    await subscribe(korean)
    await publish(net.home, outlet="Soompi", claim="Table read held.", claim_ko="대본 리딩이 열렸다.", status="rumor")
    await env.advance_time(5)

    edited = await net.home.mod.slash(net.home.general, "news edit", report_id=1, claim="Table read held in Seoul.")
    assert edited.response.content.endswith(
        "The claim changed without a new claim_ko, so Korean posts now show it in English."
        " Give claim_ko to add the Korean again."
    )
    await env.advance_time(5)
    [post] = posts(korean.news)
    assert post.embeds[0].description == "Table read held in Seoul."

    again = await net.home.mod.slash(
        net.home.general, "news edit", report_id=1, claim_ko="서울에서 대본 리딩이 열렸다."
    )
    assert "claim_ko" not in again.response.content
    await env.advance_time(5)
    [post] = posts(korean.news)
    assert post.embeds[0].description == "서울에서 대본 리딩이 열렸다."
    assert post.embeds[0].footer.text.endswith(" · 수정됨")


async def test_a_bad_korean_claim_is_refused_like_a_bad_claim_and_writes_nothing(simcord_env):
    from tests.conftest import user_errors

    env = simcord_env
    net = await network(env, 0)
    blank = await net.home.mod.slash(
        net.home.general, "news report", outlet="Soompi", claim="Table read.", status="rumor", claim_ko="\u3164 "
    )
    assert blank.ephemeral and blank.response.content.startswith("The claim_ko can't be blank.")
    assert not blank.response.components
    long = await net.home.mod.slash(
        net.home.general, "news report", outlet="Soompi", claim="Table read.", status="rumor", claim_ko="가" * 3001
    )
    assert long.response.content.startswith("The claim_ko is 3001 characters long; a post holds at most 3000.")
    await env.advance_time(5)
    assert len(user_errors(env)) == 2
    assert await env.bot.store.db.fetch_value("SELECT count(*) FROM news_reports") == 0


def preview_rows(message) -> list[list[tuple[str | None, str | None]]]:
    """(label, custom_id) of the buttons under a preview, row by row."""
    return [[(b.get("label"), b.get("custom_id")) for b in row["components"]] for row in message.components]


async def test_the_preview_shows_the_post_in_english_and_in_korean_with_its_season_2_button(simcord_env):
    env = simcord_env
    net = await network(env, 1)
    result = await net.home.mod.slash(
        net.home.general,
        "news report",
        outlet="Soompi",
        claim="Table read held.",
        claim_ko="대본 리딩이 열렸다.",
        status="rumor",
        url=URL,
        reported_on="2026-01-01",
    )
    preview = result.response
    english, korean = preview.embeds
    assert (english.title, english.description) == ("💬 Rumor · Soompi", "Table read held.")
    assert field(english, "How far to trust it").startswith("Low:")
    assert (korean.title, korean.description) == ("💬 루머 · Soompi", "대본 리딩이 열렸다.")
    assert korean.colour == english.colour == discord.Colour(0xF1C40F)
    assert field(korean, "시즌 2에는").endswith(
        "\n> 넷플릭스는 관심에 감사하다며, 후속편 제작은 현재 검토 중이고 아직 확정된 내용은 없다고 밝혔다."
    )
    assert (field(korean, "보도일"), field(korean, "원문")) == (JAN_1_2026, f"[Soompi]({URL})")
    assert "servers reading Korean the Korean one; both are below." in preview.content
    season_2 = preview_rows(preview)[1]
    assert season_2 == [("Season 2 status", "hoc:ask:sequel")]  # the post's own button, on a row of its own

    opened = await net.home.mod.click(preview, label="Season 2 status")
    assert opened.ephemeral and opened.response.embeds[0].title == "Season 2: where things stand"
    assert await env.bot.store.reports.get(1) is None  # pressing it published nothing

    await net.home.mod.click(preview, label="Publish")
    await env.advance_time(5)
    [post] = posts(net.servers[0].news)
    shown, sent = english.to_dict(), post.embeds[0].to_dict()
    assert sent | {"footer": shown["footer"]} == shown  # the post is what the preview showed, numbered #1 now
    assert sent["footer"]["text"] == "Report #1 · shared with every fan server in the network"
    assert post_buttons(post) == season_2


async def test_a_korean_moderator_sees_the_korean_post_first_and_is_told_when_the_claim_stays_english(
    simcord_env, locales
):
    env = simcord_env
    home = make_server(env, "본진", id=HOME_GUILD_ID, preferred_locale="ko")
    locales.speak(home.mod, "ko")
    both = await home.mod.slash(
        home.general, "news report", outlet="Soompi", claim="Table read held.", claim_ko="대본 리딩.", status="rumor"
    )
    assert [e.title for e in both.response.embeds] == ["💬 루머 · Soompi", "💬 Rumor · Soompi"]
    assert "영어 서버에는 영어판이, 한국어 서버에는 한국어판이 올라가요." in both.response.content
    assert [[label for label, _ in row] for row in preview_rows(both.response)] == [["게시", "취소"], ["시즌 2 현황"]]

    english_only = await home.mod.slash(
        home.general, "news report", outlet="Soompi", claim="Table read held.", status="rumor"
    )
    [embed] = english_only.response.embeds
    assert (embed.title, embed.description) == ("💬 루머 · Soompi", "Table read held.")
    assert (
        "한국어 서버에도 한국어로 올라가지만 내용 옵션은 입력한 그대로 보여요."
        " 한국어로도 쓰려면 한국어내용 옵션을 채워 주세요." in english_only.response.content
    )
    assert preview_rows(english_only.response)[1] == [("시즌 2 현황", "hoc:ask:sequel")]
