"""Plain, immutable records for what the bot knows about the show.

Everything here is loaded from `data/*.toml` by `bot.knowledge.loader`. Every record keeps the sources it
came from and how sure the reference is (`Confidence`), so an answer can always name where it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Confidence(StrEnum):
    """How sure the reference is: two or more sources, one source, or uncertain/conflicting."""

    CONFIRMED = "confirmed"
    SINGLE_SOURCE = "single-source"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class Work:
    """Another drama, film or book a person is known for."""

    title: str
    title_ko: str = ""
    year: str = ""  # free text: "2014", "2024–25", "upcoming"
    note: str = ""
    note_ko: str = ""  # Korean answers show the note only when this is given


@dataclass(frozen=True, slots=True)
class Nickname:
    name: str  # as fans write it in English, e.g. "Anus", "No. 1", "Gangster"
    name_ko: str = ""  # e.g. "항문", "1호", "조폭"
    meaning: str = ""  # why the nickname, in the bot's own words
    meaning_ko: str = ""


@dataclass(frozen=True, slots=True)
class Relationship:
    target: str  # key of another character
    kind: str  # short English label: "mentor", "first disciple", "rival", "daughter"...
    kind_ko: str = ""
    spoiler: bool = False


@dataclass(frozen=True, slots=True)
class Detail:
    """One sentence about a person or plot, optionally a spoiler, with its own sources."""

    text: str
    text_ko: str = ""
    spoiler: bool = False
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    topics: tuple[str, ...] = ()  # keys of data/lexicon.toml's [[topic]]: "personality", "background"...


@dataclass(frozen=True, slots=True)
class Character:
    key: str
    name: str  # canonical English romanization, e.g. "Baek Kang-hyuk"
    name_ko: str  # Hangul
    aliases: tuple[str, ...]  # every romanization and typo in use
    role: str  # "Genius trauma surgeon; head of the trauma team"
    role_ko: str = ""
    department: str = ""
    department_ko: str = ""
    descriptions: tuple[str, ...] = ()  # role phrases fans use: "the nurse", "genius surgeon"
    nicknames: tuple[Nickname, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    actor: str | None = None  # key of an Actor, None when the reference does not name one
    actor_confidence: Confidence = Confidence.CONFIRMED
    years_on_team: int | None = None
    details: tuple[Detail, ...] = ()
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    key: str
    name: str  # "Ju Ji-hoon"
    name_ko: str  # "주지훈"
    aliases: tuple[str, ...]
    birth: str = ""  # free text, only where the reference gives it
    birth_confidence: Confidence = Confidence.UNCERTAIN
    works: tuple[Work, ...] = ()
    details: tuple[Detail, ...] = ()  # background, agency, debut...
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""


@dataclass(frozen=True, slots=True)
class CrewMember:
    key: str
    name: str
    name_ko: str
    aliases: tuple[str, ...]
    jobs: tuple[str, ...]  # "director", "screenwriter", "original author", "webtoon artist"
    descriptions: tuple[str, ...] = ()  # "the director", "the author"
    works: tuple[Work, ...] = ()
    details: tuple[Detail, ...] = ()
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""


PersonRecord = Character | Actor | CrewMember


@dataclass(frozen=True, slots=True)
class PlotPoint:
    text: str
    text_ko: str = ""
    spoiler: bool = True
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED


@dataclass(frozen=True, slots=True)
class Episode:
    number: int
    title: str | None = None  # None: the reference does not know it; never made up
    title_ko: str | None = None
    title_sources: tuple[str, ...] = ()
    title_confidence: Confidence = Confidence.UNCERTAIN
    plot: tuple[PlotPoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Award:
    event: str  # "61st Baeksang Arts Awards"
    event_ko: str = ""
    date: dt.date | None = None
    category: str = ""  # "Best Actor (TV)"
    recipient: str = "series"  # "series", or an actor/crew key
    result: str = "won"  # "won" or "nominated"
    note: str = ""
    note_ko: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    name_ko: str = ""
    used_for: str = ""  # the scenes shot there
    used_for_ko: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED


@dataclass(frozen=True, slots=True)
class Fact:
    """A FAQ-style fact: a topic key (`where_to_watch`, `true_story`...) with answers in both languages."""

    key: str
    topic: str
    answer: str
    answer_ko: str = ""
    questions: tuple[str, ...] = ()  # example phrasings, used for matching
    keywords: tuple[str, ...] = ()  # words or phrases that on their own make a question about this topic
    unanswered: bool = False  # the answer is that the thing asked is not known ("filming dates not published")
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    spoiler: bool = False


@dataclass(frozen=True, slots=True)
class Series:
    title: str
    title_ko: str
    aliases: tuple[str, ...]
    platform: str
    release_date: dt.date
    episode_count: int
    genres: tuple[str, ...]
    genres_ko: tuple[str, ...] = ()
    director: str = ""  # crew key
    writer: str = ""  # crew key
    original_work: str = ""  # free text: "Web novel 중증외상센터: 골든 아워 by Hansanleega"
    original_work_ko: str = ""
    webtoon: str = ""
    webtoon_ko: str = ""
    production_companies: tuple[str, ...] = ()
    setting: str = ""  # fictional hospital
    setting_ko: str = ""
    runtime: str = ""  # free text, with its uncertainty
    age_rating: str = ""
    release_note: str = ""
    release_note_ko: str = ""
    working_title: str = ""  # title used during production, with its caveat; "" when unknown
    filming_places: tuple[Place, ...] = ()
    awards: tuple[Award, ...] = ()
    viewership: tuple[Detail, ...] = ()
    sources: tuple[str, ...] = ()
    platform_ko: str = ""


@dataclass(frozen=True, slots=True)
class SeedReport:
    """A sequel report shipped with the bot (`data/sequel.toml`); the ledger adds runtime reports."""

    key: str
    reported_on: dt.date
    outlet: str
    claim: str
    status: str  # rumor | report | statement | confirmed | denied | cancelled
    claim_ko: str = ""
    outlet_ko: str = ""  # the outlet as Korean readers see it, when its English form has more than names
    url: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""


@dataclass(frozen=True, slots=True)
class WrongName:
    """A name some sources wrongly give a role or put in the cast (`data/lexicon.toml`); never stated."""

    key: str
    names: tuple[str, ...]
    kind: str = "actor"  # what the wrong name passes for: "actor", "character" or "crew"
    character: str = ""  # the role it is wrongly given (a character key), if any
    actor: str = ""  # the actor whose name it garbles, if any
    crew: str = ""  # the crew member whose name it garbles, if any
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WrongClaim:
    """A false claim some sources make, recognised by its words, with the correction to give."""

    key: str
    words: tuple[str, ...]
    correction: str
    correction_ko: str = ""
    character: str = ""  # the claim is about this character (the question must name them)
    actor: str = ""
    crew: str = ""
    unanswered: bool = False  # the claim is about something that does not exist: nothing about it is known
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AbsentTopic:
    """A topic no source covers: /ask says so instead of guessing."""

    key: str
    topic: str
    words: tuple[str, ...]
    words_ko: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # refused only about a real person (an actor or crew member): the story may use the same words
    # ("is ha young dating anyone" is private; "do baek and jang-mi end up dating" is the romance question)
    real_people: bool = False


@dataclass(frozen=True, slots=True)
class Synonym:
    """Spellings fans use (`words`) for a word the data writes as `means`."""

    words: tuple[str, ...]
    means: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    """What a detail is about ("personality"), with the words people use asking about it."""

    key: str
    words: tuple[str, ...]
    words_ko: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """How people talk about the show beyond its facts: errors to correct, absent topics, fan spellings."""

    wrong_names: tuple[WrongName, ...] = ()
    wrong_claims: tuple[WrongClaim, ...] = ()
    absent: tuple[AbsentTopic, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything loaded from `data/`, validated, with lookups by key."""

    series: Series
    characters: dict[str, Character]
    actors: dict[str, Actor]
    crew: dict[str, CrewMember]
    episodes: dict[int, Episode]
    facts: dict[str, Fact]
    sequel_seeds: tuple[SeedReport, ...]
    lexicon: Lexicon = field(default_factory=Lexicon)
    version: str = ""  # newest `updated` date across the data files
    files: tuple[str, ...] = field(default=())

    def person(self, kind: str, key: str) -> PersonRecord:
        """The character, actor or crew member with this key (`kind` is "character", "actor" or "crew")."""
        if kind == "character":
            return self.characters[key]
        return self.actors[key] if kind == "actor" else self.crew[key]

    def characters_played_by(self, actor_key: str) -> list[Character]:
        return [c for c in self.characters.values() if c.actor == actor_key]

    def awards_for(self, recipient: str) -> list[Award]:
        return [a for a in self.series.awards if a.recipient == recipient]
