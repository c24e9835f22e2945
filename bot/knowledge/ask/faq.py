"""The FAQ in data/facts.toml, indexed for the engine: its phrasings, its keywords, and the real people its
answers name ("Prof. Lee Guk-jong") who are not in the cast or crew."""

from __future__ import annotations

import re

from bot.knowledge.ask.entities import Mention
from bot.knowledge.ask.normalize import Query, content_words, parse
from bot.knowledge.model import Fact, Knowledge
from bot.knowledge.names import canonical_romanization, fold, has_hangul

FAQ_STRONG = 0.8  # share of content words a question has in common with an FAQ phrasing to take that answer
FAQ_WEAK = 0.5  # ...to fall back on it when no rule understood the question
FACT_KEYWORD = 6  # a fact's own keyword ("romance", "러브라인") weighs like this against the intent rules
# A person named in an FAQ answer who is not in the cast or crew: "Prof. Lee Guk-jong", "Capt. Seok Hae-kyun".
_FACT_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)-([a-z]+)\b")
# ...and in Korean, a three-syllable name before a title: "이국종 교수", "석해균 선장".
_FACT_NAME_KO = re.compile(r"([가-힣]{3}) ?(?:교수|선장|박사|대위|원장)")
# Korean words too common in the answers to count as evidence.
_KO_COMMON_WORDS = "드라마 공개 작품 있다 했다 됐다"


class FaqIndex:
    """Finds the FAQ entry a question is about: by a real person it names, by a keyword, or by shared words."""

    def __init__(self, knowledge: Knowledge) -> None:
        series = knowledge.series
        # The show's own title and platform are in every other answer: not evidence of any one of them.
        own = [fold(t).replace(" ", "") for t in (series.title_ko, series.platform_ko.split(" ")[0]) if t]
        self._common = frozenset(_KO_COMMON_WORDS.split()) | frozenset(own)
        # ...nor are the words of its English titles ("is trauma code a comedy" is not "where can I watch the
        # trauma code")
        titles = {w for t in (series.title, *series.aliases) if not has_hangul(t) for w in fold(t).split()}
        self._stop = frozenset(own) | {canonical_romanization(w) for w in titles if len(w) > 3}
        self._fact_names = self._names_in_facts(knowledge)
        self._keywords: list[tuple[str, Fact]] = [
            (fold(word).replace(" ", "") if has_hangul(word) else f" {fold(word)} ", fact)
            for fact in knowledge.facts.values()
            for word in fact.keywords
        ]
        self._facts = list(knowledge.facts.values())
        self._faq: list[frozenset[str]] = []
        self._faq_facts: list[Fact] = []
        for fact in knowledge.facts.values():
            for phrasing in (*fact.questions, fact.topic):
                words = content_words(parse(phrasing), self._stop)
                if len(words) >= 2:
                    self._faq.append(words)
                    self._faq_facts.append(fact)

    @staticmethod
    def _names_in_facts(knowledge: Knowledge) -> dict[str, Fact]:
        """Real people the FAQ answers name who are not in the cast or crew (Lee Guk-jong, the surgeon Baek is
        said to be modelled on), each pointing at the fact about them: the one whose topic names them, else the
        first answer that does."""
        known = {
            canonical_romanization(fold(n).replace(" ", ""))
            for records in (knowledge.characters, knowledge.actors, knowledge.crew)
            for r in records.values()
            for n in (r.name, r.name_ko, *r.aliases)
        }
        names: dict[str, Fact] = {}
        for fact in sorted(knowledge.facts.values(), key=lambda f: not _FACT_NAME.search(f.topic)):
            for match in _FACT_NAME.finditer(f"{fact.topic} {fact.answer}"):
                key = canonical_romanization("".join(match.groups()).lower())
                if key not in known:
                    names.setdefault(key, fact)
            for match in _FACT_NAME_KO.finditer(" ".join((fact.answer_ko, *fact.questions))):
                if match[1] not in known:
                    names.setdefault(match[1], fact)
        return names

    def fact_person(self, query: Query, mentions: list[Mention]) -> tuple[Fact | None, list[Mention]]:
        """A real person from the FAQ named in the question ("lee guk jong"), and the mentions left once the
        words of that name are no longer read as cast or crew ("Lee" is not the director here)."""
        for name, fact in self._fact_names.items():
            if has_hangul(name) and name in query.compact:
                return fact, [m for m in mentions if not m.hangul]
        keys = query.keys
        for size in (3, 2):
            for start in range(len(keys) - size + 1):
                named = self._fact_names.get("".join(keys[start : start + size]))
                if named is not None:
                    end = start + size
                    rest = [m for m in mentions if m.hangul or m.end <= start or m.start >= end]
                    return named, rest
        return None, mentions

    def name_spans(self, query: Query) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Where the FAQ's real people are named (token spans, Hangul character spans): their names are not
        read as question words ("이국종교수" does not hold 종교, religion)."""
        spans: list[tuple[int, int]] = []
        hangul: list[tuple[int, int]] = []
        for name in self._fact_names:
            if has_hangul(name) and (at := query.compact.find(name)) >= 0:
                hangul.append((at, at + len(name)))
        keys = query.keys
        for size in (3, 2):
            for start in range(len(keys) - size + 1):
                if "".join(keys[start : start + size]) in self._fact_names:
                    spans.append((start, start + size))
        return spans, hangul

    def keyword_fact(self, query: Query) -> Fact | None:
        text = f" {query.text} "
        for word, fact in self._keywords:
            if (word in query.compact) if has_hangul(word) else (word in text):
                return fact
        return None

    def match(self, query: Query) -> tuple[Fact | None, float]:
        """The FAQ entry whose example phrasing shares most of its words with the question, and how much."""
        words = content_words(query, self._stop)
        if len(words) < 2:
            return None, 0.0
        best: tuple[Fact | None, float] = (None, 0.0)
        for phrasing, fact in zip(self._faq, self._faq_facts, strict=True):
            shared = len(words & phrasing)
            if shared < 2:
                continue
            strength = shared / max(len(phrasing), len(words))
            if strength > best[1]:
                best = (fact, strength)
        return best if best[1] >= FAQ_WEAK else (None, 0.0)

    def by_answer(self, query: Query) -> Fact | None:
        """The fact whose answer contains at least two of the question's longer words and most of them: a claim
        to check ("넷플릭스 첫 한국 의학드라마라는 게 사실인가요?") is answered by the fact that states it."""
        english = {w for w in query.tokens if len(w) >= 5 and not has_hangul(w)}
        # each Hangul word by its shortest stem, less up to two syllables of ending (의학드라마라 -> 의학드라마)
        korean = [
            {stems[-1][:cut] for cut in range(len(stems[-1]), len(stems[-1]) - 3, -1) if cut >= 2}
            for stems in query.hangul_words
        ]
        best: tuple[int, Fact | None] = (1, None)
        for fact in self._facts:
            text = f" {fold(fact.answer)} "
            compact = fact.answer_ko.replace(" ", "")
            hits = sum(f" {w}" in text for w in english)
            hits += sum(any(s in compact and s not in self._common for s in forms) for forms in korean)
            if hits > best[0]:
                best = (hits, fact)
        return best[1]
