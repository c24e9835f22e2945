"""Questions about the show itself (release, episodes, crew, source material, places, awards, ratings...): one
builder per kind in `show.SHOW_ANSWERS`, all reading the series record and the FAQ."""

from __future__ import annotations

from bot.knowledge.ask import frames
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType
from bot.knowledge.ask.show import answer_show, fact_answer

WEAK_CUE = 3  # a show intent scored below this rests on one context word ("넷플릭스"): check the FAQ's answers


def _joined(c: Composer, answers: list[Answer]) -> Answer:
    """Several answers as one: "a real hospital or a set?" is answered by the filming places and the setting."""
    return c.answer(
        "\n".join(a.text for a in answers),
        answers[0].intent,
        [x for a in answers for x in a.sources],
        confident=all(a.confident for a in answers),
    )


def _show(q: Question) -> Answer:
    intent = q.show_intent
    assert intent is not None
    if intent == i.FILMING and frames.asks_real_or_set(q.query):  # "a real hospital or a set?"
        return _joined(q.c, [answer_show(q.c, i.FILMING, q.query), answer_show(q.c, i.SETTING, q.query)])
    if q.score(intent) < WEAK_CUE and q.faq is not None:  # an FAQ phrasing it resembles says more
        return fact_answer(q.c, q.faq, "faq")
    if q.score(intent) < WEAK_CUE and (claim := q.engine.faq.by_answer(q.query)) is not None:
        return fact_answer(q.c, claim, "faq")  # "넷플릭스 첫 한국 의학드라마라는 게 사실인가요?"
    return answer_show(q.c, intent, q.query)


TYPES = (QuestionType("show", lambda q: q.score(q.show_intent), _show),)
