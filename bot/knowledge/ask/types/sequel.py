"""Sequel questions: answered from the report ledger (seeds plus what moderators logged), never from a sentence
frozen in the data."""

from __future__ import annotations

from bot.knowledge.ask import frames, others
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType


def _answer(q: Question) -> Answer:
    speakers = q.engine.people.speakers([m for m in q.mentions if not m.ambiguous], q.found)
    quoted = others.quoted_reports(q.query, q.sequel.timeline)  # "who said it was made with seasons 2 and 3"
    return q.c.sequel(
        q.sequel,
        q.found.sequel_focus,
        i.SEQUEL,
        asks_date=q.when,
        speakers=speakers,
        quoted=quoted,
        cast_change=frames.asks_cast_change(q.query),
    )


TYPES = (QuestionType("sequel", lambda q: q.score(i.SEQUEL), _answer),)
