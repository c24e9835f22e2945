"""A Korean fan's Discord: /help names the commands as their client lists them, and answers come in Korean,
while an English-speaking fan in the same server still reads English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.simcord(strict_sync=False)


async def test_help_lists_the_commands_in_the_readers_language(simcord_env, locales):
    env = simcord_env
    guild = env.create_guild("팬 서버")
    general = guild.create_text_channel("general")
    korean = guild.add_member(env.create_user("korean fan"))
    english = guild.add_member(env.create_user("english fan"))
    locales.speak(korean, "ko")

    card = (await korean.slash(general, "help")).response.embeds[0]
    assert card.title == "사용할 수 있는 명령어"
    lines = card.description.splitlines()
    for line in (
        "**/인물**: 등장인물: 배우, 역할, 별명, 관계.",
        "**/시즌2**: 시즌 2 소식: 공식 입장, 최근 소식, 보도 타임라인.",
    ):
        assert line in lines
    assert "/character" not in card.description and "/sequel" not in card.description
    assert card.footer.text.startswith("운영진: /소식 명령어는")

    card = (await english.slash(general, "help")).response.embeds[0]
    assert "**/character**: A character: who plays them, their role, nicknames and relationships." in card.description
    assert "/인물" not in card.description
    assert card.footer.text.startswith("Moderators: /news is only visible")


async def test_a_korean_fan_reads_korean_in_an_english_server(simcord_env, locales):
    env = simcord_env
    guild = env.create_guild("Fans")
    general = guild.create_text_channel("general")
    fan = guild.add_member(env.create_user("fan"))
    locales.speak(fan, "ko")
    sequel = (await fan.slash(general, "sequel")).response.embeds[0]
    assert sequel.title == "시즌 2 현황"
    assert [f.name for f in sequel.fields] == ["공식 입장", "최근 소식 (미확인)"]
