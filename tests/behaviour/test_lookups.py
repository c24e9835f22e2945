"""A fan looks things up: /series, /character, /cast, /episode, /sequel, /help, /about, through simcord."""

from __future__ import annotations

import discord
import pytest

from tests.conftest import user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name)


async def test_series_overview(world):
    _env, general, fan = world
    result = await fan.slash(general, "series")
    assert not result.ephemeral
    embed = result.response.embeds[0]
    assert "The Trauma Code: Heroes on Call" in embed.title and "중증외상센터" in embed.title
    assert field(embed, "Where to watch").startswith("Netflix")
    assert "24 January 2025" in field(embed, "Released")
    assert field(embed, "Episodes") == "8"
    assert "Lee Do-yoon" in field(embed, "Director")
    assert "Choi Tae-kang" in field(embed, "Screenwriter")
    assert "Hansanleega" in field(embed, "Original work") or "한산이가" in field(embed, "Original work")
    assert "Studio N" in field(embed, "Production")
    assert "nothing" in field(embed, "Season 2").lower() or "review" in field(embed, "Season 2").lower()


@pytest.mark.parametrize("typed", ["Baek Kang-hyuk", "baek kanghyuk", "백강혁", "BAEK GANG-HYEOK", "baek kang hyuk"])
async def test_character_by_any_spelling(world, typed):
    _env, general, fan = world
    result = await fan.slash(general, "character", name=typed)
    embed = result.response.embeds[0]
    assert embed.title.startswith("Baek Kang-hyuk (백강혁)")
    assert "Ju Ji-hoon" in field(embed, "Played by")
    nicknames = " ".join(f.value for f in embed.fields)
    assert "trauma" in (embed.description or "").lower()
    assert "Ju Ji-hoon" in nicknames


async def test_character_nicknames_and_cross_link_to_actor(world):
    _env, general, fan = world
    result = await fan.slash(general, "character", name="yang jaewon")
    embed = result.response.embeds[0]
    assert embed.title.startswith("Yang Jae-won (양재원)")
    assert "항문" in field(embed, "Nicknames")
    assert "Baek Kang-hyuk" in field(embed, "Relationships")

    clicked = await fan.click(result.response, label="Actor: Choo Young-woo")
    assert clicked.ephemeral
    actor = clicked.response.embeds[0]
    assert actor.title == "Choo Young-woo (추영우)"
    assert "Yang Jae-won" in field(actor, "Plays")


async def test_nurse_nickname_and_years(world):
    _env, general, fan = world
    embed = (await fan.slash(general, "character", name="Chun Jang-mi")).response.embeds[0]
    assert embed.title.startswith("Cheon Jang-mi")
    assert "조폭" in field(embed, "Nicknames")
    assert "Ha Young" in field(embed, "Played by")
    assert "5" in field(embed, "On the trauma team")


async def test_cast_with_works_and_link_back(world):
    _env, general, fan = world
    result = await fan.slash(general, "cast", name="joo ji hoon")
    embed = result.response.embeds[0]
    assert embed.title == "Ju Ji-hoon (주지훈)"
    assert "Baek Kang-hyuk" in field(embed, "Plays")
    assert "Kingdom" in field(embed, "Other notable works")
    assert "Baeksang" in field(embed, "Awards")
    back = await fan.click(result.response, label="Character: Baek Kang-hyuk")
    assert back.response.embeds[0].title.startswith("Baek Kang-hyuk")


async def test_cast_in_hangul(world):
    _env, general, fan = world
    embed = (await fan.slash(general, "cast", name="하영")).response.embeds[0]
    assert embed.title.startswith("Ha Young")
    assert "Cheon Jang-mi" in field(embed, "Plays")


async def test_autocomplete_offers_the_right_names(world):
    _env, general, fan = world
    choices = await fan.autocomplete(general, "character", "name", "yang")
    assert choices[0]["name"].startswith("Yang Jae-won")
    assert len(choices) <= 25
    hangul = await fan.autocomplete(general, "cast", "name", "주지")
    assert hangul[0]["name"].startswith("Ju Ji-hoon")
    everyone = await fan.autocomplete(general, "cast", "name", "")
    assert 1 <= len(everyone) <= 25
    # the chosen value is the key; the command accepts it
    chosen = await fan.slash(general, "character", name=choices[0]["value"])
    assert chosen.response.embeds[0].title.startswith("Yang Jae-won")


async def test_a_miss_suggests_only_close_names(world):
    env, general, fan = world
    close = await fan.slash(general, "character", name="Baek Kang")  # a clear prefix is taken as meant
    assert close.response.embeds[0].title.startswith("Baek Kang-hyuk")

    ambiguous = await fan.slash(general, "cast", name="Kim")
    assert ambiguous.ephemeral
    assert "Did you mean" in ambiguous.response.content
    for actor in ("Kim Sun-young", "Kim Eui-sung", "Kim Won-hae"):
        assert actor in ambiguous.response.content

    nobody = await fan.slash(general, "character", name="Namgoong Min")
    assert nobody.ephemeral
    assert "don't know" in nobody.response.content
    assert "Did you mean" not in nobody.response.content
    assert len(user_errors(env)) == 2


async def test_episode_with_known_and_unknown_titles(world):
    _env, general, fan = world
    first = (await fan.slash(general, "episode", number=1)).response.embeds[0]
    assert first.title == "Episode 1: Enter Doctor Maniac"
    plot = first.fields[0].value
    assert plot.count("||") >= 2 and plot.count("||") % 2 == 0
    third = (await fan.slash(general, "episode", number=3)).response.embeds[0]
    assert third.title == "Episode 3"
    assert "not in our sources" in third.description
    last = (await fan.slash(general, "episode", number=8)).response.embeds[0]
    assert "Patient: Baek Kang-hyuk" in last.title


async def test_episode_out_of_range_is_refused_by_the_library(world):
    _env, general, fan = world
    with pytest.raises(Exception):  # noqa: B017 - simcord refuses what the Discord client would not send
        await fan.slash(general, "episode", number=9)


async def test_sequel_status_and_timeline_pages(world):
    _env, general, fan = world
    result = await fan.slash(general, "sequel")
    page = result.response.embeds[0]
    official = field(page, "Official status")
    assert "Netflix" in official and "2025" in official
    assert "official statement" in official
    buzz = field(page, "Latest buzz (unconfirmed)")
    assert "2026" in buzz
    nxt = await fan.click(result.response, label="Next")
    timeline = nxt.response.embeds[0] if nxt.response else None
    message = general.last_message if timeline is None else None
    embed = timeline or message.embeds[0]
    assert "Timeline" in embed.title
    assert "2026" in embed.description


async def test_help_lists_every_command_and_about_answers(world):
    _env, general, fan = world
    help_text = (await fan.slash(general, "help")).response.embeds[0].description
    for name in ("series", "character", "cast", "episode", "sequel", "help", "about"):
        assert f"/{name}" in help_text
    about = (await fan.slash(general, "about")).response.embeds[0]
    assert field(about, "Version") == "0.1.0"
    assert field(about, "Servers") == "1"


async def test_only_the_asker_turns_the_sequel_pages(world):
    env, general, fan = world
    other = env.guild.add_member(env.create_user("other fan"))
    result = await fan.slash(general, "sequel")
    refused = await other.click(result.response, label="Next")
    assert refused.ephemeral
    assert "Only the person who ran the command" in refused.response.content
    assert result.response.message.embeds[0].footer.text.startswith("Page 1")


async def test_cross_link_buttons_still_work_after_a_restart(world, make_bot):
    env, general, fan = world
    result = await fan.slash(general, "character", name="Baek Kang-hyuk")
    await env.restart_bot(make_bot())
    clicked = await fan.click(result.response, label="Actor: Ju Ji-hoon")
    assert clicked.response.embeds[0].title == "Ju Ji-hoon (주지훈)"


async def test_sequel_pages_still_turn_after_a_restart_and_only_for_the_asker(world, make_bot):
    env, general, fan = world
    other = env.guild.add_member(env.create_user("other fan"))
    result = await fan.slash(general, "sequel")
    first = result.response.embeds[0].footer.text
    assert first.startswith("Page 1")
    await env.restart_bot(make_bot())  # the pages were shown by the process before this one

    refused = await other.click(result.response, label="Next")
    assert refused.ephemeral and "Only the person who ran the command" in refused.response.content
    turned = await fan.click(result.response, label="Next")
    assert turned.response.embeds[0].footer.text.startswith("Page 2")
    assert "Timeline" in turned.response.embeds[0].title
    await env.restart_bot(make_bot())
    back = await fan.click(turned.response, label="Previous")
    assert back.response.embeds[0].footer.text == first
    assert [b.get("disabled", False) for row in back.response.components for b in row["components"]] == [True, False]


async def test_season_2_pages_opened_from_a_button_still_turn_after_a_restart(world, make_bot):
    env, general, fan = world
    answer = await fan.slash(general, "ask", question="is there a season 2?")
    status = await fan.click(answer.response, label="Season 2 status")
    assert status.ephemeral and status.response.embeds[0].footer.text.startswith("Page 1")
    await env.restart_bot(make_bot())
    turned = await fan.click(status.response, label="Next")
    assert turned.response.embeds[0].footer.text.startswith("Page 2")
