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
