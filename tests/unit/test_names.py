"""Name matching forgives case, spacing, hyphens, romanization variants, Hangul and small typos."""

from __future__ import annotations

import pytest

from bot.knowledge.index import Entity, NameIndex
from bot.knowledge.names import name_key

PEOPLE = NameIndex(
    [
        Entity("actor", "ju-ji-hoon", "Ju Ji-hoon (주지훈)", ("Ju Ji-hoon", "주지훈", "Joo Ji-hoon")),
        Entity("actor", "choo-young-woo", "Choo Young-woo (추영우)", ("Choo Young-woo", "추영우")),
        Entity("actor", "yoon-kyung-ho", "Yoon Kyung-ho (윤경호)", ("Yoon Kyung-ho", "윤경호")),
        Entity("actor", "kim-eui-sung", "Kim Eui-sung (김의성)", ("Kim Eui-sung", "김의성")),
        Entity("actor", "kim-sun-young", "Kim Sun-young (김선영)", ("Kim Sun-young", "김선영")),
        Entity("character", "baek-kang-hyuk", "Baek Kang-hyuk (백강혁)", ("Baek Kang-hyuk", "백강혁")),
        Entity("character", "cheon-jang-mi", "Cheon Jang-mi (천장미)", ("Cheon Jang-mi", "천장미")),
        Entity("character", "han-yu-rim", "Han Yu-rim (한유림)", ("Han Yu-rim", "한유림")),
        Entity("character", "kang-myung-hui", "Kang Myung-hui (강명희)", ("Kang Myung-hui", "강명희")),
    ]
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ju Ji-hoon", "joo jihoon"),
        ("Choo Young-woo", "Chu Yeong-woo"),
        ("Yoon Kyung-ho", "yoon gyeong-ho"),
        ("Han Yu-rim", "Han Yoo-rim"),
        ("Cheon Jang-mi", "Chun Jang Mi"),
        ("Kang Myung-hui", "kang myung-hee"),
        ("Baek Kang-hyuk", "BAEK GANG-HYEOK"),
        ("백강혁", "백 강혁"),
    ],
)
def test_variants_share_one_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("query", "kind", "key"),
    [
        ("baek kanghyuk", "character", "baek-kang-hyuk"),
        ("Baek Kang Hyeok", "character", "baek-kang-hyuk"),
        ("백강혁", "character", "baek-kang-hyuk"),
        ("baek kanghyk", "character", "baek-kang-hyuk"),  # a dropped letter
        ("cheon jangmi", "character", "cheon-jang-mi"),
        ("Joo Ji Hoon", "actor", "ju-ji-hoon"),
        ("ju jihon", "actor", "ju-ji-hoon"),
        ("주지훈", "actor", "ju-ji-hoon"),
        ("chu yeongwoo", "actor", "choo-young-woo"),
        ("kim eui-sung", "actor", "kim-eui-sung"),
    ],
)
def test_resolves_what_fans_type(query, kind, key):
    match = PEOPLE.resolve(query, kind)
    assert match is not None and match.key == key


def test_ambiguous_family_name_is_not_guessed():
    assert PEOPLE.resolve("Kim", "actor") is None
    assert {m.key for m in PEOPLE.search("Kim", "actor")} == {"kim-eui-sung", "kim-sun-young"}


def test_unknown_name_gets_no_confident_match_and_no_far_suggestions():
    assert PEOPLE.resolve("Namgoong Min", "actor") is None
    assert PEOPLE.suggest("zzzz qqqq", "actor") == []


def test_autocomplete_prefix_and_limit():
    assert [m.key for m in PEOPLE.search("ch", "actor")][:1] == ["choo-young-woo"]
    assert len(PEOPLE.search("", "character")) == 4
    assert len(PEOPLE.search("", "character", limit=2)) == 2


def test_second_word_prefix_matches():
    assert PEOPLE.search("kang", "character")[0].key in {"baek-kang-hyuk", "kang-myung-hui"}
    assert {m.key for m in PEOPLE.search("kang", "character")[:2]} == {"baek-kang-hyuk", "kang-myung-hui"}
