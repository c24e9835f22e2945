"""Typo tolerance for the question words the intent rules read ("direced", "veiws", "reelased", "nicknme").

The vocabulary is every plain word the English intent rules spell out. A question word is replaced by the one
rule word within one edit (insert, delete, substitute, or swap two neighbours; two edits for long words) only
when it is not itself a word the bot knows: the stopwords, the framing words, every word of the data (names,
aliases, descriptions, roles, details, FAQ answers and phrasings) and a short list of ordinary English words
that sit one edit away from a rule word ("price" is not a typo of "prize"). Names are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.ask.normalize import STOPWORDS, Query
from bot.knowledge.model import Actor, CrewMember, Knowledge
from bot.knowledge.names import canonical_romanization, fold, has_hangul

MIN_LENGTH = 4  # shorter words are left alone ("eps", "pd")
LONG_WORD = 9  # from this length two edits are allowed

# Ordinary words one edit from a rule word; they are never read as a typo of it.
_COMMON = """price pride prime mother rather gather laughter match catch latch hated dated fated rates store scare
scope snore stare share fired hired tired wired aware sword factor aired bears tears years wears hears nears yeas
shots spot plates player layer relay stable title tittle poster posted roster rolled ruled older order border
waters waiter later latter letter wrote write white while whole where there these those three their bases based
baked cases faces races games dames names nurse horse house mouse worse verse views viewer voice novel navel hovel
rival arrival hotel motel model modal medal metal petal comedy comely action auction lotion motion notion nation
ration station rations career screen scream stream dream cream seen green sheet shoot shook shout scout stout
script strict chart charm chard smart start stars scars stairs mentor center centre renter winner dinner thinner
sinner inner spinner original origin family famous filter fitter bitter sister ripped dropped dripped draped
cropped popular popularly regular singular person prison poison reason season seasons lesson lessons"""
COMMON_WORDS = frozenset(_COMMON.split())

_ESCAPE = re.compile(r"\\[a-zA-Z](?:[*+?])?")
_OPTIONAL = re.compile(r"([a-z]+)([a-z])\?")
_WORD = re.compile(r"[a-z]{5,}")


def rule_words(patterns: Iterable[str]) -> frozenset[str]:
    """The whole words spelled out in regex patterns, with both forms of an optional last letter."""
    words: set[str] = set()
    for pattern in patterns:
        plain = re.sub(r"[a-z]+\\w\*", " ", pattern)  # "nominat\w*" is a stem, not a word
        plain = _ESCAPE.sub(" ", plain).replace(" ?", "")  # "nick ?names?" spells "nickname(s)"
        for match in _OPTIONAL.finditer(plain):
            words.add(match[1])
            words.add(match[1] + match[2])
        words.update(_WORD.findall(plain.replace("?", " ")))
    return frozenset(words)


def data_words(knowledge: Knowledge) -> frozenset[str]:
    """Every word written in the data, English and romanized: these are never treated as typos."""
    texts: list[str] = []
    s = knowledge.series
    texts += [s.title, *s.aliases, s.platform, *s.genres, s.original_work, s.webtoon, *s.production_companies]
    texts += [s.setting, s.runtime, s.age_rating, s.release_note, s.working_title]
    texts += [p.name + " " + p.used_for for p in s.filming_places]
    texts += [f"{a.event} {a.category} {a.note}" for a in s.awards]
    texts += [d.text for d in s.viewership]
    for c in knowledge.characters.values():
        texts += [c.name, *c.aliases, c.role, c.department, *c.descriptions, c.note]
        texts += [f"{n.name} {n.meaning}" for n in c.nicknames]
        texts += [r.kind for r in c.relationships]
        texts += [d.text for d in c.details]
    people: list[Actor | CrewMember] = [*knowledge.actors.values(), *knowledge.crew.values()]
    for person in people:
        texts += [person.name, *person.aliases, person.note, *(d.text for d in person.details)]
        texts += [f"{w.title} {w.note}" for w in person.works]
    for member in knowledge.crew.values():
        texts += [*member.jobs, *member.descriptions]
    for fact in knowledge.facts.values():
        texts += [fact.topic, fact.answer, *fact.questions, *fact.keywords]
    words: set[str] = set()
    for text in texts:
        for word in fold(text).split():
            if not has_hangul(word):
                words.add(word)
                words.add(canonical_romanization(word))
    return frozenset(words)


_INFLECTIONS = frozenset({"s", "es", "d", "ed", "ing"})


class Speller:
    """Corrects misspelt rule words in a parsed question, keeping every other word as typed."""

    def __init__(self, vocabulary: frozenset[str], known: frozenset[str]) -> None:
        self.vocabulary = sorted(vocabulary)
        self.known = known | vocabulary | STOPWORDS | COMMON_WORDS
        self._cache: dict[str, str] = {}

    def word(self, token: str) -> str:
        if len(token) < MIN_LENGTH or token in self.known or not token.isalpha() or not token.isascii():
            return token
        if token in self._cache:
            return self._cache[token]
        allowed = 2 if len(token) >= LONG_WORD else 1
        hits = process.extract(token, self.vocabulary, scorer=OSA.distance, score_cutoff=allowed, limit=3)
        # A different first letter with the rest the same is another word, not a typo ("hating", "dating").
        hits = [h for h in hits if not (len(h[0]) == len(token) and h[0][0] != token[0] and h[0][1:] == token[1:])]
        best = [h for h in hits if h[1] == min((h[1] for h in hits), default=0)]
        # Two rule words equally close ("veiw" -> "view"/"views" is fine, "cased" -> "cast"/"based" is not):
        # take it only when they share a stem.
        fixed = token
        if best and all(h[0].startswith(best[0][0][:4]) for h in best):
            fixed = min((h[0] for h in best), key=len)
        if fixed.startswith(token) and fixed[len(token) :] in _INFLECTIONS:
            fixed = token  # "cost" is not a typo of "costs": the same word, as typed
        self._cache[token] = fixed
        return fixed

    def correct(self, query: Query) -> Query:
        tokens = tuple(self.word(token) for token in query.tokens)
        if tokens == query.tokens:
            return query
        text = " ".join(tokens)
        return Query(
            raw=query.raw,
            language=query.language,
            text=text,
            tokens=tokens,
            keys=tuple(canonical_romanization(t) for t in tokens),
            compact="".join(tokens),
            hangul_words=query.hangul_words,
            hyphenated=query.hyphenated,
        )
