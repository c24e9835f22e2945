"""The question types /ask knows, in one registry, and the one place their precedence is written down.

A question type is a small resolver: `claim` scores how surely the question is of its type (0: not at all), and
`answer` builds the answer from the data (None: it claimed, but the data had nothing, so the next type may
try). Types are asked in `PRECEDENCE` order and the first that claims and answers wins; a question no type
answers goes to retrieval over every fact sentence (`engine.py`). Adding a type is one module in `types/` and
its name in `PRECEDENCE`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question


@dataclass(frozen=True, slots=True)
class QuestionType:
    name: str
    claim: Callable[[Question], float]
    answer: Callable[[Question], Answer | None]


def _types() -> dict[str, QuestionType]:
    from bot.knowledge.ask.types import episodes, faq, opening, people, refusals, sequel, show

    found: dict[str, QuestionType] = {}
    for module in (opening, sequel, episodes, refusals, faq, people, show):
        for kind in module.TYPES:
            found[kind.name] = kind
    return found


# Earlier types win: a known wrong name is corrected before anything else reads the question; the sequel comes
# from the ledger before any FAQ sentence; a topic the data is known not to cover is refused before a profile
# could pass for an answer; people come before the show's own facts only when a person is named.
PRECEDENCE = (
    "no_question",
    "correction",
    "sequel",
    "which_episode",
    "not_known",
    "private_life",
    "critic_score",
    "opinion",
    "strong_faq",
    "named_fact",
    "keyword_fact",
    "filming_period",
    "character_age",
    "episode_number",
    "works_named",
    "in_work",
    "show_about_people",
    "unasked_detail",
    "about_people",
    "candidates",
    "weak_faq",
    "show",
    "any_faq",
)


def registry() -> tuple[QuestionType, ...]:
    """Every question type, in precedence order."""
    types = _types()
    missing = set(types) ^ set(PRECEDENCE)
    if missing:
        raise RuntimeError(f"question types and PRECEDENCE disagree: {sorted(missing)}")
    return tuple(types[name] for name in PRECEDENCE)


def resolve(question: Question, types: tuple[QuestionType, ...]) -> Answer | None:
    """The answer of the first type (in precedence order) that claims the question and answers it."""
    for kind in types:
        if kind.claim(question) > 0 and (answer := kind.answer(question)) is not None:
            return answer
    return None
