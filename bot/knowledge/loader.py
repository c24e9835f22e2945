"""Load and validate the human-edited knowledge files in `data/*.toml`.

Every problem in every file is collected before anything is raised, so one run of `python -m bot check-data`
tells an editor everything that needs fixing, each with the file and the entry it is in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.model import (
    Actor,
    Award,
    Character,
    Confidence,
    CrewMember,
    Detail,
    Episode,
    Fact,
    Knowledge,
    Nickname,
    Place,
    PlotPoint,
    Relationship,
    SeedReport,
    Series,
    Work,
)

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

SERIES_FILE = "series.toml"
CHARACTERS_FILE = "characters.toml"
CAST_FILE = "cast.toml"
CREW_FILE = "crew.toml"
EPISODES_FILE = "episodes.toml"
FACTS_FILE = "facts.toml"
SEQUEL_FILE = "sequel.toml"
DATA_FILES = (
    SERIES_FILE,
    CHARACTERS_FILE,
    CAST_FILE,
    CREW_FILE,
    EPISODES_FILE,
    FACTS_FILE,
    SEQUEL_FILE,
)

REPORT_STATUSES = ("rumor", "report", "statement", "confirmed", "denied", "cancelled")
AWARD_RESULTS = ("won", "nominated")
SERIES_RECIPIENT = "series"
DEFAULT_EPISODE_COUNT = 8

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


class DataError(Exception):
    """The data folder has problems; `problems` lists all of them."""

    def __init__(self, problems: Iterable[DataProblem]) -> None:
        self.problems: list[DataProblem] = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the knowledge data:\n{lines}")


def load_knowledge(data_dir: Path | str = DEFAULT_DATA_DIR) -> Knowledge:
    """Load every data file into a `Knowledge`; raise `DataError` listing all problems if anything is wrong."""
    knowledge, problems = _load(Path(data_dir))
    if problems or knowledge is None:
        raise DataError(problems)
    log.info("Loaded knowledge version %s from %s", knowledge.version, data_dir)
    return knowledge


def validate_data_dir(path: Path | str = DEFAULT_DATA_DIR) -> list[DataProblem]:
    """Return every problem in the data folder; an empty list means it loads cleanly."""
    return _load(Path(path))[1]


# --------------------------------------------------------------------------------------------- reading tables

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
class _Reference:
    """A key in one entry that must name an entry somewhere else (checked once every file is read)."""

    file: str
    entry: str
    field: str
    value: str
    kinds: tuple[str, ...]  # "character", "actor", "crew", "series"


@dataclass(slots=True)
class _Sink:
    """Collects problems for one file."""

    file: str
    problems: list[DataProblem]
    references: list[_Reference]

    def add(self, entry: str, message: str) -> None:
        self.problems.append(DataProblem(self.file, entry, message))


class _Table:
    """One TOML table being read. Every accessor marks its key as known; `finish` reports the rest as unknown.

    `ok` turns False on the first problem, so callers can skip building a record from bad data while still
    collecting every problem in it.
    """

    def __init__(self, sink: _Sink, entry: str, raw: dict[str, Any]) -> None:
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
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, "a string", lambda v: isinstance(v, str), False)
        if value is _MISSING:
            return None
        if not value.strip():
            self.problem(f"'{key}' must not be empty (leave the key out instead)")
            return None
        return value

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, "an array of strings", _is_string_list, required)
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
        return value

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
            self.sink.references.append(_Reference(self.sink.file, self.entry, key, value, kinds))
        return value

    def tables(self, key: str, label: str) -> list[_Table]:
        """The array of tables under `key` (e.g. `[[character.detail]]`), each named `<entry> <label> #n`."""
        value = self._get(key, "an array of tables", _is_table_list, False)
        if value is _MISSING:
            return []
        prefix = f"{self.entry} " if self.entry else ""
        return [_Table(self.sink, f"{prefix}{label} #{n}", item) for n, item in enumerate(value, start=1)]

    def table(self, key: str, *, required: bool = False) -> _Table | None:
        value = self._get(key, "a table", lambda v: isinstance(v, dict), required)
        if value is _MISSING:
            return None
        return _Table(self.sink, key, value)

    def finish(self) -> bool:
        """Report unknown keys; return whether the table was read without any problem."""
        for unknown in sorted(set(self.raw) - self._known):
            close = difflib.get_close_matches(unknown, sorted(self._known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(f"unknown key '{unknown}'{hint}")
        return self.ok


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


# --------------------------------------------------------------------------------------------- shared records


def _detail(t: _Table) -> Detail | None:
    record = Detail(
        text=t.text("text", required=True),
        text_ko=t.text("text_ko"),
        spoiler=t.boolean("spoiler"),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _work(t: _Table) -> Work | None:
    record = Work(
        title=t.text("title", required=True),
        title_ko=t.text("title_ko"),
        year=t.text("year"),
        note=t.text("note"),
        note_ko=t.text("note_ko"),
    )
    return record if t.finish() else None


def _records(tables: list[_Table], build: Callable[[_Table], Any]) -> tuple[Any, ...]:
    built = [build(t) for t in tables]
    return tuple(r for r in built if r is not None)


def _labelled(tables: list[_Table], *fields: str) -> list[_Table]:
    """Add identifying text (e.g. an award's event and category) to entry names, so problems are easy to find."""
    for t in tables:
        parts = [t.raw[f] for f in fields if isinstance(t.raw.get(f), str) and t.raw[f]]
        if parts:
            t.entry = f"{t.entry} ({': '.join(parts)})"
    return tables


def _entry_name(kind: str, raw: dict[str, Any], index: int) -> str:
    key = raw.get("key")
    return f"{kind} {key!r}" if isinstance(key, str) and key else f"{kind} #{index}"


def _keyed_entries(top: _Table, list_key: str, kind: str) -> list[_Table]:
    """The `[[list_key]]` tables of a file, named by their `key`, with duplicate keys reported."""
    raw_list = top._get(list_key, "an array of tables", _is_table_list, True)
    if raw_list is _MISSING:
        return []
    tables = [_Table(top.sink, _entry_name(kind, raw, n), raw) for n, raw in enumerate(raw_list, start=1)]
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


# --------------------------------------------------------------------------------------------- one parser per file


def _parse_series(top: _Table) -> Series | None:
    t = top.table("series", required=True)
    if t is None:
        return None
    places = _records(_labelled(t.tables("filming_place", "filming_place"), "name"), _place)
    awards = _records(_labelled(t.tables("award", "award"), "event", "category"), _award)
    viewership = _records(t.tables("viewership", "viewership"), _detail)
    t.reference("director", ("crew",))
    t.reference("writer", ("crew",))
    episode_count = t.integer("episode_count", required=True)
    if episode_count is not None and episode_count < 1:
        t.problem("'episode_count' must be at least 1")
    release_date = t.date("release_date", required=True)
    record = Series(
        title=t.text("title", required=True),
        title_ko=t.text("title_ko", required=True),
        aliases=t.texts("aliases"),
        platform=t.text("platform", required=True),
        release_date=release_date or dt.date.min,
        episode_count=episode_count or 0,
        genres=t.texts("genres", required=True),
        genres_ko=t.texts("genres_ko"),
        director=t.text("director"),
        writer=t.text("writer"),
        original_work=t.text("original_work"),
        original_work_ko=t.text("original_work_ko"),
        webtoon=t.text("webtoon"),
        production_companies=t.texts("production_companies"),
        setting=t.text("setting"),
        setting_ko=t.text("setting_ko"),
        runtime=t.text("runtime"),
        age_rating=t.text("age_rating"),
        release_note=t.text("release_note"),
        working_title=t.text("working_title"),
        filming_places=places,
        awards=awards,
        viewership=viewership,
        sources=t.sources(),
    )
    return record if t.finish() else None


def _place(t: _Table) -> Place | None:
    record = Place(
        name=t.text("name", required=True),
        name_ko=t.text("name_ko"),
        used_for=t.text("used_for"),
        used_for_ko=t.text("used_for_ko"),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _award(t: _Table) -> Award | None:
    recipient = t.reference("recipient", ("series", "actor", "crew"))
    record = Award(
        event=t.text("event", required=True),
        event_ko=t.text("event_ko"),
        date=t.date("date"),
        category=t.text("category", required=True),
        recipient=recipient or SERIES_RECIPIENT,
        result=t.choice("result", AWARD_RESULTS, required=True),
        note=t.text("note"),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _parse_characters(top: _Table) -> dict[str, Character]:
    characters: dict[str, Character] = {}
    for t in _keyed_entries(top, "character", "character"):
        nicknames = _records(t.tables("nickname", "nickname"), _nickname)
        relationships = _records(t.tables("relationship", "relationship"), _relationship)
        details = _records(t.tables("detail", "detail"), _detail)
        years = t.integer("years_on_team")
        if years is not None and years < 0:
            t.problem("'years_on_team' must not be negative")
        record = Character(
            key=t.key(),
            name=t.text("name", required=True),
            name_ko=t.text("name_ko", required=True),
            aliases=t.texts("aliases"),
            role=t.text("role", required=True),
            role_ko=t.text("role_ko"),
            department=t.text("department"),
            department_ko=t.text("department_ko"),
            descriptions=t.texts("descriptions"),
            nicknames=nicknames,
            relationships=relationships,
            actor=t.reference("actor", ("actor",)),
            actor_confidence=t.confidence("actor_confidence", required=False),
            years_on_team=years,
            details=details,
            sources=t.sources(),
            confidence=t.confidence(),
            note=t.text("note"),
        )
        if t.finish() and record.key not in characters:
            characters[record.key] = record
    return characters


def _nickname(t: _Table) -> Nickname | None:
    record = Nickname(
        name=t.text("name", required=True),
        name_ko=t.text("name_ko"),
        meaning=t.text("meaning"),
        meaning_ko=t.text("meaning_ko"),
    )
    return record if t.finish() else None


def _relationship(t: _Table) -> Relationship | None:
    record = Relationship(
        target=t.reference("target", ("character",), required=True) or "",
        kind=t.text("kind", required=True),
        kind_ko=t.text("kind_ko"),
        spoiler=t.boolean("spoiler"),
    )
    return record if t.finish() else None


def _parse_cast(top: _Table) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for t in _keyed_entries(top, "actor", "actor"):
        works = _records(t.tables("work", "work"), _work)
        details = _records(t.tables("detail", "detail"), _detail)
        birth = t.text("birth")
        if t.has("birth_confidence") and not birth:
            t.problem("'birth_confidence' is set but 'birth' is not")
        record = Actor(
            key=t.key(),
            name=t.text("name", required=True),
            name_ko=t.text("name_ko", required=True),
            aliases=t.texts("aliases"),
            birth=birth,
            birth_confidence=t.confidence("birth_confidence", required=bool(birth)),
            works=works,
            details=details,
            sources=t.sources(),
            confidence=t.confidence(),
            note=t.text("note"),
        )
        if t.finish() and record.key not in actors:
            actors[record.key] = record
    return actors


def _parse_crew(top: _Table) -> dict[str, CrewMember]:
    crew: dict[str, CrewMember] = {}
    for t in _keyed_entries(top, "crew", "crew"):
        works = _records(t.tables("work", "work"), _work)
        details = _records(t.tables("detail", "detail"), _detail)
        record = CrewMember(
            key=t.key(),
            name=t.text("name", required=True),
            name_ko=t.text("name_ko", required=True),
            aliases=t.texts("aliases"),
            jobs=t.texts("jobs", required=True),
            descriptions=t.texts("descriptions"),
            works=works,
            details=details,
            sources=t.sources(),
            confidence=t.confidence(),
            note=t.text("note"),
        )
        if t.finish() and record.key not in crew:
            crew[record.key] = record
    return crew


def _parse_episodes(top: _Table, episode_count: int) -> dict[int, Episode]:
    raw_list = top._get("episode", "an array of tables", _is_table_list, True)
    if raw_list is _MISSING:
        return {}
    episodes: dict[int, Episode] = {}
    for n, raw in enumerate(raw_list, start=1):
        number_raw = raw.get("number")
        name = f"episode {number_raw}" if isinstance(number_raw, int) else f"episode #{n}"
        t = _Table(top.sink, name, raw)
        plot = _records(t.tables("plot", "plot"), _plot_point)
        number = t.integer("number", required=True)
        if number is not None and not 1 <= number <= episode_count:
            t.problem(f"episode number must be between 1 and {episode_count}")
        elif number is not None and number in episodes:
            t.problem("duplicate episode number")
        title = t.optional_text("title")
        title_ko = t.optional_text("title_ko")
        titled = title is not None or title_ko is not None
        title_sources = t.texts("title_sources", required=titled)
        title_confidence = t.confidence("title_confidence", required=titled)
        if not titled and (t.has("title_sources") or t.has("title_confidence")):
            t.problem("'title_sources'/'title_confidence' given without a title")
        record = Episode(
            number=number or 0,
            title=title,
            title_ko=title_ko,
            title_sources=title_sources,
            title_confidence=title_confidence if titled else Confidence.UNCERTAIN,
            plot=plot,
        )
        if t.finish() and number is not None and record.number not in episodes:
            episodes[record.number] = record
    seen = {raw.get("number") for raw in raw_list}
    for missing in range(1, episode_count + 1):
        if missing not in seen:
            top.sink.add(f"episode {missing}", "missing: every episode from 1 to the episode count needs an entry")
    return episodes


def _plot_point(t: _Table) -> PlotPoint | None:
    record = PlotPoint(
        text=t.text("text", required=True),
        text_ko=t.text("text_ko"),
        spoiler=t.boolean("spoiler", default=True),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _parse_facts(top: _Table) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for t in _keyed_entries(top, "fact", "fact"):
        record = Fact(
            key=t.key(),
            topic=t.text("topic", required=True),
            answer=t.text("answer", required=True),
            answer_ko=t.text("answer_ko"),
            questions=t.texts("questions"),
            keywords=t.texts("keywords"),
            unanswered=t.boolean("unanswered"),
            sources=t.sources(),
            confidence=t.confidence(),
            spoiler=t.boolean("spoiler"),
        )
        if t.finish() and record.key not in facts:
            facts[record.key] = record
    return facts


def _parse_sequel(top: _Table) -> tuple[SeedReport, ...]:
    seeds: list[SeedReport] = []
    seen: set[str] = set()
    for t in _keyed_entries(top, "report", "report"):
        url = t.text("url")
        if url and not url.startswith(("https://", "http://")):
            t.problem("'url' must be a full link starting with https://")
        record = SeedReport(
            key=t.key(),
            reported_on=t.date("reported_on", required=True) or dt.date.min,
            outlet=t.text("outlet", required=True),
            claim=t.text("claim", required=True),
            status=t.choice("status", REPORT_STATUSES, required=True),
            url=url,
            sources=t.sources(),
            confidence=t.confidence(),
            note=t.text("note"),
        )
        if t.finish() and record.key not in seen:
            seen.add(record.key)
            seeds.append(record)
    return tuple(seeds)


# --------------------------------------------------------------------------------------------- the whole folder


@dataclass(slots=True)
class _Loaded:
    problems: list[DataProblem] = field(default_factory=list)
    references: list[_Reference] = field(default_factory=list)
    updated: dict[str, dt.date] = field(default_factory=dict)


def _read_file(path: Path, loaded: _Loaded) -> _Table | None:
    """Parse one file into its top-level table, or record why it could not be read."""
    name = path.name
    sink = _Sink(name, loaded.problems, loaded.references)
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
    top = _Table(sink, "", raw)
    updated = top.date("updated", required=True)
    if updated is not None:
        loaded.updated[name] = updated
    return top


def _check_references(
    loaded: _Loaded,
    characters: set[str],
    actors: set[str],
    crew: set[str],
) -> None:
    targets = {"character": characters, "actor": actors, "crew": crew, "series": {SERIES_RECIPIENT}}
    described = {
        "character": f"a character key in {CHARACTERS_FILE}",
        "actor": f"an actor key in {CAST_FILE}",
        "crew": f"a crew key in {CREW_FILE}",
        "series": f'"{SERIES_RECIPIENT}"',
    }
    for ref in loaded.references:
        if any(ref.value in targets[kind] for kind in ref.kinds):
            continue
        where = " or ".join(described[kind] for kind in ref.kinds)
        pool = sorted(set().union(*(targets[kind] for kind in ref.kinds)))
        close = difflib.get_close_matches(ref.value, pool, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        loaded.problems.append(
            DataProblem(ref.file, ref.entry, f"'{ref.field}' is {ref.value!r}, which is not {where}{hint}")
        )
    for key in sorted(actors & crew):
        loaded.problems.append(
            DataProblem(CREW_FILE, f"crew {key!r}", "key is also used in cast.toml; keys must differ")
        )


def _raw_keys(top: _Table | None, list_key: str) -> set[str]:
    """Keys declared in a file, even in entries with other problems, so references to them still resolve."""
    if top is None or not _is_table_list(top.raw.get(list_key)):
        return set()
    return {raw["key"] for raw in top.raw[list_key] if isinstance(raw.get("key"), str)}


def _load(data_dir: Path) -> tuple[Knowledge | None, list[DataProblem]]:
    loaded = _Loaded()
    if not data_dir.is_dir():
        loaded.problems.append(DataProblem(str(data_dir), "", "data folder not found"))
        return None, loaded.problems

    tops = {name: _read_file(data_dir / name, loaded) for name in DATA_FILES}

    series = _parse_series(tops[SERIES_FILE]) if tops[SERIES_FILE] else None
    episode_count = series.episode_count if series and series.episode_count > 0 else DEFAULT_EPISODE_COUNT
    characters = _parse_characters(tops[CHARACTERS_FILE]) if tops[CHARACTERS_FILE] else {}
    actors = _parse_cast(tops[CAST_FILE]) if tops[CAST_FILE] else {}
    crew = _parse_crew(tops[CREW_FILE]) if tops[CREW_FILE] else {}
    episodes = _parse_episodes(tops[EPISODES_FILE], episode_count) if tops[EPISODES_FILE] else {}
    facts = _parse_facts(tops[FACTS_FILE]) if tops[FACTS_FILE] else {}
    seeds = _parse_sequel(tops[SEQUEL_FILE]) if tops[SEQUEL_FILE] else ()
    for top in tops.values():
        if top is not None:
            top.finish()

    _check_references(
        loaded,
        characters=_raw_keys(tops[CHARACTERS_FILE], "character"),
        actors=_raw_keys(tops[CAST_FILE], "actor"),
        crew=_raw_keys(tops[CREW_FILE], "crew"),
    )
    if loaded.problems or series is None:
        return None, loaded.problems

    knowledge = Knowledge(
        series=series,
        characters=characters,
        actors=actors,
        crew=crew,
        episodes=dict(sorted(episodes.items())),
        facts=facts,
        sequel_seeds=tuple(sorted(seeds, key=lambda s: s.reported_on)),
        version=max(loaded.updated.values()).isoformat(),
        files=tuple(name for name in DATA_FILES if tops[name] is not None),
    )
    return knowledge, []
