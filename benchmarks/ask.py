"""/ask accuracy and latency on the fan question set, next to a plain baseline (run by hand: python benchmarks/ask.py).

Both run in the same process over the same data and the same questions (`tests/ask_questions.toml`), judged by
the same rule (`tests/ask_set.py`):
- engine: `AskEngine` (normalisation, entity linking, intent rules, composed answers).
- baseline: the best rapidfuzz match (token_set_ratio) of the folded question against every FAQ phrasing and
  topic, every character/actor/crew name and alias, and every sequel report, answering with that entry's text
  (Korean text for Hangul questions where the data has it); below a score cutoff it says it doesn't know.
Targets: engine >= 95%, >= 20 points above the baseline, p99 < 5 ms per question. After the main set it prints
one line each for the hold-out set, blind sets 1 to 5 (development material since their blind measurement) and,
once the lead adds it, blind set 6 (`tests/ask_questions_blind6.toml`), the out-of-sample measure. Each line also
counts "hedged" answers: answerable questions the engine answered as not known, so that lowering confidence
cannot pass for a gain (the judge only checks confidence on unanswerable questions).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process

from bot.knowledge.ask import AskEngine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.names import fold, has_hangul
from bot.news.ledger import SequelStatus, seed_reports, summarize
from tests.ask_set import QUESTIONS_FILE, Question, judge, load_questions

HOLDOUT_FILE = QUESTIONS_FILE.with_name("ask_questions_holdout.toml")
BLIND1_FILE = QUESTIONS_FILE.with_name("ask_questions_blind1.toml")  # blind once, development material since
BLIND2_FILE = QUESTIONS_FILE.with_name("ask_questions_blind2.toml")  # blind once, development material since
BLIND3_FILE = QUESTIONS_FILE.with_name("ask_questions_blind3.toml")  # blind once, development material since
BLIND4_FILE = QUESTIONS_FILE.with_name("ask_questions_blind4.toml")  # blind once, development material since
BLIND5_FILE = QUESTIONS_FILE.with_name("ask_questions_blind5.toml")  # blind once, development material since
BLIND6_FILE = QUESTIONS_FILE.with_name("ask_questions_blind6.toml")  # the out-of-sample measure, when present

ROUNDS = 20  # timed passes over the whole set
BASELINE_CUTOFF = 60.0


class Baseline:
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


def run(name: str, answer: Callable[[str], tuple[str, bool]], questions: list[Question]) -> dict[str, float]:
    correct = sum(judge(q, *answer(q.text)).correct for q in questions)
    leaks = sum(bool(judge(q, *answer(q.text)).leaked) for q in questions if not q.answerable)
    timings = []
    for _ in range(ROUNDS):
        for q in questions:
            started = time.perf_counter()
            answer(q.text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "name": name,
        "accuracy": correct / len(questions),
        "correct": correct,
        "leaks": leaks,
        "median": statistics.median(timings),
        "p99": timings[int(len(timings) * 0.99) - 1],
        "max": timings[-1],
    }


def main() -> None:
    started = time.perf_counter()
    knowledge = load_knowledge()
    sequel = summarize(seed_reports(knowledge))
    engine = AskEngine(knowledge)
    built = (time.perf_counter() - started) * 1000
    baseline = Baseline(knowledge, sequel)
    questions = load_questions()
    unanswerable = sum(not q.answerable for q in questions)
    korean = sum(has_hangul(q.text) for q in questions)

    def ask(text: str) -> tuple[str, bool]:
        a = engine.answer(text, sequel)
        return a.text, a.confident

    print(f"questions: {len(questions)} ({korean} Korean, {unanswerable} the data cannot answer)")
    print(f"load data + build engine: {built:.0f} ms; timing: {ROUNDS} passes over the set")
    print(f"{'':10} {'accuracy':>9} {'correct':>8} {'leaks':>6} {'median':>9} {'p99':>9} {'max':>9}")
    results = [run("engine", ask, questions), run("baseline", baseline.answer, questions)]
    for r in results:
        print(
            f"{r['name']:10} {r['accuracy']:>9.1%} {r['correct']:>8} {r['leaks']:>6} "
            f"{r['median']:>7.3f}ms {r['p99']:>7.3f}ms {r['max']:>7.3f}ms"
        )
    gap = (results[0]["accuracy"] - results[1]["accuracy"]) * 100
    print(f"engine - baseline: {gap:+.1f} points")
    print("leaks: unanswerable questions whose answer named a forbidden person or title")
    hedged = sum(q.answerable and not ask(q.text)[1] for q in questions)
    print(f"main set ({len(questions)} questions): engine {results[0]['accuracy']:.1%} ({hedged} answerable "
          f"hedged), baseline {results[1]['accuracy']:.1%}")  # fmt: skip
    extra = [
        ("hold-out set", HOLDOUT_FILE, "never used for tuning"),
        ("blind set 1", BLIND1_FILE, "written blind, used for development since"),
        ("blind set 2", BLIND2_FILE, "written blind, used for development since"),
        ("blind set 3", BLIND3_FILE, "written blind, used for development since"),
        ("blind set 4", BLIND4_FILE, "written blind, used for development since"),
        ("blind set 5", BLIND5_FILE, "written blind, used for development since"),
        ("blind set 6", BLIND6_FILE, "written blind"),
    ]
    for label, path, note in extra:
        if not path.exists():
            continue
        held = load_questions(path)
        answers = [(q, *ask(q.text)) for q in held]
        engine_ok = sum(judge(q, text, sure).correct for q, text, sure in answers)
        hedged = sum(q.answerable and not sure for q, _, sure in answers)
        baseline_ok = sum(judge(q, *baseline.answer(q.text)).correct for q in held)
        print(
            f"{label} ({len(held)} questions, {note}): engine {engine_ok}/{len(held)} = "
            f"{engine_ok / len(held):.1%} ({hedged} answerable hedged), baseline {baseline_ok / len(held):.1%}"
        )


if __name__ == "__main__":
    main()
