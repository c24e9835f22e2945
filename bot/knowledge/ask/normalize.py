"""A question, normalised once: language, folded text, word tokens and Hangul stems without particles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.names import canonical_romanization, fold, has_hangul, strip_particles

MAX_QUESTION = 300  # characters; longer questions are refused before they reach the engine

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8"}
_APOSTROPHE_S = re.compile(r"(\w)['’]s\b")


@dataclass(frozen=True, slots=True)
class Query:
    raw: str
    language: str  # "ko" when the question has Hangul, else "en"
    text: str  # folded: lower case, separators turned into single spaces, number words as digits
    tokens: tuple[str, ...]  # words of `text`
    keys: tuple[str, ...]  # `tokens` with romanization variants unified (for name matching)
    compact: str  # `text` without spaces (Hangul names are matched in here)
    hangul_words: tuple[tuple[str, ...], ...]  # each Hangul word with its particle-free stems

    def has(self, *words: str) -> bool:
        return any(w in self.tokens for w in words)


def parse(question: str) -> Query:
    """Normalise a question for entity linking and intent rules."""
    raw = question.strip()
    text = fold(_APOSTROPHE_S.sub(r"\1", raw))  # "baek's" -> "baek", "who's" -> "who"
    tokens = tuple(_NUMBER_WORDS.get(tok, tok) for tok in text.split())
    text = " ".join(tokens)
    keys = tuple(canonical_romanization(tok) for tok in tokens)
    hangul = tuple(tuple(strip_particles(run)) for run in _HANGUL_RUN.findall(text))
    return Query(
        raw=raw,
        language="ko" if has_hangul(raw) else "en",
        text=text,
        tokens=tokens,
        keys=keys,
        compact=text.replace(" ", ""),
        hangul_words=hangul,
    )
