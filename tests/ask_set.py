"""The /ask question set (`tests/ask_questions.toml`) and how an answer to one of its questions is judged.

Shared by the unit test and `benchmarks/ask.py`, so both measure the same thing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

QUESTIONS_FILE = Path(__file__).resolve().parent / "ask_questions.toml"
_IGNORED = re.compile(r"[\s\-‐‑–—]+")
# A thousands separator inside a number: "1,190만" and "1190만" are the same figure.
_GROUPING = re.compile(r"(?<=\d),(?=\d{3})")


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    must: tuple[tuple[str, ...], ...]  # each entry: alternatives, one of which must appear
    must_not: tuple[str, ...]
    answerable: bool


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    leaked: tuple[str, ...]  # forbidden strings that appeared
    missing: tuple[str, ...]  # required entries (as written) that did not appear


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    groups: dict[str, list[str]] = raw.get("groups", {})
    questions = []
    for entry in raw["question"]:
        must_not: list[str] = []
        for item in entry.get("must_not", []):
            must_not.extend(groups[item[1:]] if item.startswith("@") else [item])
        questions.append(
            Question(
                text=entry["q"],
                must=tuple(tuple(alt.strip() for alt in item.split("|")) for item in entry.get("must", [])),
                must_not=tuple(must_not),
                answerable=entry.get("answerable", True),
            )
        )
    return questions


def _squash(text: str) -> str:
    return _IGNORED.sub("", _GROUPING.sub("", text)).casefold()


def judge(question: Question, text: str, confident: bool) -> Verdict:
    """Correct when every required fact appears, nothing forbidden appears, and an unanswerable question is
    answered with a plain "not known" (`confident` False)."""
    body = _squash(text)
    missing = tuple(" | ".join(alts) for alts in question.must if not any(_squash(a) in body for a in alts))
    leaked = tuple(name for name in question.must_not if _squash(name) in body)
    correct = not missing and not leaked and (question.answerable or not confident)
    return Verdict(correct, leaked, missing)
