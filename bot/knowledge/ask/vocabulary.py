"""The show's own words, from data/ (never from code): its titles, its platform, its award ceremonies, the topics
no source covers and the spellings fans use.

`fills` gives the alternations the cue tables' placeholders stand for (`<title>`, `<platform>`,
`<ceremony>`...); `absent_rules` turns `data/lexicon.toml`'s absent topics into "not known" cues, leaving out
any word some other record uses, so a topic stops being refused the moment the data gains a fact about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.ask.candidates import Candidate
from bot.knowledge.ask.cues import NOT_KNOWN, NOT_KNOWN_PERSON, Rules
from bot.knowledge.model import Knowledge
from bot.knowledge.names import fold, has_hangul

NOT_KNOWN_WEIGHT = 8  # a topic the data is known not to cover outweighs every other cue
# Words of an award ceremony's name that do not tell ceremonies apart.
_EVENT_STOP_WORDS = "the annual awards award arts series international drama dramas festival"
_EVENT_STOP = frozenset(_EVENT_STOP_WORDS.split())
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)?$")
_KO_EVENT_NOISE = re.compile(r"제\d+회|\d+|[()\s]")
MIN_CEREMONY_WORD = 7  # one word this long names a ceremony on its own ("baeksang"); shorter ones need two


def _alternation(words: Iterable[str]) -> str:
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in unique)


def ceremony_keys(event: str, event_ko: str, places: frozenset[str]) -> tuple[str, str]:
    """The words that name an award ceremony in each language ("baeksang", "blue dragon"; "백상", "청룡"), or ""
    where they would also name something else in the data (a filming place in the same city)."""
    words = [w for w in fold(event).split() if w not in _EVENT_STOP and not _ORDINAL.match(w)]
    english = " ".join(words) if len(words) >= 2 or (words and len(words[0]) >= MIN_CEREMONY_WORD) else ""
    korean = _KO_EVENT_NOISE.sub("", event_ko)[:2]
    if english and any(english in p for p in places):
        english = ""
    if korean and any(korean in p for p in places):
        korean = ""
    return english, korean


def fills(knowledge: Knowledge) -> dict[str, str]:
    s = knowledge.series
    titles = [t for t in (s.title, s.title_ko, *s.aliases) if t]
    places = frozenset(
        form for p in s.filming_places for form in (fold(p.name), fold(p.name_ko).replace(" ", "")) if form
    )
    keys = [ceremony_keys(a.event, a.event_ko, places) for a in s.awards]
    return {
        "title": _alternation(fold(t) for t in titles if not has_hangul(t)),
        "title_ko": _alternation(fold(t).replace(" ", "") for t in titles if has_hangul(t)),
        "platform": _alternation(fold(s.platform).split()[:1]),
        "platform_ko": _alternation(fold(s.platform_ko).split()[:1]),
        "ceremony": _alternation(english for english, _ in keys),
        "ceremony_ko": _alternation(korean for _, korean in keys),
    }


def _used(candidates: Iterable[Candidate]) -> tuple[str, str]:
    """All candidate text, English folded with spaces around, Hangul without spaces."""
    english, korean = [], []
    for c in candidates:
        english.append(fold(f"{c.text} {c.extra}"))
        korean.append(fold(c.text_ko).replace(" ", ""))
    return f" {' '.join(english)} ", "".join(korean)


def absent_rules(knowledge: Knowledge, candidates: Iterable[Candidate]) -> Rules:
    """ "Not known" cues for the absent topics' words that no record uses (for a topic unknown only of real
    people, no record about an actor or crew member)."""
    found = list(candidates)
    about_people = [c for c in found if c.people and c.people[0].kind in ("actor", "crew")]
    rules: Rules = {"en": {NOT_KNOWN: [], NOT_KNOWN_PERSON: []}, "ko": {NOT_KNOWN: [], NOT_KNOWN_PERSON: []}}
    for intent, records in ((NOT_KNOWN, found), (NOT_KNOWN_PERSON, about_people)):
        english_text, korean_text = _used(records)
        english: list[str] = []
        korean: list[str] = []
        for topic in knowledge.lexicon.absent:
            if topic.real_people != (intent == NOT_KNOWN_PERSON):
                continue
            english += [w for w in (fold(x) for x in topic.words) if f" {w} " not in english_text]
            korean += [w for w in (fold(x) for x in topic.words_ko) if w.replace(" ", "") not in korean_text]
        if english:
            words = _alternation(english)
            # "my 12 yo brother" is the asker's family, not a cast member's
            pattern = rf"^(?!.*\bmy\b(?: \w+){{0,3}} (?:{words})\b).*\b({words})\b"
            rules["en"][intent].append((re.compile(pattern), NOT_KNOWN_WEIGHT))
        if korean:
            # a space in a Korean word is where fans may or may not type one (돈 얼마, 돈얼마)
            spaced = _alternation(korean).replace("\\ ", " ?")
            rules["ko"][intent].append((re.compile(f"({spaced})"), NOT_KNOWN_WEIGHT))
    return rules


def synonyms(knowledge: Knowledge) -> dict[str, str]:
    """Fan spelling -> the data's word (folded), for the question's tokens."""
    return {fold(w): fold(s.means) for s in knowledge.lexicon.synonyms for w in s.words}
