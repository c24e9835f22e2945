"""Question normalisation: Korean particles come off names, hyphenated names are remembered."""

from __future__ import annotations

import pytest

from bot.knowledge.ask.normalize import content_words, parse
from bot.knowledge.names import strip_particles


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("주지훈이", "주지훈"),
        ("백강혁은", "백강혁"),
        ("양재원의", "양재원"),
        ("백강혁역은", "백강혁"),
        ("재원이는", "재원"),
    ],
)
def test_particles_come_off(word, stem):
    assert strip_particles(word)[-1] == stem


def test_short_words_keep_their_last_syllable():
    assert strip_particles("하영") == ["하영"]  # 영 is not a particle here; two syllables are the minimum stem


def test_question_language_and_tokens():
    english = parse("Who's Baek's mentor, Yang Jae-won?")
    assert english.language == "en"
    assert english.tokens == ("who", "baek", "mentor", "yang", "jae", "won")
    assert 4 in english.hyphenated
    assert parse("백강혁 역은 누가 맡았어?").language == "ko"


def test_content_words_ignore_question_words_and_particles():
    assert content_words(parse("천장미는 누구야?")) == {"천장미"}
    assert content_words(parse("Where can I watch it?")) == {"watch"}


def test_korean_cues_are_read_within_words_and_across_the_spaces_they_allow():
    from bot.knowledge.ask import cues, intents

    rules = cues.rules({})
    # 주연 (lead actor) is not read out of 주 (weeks) + 연속 (in a row); 주연 itself still is
    assert not intents.detect(parse("오겜2 몇 주 연속 1위 하다가 밀린 거임"), rules).score(cues.CAST_LIST)
    assert intents.detect(parse("주연 배우 누구야"), rules).score(cues.CAST_LIST)
    # a cue that spells an optional space reads both ways of typing it
    assert intents.detect(parse("몇 부작이야"), rules).score(cues.EPISODES)
    assert intents.detect(parse("몇부작이야"), rules).score(cues.EPISODES)
    # season 1 is this show, not a sequel
    assert not intents.detect(parse("시즌1 공개일이 언제였죠"), rules).score(cues.SEQUEL)


def test_romanized_korean_is_read_as_the_hangul_words_the_bot_knows():
    from bot.knowledge.ask.romanized import Reader, romanize

    # as pronounced: a final joins the vowel after it, and 'ㄹ' after 'ㅇ' sounds 'n'
    assert romanize("있어") == "isseo" and romanize("청룡") == "cheongnyong"
    reader = Reader(["한국대학교 대학교에 영화 출연", "청룡 신인상", "연기"], keep=frozenset({"daehak"}))
    # spellings fans mix up fold together; a word typed in two parts is read whole; names and particles aside
    assert reader.hangul(["baek", "eun", "yeonghwa", "cheongryong", "sinin", "sang"]) == [
        "baek", "영화", "청룡", "신인상",
    ]  # fmt: skip
    assert reader.hangul(["kim", "nuga", "yeon", "gi"]) == ["kim", "누가", "연기"]
    # a word the bot keeps as English (the data's or the cues') stays, and one Korean-looking word is not enough
    assert reader.hangul(["daehak", "yeonghwa"]) == ["daehak", "yeonghwa"]


def test_the_speller_does_not_correct_a_word_into_its_own_inflection():
    from bot.knowledge.ask.spelling import Speller

    speller = Speller(frozenset({"costs", "cast"}), frozenset())
    assert speller.word("cost") == "cost" and speller.word("csts") == "costs"
