"""Story questions the records answer only in passing, before the engine says a thing is not known.

- Two people and no relationship on record between them ("how is han yu-rim's daughter connected to baek"): the
  recorded sentences about one of them that name the other.
- A story outcome ("does baek's team get the doctor helicopter in the end"): the episode plot point sharing
  at least two content words with the question, rare words weighing more.
Spoiler sentences stay behind spoiler tags.
"""

from __future__ import annotations

import re

from bot.knowledge.ask.compose import SPOILER, Answer, Composer
from bot.knowledge.ask.entities import Mention, Person
from bot.knowledge.ask.normalize import STOPWORDS, Query, stem
from bot.knowledge.ask.plot import PlotIndex
from bot.knowledge.ask.show import answer_plot_point
from bot.knowledge.model import Knowledge, PersonRecord, PlotPoint
from bot.knowledge.names import fold

MIN_PLOT_WORDS = 2  # a plot point must share this many content words with the question to answer it
MAX_LINES = 4
_QUESTION_WORDS_TEXT = "does what when where which happen happens happened end ending finally eventually"
_QUESTION_WORDS = frozenset(_QUESTION_WORDS_TEXT.split())


def _name_patterns(record: PersonRecord) -> tuple[re.Pattern[str], list[str]]:
    """A word-bounded pattern for a person's English names and name parts ("Baek", "Yu-rim"), and their
    Hangul names (full, and the given name of a three-syllable name)."""
    english = [n for n in (record.name, *record.aliases) if n and n.isascii()]
    parts = [p for n in english[:1] for p in n.split(" ", 1) if len(p) >= 3]
    words = sorted({re.escape(w) for w in (*english, *parts)}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(words) + r")\b", re.IGNORECASE) if words else re.compile(r"(?!)")
    korean = [n for n in (record.name_ko, *record.aliases) if n and not n.isascii()]
    korean += [n[1:] for n in korean if len(n) == 3]
    return pattern, korean


class Story:
    """Looks through the character details and the episode plot points for what a question asks."""

    def __init__(self, knowledge: Knowledge, plot: PlotIndex) -> None:
        self.knowledge = knowledge
        self.plot = plot
        self._points = [
            (number, point, {stem(w) for w in fold(point.text.replace("'s", "")).split()})
            for number, episode in sorted(knowledge.episodes.items())
            for point in episode.plot
        ]
        self._frequency: dict[str, int] = {}
        for *_, stems in self._points:
            for w in stems:
                self._frequency[w] = self._frequency.get(w, 0) + 1

    def _record(self, person: Person) -> PersonRecord:
        return self.knowledge.person(person.kind, person.key)

    def between(self, c: Composer, people: list[Person]) -> Answer | None:
        """Sentences recorded about one of the people that name another of them; None when there are none."""
        people = [p for p in dict.fromkeys(people) if p.kind == "character"]
        if len(people) < 2:
            return None
        patterns = {p: _name_patterns(self._record(p)) for p in people}
        for subject in people:
            record = self._record(subject)
            lines: list[str] = []
            sources: list[str] = []
            for detail in record.details:
                others = [p for p in people if p != subject]
                if not any(
                    patterns[o][0].search(detail.text) or any(n in detail.text_ko for n in patterns[o][1])
                    for o in others
                ):
                    continue
                line = c.note(detail.text, detail.text_ko) + c.mark(detail.confidence)
                lines.append(f"{SPOILER}{line}{SPOILER}" if detail.spoiler else line)
                sources += detail.sources
            if lines:
                head = c.person(record) + ":"
                entities = [(p.kind, p.key) for p in people]
                return c.answer("\n".join([head, *lines[:MAX_LINES]]), "detail", sources, entities)
        return None

    def outcome(self, c: Composer, query: Query, names: list[Mention]) -> Answer | None:
        """The plot point sharing at least `MIN_PLOT_WORDS` content words with the question (names aside), rare
        words counting for more ("helicopter" over "team"); None when none does."""
        masked = {t for m in names if not m.hangul for t in range(m.start, m.end)}
        words = {
            stem(w)
            for at, w in enumerate(query.tokens)
            if at not in masked and len(w) >= 4 and w.isascii() and w not in STOPWORDS | _QUESTION_WORDS
        }
        best: tuple[float, int, PlotPoint] | None = None
        for number, point, stems in self._points:
            shared = words & stems
            if len(shared) < MIN_PLOT_WORDS:
                continue
            score = sum(1 / self._frequency[w] for w in shared)
            if best is None or score > best[0]:
                best = (score, number, point)
        return answer_plot_point(c, best[1], best[2]) if best is not None else None
