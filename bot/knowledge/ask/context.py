"""One question, read once: what every question type's claim and answer look at.

The engine builds a `Question` per question; each reading (linked people, intent scores, the FAQ entry it
matches...) is computed the first time a question type asks for it and kept for the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from bot.knowledge.ask import frames, others
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Composer
from bot.knowledge.ask.entities import NAME, NICKNAME, PARTIAL, Mention, Person
from bot.knowledge.ask.faq import FAQ_STRONG
from bot.knowledge.ask.normalize import Query
from bot.knowledge.ask.plot import SCENE_BOOST
from bot.knowledge.model import Fact
from bot.news.ledger import SequelStatus

if TYPE_CHECKING:
    from bot.knowledge.ask.engine import AskEngine

SHOW_INTENTS = frozenset(
    {
        i.RELEASE, i.EPISODES, i.RUNTIME, i.WATCH, i.GENRE, i.DIRECTOR, i.WRITER, i.ORIGINAL, i.AUTHOR, i.ARTIST,
        i.TRUE_STORY, i.FILMING, i.SETTING, i.PRODUCTION, i.AWARDS, i.VIEWERSHIP, i.CRITIC_SCORE, i.AGE_RATING,
        i.CAST_LIST, i.OPINION,
    }
)  # fmt: skip
COMPARISON = 6  # "did it beat squid game": the chart, over the other show's "season 2"
# Questions about a date or a time span: "when", "what date", "언제", "날짜", "공개일".
WHEN_EN = re.compile(
    r"\b(when|what date|which date|date|dates|start|started|begin|began|end|ended|wrap|wrapped|what year|which year)\b"
)
WHEN_KO = re.compile(r"(언제|날짜|며칠|공개일|방영일|개봉일|시작|끝났|끝나|몇월|몇년)")


@dataclass
class Question:
    """A parsed question and the engine that reads it, with its readings cached."""

    engine: AskEngine
    query: Query
    c: Composer
    sequel: SequelStatus

    @property
    def text(self) -> str:
        return self.query.text

    @cached_property
    def linked(self) -> list[Mention]:
        return self.engine.linker.link(self.query)

    @cached_property
    def _fact_person(self) -> tuple[Fact | None, list[Mention]]:
        return self.engine.faq.fact_person(self.query, self.linked)

    @property
    def named_fact(self) -> Fact | None:
        """The FAQ fact about a real person the question names who is not in the cast ("lee guk-jong")."""
        return self._fact_person[0]

    @property
    def mentions(self) -> list[Mention]:
        """The people linked, less the words of a real person's name the FAQ knows."""
        return self._fact_person[1]

    @cached_property
    def names(self) -> list[Mention]:
        """Mentions by name, nickname, part of a name or a multi-word role description."""
        return [m for m in self.mentions if m.strength in (NAME, NICKNAME, PARTIAL) or m.phrase]

    @cached_property
    def masked(self) -> Query:
        """The question with names blanked: "who is the hospital director" asks "who is" about a character,
        not who directed the show; "'No. 1'" is Yang Jae-won's name here, not a chart rank."""
        real_spans, real_hangul = self.engine.faq.name_spans(self.query) if self.named_fact else ([], [])
        return self.query.masked(
            [(m.start, m.end) for m in self.names if not m.hangul] + real_spans,
            [(m.start, m.end) for m in self.names if m.hangul] + real_hangul,
        )

    @cached_property
    def found(self) -> i.Intents:
        found = self.engine.detect(self.masked)
        if self.engine.plot.asks_for_scene(self.query):  # "where's the helipad from the poster": a filming place
            found.scores[i.FILMING] = found.score(i.FILMING) + SCENE_BOOST
        if others.names_other(self.query, self.engine.other_titles):
            # "did it beat squid game s2": the season is the other show's; the chart answers.
            found.scores.pop(i.SEQUEL, None)
            found.scores[i.VIEWERSHIP] = max(found.score(i.VIEWERSHIP), COMPARISON)
        return found

    @cached_property
    def topics(self) -> frozenset[str]:
        """The record topics (personality, background, fate...) the question asks about, names aside."""
        return self.engine.topics.asked(self.masked)

    @cached_property
    def when(self) -> bool:
        return bool(WHEN_EN.search(self.query.text) or WHEN_KO.search(self.query.compact))

    @cached_property
    def faq_match(self) -> tuple[Fact | None, float]:
        faq, strength = self.engine.faq.match(self.query)
        if faq is not None and self.found.best() == i.AWARDS and frames.asks_count(self.query):
            return None, 0.0  # "how many awards did it win": counted from the award records, not the FAQ's list
        return faq, strength

    @property
    def faq(self) -> Fact | None:
        return self.faq_match[0]

    @property
    def strong_faq(self) -> bool:
        return self.faq is not None and self.faq_match[1] >= FAQ_STRONG

    @cached_property
    def person_intent(self) -> str | None:
        if any(m.strength == NICKNAME for m in self.mentions) and (
            i.WHY_EN.search(self.query.text) or i.WHY_KO.search(self.query.compact)
        ):
            return i.NICKNAME  # "천장미 왜 조폭임?", "what does 1호 mean": the nickname's meaning
        return self.found.best(i.PERSON_INTENTS)

    @cached_property
    def show_intent(self) -> str | None:
        return self.found.best(SHOW_INTENTS)

    def score(self, intent: str | None) -> float:
        return self.found.score(intent or "")

    @cached_property
    def people_mentions(self) -> list[Mention]:
        """The mentions a person question is about: with nobody named, a telling role word ("the budget guy");
        "the anesthesia guy that helps baek" is about the guy, Baek only describes him."""
        mentions = self.mentions
        if self.person_intent and self.score(self.person_intent) >= self.score(self.show_intent):
            if not mentions:
                return self.engine.linker.weak(self.query)
            if colloquial := self.engine.linker.weak(self.query, colloquial=True):
                return [m for m in mentions if m.end <= colloquial[0].start] + colloquial
        return mentions

    @cached_property
    def sure(self) -> list[Mention]:
        return [m for m in self.people_mentions if not m.ambiguous]

    @cached_property
    def unsure(self) -> list[Mention]:
        return [m for m in self.people_mentions if m.ambiguous]

    @cached_property
    def named_people(self) -> list[Person]:
        """The people named surely, each once, in the order named."""
        return list(dict.fromkeys(m.people[0] for m in self.sure))

    @cached_property
    def focus(self) -> list[Person]:
        """Whom the question is about: "Han Yu-rim's daughter" is the daughter."""
        return self.engine.people.focus(self.query, self.sure, self.person_intent)
