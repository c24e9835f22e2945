"""Autocomplete and name lookup speed, from memory (run by hand: python benchmarks/lookup.py).

Prints the time to load and index data/, and per-call latency (median, p99, max) of the autocomplete search
and the /character, /cast resolution over a mix of what fans type: prefixes, romanization variants, typos,
Hangul and empty input. Discord gives autocomplete 3 seconds; the target is well under a millisecond.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.knowledge.index import NameIndex
from bot.knowledge.loader import load_knowledge

QUERIES = [
    "",
    "b",
    "ba",
    "baek",
    "baek kang",
    "baek kanghyuk",
    "Baek Gang-hyeok",
    "백",
    "백강",
    "백강혁",
    "yang",
    "yang jaewon",
    "jae",
    "cheon",
    "chun jang mi",
    "jangmi",
    "han yoo rim",
    "park gyeong-won",
    "kang myung hee",
    "choi jo eun",
    "joo ji hoon",
    "ju jihon",
    "주지훈",
    "choo yeong woo",
    "chu young",
    "ha young",
    "하영",
    "yoon gyung ho",
    "jeong jae kwang",
    "kim",
    "kim eui",
    "kim seon young",
    "zzzz",
    "namgoong min",
    "baek kang hyk",
    "yang jae wn",
]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(rounds: int = 300) -> None:
    start = time.perf_counter()
    knowledge = load_knowledge()
    loaded = time.perf_counter()
    index = NameIndex.from_knowledge(knowledge)
    indexed = time.perf_counter()
    print(f"load data/: {(loaded - start) * 1000:.1f} ms, build name index: {(indexed - loaded) * 1000:.2f} ms")
    for label, call in (
        ("autocomplete /character", lambda q: index.search(q, "character")),
        ("autocomplete /cast", lambda q: index.search(q, "actor")),
        ("resolve /character", lambda q: index.resolve(q, "character")),
    ):
        timings = []
        for _ in range(rounds):
            for query in QUERIES:
                t0 = time.perf_counter()
                call(query)
                timings.append((time.perf_counter() - t0) * 1e6)
        print(
            f"{label:<26} calls={len(timings):>6}  median={statistics.median(timings):7.1f} µs  "
            f"p99={_percentile(timings, 0.99):7.1f} µs  max={max(timings):8.1f} µs"
        )


if __name__ == "__main__":
    main()
