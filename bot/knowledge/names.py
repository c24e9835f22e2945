"""Name normalisation that forgives how fans type Korean names.

`name_key("Joo Ji-hoon") == name_key("ju jihoon") == name_key("Ju Ji Hoon")`: case, spaces, hyphens and
punctuation fall away, and each romanization variant maps to one spelling. Hangul passes through unchanged
(minus spaces), so 백강혁 matches 백강혁.
"""

from __future__ import annotations

import re
import unicodedata

# Variant -> canonical spelling, applied left to right on the joined, lower-cased name. Longer variants
# come before the shorter ones they contain (gyeong before yeong), so each is rewritten once.
ROMANIZATION_VARIANTS: tuple[tuple[str, str], ...] = (
    ("gyeong", "kyung"),
    ("kyeong", "kyung"),
    ("gyung", "kyung"),
    ("yeong", "young"),
    ("hyeok", "hyuk"),
    ("jeong", "jung"),
    ("choo", "chu"),
    ("joo", "ju"),
    ("yoo", "yu"),
    ("chun", "cheon"),
    ("hui", "hee"),
    ("seon", "sun"),
    ("gang", "kang"),
)

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,'’`\"!?()\[\]{}:;/~·]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def fold(text: str) -> str:
    """Unicode-normalise, lower-case, and turn every separator into one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub(" ", text).strip()


def canonical_romanization(text: str) -> str:
    for variant, canonical in ROMANIZATION_VARIANTS:
        text = text.replace(variant, canonical)
    return text


def name_key(text: str) -> str:
    """The comparison key for a name: folded, without spaces, romanization variants unified."""
    return canonical_romanization(fold(text).replace(" ", ""))


def token_keys(text: str) -> list[str]:
    """Per-word keys, so "kang" can match the second word of "Baek Kang-hyuk"."""
    return [canonical_romanization(token) for token in fold(text).split() if token]


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
