"""A question, normalised once: language, folded text, word tokens and Hangul stems without particles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge.ask import romanized
from bot.knowledge.names import canonical_romanization, fold, has_hangul, strip_particles

MAX_QUESTION = 300  # characters; longer questions are refused before they reach the engine

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8"}
# Chat shorthand read as the word it stands for ("who wrote the og novel", "wat ep is it").
_SHORTHAND = {
    "og": "original", "u": "you", "ur": "your", "ppl": "people", "abt": "about", "bc": "because", "cuz": "because",
    "coz": "because", "wat": "what", "wht": "what", "wut": "what", "whn": "when", "wher": "where", "thx": "thanks",
    "pic": "picture", "pics": "pictures", "ssn": "season", "szn": "season", "eng": "english", "kor": "korean",
    "yr": "year", "yrs": "years", "prob": "probably",
    # ...and some that stand for several words ("wat kinda doctor", "who was baek based on irl").
    "kinda": "kind of", "sorta": "sort of", "wanna": "want to", "gonna": "going to",
    "gotta": "got to", "lemme": "let me", "gimme": "give me", "dunno": "do not know", "idk": "i do not know",
    "whats": "what is", "wheres": "where is", "hows": "how is", "whens": "when is", "isnt": "is not",
    "doesnt": "does not", "didnt": "did not", "wasnt": "was not", "arent": "are not", "cant": "can not",
    "bday": "birthday", "bdays": "birthdays",
    "rn": "right now", "tho": "though", "smth": "something", "sth": "something", "webnovel": "web novel",
    "webnovels": "web novels",
}  # fmt: skip
_APOSTROPHE_S = re.compile(r"(\w)['’]s\b")
# A Latin word with Korean glued on ("Ha Young이 무슨 역할이야", "ost누가"): two words, so the name is read.
_LATIN_THEN_HANGUL = re.compile(r"([a-z])(?=[\uac00-\ud7a3])")
_HYPHENS = re.compile(r"[\-‐‑‒–—]+")
_NO_HYPHEN_SEPARATORS = re.compile(r"[\s_.,'’`\"!?()\[\]{}:;/~·]+")


@dataclass(frozen=True, slots=True)
class Query:
    raw: str
    language: str  # "ko" when the question has Hangul, else "en"
    text: str  # folded: lower case, separators turned into single spaces, number words as digits
    tokens: tuple[str, ...]  # words of `text`
    keys: tuple[str, ...]  # `tokens` with romanization variants unified (for name matching)
    compact: str  # `text` without spaces (Hangul names are matched in here)
    hangul_words: tuple[tuple[str, ...], ...]  # each Hangul word with its particle-free stems
    hyphenated: frozenset[int] = frozenset()  # token i was typed joined to token i+1 by a hyphen ("jin-soo")

    def masked(self, spans: list[tuple[int, int]], hangul_spans: list[tuple[int, int]]) -> Query:
        """The same question with the given name spans blanked out, so a name like Kim Won-hae does not read
        as the word "won" to the intent rules. Blanks keep each character's place, so `text` and `compact`
        still line up character for character (spaces aside)."""
        tokens = list(self.tokens)
        for start, end in spans:
            tokens[start:end] = ["_" * len(token) for token in tokens[start:end]]
        compact = list("".join(tokens))
        for start, end in hangul_spans:
            compact[start:end] = ["_"] * (end - start)
        chars = iter(compact)
        text = "".join(ch if ch == " " else next(chars) for ch in " ".join(tokens))
        return Query(self.raw, self.language, text, tuple(text.split()), self.keys, "".join(compact), self.hangul_words)


def parse(question: str, synonyms: dict[str, str] | None = None, reader: romanized.Reader | None = None) -> Query:
    """Normalise a question for entity linking and intent rules; `synonyms` maps fans' spellings to the data's
    words (`data/lexicon.toml`); `reader` reads romanized Korean as the Hangul words the bot knows (else only
    the generic question words are)."""
    raw = question.strip()
    text = fold(_APOSTROPHE_S.sub(r"\1", raw))  # "baek's" -> "baek", "who's" -> "who"
    text = _LATIN_THEN_HANGUL.sub(r"\1 ", text)
    known = synonyms or {}
    text = " ".join(_NUMBER_WORDS.get(tok, _SHORTHAND.get(tok, _synonym(tok, known))) for tok in text.split())
    text = " ".join((reader.hangul if reader else romanized.hangul)(text.split()))
    tokens = tuple(text.split())
    keys = tuple(canonical_romanization(tok) for tok in tokens)
    hyphenated = frozenset(_hyphen_joins(_APOSTROPHE_S.sub(r"\1", raw)))
    hangul = tuple(tuple(strip_particles(run)) for run in _HANGUL_RUN.findall(text))
    return Query(
        raw=raw,
        language="ko" if has_hangul(raw) else "en",
        text=text,
        tokens=tokens,
        keys=keys,
        compact=text.replace(" ", ""),
        hangul_words=hangul,
        hyphenated=hyphenated,
    )


def _synonym(token: str, known: dict[str, str]) -> str:
    """The data's word for a fan's word; a Hangul word keeps the particle glued to it (아빠는 -> 아버지는)."""
    if token in known or not known or not has_hangul(token):
        return known.get(token, token)
    for stem in strip_particles(token, min_stem=1)[1:]:
        if stem in known:
            return known[stem] + token[len(stem) :]
    return token


def _hyphen_joins(text: str) -> list[int]:
    """Indices of tokens (as `fold` splits them) that were typed with a hyphen before the next one."""
    joins: list[int] = []
    index = 0
    for chunk in _NO_HYPHEN_SEPARATORS.sub(" ", text).split():
        parts = [p for p in _HYPHENS.split(chunk) if p]
        joins.extend(range(index, index + len(parts) - 1))
        index += len(parts)
    return joins


# Words that carry no topic: what is left after removing them is compared with the FAQ's example phrasings.
_STOPWORDS_EN = """a an the is are was were be been do does did of for to in on at it its this that there what which
who whom whose when where why how can could would will should i me my you your we our they them he him his she her
about any some and or with from by as so just please tell know anyone guys really much many also"""
_STOPWORDS_KO = """누구 누구야 뭐 뭐야 뭐예요 뭐에요 언제 어디 어디야 어떻게 왜 있어 있어요 있나요 알려줘 알려주세요
나요 거야 건가요 이야 이에요 인가요 좀 그 이 저 드라마"""
STOPWORDS = frozenset(_STOPWORDS_EN.split()) | frozenset(_STOPWORDS_KO.split())


def content_words(query: Query, stop: frozenset[str] = frozenset()) -> frozenset[str]:
    """The topic words of a question: stopwords dropped, romanization unified, Korean particles removed."""
    words = {key for token, key in zip(query.tokens, query.keys, strict=True) if not has_hangul(token)}
    words |= {stems[-1] for stems in query.hangul_words}
    return frozenset(w for w in words if w not in STOPWORDS and w not in stop and w != "_")


@lru_cache(maxsize=4096)
def stems(text: str) -> frozenset[str]:
    """The rough stems (`stem`) of every word of a text, folded; remembered, as record texts repeat."""
    return frozenset(stem(w) for w in fold(text.replace("'s", "")).split())


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A rough English stem, so "become" finds "becomes", "saved" finds "saves" and "die" finds "died"."""
    if len(word) >= 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for suffix in ("ing", "ed", "e"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
