"""A Korean moderator's /news, end to end: every refusal, confirmation and status they can meet reads in Korean,
names options and commands the way their client lists them (`한국어내용`, `/소식 구독`), and leaves no English word
behind, while an English moderator still reads the English option names."""

from __future__ import annotations

import re

import discord
import pytest

from bot.i18n import catalog
from tests.behaviour._news import make_server, publish
from tests.conftest import HOME_GUILD_ID, user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)

# Latin letters a Korean sentence may keep: the date format it asks for, the link schemes, and the outlets the
# seeded Netflix statement went to, named as the sources spell them (data/sequel.toml's outlet_ko).
ALLOWED_LATIN = {"YYYY", "MM", "DD", "http", "https", "OSEN", "Edaily", "Sports", "Seoul", "Newsen"}
LATIN = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> set[str]:
    """Latin words in what the bot wrote, leaving out Discord markup (mentions, timestamps, links) and code spans
    (what the moderator typed, quoted back; identifiers such as a process's)."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<[@#&!:t][^>]*>|@everyone", "", text)
    text = re.sub(r"https?://\S+", "", text)
    return set(LATIN.findall(text)) - ALLOWED_LATIN


def shown(result) -> str:
    """Everything a reply shows: its text, embeds and buttons."""
    message = result.response
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    parts += [item.get("label", "") for row in message.components for item in row.get("components", [])]
    return "\n".join(parts)


async def test_every_news_answer_a_korean_moderator_meets_is_korean(simcord_env, locales):
    env = simcord_env
    home = make_server(env, "본진", id=HOME_GUILD_ID, preferred_locale="ko")
    mod = home.mod
    locales.speak(mod, "ko")
    locked = home.guild.create_text_channel(
        "잠긴-채널", overwrites={home.guild.me: discord.PermissionOverwrite(send_messages=False, embed_links=False)}
    )
    seen: dict[str, str] = {}

    async def run(name: str, command: str, **options) -> str:
        result = await mod.slash(home.general, command, **options)
        assert result.ephemeral, name
        seen[name] = shown(result)
        return seen[name]

    await run("status before subscribing", "news status")
    await run("unsubscribe while not subscribed", "news unsubscribe")
    await run("announce without a channel", "news announce", title="공지", message="금요일 밤 8시")
    assert await run("subscribe where the bot cannot post", "news subscribe", channel=locked) == (
        f"{locked.mention}에 글을 올릴 수 없어요: 메시지 보내기, 링크 첨부 권한이 없어요."
        " 그 채널에서 권한을 주거나 다른 채널을 골라 주세요."
    )
    await run("subscribe with @everyone", "news subscribe", channel=home.news, role=home.guild.default_role)
    await run("subscribe", "news subscribe", channel=home.news)
    await run("status", "news status")

    async def report(name: str, **changes) -> str:
        options = {"outlet": "스포츠동아", "claim": "대본", "status": "rumor"} | changes
        return await run(name, "news report", **options)

    assert (await report("blank outlet", outlet=" ")).startswith("매체 옵션을 비워 둘 수 없어요.")
    assert (await report("long Korean claim", claim_ko="가" * 3001)).startswith(
        "한국어내용 옵션이 3001자예요. 게시물에는 최대 3000자까지 들어가요."
    )
    await report("bad link", url="ftp://x")
    assert (await report("long link", url="https://a.kr/" + "a" * 500)).startswith("링크 옵션이 513자예요.")
    await report("bad date", reported_on="2026-13-01")
    await report("future date", reported_on="2062-01-01")
    preview = await mod.slash(home.general, "news report", outlet="스포츠동아", claim="대본 리딩", status="rumor")
    seen["preview"] = shown(preview)
    click = await mod.click(preview.response, label="게시")
    seen["published"] = shown(click)
    await env.advance_time(5)
    seen["delivered"] = shown(click)  # the same message, edited as the deliveries finish

    assert (await run("nothing to edit", "news edit", report_id=1)) == (
        "무엇을 바꿀지 알려 주세요: 내용, 한국어내용, 종류, 링크, 보도일 중 하나 이상이 필요해요."
    )
    await run("edit a report that does not exist", "news edit", report_id=99, claim="새 내용")
    await run("edit with a blank claim", "news edit", report_id=1, claim=" ")
    edited = await run("edit the claim alone", "news edit", report_id=1, claim="서울에서 대본 리딩")
    assert "내용 옵션이 바뀌었는데 한국어내용 옵션은 주지 않아서" in edited
    await run("retract with a blank reason", "news retract", report_id=1, reason=" ")
    await run("retract", "news retract", report_id=1, reason="매체가 기사를 내렸어요")
    await run("edit a retracted report", "news edit", report_id=1, claim="다시")
    await run("announce a blank title", "news announce", title=" ", message="금요일 밤 8시")
    announce = await mod.slash(home.general, "news announce", title="공지", message="금요일 밤 8시")
    seen["announcement preview"] = shown(announce)
    await run("unsubscribe", "news unsubscribe")

    # a moderator demoted after the preview presses Publish: the permission is named as Discord's settings do
    again = await mod.slash(home.general, "news report", outlet="스포츠동아", claim="대본", status="rumor")
    env.backend.remove_member_role(home.guild.id, mod.id, home.guild.roles["mods"].id)
    refused = await mod.click(again.response, label="게시")
    seen["demoted"] = refused.response.content
    assert seen["demoted"] == "이 작업에는 서버 관리하기 권한이 필요해요."

    leftovers = {name: words for name, text in seen.items() if (words := english_words(text))}
    assert leftovers == {}
    # every command the answers name is the one a Korean client lists
    assert "/소식 구독" in seen["status before subscribing"]
    assert "/news" not in "\n".join(seen.values())
    assert len(user_errors(env)) >= 15


async def test_an_english_moderator_reads_the_english_option_and_command_names(simcord_env):
    env = simcord_env
    home = make_server(env, "home", id=HOME_GUILD_ID)
    result = await home.mod.slash(home.general, "news report", outlet="Soompi", claim="c", status="rumor", claim_ko=" ")
    assert result.response.content.startswith("The claim_ko can't be blank.")
    nothing = await home.mod.slash(home.general, "news edit", report_id=1)
    assert nothing.response.content == (
        "Tell me what to change: give at least one of claim, claim_ko, status, url, reported_on."
    )
    status = await home.mod.slash(home.general, "news status")
    assert "Run /news subscribe to choose a news channel." in status.response.embeds[0].description
    await publish(home)
    user_errors(env)


def test_no_sentence_spells_a_command_name_itself():
    """Commands are named through `{cmd_...}` placeholders, filled from the command catalog, so a renamed or
    newly localized command reads the same in every sentence as in the client's command list."""
    names = {
        value.lstrip("/")
        for language in ("en", "ko")
        for key, value in catalog(language).items()
        if key.startswith("commands.") and key.endswith(".name") and ".options." not in key
    }
    spelled = re.compile(r"(?<![\w/])/(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")
    offending = {
        f"{language}:{key}": value
        for language in ("en", "ko")
        for key, value in catalog(language).items()
        if not key.startswith(("sandbox.", "commands.")) and spelled.search(value)
    }
    assert offending == {}


def field_value(result, name: str) -> str:
    return next(f.value for f in result.response.embeds[0].fields if f.name == name)


async def test_why_a_delivery_failed_is_told_in_the_readers_language(simcord_env, locales):
    """The failure is stored once, as a reason and its parameters; each moderator reads it in their own
    language (Discord's own words, such as "Invalid Form Body", stay as Discord wrote them)."""
    env = simcord_env
    home = make_server(env, "본진", id=HOME_GUILD_ID, preferred_locale="ko")
    picky = make_server(env, "팬서버", preferred_locale="ko")
    locked = make_server(env, "잠김", preferred_locale="ko")
    for server in (home, picky, locked):
        locales.speak(server.mod, "ko")
        await server.mod.slash(server.general, "news subscribe", channel=server.news)
    env.inject_error(
        "POST", f"/channels/{picky.news.id}/messages", status=400, code=50035, message="Invalid Form Body", times=1
    )
    env.inject_error(
        "POST", f"/channels/{locked.news.id}/messages", status=403, code=50013, message="Missing Permissions"
    )
    preview = await home.mod.slash(
        home.general, "news report", outlet="Xportsnews", claim="시즌 2 제작 중.", status="report"
    )
    click = await home.mod.click(preview.response, label=catalog("ko")["news.publish"])
    await env.advance_time(10)

    board = click.response.content
    assert "-# 실패 (1): Discord가 받아 주지 않았어요: 400 Invalid Form Body (코드 50035)" in board
    assert "-# 실패 (1): 403 Missing Permissions (코드 50013)" in board
    assert "refused" not in board and "code" not in board

    status = await picky.mod.slash(picky.general, "news status")
    assert "(Discord가 받아 주지 않았어요: 400 Invalid Form Body (코드 50035))" in field_value(status, "최근 전달")
    status = await locked.mod.slash(locked.general, "news status")
    assert "-# 403 Missing Permissions (코드 50013)" in field_value(status, "상태")  # why it was paused

    locales.speak(picky.mod, "en")  # the same row, read by someone whose Discord is in English
    status = await picky.mod.slash(picky.general, "news status")
    assert "(Discord refused it: 400 Invalid Form Body (code 50035))" in field_value(status, "Last deliveries")
