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


# Particles and endings fans glue to a Hangul name or noun: 주지훈이, 백강혁은, 양재원의, 백강혁 역은, 배우가...
# Longest first, so 역할은 is removed whole rather than leaving 역할.
KOREAN_PARTICLES: tuple[str, ...] = tuple(
    sorted(
        {
            "역할은", "역할을", "역할이", "역할", "역은", "역을", "역이", "역",
            "이에요", "이예요", "예요", "이야", "이랑", "이가", "이는", "이나", "이도", "이의",
            "에게", "한테", "께서", "에서", "으로", "하고", "씨는", "씨가", "씨", "님은", "님이", "님",
            "랑", "와", "과", "은", "는", "이", "가", "을", "를", "의", "도", "로", "야", "아", "요",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip


def strip_particles(word: str, min_stem: int = 2) -> list[str]:
    """The word and each shorter stem left after peeling particles off its end: 백강혁역은 -> 백강혁역, 백강혁."""
    stems = [word]
    changed = True
    while changed:
        changed = False
        for particle in KOREAN_PARTICLES:
            current = stems[-1]
            if current.endswith(particle) and len(current) - len(particle) >= min_stem:
                stems.append(current[: -len(particle)])
                changed = True
                break
    return stems
