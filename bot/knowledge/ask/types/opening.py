"""Before anything reads the question: nothing was asked, or it names someone sources wrongly put in the cast."""

from __future__ import annotations

from bot.knowledge.ask import corrections
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType


def _no_question(q: Question) -> Answer:
    return q.c.unknown("unknown", "no_question", "/help")


def _wrong_name(q: Question) -> Answer | None:
    wrong = q.engine.corrections.find(q.query)
    return corrections.correction(q.c, wrong) if wrong is not None else None


TYPES = (
    QuestionType("no_question", lambda q: float(not q.query.compact), _no_question),
    QuestionType("wrong_name", lambda q: float(q.engine.corrections.find(q.query) is not None), _wrong_name),
)
