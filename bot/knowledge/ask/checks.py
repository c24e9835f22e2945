"""The last check before an answer goes out: does it give the kind of thing the question asked for?

A question asking for an amount of money, a weekday or an episode's length names what its answer must contain: a
currency, a day name, minutes. An answer that picked the right topic but lacks that kind of value ("what was the
production budget" answered with the production companies) would pass for an answer while not being one, and a
wrong confident answer is worse than an honest "I don't know": it becomes "not in my sources".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.normalize import Query


@dataclass(frozen=True, slots=True)
class Expectation:
    name: str
    english: re.Pattern[str]  # on the folded question
    korean: re.Pattern[str]  # on the compact question
    answer: re.Pattern[str]  # some value of the asked-for kind, in the answer text

    def asked(self, query: Query) -> bool:
        return bool(self.english.search(query.text) or self.korean.search(query.compact))


EXPECTATIONS = (
    Expectation(
        "money",
        # "the budget guy" is a character, not a question about money.
        re.compile(
            r"\bbudgets?\b(?! (guy|man|person|chief|office|director|department|team|planning))|\bhow much money\b"
            r"|\bhow much did (it|the show|the drama|this) cost\b|\bcost to (make|produce|film)\b"
        ),
        re.compile(r"(예산|제작비|얼마들었|얼마나들었|돈얼마)"),
        re.compile(r"[$₩€£]|\b(won|dollars?|usd|krw)\b|억 ?원|달러|만 ?원", re.IGNORECASE),
    ),
    Expectation(
        "day of birth",
        # "what's choo young-woo's exact birthday, day and month": a birth year does not answer it
        re.compile(r"\b(birthday|bday|birth date|birthdate|date of birth|day and month|month and day)\b"),
        re.compile(r"(생일|몇 ?월 ?며칠|생년월일)"),
        re.compile(
            r"\b\d{1,2} (january|february|march|april|may|june|july|august|september|october|november|december)\b"
            r"|\b(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}\b"
            r"|\d{1,2}월 ?\d{1,2}일",
            re.IGNORECASE,
        ),
    ),
    Expectation(
        "weekday",
        re.compile(r"\b(day of the week|weekday)\b"),
        re.compile(r"요일"),
        re.compile(
            r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|[월화수목금토일]요일", re.IGNORECASE
        ),
    ),
    Expectation(
        "episode length",
        re.compile(
            r"\bhow long (is|are) (each |an |the |one )?(ep|eps|episode|episodes)\b|\b(eps?|episodes?) (long|short)\b"
            r"|\b(runtime|run time|running time)\b"
        ),
        re.compile(r"(러닝타임|몇분|회당몇|한편에몇|상영시간)"),
        re.compile(r"\b(minutes?|mins?|hours?)\b|분|시간", re.IGNORECASE),
    ),
)


def unmet(query: Query, answer: Answer) -> str:
    """The kind of value the question asks for that the (confident) answer does not contain, or ""."""
    if not answer.confident:
        return ""
    for expectation in EXPECTATIONS:
        if expectation.asked(query) and not expectation.answer.search(answer.text):
            return expectation.name
    return ""


def checked(c: Composer, query: Query, answer: Answer) -> Answer:
    """The answer, or an honest "not in my sources" when it lacks the kind of value the question asked for."""
    if unmet(query, answer):
        return c.unknown("unknown", "no_data", "series")
    return answer
