"""Questions an FAQ entry of data/facts.toml answers: by its example phrasings, a keyword of its own, a real person
it names, or (for "is it worth watching") what reviewers said."""

from __future__ import annotations

from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.entities import NAME, PARTIAL
from bot.knowledge.ask.faq import FACT_KEYWORD
from bot.knowledge.ask.registry import QuestionType
from bot.knowledge.ask.show import answer_show, fact_answer, find_fact
from bot.knowledge.model import Fact

ALSO_ASKED = 4  # a show cue this strong is a question of its own beside the person named


def _opinion(q: Question) -> float:
    """ "should i watch it", before the FAQ reads "watch": taste is the asker's; reviewers' words answer."""
    named = any(m.strength in (NAME, PARTIAL) for m in q.mentions)
    return q.score(i.OPINION) if q.found.best() == i.OPINION and not named else 0.0


def _keyword_fact(q: Question) -> Fact | None:
    fact = q.engine.faq.keyword_fact(q.query)
    if fact is None or max(q.score(q.person_intent), q.score(q.show_intent)) > FACT_KEYWORD:
        return None
    return fact


def _filming_period(q: Question) -> Answer | None:
    period = find_fact(q.c, i.FILMING, timed=True)
    return fact_answer(q.c, period, "faq") if period is not None else None


def _faq(q: Question) -> Answer | None:
    return fact_answer(q.c, q.faq, "faq") if q.faq is not None else None


def _keyword(q: Question) -> Answer | None:
    fact = _keyword_fact(q)
    return fact_answer(q.c, fact, "faq") if fact is not None else None


def _named(q: Question) -> Answer | None:
    """The FAQ fact about the real person named, and the show's answer too when the question also asks a show
    question outright ("lee gukjong trauma code true story?": the inspiration, and that it is fiction)."""
    if q.named_fact is None:
        return None
    named = fact_answer(q.c, q.named_fact, "faq")
    intent = q.show_intent
    if intent is None or q.score(intent) < ALSO_ASKED:
        return named
    shown = answer_show(q.c, intent, q.query)
    if not shown.confident or shown.text in named.text or named.text in shown.text:
        return named
    return q.c.answer(f"{shown.text}\n{named.text}", named.intent, [*shown.sources, *named.sources])


TYPES = (
    QuestionType("opinion", _opinion, lambda q: answer_show(q.c, i.OPINION, q.query)),
    QuestionType("strong_faq", lambda q: float(q.strong_faq), _faq),
    QuestionType("named_fact", lambda q: float(q.named_fact is not None), _named),
    QuestionType("keyword_fact", lambda q: float(_keyword_fact(q) is not None), _keyword),
    QuestionType("filming_period", lambda q: float(q.show_intent == i.FILMING and q.when), _filming_period),
    # With nobody named and no show intent, the FAQ entry the question resembles answers.
    QuestionType("weak_faq", lambda q: float(q.faq is not None and q.show_intent is None), _faq),
    QuestionType("any_faq", lambda q: float(q.faq is not None), _faq),
)
