"""What a question asks: every intent whose cues (`cues.py`) fire, each scored by its strongest cue.

`detect` returns every intent with its score, the episode a question names and what a sequel question is
after; the engine picks among them knowing which people were linked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.ask.cues import (  # the intent names are used as intents.X
    AGE_RATING as AGE_RATING,
)
from bot.knowledge.ask.cues import (
    ARTIST as ARTIST,
)
from bot.knowledge.ask.cues import (
    AUTHOR as AUTHOR,
)
from bot.knowledge.ask.cues import (
    AWARDS as AWARDS,
)
from bot.knowledge.ask.cues import (
    BIRTH as BIRTH,
)
from bot.knowledge.ask.cues import (
    CAST_LIST as CAST_LIST,
)
from bot.knowledge.ask.cues import (
    CASTING as CASTING,
)
from bot.knowledge.ask.cues import (
    CRITIC_SCORE as CRITIC_SCORE,
)
from bot.knowledge.ask.cues import (
    DIRECTOR as DIRECTOR,
)
from bot.knowledge.ask.cues import (
    EPISODE as EPISODE,
)
from bot.knowledge.ask.cues import (
    EPISODES as EPISODES,
)
from bot.knowledge.ask.cues import (
    FILMING as FILMING,
)
from bot.knowledge.ask.cues import (
    GENRE as GENRE,
)
from bot.knowledge.ask.cues import (
    JOB as JOB,
)
from bot.knowledge.ask.cues import (
    NICKNAME as NICKNAME,
)
from bot.knowledge.ask.cues import (
    NOT_KNOWN as NOT_KNOWN,
)
from bot.knowledge.ask.cues import (
    NOT_KNOWN_PERSON as NOT_KNOWN_PERSON,
)
from bot.knowledge.ask.cues import (
    OPINION as OPINION,
)
from bot.knowledge.ask.cues import (
    ORIGINAL as ORIGINAL,
)
from bot.knowledge.ask.cues import (
    OTHER_WORKS as OTHER_WORKS,
)
from bot.knowledge.ask.cues import (
    PERSON_INTENTS as PERSON_INTENTS,
)
from bot.knowledge.ask.cues import (
    PRODUCTION as PRODUCTION,
)
from bot.knowledge.ask.cues import (
    PROFILE as PROFILE,
)
from bot.knowledge.ask.cues import (
    RELATIONSHIP as RELATIONSHIP,
)
from bot.knowledge.ask.cues import (
    RELEASE as RELEASE,
)
from bot.knowledge.ask.cues import (
    RUNTIME as RUNTIME,
)
from bot.knowledge.ask.cues import (
    SEQUEL as SEQUEL,
)
from bot.knowledge.ask.cues import (
    SETTING as SETTING,
)
from bot.knowledge.ask.cues import (
    TRUE_STORY as TRUE_STORY,
)
from bot.knowledge.ask.cues import (
    VIEWERSHIP as VIEWERSHIP,
)
from bot.knowledge.ask.cues import (
    WATCH as WATCH,
)
from bot.knowledge.ask.cues import (
    WRITER as WRITER,
)
from bot.knowledge.ask.cues import (
    YEARS as YEARS,
)
from bot.knowledge.ask.cues import (
    Rules as Rules,
)
from bot.knowledge.ask.cues import (
    korean_view as korean_view,
)
from bot.knowledge.ask.normalize import Query

# "Why" or "what does it mean": about a nickname named in the question, it asks for the nickname's meaning.
WHY_EN = re.compile(r"\b(why|mean|means|meaning|stand for|stands for|origin)\b")
WHY_KO = re.compile(r"(왜|뜻|의미|무슨말|유래)")
_EPISODE_NUMBER_EN = re.compile(r"\b(?:ep|episode|eps) ?([1-9])\b|\b([1-9])(?:st|nd|rd|th) (?:ep|episode)\b")
_EPISODE_NUMBER_KO = re.compile(r"([1-9])(?:화|회|편|번째)")
# Episodes named by place: the first, and the last (LAST_EPISODE; the engine knows how many there are).
LAST_EPISODE = -1
_FIRST_EPISODE = (re.compile(r"\b(first|opening) (ep|episode)\b"), re.compile(r"(첫화|첫회|첫편|첫에피)"))
_LAST_EPISODE = (
    re.compile(r"\b(last|final) (ep|episode)\b|\b(finale|ending)\b|\bhow does (it|the show|the drama) end"),
    re.compile(r"(마지막화|마지막회|마지막편|최종화|최종회|결말|엔딩)"),
)
# An episode question that asks for its title only ("what is ep 2 called"), not what happens in it.
_TITLE_ONLY = (re.compile(r"\b(title|titled|called|name)\b"), re.compile(r"제목"))
_CONTENT = (
    re.compile(r"\b(happen\w*|recap|plot|summary|summari[sz]e|story|spoil\w*|about|who|why|how|where|what goes)\b"),
    re.compile(r"(내용|줄거리|요약|스포|무슨일|어떻게|누가|왜|어디)"),
)
_SEQUEL_AFTER = {
    "official": (re.compile(r"\b(official|statement|announce\w*)\b"),
                 re.compile(r"(입장|공식|발표)")),
    "reported": (re.compile(r"\b(who reported|report|reports|reported|news|source|article|rumou?rs?)\b"),
                 re.compile(r"(보도|기사|소식|루머|찌라시|출처)")),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Intents:
    scores: dict[str, float]
    episode_number: int | None
    sequel_focus: str  # "official", "reported" or "" (whether there is one)
    episode_title_only: bool = False  # an episode question that asks only for the title

    def score(self, intent: str) -> float:
        return self.scores.get(intent, 0.0)

    def best(self, among: frozenset[str] | set[str] | None = None) -> str | None:
        ranked = [(score, intent) for intent, score in self.scores.items() if among is None or intent in among]
        if not ranked:
            return None
        ranked.sort(key=lambda pair: (-pair[0], _PRIORITY.index(pair[1])))
        return ranked[0][1]


# Ties go to the more specific question.
_PRIORITY = [
    SEQUEL, NOT_KNOWN, NOT_KNOWN_PERSON, CRITIC_SCORE, OPINION, EPISODE, AUTHOR, ARTIST, TRUE_STORY, OTHER_WORKS,
    BIRTH, NICKNAME, RELATIONSHIP, YEARS, AWARDS, VIEWERSHIP, AGE_RATING, RUNTIME, EPISODES, FILMING, SETTING,
    PRODUCTION, DIRECTOR, WRITER, ORIGINAL, GENRE, WATCH, RELEASE, CAST_LIST, CASTING, JOB, PROFILE,
]  # fmt: skip


# Evidence strength: an intent scores its strongest cue, plus a little for each further cue that agrees, so one
# head noun ("filmed", "screenwriter", "촬영지") outweighs a pile of weak context words ("hospital", "where").
SUPPORT = 0.1


def detect(query: Query, rules: Rules) -> Intents:
    """Every intent whose rules fire, scored by its strongest cue (plus a little for the others)."""
    scores: dict[str, float] = {}
    for language, text in (("en", query.text), ("ko", korean_view(query.text))):
        for intent, cues in rules[language].items():
            fired = [weight for pattern, weight in cues if pattern.search(text)]
            if fired:
                scores[intent] = max(scores.get(intent, 0.0), max(fired)) + SUPPORT * (sum(fired) - max(fired))
    number = None
    if match := _EPISODE_NUMBER_EN.search(query.text):
        number = int(match[1] or match[2])
    elif match := _EPISODE_NUMBER_KO.search(query.compact):
        number = int(match[1])
    elif _LAST_EPISODE[0].search(query.text) or _LAST_EPISODE[1].search(query.compact):
        number = LAST_EPISODE
    elif _FIRST_EPISODE[0].search(query.text) or _FIRST_EPISODE[1].search(query.compact):
        number = 1
    if number is None:
        scores.pop(EPISODE, None)
    focus = ""
    for name, (english, korean) in _SEQUEL_AFTER.items():
        if english.search(query.text) or korean.search(query.compact):
            focus = name
            break
    title_only = bool(_TITLE_ONLY[0].search(query.text) or _TITLE_ONLY[1].search(query.compact)) and not (
        _CONTENT[0].search(query.text) or _CONTENT[1].search(query.compact)
    )
    return Intents(scores, number, focus, title_only)
