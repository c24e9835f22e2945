"""/ask accuracy and latency on every question set, for each engine (run by hand: python benchmarks/ask.py).

All engines run in the same process over the same data and questions (`tests/ask_questions*.toml`), judged by
the same rule (`tests/ask_set.py`):
- v2: `bot.knowledge.ask.AskEngine`, the engine the bot runs. (The v1 engine it replaced was kept here as a
  second baseline until v2 matched or beat it on every set; its last figures are in the README.)
- fuzzy: the best rapidfuzz match (token_set_ratio) of the folded question against every FAQ phrasing and
  topic, every character/actor/crew name and alias, and every sequel report, answering with that entry's text
  (Korean text for Hangul questions where the data has it); below a score cutoff it says it doesn't know.
Targets: p99 < 5 ms per question, start-up (load data + build the engine) < 1 s. Each set's line also counts
"hedged" answers (answerable questions answered as not known, so that lowering confidence cannot pass for a
gain: the judge checks confidence only on unanswerable questions) and "leaks" (an answer naming a forbidden
person or title). Blind sets are development material once measured (see each file's header for its
first-seen figure).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.names import fold, has_hangul
from bot.news.ledger import SequelStatus, seed_reports, summarize
from tests.ask_set import QUESTIONS_FILE, Question, judge, load_questions

ROUNDS = 5  # timed passes over every set
BASELINE_CUTOFF = 60.0
Answerer = Callable[[str], tuple[str, bool]]


class Fuzzy:
    """Nearest entry by string similarity; no parsing, no intents, no composition."""

    def __init__(self, knowledge: Knowledge, sequel: SequelStatus) -> None:
        self.keys: list[str] = []
        self.answers: list[tuple[str, str]] = []  # (english, korean)

        def add(phrases: list[str], english: str, korean: str = "") -> None:
            for phrase in phrases:
                if phrase:
                    self.keys.append(fold(phrase))
                    self.answers.append((english, korean or english))

        for fact in knowledge.facts.values():
            add([*fact.questions, fact.topic], fact.answer, fact.answer_ko)
        for c in knowledge.characters.values():
            actor = knowledge.actors.get(c.actor) if c.actor else None
            played = f" Played by {actor.name} ({actor.name_ko})." if actor else ""
            played_ko = f" 배우: {actor.name_ko}." if actor else ""
            add(
                [c.name, c.name_ko, *c.aliases, *c.descriptions],
                f"{c.name} ({c.name_ko}): {c.role}.{played}",
                f"{c.name_ko}: {c.role_ko or c.role}.{played_ko}",
            )
        for a in knowledge.actors.values():
            roles = ", ".join(f"{c.name} ({c.name_ko})" for c in knowledge.characters_played_by(a.key))
            works = ", ".join(w.title for w in a.works)
            add([a.name, a.name_ko, *a.aliases], f"{a.name} ({a.name_ko}) plays {roles}. Other works: {works}.")
        for p in knowledge.crew.values():
            works = ", ".join(w.title for w in p.works)
            details = " ".join(d.text for d in p.details)
            add(
                [p.name, p.name_ko, *p.aliases, *p.descriptions],
                f"{p.name} ({p.name_ko}), {', '.join(p.jobs)}. {details} Works: {works}.",
            )
        for r in sequel.timeline:
            add([f"{r.outlet} {r.claim}"], f"{r.outlet}, {r.reported_on} ({r.status.value}): {r.claim}")

    def answer(self, question: str) -> tuple[str, bool]:
        hit = process.extractOne(fold(question), self.keys, scorer=fuzz.token_set_ratio, score_cutoff=BASELINE_CUTOFF)
        if hit is None:
            return "I don't know.", False
        english, korean = self.answers[hit[2]]
        return (korean if has_hangul(question) else english), True


@dataclass
class Engine:
    name: str
    answer: Answerer
    startup_ms: float
    timings: list[float] = field(default_factory=list)


def engines(knowledge: Knowledge, sequel: SequelStatus) -> list[Engine]:
    built: list[Engine] = []
    for name, module in (("v2", "bot.knowledge.ask"),):
        started = time.perf_counter()
        engine_class = __import__(module, fromlist=["AskEngine"]).AskEngine
        engine = engine_class(load_knowledge())
        engine.prepare(sequel)  # the ledger's reports are indexed too
        startup = (time.perf_counter() - started) * 1000

        def ask(text: str, engine=engine) -> tuple[str, bool]:
            a = engine.answer(text, sequel)
            return a.text, a.confident

        built.append(Engine(name, ask, startup))
    started = time.perf_counter()
    fuzzy = Fuzzy(load_knowledge(), sequel)
    built.append(Engine("fuzzy", fuzzy.answer, (time.perf_counter() - started) * 1000))
    return built


def score(engine: Engine, questions: list[Question]) -> str:
    results = [(q, *engine.answer(q.text)) for q in questions]
    verdicts = [judge(q, text, sure) for q, text, sure in results]
    correct = sum(v.correct for v in verdicts)
    hedged = sum(q.answerable and not sure for q, _, sure in results)
    leaks = sum(bool(v.leaked) for v in verdicts)
    for _ in range(ROUNDS):
        for q in questions:
            started = time.perf_counter()
            engine.answer(q.text)
            engine.timings.append((time.perf_counter() - started) * 1000)
    return f"{correct / len(questions):>6.1%} {hedged:>3}h {leaks:>2}l"


def main() -> None:
    started = time.perf_counter()
    knowledge = load_knowledge()
    load_ms = (time.perf_counter() - started) * 1000
    sequel = summarize(seed_reports(knowledge))
    built = engines(knowledge, sequel)
    paths = sorted(QUESTIONS_FILE.parent.glob("ask_questions*.toml"))
    print(f"load data: {load_ms:.0f} ms; timing: {ROUNDS} passes over every set; h = answerable but hedged, l = leaks")
    print(f"{'set':24} {'n':>4} {'ko':>4} {'unans':>5}  " + "  ".join(f"{e.name:>14}" for e in built))
    total = 0
    for path in paths:
        questions = load_questions(path)
        total += len(questions)
        korean = sum(has_hangul(q.text) for q in questions)
        unanswerable = sum(not q.answerable for q in questions)
        row = "  ".join(f"{score(e, questions):>14}" for e in built)
        print(f"{path.stem:24} {len(questions):>4} {korean:>4} {unanswerable:>5}  {row}")
    print(f"\n{total} questions in all")
    print(f"{'engine':8} {'start-up':>10} {'median':>9} {'p99':>9} {'max':>9}")
    for e in built:
        timings = sorted(e.timings)
        print(
            f"{e.name:8} {e.startup_ms:>8.0f}ms {statistics.median(timings):>7.3f}ms "
            f"{timings[int(len(timings) * 0.99) - 1]:>7.3f}ms {timings[-1]:>7.3f}ms"
        )


if __name__ == "__main__":
    main()
