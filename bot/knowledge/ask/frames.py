"""Question frames that sit beside the intent rules: "who is X" with chatter after it, counting questions.

A fan often asks a complete question and keeps typing: "who is baek kang-hyuk, like whats his deal", "박경원이
누구였더라 ㅠ 얼굴은 기억나는데". The trailing words are not a question about some attribute the data lacks; they
are chatter, and the profile answers the question. Only an attribute noun (height, wife, agency, 소속사...) in
them turns the question into one the profile must not pass for an answer to.
"""

from __future__ import annotations

import re

from bot.knowledge.ask.entities import Mention
from bot.knowledge.ask.normalize import Query

# English attribute nouns (stems as `unexplained` leaves them) that ask for something about a person.
_ATTRIBUTES_EN = """height tall weight age old birthday born blood type wife husband married marriage spouse
girlfriend boyfriend dating partner kids children child son salary pay paid agency label school university college
education degree family parents mother mom father dad hobby hobbies religion mbti instagram twitter hometown
nationality zodiac favorite favourite food car house money income military enlisted army contract address phone
shoe size weigh religious languages language"""
_ATTRIBUTES_KO = """키 몸무게 나이 생일 혈액형 아내 부인 와이프 남편 결혼 여친 남친 여자친구 남자친구 연애 열애
자녀 아들
연봉 소속사 학교 대학 학력 가족 부모 엄마 아빠 취미 종교 인스타 고향 국적 별자리 군대 입대 재산 출연료 집 차 돈 계약"""
ATTRIBUTES = frozenset(_ATTRIBUTES_EN.split()) | frozenset(_ATTRIBUTES_KO.split())

_WHO_BEFORE = {("who",), ("who", "is"), ("who", "was"), ("who", "are"), ("whos",), ("who", "exactly", "is")}
_FILLER = {"the", "dr", "doctor", "nurse", "prof", "professor", "chief", "again", "exactly"}
# After a Hangul name: an optional particle, then the question word (백강혁 누구야, 박경원이 누구였더라).
_WHO_AFTER_KO = re.compile(r"^(이|가|은|는|이가|이는|씨|님|씨가|님은)?(누구|누군)")


def who_is(query: Query, mentions: list[Mention]) -> bool:
    """The question opens with "who is X" (or "X 누구") about a named person."""
    for m in mentions:
        if m.hangul:
            if _WHO_AFTER_KO.match(query.compact[m.end :]):
                return True
            continue
        before = [t for t in query.tokens[: m.start] if t not in _FILLER]
        if any(tuple(before[-len(frame) :]) == frame for frame in _WHO_BEFORE if len(before) >= len(frame)):
            return True
    return False


def asks_attribute(words: tuple[str, ...]) -> bool:
    """Some word left over is an attribute noun: "who is ju ji-hoon, how tall is he" asks for a height."""
    for word in words:
        if word in ATTRIBUTES or word.rstrip("s") in ATTRIBUTES:
            return True
        if any(len(a) >= 2 and word.startswith(a) for a in _ATTRIBUTES_KO.split()):
            return True
    return False


# Counting questions: "how many awards", "몇 개 받았어", "몇 관왕".
COUNT_EN = re.compile(r"\bhow many\b|\b(number|count|total) of\b")
COUNT_KO = re.compile(r"(몇개|몇관왕|몇번|몇가지|총몇|몇부문)")


def asks_count(query: Query) -> bool:
    return bool(COUNT_EN.search(query.text) or COUNT_KO.search(query.compact))


_EVENT_STOP_WORDS = "the annual awards award arts series international drama 2025"
_EVENT_STOP = frozenset(_EVENT_STOP_WORDS.split())


def _event_keys(event: str, event_ko: str) -> tuple[str, str]:
    """The word that names an award show in each language: "baeksang", "blue"; "백상", "청룡", "서울"."""
    english = next((w for w in re.findall(r"[a-z]+", event.lower()) if len(w) >= 4 and w not in _EVENT_STOP), "")
    korean = re.sub(r"제\d+회|\d+|[()\s]", "", event_ko)[:2]
    return english, korean


def awards_asked(awards, query: Query) -> tuple[list, str]:
    """The awards at the ceremony the question names ("청룡시리즈어워즈에서", "at the baeksang"), else all of
    them; and the event as the data names it ("" when none or several are named)."""
    named = []
    for award in awards:
        english, korean = _event_keys(award.event, award.event_ko)
        if (english and english in query.text) or (korean and korean in query.compact):
            named.append(award)
    events = {a.event for a in named}
    return (named, named[0].event) if len(events) == 1 else (list(awards), "")
