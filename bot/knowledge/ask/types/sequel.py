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
    platforms = q.engine.platforms
    # "who said it was made with seasons 2 and 3", "what did xportsnews report"
    quoted = others.quoted_reports(q.masked, q.sequel.timeline, *platforms)
    quoted += [r for r in q.engine.reports_asked(q) if r not in quoted]
    named = others.named_reports(q.masked, q.sequel.timeline, *platforms)  # a report named by outlet or month
    return q.c.sequel(
        q.sequel,
        q.found.sequel_focus,
        i.SEQUEL,
        asks_date=q.when and not named,  # "when did the september 2025 report say filming starts": it says
        speakers=speakers,
        quoted=quoted,
        cast_change=frames.asks_cast_change(q.query),
    )


def _claim(q: Question) -> float:
    if q.score(i.SEQUEL):
        return q.score(i.SEQUEL)
    platforms = q.engine.platforms
    # "what did the june 2026 mydaily report say about filming": a report named by its outlet
    return 1.0 if others.quoted_reports(q.masked, q.sequel.timeline, *platforms) else 0.0


TYPES = (QuestionType("sequel", _claim, _answer),)
