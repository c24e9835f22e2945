"""Loading and validating the knowledge files in data/: the shipped data, and what an editor sees on a mistake."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from bot.knowledge.loader import (
    DATA_FILES,
    DEFAULT_DATA_DIR,
    LEXICON_FILE,
    REPORT_STATUSES,
    DataError,
    DataProblem,
    load_knowledge,
    validate_data_dir,
)
from bot.knowledge.model import Confidence, Knowledge

HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Names and claims the reference lists as errors in its sources: none may appear in anything the bot says.
KNOWN_ERRORS = [
    "남궁민",
    "김혜준",
    "한지훈",
    "Shin Ha-young",
    "Doo Jin-tae",
    "Korea University Hospital",
    "Kim Hyeong-Hui",
    "Joo Young-woo",
    "Choi-Kae Tang",
    "Ministry of Health and Culture",
    "Ajou University",
    "60th Baeksang",
    "subconscious",
    "Paik",
    "Hae Won",
    "Han Jin-soo",
    "Jeseong University",
    "The Unwritten Rule",
    "May 23",
]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence, so the test breaks loudly if the data it relies on moves."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_in(data_dir: Path) -> list[DataProblem]:
    problems = validate_data_dir(data_dir)
    with pytest.raises(DataError) as raised:
        load_knowledge(data_dir)
    assert raised.value.problems == problems
    return problems


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


# --------------------------------------------------------------------------------------------- shipped data


def test_shipped_data_has_no_problems() -> None:
    assert validate_data_dir(DEFAULT_DATA_DIR) == []


def test_version_and_files(knowledge: Knowledge) -> None:
    assert knowledge.version == "2026-12-04"
    assert set(knowledge.files) == set(DATA_FILES)


def test_series_basics(knowledge: Knowledge) -> None:
    series = knowledge.series
    assert series.title == "The Trauma Code: Heroes on Call"
    assert series.title_ko == "중증외상센터"
    assert series.release_date == dt.date(2025, 1, 24)
    assert series.episode_count == 8
    assert "Trauma Center" in series.aliases
    assert "Netflix" in series.platform
    assert knowledge.crew[series.director].name == "Lee Do-yoon"
    assert knowledge.crew[series.writer].name == "Choi Tae-kang"
    assert "Hankuk University Hospital" in series.setting


def test_ju_ji_hoon_plays_baek_kang_hyuk(knowledge: Knowledge) -> None:
    baek = knowledge.characters["baek-kang-hyuk"]
    assert baek.name_ko == "백강혁"
    assert baek.actor == "ju-ji-hoon"
    ju = knowledge.actors["ju-ji-hoon"]
    assert ju.name == "Ju Ji-hoon"
    assert ju.name_ko == "주지훈"
    assert "Joo Ji-hoon" in ju.aliases
    assert knowledge.characters_played_by("ju-ji-hoon") == [baek]


def test_every_actor_plays_a_character(knowledge: Knowledge) -> None:
    for key in knowledge.actors:
        assert knowledge.characters_played_by(key), key


def test_nicknames_and_relationships(knowledge: Knowledge) -> None:
    yang = knowledge.characters["yang-jae-won"]
    assert {("Anus", "항문"), ("No. 1", "1호")} <= {(n.name, n.name_ko) for n in yang.nicknames}
    assert ("baek-kang-hyuk", "mentor") in {(r.target, r.kind) for r in yang.relationships}
    jang_mi = knowledge.characters["cheon-jang-mi"]
    assert ("Gangster", "조폭") in {(n.name, n.name_ko) for n in jang_mi.nicknames}
    assert jang_mi.years_on_team == 5


def test_uncertain_characters_say_so(knowledge: Knowledge) -> None:
    hong = knowledge.characters["hong-jae-hoon"]
    assert hong.confidence is Confidence.UNCERTAIN
    assert "name is uncertain" in hong.note
    assert hong.actor_confidence is Confidence.UNCERTAIN
    assert knowledge.characters["ji-young"].confidence is Confidence.UNCERTAIN
    # The reference names no actor for these.
    for key in ("ma-tae-rim", "lee-hyun-jong", "ji-young"):
        assert knowledge.characters[key].actor is None


def test_only_episodes_1_2_and_8_have_titles(knowledge: Knowledge) -> None:
    assert sorted(knowledge.episodes) == list(range(1, 9))
    titled = {n: e.title for n, e in knowledge.episodes.items() if e.title or e.title_ko}
    assert titled == {
        1: "Enter Doctor Maniac",
        2: "The Birth of Protégé No.1",
        8: "Patient: Baek Kang-hyuk",
    }
    assert knowledge.episodes[8].title_ko == "환자명: 백강혁"
    assert knowledge.episodes[1].title_confidence is Confidence.SINGLE_SOURCE
    assert knowledge.episodes[8].title_confidence is Confidence.CONFIRMED


def test_plot_points_are_spoilers(knowledge: Knowledge) -> None:
    plots = [p for e in knowledge.episodes.values() for p in e.plot]
    assert plots
    assert all(p.spoiler and p.sources for p in plots)


def test_sequel_seeds(knowledge: Knowledge) -> None:
    seeds = {s.key: s for s in knowledge.sequel_seeds}
    statement = seeds["netflix-statement-2025-09-23"]
    assert statement.status == "statement"
    assert statement.reported_on == dt.date(2025, 9, 23)
    assert "후속편 제작은 현재 검토 중이다. 아직 확정된 내용은 없다." in statement.claim

    xportsnews = seeds["xportsnews-2025-09-23"]
    assert xportsnews.status == "report"
    assert xportsnews.url == "https://m.entertain.naver.com/now/article/311/0001920693"

    mydaily = seeds["mydaily-unikpop-2026-06-22"]
    assert (mydaily.status, mydaily.confidence) == ("rumor", Confidence.UNCERTAIN)
    assert mydaily.reported_on == dt.date(2026, 6, 22)

    assert all(s.status in REPORT_STATUSES for s in seeds.values())
    # Nothing shipped claims an official confirmation, denial or cancellation.
    assert not {s.status for s in seeds.values()} & {"confirmed", "denied", "cancelled"}
    assert [s.reported_on for s in knowledge.sequel_seeds] == sorted(s.reported_on for s in seeds.values())


def test_awards(knowledge: Knowledge) -> None:
    ju_wins = {a.event for a in knowledge.awards_for("ju-ji-hoon") if a.result == "won"}
    assert ju_wins == {
        "61st Baeksang Arts Awards",
        "4th Blue Dragon Series Awards",
        "Seoul International Drama Awards 2025 (20th)",
    }
    # Choo's Baeksang rookie award was for another show; here he only has the Blue Dragon one.
    choo = knowledge.awards_for("choo-young-woo")
    assert [(a.event, a.category, a.result) for a in choo] == [
        ("4th Blue Dragon Series Awards", "Best New Actor", "won")
    ]


def test_facts_are_bilingual_and_sourced(knowledge: Knowledge) -> None:
    for key in ("where_to_watch", "release_date", "true_story", "romance", "nickname_anus", "filming_period"):
        assert key in knowledge.facts
    assert knowledge.facts["filming_period"].confidence is Confidence.UNCERTAIN
    for fact in knowledge.facts.values():
        assert fact.answer_ko and HANGUL.search(fact.answer_ko), fact.key
        assert fact.sources, fact.key
        assert any(HANGUL.search(q) for q in fact.questions), fact.key
        assert any(not HANGUL.search(q) for q in fact.questions), fact.key


def test_data_contains_no_known_errors() -> None:
    # lexicon.toml is where the errors are kept so /ask can recognise and correct them; nothing else may hold one.
    text = "\n".join(
        s
        for name in DATA_FILES
        if name != LEXICON_FILE
        for s in strings_in(tomllib.loads((DEFAULT_DATA_DIR / name).read_text(encoding="utf-8")))
    ).casefold()
    found = [wrong for wrong in KNOWN_ERRORS if wrong.casefold() in text]
    assert found == []


# --------------------------------------------------------------------------------------------- broken data


def test_problem_reads_as_file_entry_message() -> None:
    problem = DataProblem("characters.toml", "character 'baek-kang-hyuk'", "unknown key 'nicknme'")
    assert str(problem) == "characters.toml: character 'baek-kang-hyuk': unknown key 'nicknme'"


def test_unknown_key_names_file_and_entry(data_copy: Path) -> None:
    edit(data_copy / "characters.toml", 'name_ko = "백강혁"\n', 'name_ko = "백강혁"\nnicknme = "x"\n')
    [problem] = problems_in(data_copy)
    assert problem.file == "characters.toml"
    assert problem.entry == "character 'baek-kang-hyuk'"
    assert "unknown key 'nicknme'" in problem.message


def test_unknown_key_in_nested_table(data_copy: Path) -> None:
    edit(data_copy / "cast.toml", 'title = "Asura"\n', 'title = "Asura"\nyaer = "2016"\n')
    [problem] = problems_in(data_copy)
    assert problem.file == "cast.toml"
    assert problem.entry.startswith("actor 'ju-ji-hoon' work #")
    assert "'yaer'" in problem.message


def test_dangling_actor_reference(data_copy: Path) -> None:
    edit(data_copy / "characters.toml", 'actor = "ha-young"', 'actor = "ha-yung"')
    [problem] = problems_in(data_copy)
    assert (problem.file, problem.entry) == ("characters.toml", "character 'cheon-jang-mi'")
    assert "'ha-yung'" in problem.message and "cast.toml" in problem.message


def test_dangling_relationship_target_and_award_recipient(data_copy: Path) -> None:
    edit(data_copy / "characters.toml", 'target = "ji-young"', 'target = "jiyoung"')
    edit(data_copy / "series.toml", 'recipient = "lee-do-yoon"', 'recipient = "lee-doyoon"')
    problems = problems_in(data_copy)
    assert {(p.file, p.entry.split(" relationship")[0]) for p in problems} >= {
        ("characters.toml", "character 'han-yu-rim'")
    }
    assert any(p.file == "series.toml" and "lee-doyoon" in p.message for p in problems)
    assert len(problems) == 2


def test_bad_toml_syntax_names_the_line(data_copy: Path) -> None:
    path = data_copy / "facts.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken_at = lines.index('key = "romance"') + 1
    lines[broken_at - 1] = 'key = "romance'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = problems_in(data_copy)
    assert problem.file == "facts.toml"
    assert problem.entry == f"line {broken_at}"
    assert "invalid TOML" in problem.message


def test_missing_sources(data_copy: Path) -> None:
    edit(data_copy / "sequel.toml", 'sources = ["indopop.id"]\n', "")
    [problem] = problems_in(data_copy)
    assert (problem.file, problem.entry) == ("sequel.toml", "report 'indopop-2025-09-24'")
    assert "'sources'" in problem.message


def test_all_problems_are_collected_before_raising(data_copy: Path) -> None:
    edit(data_copy / "characters.toml", 'actor = "ha-young"', 'actor = "ha-yung"')
    edit(data_copy / "sequel.toml", 'status = "statement"', 'status = "official"')
    edit(
        data_copy / "cast.toml",
        'birth_confidence = "single-source"\nsources = ["time.com"',
        'birth_confidence = "sure"\nsources = ["time.com"',
    )
    edit(data_copy / "episodes.toml", "number = 6\n", "number = 9\n")
    edit(data_copy / "crew.toml", "updated = 2026-12-04", 'updated = "yesterday"')
    problems = problems_in(data_copy)
    by_file = {p.file for p in problems}
    assert by_file == {"characters.toml", "sequel.toml", "cast.toml", "episodes.toml", "crew.toml"}
    messages = "\n".join(str(p) for p in problems)
    assert "sequel.toml: report 'netflix-statement-2025-09-23': 'status' must be one of" in messages
    assert "cast.toml: actor 'ju-ji-hoon': 'birth_confidence' must be one of" in messages
    assert "episodes.toml: episode 9: episode number must be between 1 and 8" in messages
    assert "episodes.toml: episode 6: missing" in messages
    assert "crew.toml: 'updated' must be a date" in messages


def test_duplicate_keys_and_episode_numbers(data_copy: Path) -> None:
    edit(data_copy / "facts.toml", 'key = "romance"', 'key = "genre"')
    edit(data_copy / "episodes.toml", "number = 5\n", "number = 4\n")
    messages = [str(p) for p in problems_in(data_copy)]
    assert any(m.startswith("facts.toml: fact 'genre': duplicate key") for m in messages)
    assert "episodes.toml: episode 4: duplicate episode number" in messages


def test_wrong_type(data_copy: Path) -> None:
    edit(data_copy / "series.toml", "episode_count = 8", 'episode_count = "8"')
    messages = [str(p) for p in problems_in(data_copy)]
    assert "series.toml: series: 'episode_count' must be an integer, got the string '8'" in messages


def test_title_without_sources_is_rejected(data_copy: Path) -> None:
    edit(data_copy / "episodes.toml", "number = 3\n", 'number = 3\ntitle = "A guess"\n')
    messages = [str(p) for p in problems_in(data_copy)]
    assert "episodes.toml: episode 3: missing required key 'title_sources'" in messages


def test_missing_file_and_folder(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "crew.toml").unlink()
    messages = [str(p) for p in problems_in(data_copy)]
    assert "crew.toml: file is missing" in messages
    # The director and writer now point nowhere, and that is reported too.
    assert any(m.startswith("series.toml: series: 'director'") for m in messages)
    assert validate_data_dir(tmp_path / "nowhere")
