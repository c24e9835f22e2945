"""Before anything else reads the question: nothing was asked, or it repeats an error some sources make (a
wrong name, a false claim), which gets the correction."""

from __future__ import annotations

from bot.knowledge.ask import corrections
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType


def _no_question(q: Question) -> Answer:
    return q.c.unknown("unknown", "no_question", "/help")


def _wrong_name(q: Question) -> Answer | None:
    wrong = q.engine.corrections.wrong_name(q.query)
    return corrections.name_correction(q.c, wrong) if wrong is not None else None


def _wrong_claim(q: Question) -> Answer | None:
    people = frozenset(m.people[0] for m in q.mentions if not m.ambiguous)
    claim = q.engine.corrections.wrong_claim(q.query, people)
    return corrections.claim_correction(q.c, claim) if claim is not None else None


TYPES = (
    QuestionType("no_question", lambda q: float(not q.query.compact), _no_question),
    QuestionType("wrong_name", lambda q: 1.0, _wrong_name),
    QuestionType("wrong_claim", lambda q: 1.0, _wrong_claim),
)
