"""Load and validate the human-edited knowledge files in `data/*.toml`.

Every problem in every file is collected before anything is raised, so one run of `python -m bot check-data`
tells an editor everything that needs fixing, each with the file and the entry it is in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.model import (
    AbsentTopic,
    Actor,
    Award,
    Character,
    Confidence,
    CrewMember,
    Detail,
    Episode,
    Fact,
    Knowledge,
    Lexicon,
    Nickname,
    Place,
    PlotPoint,
    Relationship,
    SeedReport,
    Series,
    Synonym,
    Topic,
    Work,
    WrongClaim,
    WrongName,
)
from bot.knowledge.tables import (  # DataProblem is re-exported: callers import it from here
    DataProblem,
    Reference,
    Sink,
    Table,
    is_table_list,
    keyed_entries,
    labelled,
    read_table,
    records,
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
LEXICON_FILE = "lexicon.toml"
DATA_FILES = (
    SERIES_FILE,
    CHARACTERS_FILE,
    CAST_FILE,
    CREW_FILE,
    EPISODES_FILE,
    FACTS_FILE,
    SEQUEL_FILE,
    LEXICON_FILE,
)

REPORT_STATUSES = ("rumor", "report", "statement", "confirmed", "denied", "cancelled")
AWARD_RESULTS = ("won", "nominated")
SERIES_RECIPIENT = "series"
DEFAULT_EPISODE_COUNT = 8


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


# --------------------------------------------------------------------------------------------- shared records


def _detail(t: Table) -> Detail | None:
    record = Detail(
        text=t.text("text", required=True),
        text_ko=t.text("text_ko"),
        spoiler=t.boolean("spoiler"),
        sources=t.sources(),
        confidence=t.confidence(),
        topics=t.texts("topics"),
    )
    return record if t.finish() else None


def _work(t: Table) -> Work | None:
    record = Work(
        title=t.text("title", required=True),
        title_ko=t.text("title_ko"),
        year=t.text("year"),
        note=t.text("note"),
        note_ko=t.text("note_ko"),
    )
    return record if t.finish() else None


# --------------------------------------------------------------------------------------------- one parser per file


def _parse_series(top: Table) -> Series | None:
    t = top.table("series", required=True)
    if t is None:
        return None
    places = records(labelled(t.tables("filming_place", "filming_place"), "name"), _place)
    awards = records(labelled(t.tables("award", "award"), "event", "category"), _award)
    viewership = records(t.tables("viewership", "viewership"), _detail)
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
        platform_ko=t.text("platform_ko"),
        release_date=release_date or dt.date.min,
        episode_count=episode_count or 0,
        genres=t.texts("genres", required=True),
        genres_ko=t.texts("genres_ko"),
        director=t.text("director"),
        writer=t.text("writer"),
        original_work=t.text("original_work"),
        original_work_ko=t.text("original_work_ko"),
        webtoon=t.text("webtoon"),
        webtoon_ko=t.text("webtoon_ko"),
        production_companies=t.texts("production_companies"),
        setting=t.text("setting"),
        setting_ko=t.text("setting_ko"),
        runtime=t.text("runtime"),
        age_rating=t.text("age_rating"),
        release_note=t.text("release_note"),
        release_note_ko=t.text("release_note_ko"),
        working_title=t.text("working_title"),
        filming_places=places,
        awards=awards,
        viewership=viewership,
        sources=t.sources(),
    )
    return record if t.finish() else None


def _place(t: Table) -> Place | None:
    record = Place(
        name=t.text("name", required=True),
        name_ko=t.text("name_ko"),
        used_for=t.text("used_for"),
        used_for_ko=t.text("used_for_ko"),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _award(t: Table) -> Award | None:
    recipient = t.reference("recipient", ("series", "actor", "crew"))
    record = Award(
        event=t.text("event", required=True),
        event_ko=t.text("event_ko"),
        date=t.date("date"),
        category=t.text("category", required=True),
        recipient=recipient or SERIES_RECIPIENT,
        result=t.choice("result", AWARD_RESULTS, required=True),
        note=t.text("note"),
        note_ko=t.text("note_ko"),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _parse_characters(top: Table) -> dict[str, Character]:
    characters: dict[str, Character] = {}
    for t in keyed_entries(top, "character", "character"):
        nicknames = records(t.tables("nickname", "nickname"), _nickname)
        relationships = records(t.tables("relationship", "relationship"), _relationship)
        details = records(t.tables("detail", "detail"), _detail)
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


def _nickname(t: Table) -> Nickname | None:
    record = Nickname(
        name=t.text("name", required=True),
        name_ko=t.text("name_ko"),
        meaning=t.text("meaning"),
        meaning_ko=t.text("meaning_ko"),
    )
    return record if t.finish() else None


def _relationship(t: Table) -> Relationship | None:
    record = Relationship(
        target=t.reference("target", ("character",), required=True) or "",
        kind=t.text("kind", required=True),
        kind_ko=t.text("kind_ko"),
        spoiler=t.boolean("spoiler"),
    )
    return record if t.finish() else None


def _parse_cast(top: Table) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for t in keyed_entries(top, "actor", "actor"):
        works = records(t.tables("work", "work"), _work)
        details = records(t.tables("detail", "detail"), _detail)
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


def _parse_crew(top: Table) -> dict[str, CrewMember]:
    crew: dict[str, CrewMember] = {}
    for t in keyed_entries(top, "crew", "crew"):
        works = records(t.tables("work", "work"), _work)
        details = records(t.tables("detail", "detail"), _detail)
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


def _parse_episodes(top: Table, episode_count: int) -> dict[int, Episode]:
    raw_list = top.table_list("episode", required=True)
    if raw_list is None:
        return {}
    episodes: dict[int, Episode] = {}
    for n, raw in enumerate(raw_list, start=1):
        number_raw = raw.get("number")
        name = f"episode {number_raw}" if isinstance(number_raw, int) else f"episode #{n}"
        t = Table(top.sink, name, raw)
        plot = records(t.tables("plot", "plot"), _plot_point)
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


def _plot_point(t: Table) -> PlotPoint | None:
    record = PlotPoint(
        text=t.text("text", required=True),
        text_ko=t.text("text_ko"),
        spoiler=t.boolean("spoiler", default=True),
        sources=t.sources(),
        confidence=t.confidence(),
    )
    return record if t.finish() else None


def _parse_facts(top: Table) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for t in keyed_entries(top, "fact", "fact"):
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


def _parse_sequel(top: Table) -> tuple[SeedReport, ...]:
    seeds: list[SeedReport] = []
    seen: set[str] = set()
    for t in keyed_entries(top, "report", "report"):
        url = t.text("url")
        if url and not url.startswith(("https://", "http://")):
            t.problem("'url' must be a full link starting with https://")
        record = SeedReport(
            key=t.key(),
            reported_on=t.date("reported_on", required=True) or dt.date.min,
            outlet=t.text("outlet", required=True),
            claim=t.text("claim", required=True),
            claim_ko=t.text("claim_ko"),
            outlet_ko=t.text("outlet_ko"),
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


_WRONG_NAME_KINDS = ("actor", "character", "crew")


def _parse_lexicon(top: Table) -> Lexicon:
    wrong_names: list[WrongName] = []
    for t in keyed_entries(top, "wrong_name", "wrong_name"):
        name = WrongName(
            key=t.key(),
            names=t.texts("names", required=True),
            kind=t.choice("kind", _WRONG_NAME_KINDS, default="actor"),
            character=t.reference("character", ("character",)) or "",
            actor=t.reference("actor", ("actor",)) or "",
            crew=t.reference("crew", ("crew",)) or "",
            sources=t.sources(),
        )
        if t.finish():
            wrong_names.append(name)
    claims: list[WrongClaim] = []
    for t in keyed_entries(top, "wrong_claim", "wrong_claim"):
        claim = WrongClaim(
            key=t.key(),
            words=t.texts("words", required=True),
            correction=t.text("correction", required=True),
            correction_ko=t.text("correction_ko"),
            character=t.reference("character", ("character",)) or "",
            actor=t.reference("actor", ("actor",)) or "",
            crew=t.reference("crew", ("crew",)) or "",
            unanswered=t.boolean("unanswered"),
            sources=t.sources(),
        )
        if t.finish():
            claims.append(claim)
    absent: list[AbsentTopic] = []
    for t in keyed_entries(top, "absent", "absent"):
        topic = AbsentTopic(
            key=t.key(),
            topic=t.text("topic", required=True),
            words=t.texts("words"),
            words_ko=t.texts("words_ko"),
            sources=t.sources(),
            real_people=t.boolean("real_people"),
        )
        if t.finish():
            absent.append(topic)
    synonyms: list[Synonym] = []
    for t in top.tables("synonym", "synonym"):
        synonym = Synonym(
            words=t.texts("words", required=True), means=t.text("means", required=True), sources=t.sources()
        )
        if t.finish():
            synonyms.append(synonym)
    topics: list[Topic] = []
    for t in keyed_entries(top, "topic", "topic") if top.has("topic") else []:
        entry = Topic(key=t.key(), words=t.texts("words"), words_ko=t.texts("words_ko"), sources=t.sources())
        if t.finish():
            topics.append(entry)
    return Lexicon(tuple(wrong_names), tuple(claims), tuple(absent), tuple(synonyms), tuple(topics))


def _check_topics(loaded: _Loaded, knowledge: Knowledge) -> None:
    """Every topic a detail names is one of lexicon.toml's [[topic]] keys."""
    known = {t.key for t in knowledge.lexicon.topics}
    people = (
        [(CHARACTERS_FILE, "character", r) for r in knowledge.characters.values()]
        + [(CAST_FILE, "actor", r) for r in knowledge.actors.values()]
        + [(CREW_FILE, "crew", r) for r in knowledge.crew.values()]
    )
    for file, kind, record in people:
        for n, detail in enumerate(record.details, start=1):
            for topic in detail.topics:
                if topic not in known:
                    loaded.problems.append(
                        DataProblem(
                            file,
                            f"{kind} {record.key!r} detail #{n}",
                            f"topic {topic!r} is not a [[topic]] key in {LEXICON_FILE}",
                        )
                    )


# --------------------------------------------------------------------------------------------- the whole folder


@dataclass(slots=True)
class _Loaded:
    problems: list[DataProblem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    updated: dict[str, dt.date] = field(default_factory=dict)


def _read_file(path: Path, loaded: _Loaded) -> Table | None:
    """Parse one file into its top-level table, or record why it could not be read."""
    name = path.name
    top = read_table(path, Sink(name, loaded.problems, loaded.references))
    if top is None:
        return None
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


def _raw_keys(top: Table | None, list_key: str) -> set[str]:
    """Keys declared in a file, even in entries with other problems, so references to them still resolve."""
    if top is None or not is_table_list(top.raw.get(list_key)):
        return set()
    return {raw["key"] for raw in top.raw[list_key] if isinstance(raw.get("key"), str)}


def _load(data_dir: Path) -> tuple[Knowledge | None, list[DataProblem]]:
    loaded = _Loaded()
    if not data_dir.is_dir():
        loaded.problems.append(DataProblem(str(data_dir), "", "data folder not found"))
        return None, loaded.problems

    tops = {name: _read_file(data_dir / name, loaded) for name in DATA_FILES}

    series_top, characters_top, cast_top = tops[SERIES_FILE], tops[CHARACTERS_FILE], tops[CAST_FILE]
    crew_top, episodes_top, facts_top, sequel_top = (
        tops[CREW_FILE],
        tops[EPISODES_FILE],
        tops[FACTS_FILE],
        tops[SEQUEL_FILE],
    )
    series = _parse_series(series_top) if series_top else None
    episode_count = series.episode_count if series and series.episode_count > 0 else DEFAULT_EPISODE_COUNT
    characters = _parse_characters(characters_top) if characters_top else {}
    actors = _parse_cast(cast_top) if cast_top else {}
    crew = _parse_crew(crew_top) if crew_top else {}
    episodes = _parse_episodes(episodes_top, episode_count) if episodes_top else {}
    facts = _parse_facts(facts_top) if facts_top else {}
    seeds = _parse_sequel(sequel_top) if sequel_top else ()
    lexicon_top = tops[LEXICON_FILE]
    lexicon = _parse_lexicon(lexicon_top) if lexicon_top else Lexicon()
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
        lexicon=lexicon,
        version=max(loaded.updated.values()).isoformat(),
        files=tuple(name for name in DATA_FILES if tops[name] is not None),
    )
    _check_topics(loaded, knowledge)
    if loaded.problems:
        return None, loaded.problems
    return knowledge, []
