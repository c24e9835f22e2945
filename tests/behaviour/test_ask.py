"""A fan asks free-text questions with /ask: the answer card, its buttons, the cooldown and bad inputs."""

from __future__ import annotations

import logging

import pytest

from cogs.ask import COOLDOWN_PER, COOLDOWN_RATE
from tests.conftest import user_errors

pytestmark = pytest.mark.simcord(strict_sync=False)


async def test_english_question_answered_with_source_and_cross_links(world):
    _env, general, fan = world
    result = await fan.slash(general, "ask", question="who plays the nurse?")
    assert not result.ephemeral
    embed = result.response.embeds[0]
    assert "Cheon Jang-mi" in embed.description and "Ha Young" in embed.description
    assert embed.footer.text.startswith("Source: ")

    character = await fan.click(result.response, label="Character: Cheon Jang-mi")
    assert character.ephemeral
    assert character.response.embeds[0].title.startswith("Cheon Jang-mi (천장미)")
    actor = await fan.click(result.response, label="Actor: Ha Young")
    assert actor.response.embeds[0].title == "Ha Young (하영)"


async def test_korean_question_answered_in_korean(world):
    _env, general, fan = world
    result = await fan.slash(general, "ask", question="백강혁 역은 누가 맡았어?")
    embed = result.response.embeds[0]
    assert "주지훈" in embed.description and "백강혁" in embed.description
    assert embed.footer.text.startswith("출처: ")
    card = await fan.click(result.response, label="배우: 주지훈")
    assert card.response.embeds[0].title == "Ju Ji-hoon (주지훈)"


async def test_unknown_actor_is_not_guessed(world):
    _env, general, fan = world
    result = await fan.slash(general, "ask", question="who plays ma tae-rim")
    text = result.response.embeds[0].description
    assert "Ma Tae-rim" in text and "/character" in text
    for actor in ("Ju Ji-hoon", "Choo Young-woo", "Ha Young", "Yoon Kyung-ho", "Jung Jae-kwang", "Kim "):
        assert actor not in text


async def test_a_korean_fan_is_pointed_at_commands_by_the_names_their_client_shows(world, locales):
    # The engine says which command might help; the card names it as a Korean client lists it (/인물, /회차 번호:8).
    _env, general, fan = world
    locales.speak(fan, "ko")
    text = (await fan.slash(general, "ask", question="박경원 키 몇이야?")).response.embeds[0].description
    assert "/인물 명령어도 써 보세요." in text and "/character" not in text
    text = (await fan.slash(general, "ask", question="8화 제목 뭐야?")).response.embeds[0].description
    assert "/회차 번호:8" in text and "/episode" not in text and "number:" not in text


async def test_sequel_question_has_a_button_to_the_sequel_status(world):
    _env, general, fan = world
    result = await fan.slash(general, "ask", question="is there a season 2?")
    text = result.response.embeds[0].description
    assert "not officially confirmed" in text and "Netflix" in text
    status = await fan.click(result.response, label="Season 2 status")
    assert status.ephemeral
    assert status.response.embeds[0].title == "Season 2: where things stand"


async def test_cooldown_is_a_friendly_private_message_not_an_error_log(world, caplog):
    env, general, fan = world
    for _ in range(COOLDOWN_RATE):
        assert not (await fan.slash(general, "ask", question="how many episodes?")).ephemeral
    with caplog.at_level(logging.INFO):
        blocked = await fan.slash(general, "ask", question="how many episodes?")
    assert blocked.ephemeral
    assert "Try again in" in blocked.response.content
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert user_errors(env) == ["CommandOnCooldown"]

    other = general.guild.add_member(env.create_user("other fan"))
    assert not (await other.slash(general, "ask", question="how many episodes?")).ephemeral

    await env.advance_time(COOLDOWN_PER + 1)
    again = await fan.slash(general, "ask", question="how many episodes?")
    assert not again.ephemeral and "8" in again.response.embeds[0].description


@pytest.mark.parametrize(
    ("question", "expected"),
    [("   ", "Type a question after /ask"), ("why " * 80, "too long (319 characters)")],
)
async def test_blank_or_over_long_question_gets_a_clear_private_message(world, question, expected):
    env, general, fan = world
    result = await fan.slash(general, "ask", question=question)
    assert result.ephemeral
    assert expected in result.response.content
    assert not result.response.embeds
    assert len(user_errors(env)) == 1
