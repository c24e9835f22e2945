"""Finding the people a question is about: names, aliases, nicknames and role descriptions, fuzzily.

Everything is precomputed from `Knowledge` at start-up. A question is matched word-window by word-window
against romanized keys (exact first, then rapidfuzz for typos), and Hangul names are found inside the
question even when particles are glued to them (백강혁은, 주지훈이).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.ask.normalize import STOPWORDS, Query
from bot.knowledge.model import Knowledge
from bot.knowledge.names import canonical_romanization, fold, has_hangul

FUZZY_SCORE = 87.0  # a window this close to a name (after romanization) is taken as that name
FUZZY_MIN_LENGTH = 6  # shorter windows are too easy to confuse; they must match exactly
HANGUL_FUZZY_SCORE = 85.0  # on decomposed jamo: 백강현 vs 백강혁 scores 88.9
MIN_WINDOW = 4  # words; the longest alias or role description in the data widens it ("head of the trauma team")
PHRASE_HANGUL = 3  # a Hangul role description this long (병원장, 센터장) names a person, like a multi-word phrase
_ARTICLES = {"the", "a", "an", "that", "this"}
HEAD_MIN = 5  # letters in a role word that names a character on its own ("budget", "minister")
HEAD_STEM = 7  # words this long match on their first letters: "anesthesia" ~ "anesthesiologist"
# Words that turn the role word before them into a way of naming someone: "the anesthesia guy", "minister lady".
PERSON_NOUNS = frozenset(["guy", "guys", "lady", "man", "woman", "girl", "dude", "one", "doc", "person", "bro"])
HEAD_SHARED = 2  # a role word used for this many characters or more tells nobody apart ("trauma", "hospital")

# How a surface form was found, strongest first: a tie between two people on the same words goes to the
# stronger kind of evidence.
NAME, NICKNAME, PARTIAL, DESCRIPTION = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Person:
    kind: str  # "character", "actor" or "crew"
    key: str


@dataclass(slots=True)
class Mention:
    people: tuple[Person, ...]  # one person, or the candidates when the words fit several
    start: int  # position in the question (token index for romanized text, char index for Hangul)
    end: int
    strength: int  # NAME, NICKNAME, PARTIAL or DESCRIPTION
    score: float
    hangul: bool = False

    @property
    def ambiguous(self) -> bool:
        return len(self.people) > 1

    @property
    def phrase(self) -> bool:
        """A multi-word role description ("hospital director", "병원장"): it names a person, so its words are
        not also read as a question ("director" the crew job); single words ("director", "감독") stay both."""
        return self.strength == DESCRIPTION and (self.end - self.start >= (PHRASE_HANGUL if self.hangul else 2))


@dataclass(slots=True)
class _Forms:
    """Surface forms of one strength: romanized key -> people, Hangul form -> people."""

    keys: dict[str, set[Person]] = field(default_factory=dict)
    hangul: dict[str, set[Person]] = field(default_factory=dict)
    longest: int = 1  # most words in one romanized form

    def add(self, text: str, person: Person) -> None:
        if has_hangul(text):
            form = fold(text).replace(" ", "")
            if len(form) >= 2:
                self.hangul.setdefault(form, set()).add(person)
            return
        words = [w for w in fold(text).split() if w]
        while words and words[0] in _ARTICLES:
            words = words[1:]
        key = canonical_romanization("".join(words))
        if key:
            self.keys.setdefault(key, set()).add(person)
            self.longest = max(self.longest, len(words))


def _jamo(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class EntityLinker:
    """Links the people a question names or describes."""

    def __init__(self, knowledge: Knowledge, ignore: frozenset[str] = frozenset()) -> None:
        self.forms = {strength: _Forms() for strength in (NAME, NICKNAME, PARTIAL, DESCRIPTION)}
        canonical_partials = _Forms()
        alias_partials = _Forms()
        records: list[tuple[Person, str, str, tuple[str, ...], tuple[str, ...]]] = []
        for c in knowledge.characters.values():
            records.append((Person("character", c.key), c.name, c.name_ko, c.aliases, c.descriptions))
            for nickname in c.nicknames:
                for text in (nickname.name, nickname.name_ko):
                    if text:
                        self.forms[NICKNAME].add(text, Person("character", c.key))
        for a in knowledge.actors.values():
            records.append((Person("actor", a.key), a.name, a.name_ko, a.aliases, ()))
        for p in knowledge.crew.values():
            records.append((Person("crew", p.key), p.name, p.name_ko, p.aliases, p.descriptions))
        for person, name, name_ko, aliases, descriptions in records:
            for text in (name, name_ko, *aliases):
                if text:
                    self.forms[NAME].add(text, person)
            _add_partials(canonical_partials, person, name, name_ko)
            for alias in aliases:
                _add_partials(alias_partials, person, alias, "")
            for description in descriptions:
                for form in (description, *_reversed(description)):
                    self.forms[DESCRIPTION].add(form, person)
        # A family or given name on its own ("baek", "재원") points at whoever carries it in their main name;
        # an alias only counts where no main name claims those letters (so "Baek Jang-mi", an old name of the
        # nurse, does not make "Baek" ambiguous).
        partial = self.forms[PARTIAL]
        partial.keys = dict(canonical_partials.keys)
        partial.hangul = dict(canonical_partials.hangul)
        for key, people in alias_partials.keys.items():
            partial.keys.setdefault(key, people)
        for strength in (NAME, NICKNAME):  # a full name is never also read as a partial of someone else
            for key in self.forms[strength].keys:
                partial.keys.pop(key, None)
        self.window = max(MIN_WINDOW, *(forms.longest for forms in self.forms.values()))
        self._fuzzy_keys = [k for k in self.forms[NAME].keys if len(k) >= FUZZY_MIN_LENGTH]
        self._fuzzy_hangul = [h for h in self.forms[NAME].hangul if len(h) >= 3]
        self._fuzzy_jamo = [_jamo(h) for h in self._fuzzy_hangul]
        self._fuzzy_phrases = {s: [k for k in self.forms[s].keys if len(k) >= 8] for s in (DESCRIPTION, NICKNAME)}

        self.heads = _head_words(knowledge, ignore)

    # ------------------------------------------------------------------------------------------ linking
    def weak(self, query: Query, colloquial: bool = False) -> list[Mention]:
        """Characters named only by a telling word of their role: "the anesthesia guy", "the budget guy", "the
        guy who runs the planning office". With `colloquial`, only a word followed by "guy", "lady", "one"...
        counts: that names the person the question is about even when other names follow it."""
        found: list[Mention] = []
        for at, token in enumerate(query.tokens):
            if len(token) < HEAD_MIN or has_hangul(token):
                continue
            if colloquial and (at + 1 >= len(query.tokens) or query.tokens[at + 1] not in PERSON_NOUNS):
                continue
            for word, person in self.heads.items():
                if token in (word, word + "s") or (
                    len(token) >= HEAD_STEM and len(word) >= HEAD_STEM and token[:HEAD_STEM] == word[:HEAD_STEM]
                ):
                    if not any(m.people[0] == person for m in found):
                        found.append(Mention((person,), at, at + 1, DESCRIPTION, 50.0))
                    break
        people = {m.people[0] for m in found}
        return found if len(people) == 1 else []

    # ------------------------------------------------------------------------------------------ linking
    def link(self, query: Query) -> list[Mention]:
        """Every mention in the question, longest and strongest first, without overlaps."""
        found = self._romanized(query) + self._hangul(query)
        # A name of two words or more, matched exactly, beats a longer window only close to a name ("who plays
        # captain lee hyun-jong": not "plays captain lee hyun jong"); otherwise the longest and strongest win.
        found.sort(
            key=lambda m: (not (m.score == 100 and m.end - m.start >= 2), -(m.end - m.start), m.strength, -m.score)
        )
        kept: list[Mention] = []
        for mention in found:
            if any(k.hangul == mention.hangul and k.start < mention.end and mention.start < k.end for k in kept):
                continue
            kept.append(mention)
        kept.sort(key=lambda m: (m.hangul, m.start))
        return kept

    def _romanized(self, query: Query) -> list[Mention]:
        keys = query.keys
        found: list[Mention] = []
        for size in range(min(self.window, len(keys)), 0, -1):
            for start in range(len(keys) - size + 1):
                words = keys[start : start + size]
                if any(has_hangul(w) for w in words):
                    continue  # Hangul is matched on the compact text, see _hangul
                window = "".join(words)
                for strength in (NAME, NICKNAME, DESCRIPTION, PARTIAL):
                    people = self.forms[strength].keys.get(window)
                    if not people and len(window) > 3 and window.endswith("s"):
                        # A possessive typed without its apostrophe: "jaewons", "baeks disciple".
                        people = self.forms[strength].keys.get(window[:-1])
                    if people:
                        if strength == PARTIAL and size == 1 and start + 1 in query.hyphenated:
                            break  # "Han Jin-soo": a full name we don't know, not Han Yu-rim
                        found.append(Mention(_ordered(people), start, start + size, strength, 100.0))
                        break
                else:
                    if words[0] in STOPWORDS or words[-1] in STOPWORDS:
                        continue  # "as yang jae won" is only close to a name because it holds one exactly
                    if len(window) >= FUZZY_MIN_LENGTH and size >= 2:
                        hit = process.extractOne(window, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
                        if hit is not None:
                            people = self.forms[NAME].keys[hit[0]]
                            found.append(Mention(_ordered(people), start, start + size, NAME, float(hit[1])))
                    if len(window) >= 8:
                        for strength in (DESCRIPTION, NICKNAME):
                            forms = self.forms[strength].keys
                            hit = process.extractOne(
                                window, self._fuzzy_phrases[strength], scorer=fuzz.ratio, score_cutoff=90
                            )
                            if hit is not None:
                                found.append(
                                    Mention(_ordered(forms[hit[0]]), start, start + size, strength, float(hit[1]))
                                )
                                break
        return found

    def _hangul(self, query: Query) -> list[Mention]:
        found: list[Mention] = []
        compact = query.compact
        for strength in (NAME, NICKNAME, DESCRIPTION):
            for form, people in self.forms[strength].hangul.items():
                at = compact.find(form)
                while at >= 0:
                    found.append(Mention(_ordered(people), at, at + len(form), strength, 100.0, hangul=True))
                    at = compact.find(form, at + 1)
        # Given names alone (재원이는) and typos (백강현) are matched per word, on the particle-free stems.
        offset = 0
        for stems in query.hangul_words:
            word = stems[0]
            at = compact.find(word, offset)
            offset = at + len(word) if at >= 0 else offset
            if at < 0 or any(m.start <= at < m.end for m in found):
                continue
            for stem in stems:
                partial = self.forms[PARTIAL].hangul.get(stem)
                if partial:
                    found.append(Mention(_ordered(partial), at, at + len(stem), PARTIAL, 100.0, hangul=True))
                    break
                if len(stem) == 3 and self._fuzzy_jamo:
                    hit = process.extractOne(
                        _jamo(stem), self._fuzzy_jamo, scorer=fuzz.ratio, score_cutoff=HANGUL_FUZZY_SCORE
                    )
                    if hit is not None:
                        people = self.forms[NAME].hangul[self._fuzzy_hangul[hit[2]]]
                        found.append(Mention(_ordered(people), at, at + len(stem), NAME, float(hit[1]), hangul=True))
                        break
        return found


# Words too plain to point at one character even where the data happens to use them for only one.
_PLAIN = "doctor surgeon professor first genius chief senior elite later leads character main"
_GENERIC = frozenset(_PLAIN.split())


def _head_words(knowledge: Knowledge, ignore: frozenset[str] = frozenset()) -> dict[str, Person]:
    """Role words that point at one character: used in that character's descriptions and role text, in no more
    than one other character's, and there at most half as often. Words of the show's titles and the words the
    intent rules read (`ignore`: "director", "mentor", "original") are left out."""
    series = knowledge.series
    title = {w for t in (series.title, *series.aliases) for w in fold(t).split()}
    counts: dict[str, dict[str, int]] = {}
    for c in knowledge.characters.values():
        for text in (*c.descriptions, c.department):
            if has_hangul(text):
                continue
            for word in fold(text.replace("'s", "")).split():
                if len(word) >= HEAD_MIN and word not in STOPWORDS | title | ignore | _GENERIC:
                    counts.setdefault(word, {}).setdefault(c.key, 0)
                    counts[word][c.key] += 1
    heads: dict[str, Person] = {}
    for word, per in counts.items():
        ranked = sorted(per.values(), reverse=True)
        if len(ranked) > HEAD_SHARED or (len(ranked) == 2 and ranked[0] < 2 * ranked[1]):
            continue
        heads[word] = Person("character", max(per, key=per.__getitem__))
    return heads


_OF = re.compile(r"^(?:the )?([a-z]+) of (?:the )?([a-z ]+)$")
_FIELD_NOUNS = ("surgery", "department", "dept", "team", "office", "center", "centre")


def _reversed(description: str) -> list[str]:
    """ "chief of colorectal surgery" is also "colorectal surgery chief" and "colorectal chief"."""
    match = _OF.match(fold(description))
    if not match:
        return []
    head, field = match[1], match[2]
    forms = [f"{field} {head}"]
    words = field.split()
    if len(words) >= 2 and words[-1] in _FIELD_NOUNS:
        forms.append(f"{' '.join(words[:-1])} {head}")
    return forms


def _add_partials(forms: _Forms, person: Person, name: str, name_ko: str) -> None:
    """Family name and given name of a three-syllable Korean name, romanized and in Hangul."""
    words = fold(name).split()
    if len(words) >= 3 and not has_hangul(name):
        forms.add(words[0], person)
        forms.add("".join(words[1:]), person)
    hangul = fold(name_ko).replace(" ", "")
    if len(hangul) == 3 and has_hangul(hangul):
        forms.hangul.setdefault(hangul[1:], set()).add(person)


def _ordered(people: set[Person]) -> tuple[Person, ...]:
    order = {"character": 0, "actor": 1, "crew": 2}
    return tuple(sorted(people, key=lambda p: (order[p.kind], p.key)))
