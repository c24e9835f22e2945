"""Generic machinery for reading the knowledge TOML files: tables whose every key is checked, and problems
collected (never raised) so that one run can report everything wrong at once.

Nothing here knows what any file means; the per-file schemas are in `bot.knowledge.loader`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.model import Confidence

_KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_CONFIDENCES = tuple(c.value for c in Confidence)


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One thing wrong in one data file, precise enough for an editor to find and fix it."""

    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"


_MISSING: Any = object()


def _describe(value: object) -> str:
    """Name a parsed TOML value's type the way an editor thinks of it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a decimal point"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


@dataclass(slots=True)
class Reference:
    """A key in one entry that must name an entry somewhere else (checked once every file is read)."""

    file: str
    entry: str
    field: str
    value: str
    kinds: tuple[str, ...]  # "character", "actor", "crew", "series"


@dataclass(slots=True)
class Sink:
    """Collects problems for one file."""

    file: str
    problems: list[DataProblem]
    references: list[Reference]

    def add(self, entry: str, message: str) -> None:
        self.problems.append(DataProblem(self.file, entry, message))


class Table:
    """One TOML table being read. Every accessor marks its key as known; `finish` reports the rest as unknown.

    `ok` turns False on the first problem, so callers can skip building a record from bad data while still
    collecting every problem in it.
    """

    def __init__(self, sink: Sink, entry: str, raw: dict[str, Any]) -> None:
        self.sink = sink
        self.entry = entry
        self.raw = raw
        self.ok = True
        self._known: set[str] = set()

    def problem(self, message: str) -> None:
        self.ok = False
        self.sink.add(self.entry, message)

    def has(self, key: str) -> bool:
        return key in self.raw

    def _get(self, key: str, expected: str, check: Callable[[Any], bool], required: bool) -> Any:
        self._known.add(key)
        if key not in self.raw:
            if required:
                self.problem(f"missing required key '{key}'")
            return _MISSING
        value = self.raw[key]
        if not check(value):
            self.problem(f"'{key}' must be {expected}, got {_describe(value)}")
            return _MISSING
        return value

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self._get(key, "a string", lambda v: isinstance(v, str), required)
        if value is _MISSING:
            return default
        if required and not value.strip():
            self.problem(f"'{key}' must not be empty")
        return str(value)

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, "a string", lambda v: isinstance(v, str), False)
        if value is _MISSING:
            return None
        if not value.strip():
            self.problem(f"'{key}' must not be empty (leave the key out instead)")
            return None
        return str(value)

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, "an array of strings", is_string_list, required)
        if value is _MISSING:
            return ()
        if required and not value:
            self.problem(f"'{key}' must not be empty")
        if any(not item.strip() for item in value):
            self.problem(f"'{key}' contains an empty string")
        return tuple(value)

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self._get(key, "an integer", lambda v: isinstance(v, int) and not isinstance(v, bool), required)
        return None if value is _MISSING else value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self._get(key, "true or false", lambda v: isinstance(v, bool), False)
        return default if value is _MISSING else value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        self._known.add(key)
        if key not in self.raw:
            if required:
                self.problem(f"missing required key '{key}'")
            return None
        value = self.raw[key]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        hint = ""
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                hint = " (remove the quotes)"
            except ValueError:
                pass
        self.problem(f"'{key}' must be a date like 2025-01-24 without quotes, got {_describe(value)}{hint}")
        return None

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = False, default: str = "") -> str:
        value = self._get(key, "a string", lambda v: isinstance(v, str), required)
        if value is _MISSING:
            return default
        if value not in options:
            self.problem(f"'{key}' must be one of {', '.join(options)}; got {value!r}")
            return default
        return str(value)

    def confidence(self, key: str = "confidence", *, required: bool = True) -> Confidence:
        value = self.choice(key, _CONFIDENCES, required=required)
        return Confidence(value) if value else Confidence.CONFIRMED

    def sources(self) -> tuple[str, ...]:
        return self.texts("sources", required=True)

    def key(self) -> str:
        value = self.text("key", required=True)
        if value and not _KEY_PATTERN.match(value):
            self.problem(f"key {value!r} must be lowercase letters and digits joined by '-' or '_'")
        return value

    def reference(self, key: str, kinds: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.optional_text(key) if not required else self.text(key, required=True) or None
        if value is not None:
            self.sink.references.append(Reference(self.sink.file, self.entry, key, value, kinds))
        return value

    def table_list(self, key: str, *, required: bool = False) -> list[dict[str, Any]] | None:
        """The raw array of tables under `key`, or None (with a problem if required) when absent or not one."""
        value = self._get(key, "an array of tables", is_table_list, required)
        return None if value is _MISSING else value

    def tables(self, key: str, label: str) -> list[Table]:
        """The array of tables under `key` (e.g. `[[character.detail]]`), each named `<entry> <label> #n`."""
        value = self._get(key, "an array of tables", is_table_list, False)
        if value is _MISSING:
            return []
        prefix = f"{self.entry} " if self.entry else ""
        return [Table(self.sink, f"{prefix}{label} #{n}", item) for n, item in enumerate(value, start=1)]

    def table(self, key: str, *, required: bool = False) -> Table | None:
        value = self._get(key, "a table", lambda v: isinstance(v, dict), required)
        if value is _MISSING:
            return None
        return Table(self.sink, key, value)

    def finish(self) -> bool:
        """Report unknown keys; return whether the table was read without any problem."""
        for unknown in sorted(set(self.raw) - self._known):
            close = difflib.get_close_matches(unknown, sorted(self._known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(f"unknown key '{unknown}'{hint}")
        return self.ok


def is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_table_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def records(tables: list[Table], build: Callable[[Table], Any]) -> tuple[Any, ...]:
    built = [build(t) for t in tables]
    return tuple(r for r in built if r is not None)


def labelled(tables: list[Table], *fields: str) -> list[Table]:
    """Add identifying text (e.g. an award's event and category) to entry names, so problems are easy to find."""
    for t in tables:
        parts = [t.raw[f] for f in fields if isinstance(t.raw.get(f), str) and t.raw[f]]
        if parts:
            t.entry = f"{t.entry} ({': '.join(parts)})"
    return tables


def _entry_name(kind: str, raw: dict[str, Any], index: int) -> str:
    key = raw.get("key")
    return f"{kind} {key!r}" if isinstance(key, str) and key else f"{kind} #{index}"


def keyed_entries(top: Table, list_key: str, kind: str) -> list[Table]:
    """The `[[list_key]]` tables of a file, named by their `key`, with duplicate keys reported."""
    raw_list = top.table_list(list_key, required=True)
    if raw_list is None:
        return []
    tables = [Table(top.sink, _entry_name(kind, raw, n), raw) for n, raw in enumerate(raw_list, start=1)]
    first_seen: dict[str, int] = {}
    for n, raw in enumerate(raw_list, start=1):
        key = raw.get("key")
        if not isinstance(key, str):
            continue
        if key in first_seen:
            top.sink.add(f"{kind} {key!r}", f"duplicate key (entries #{first_seen[key]} and #{n})")
        else:
            first_seen[key] = n
    return tables


def read_table(path: Path, sink: Sink) -> Table | None:
    """Parse one TOML file into its top-level table, or record in `sink` why it could not be read."""
    if not path.is_file():
        sink.add("", "file is missing")
        return None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        sink.add("", f"not valid UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        if position:
            line, column = position.groups()
            sink.add(f"line {line}", f"invalid TOML: {message[: position.start()]} (column {column})")
        else:
            sink.add("", f"invalid TOML: {message}")
        return None
    return Table(sink, "", raw)
