"""Every record in `data/` as answer candidates: one sentence each, in English and Korean, with the people it is
about, its sources and how sure they are.

Retrieval (`retrieval.py`) ranks these for questions no crisp question type claims, so a fact added to the data
is answerable by its words alone, with no rule written for it. The sequel ledger's reports become candidates at
question time (they change while the bot runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.ask.entities import Person
from bot.knowledge.model import Actor, Character, Confidence, CrewMember, Detail, Knowledge, Work
from bot.news.ledger import Report


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sentence that can answer a question. `text`/`text_ko` are shown (a Korean question gets `text_ko`
    when there is one); `extra` holds words that find the sentence without being shown (an FAQ's phrasings,
    the subject's names)."""

    kind: str  # "detail", "work", "award", "fact", "plot", "report", ...
    text: str
    text_ko: str = ""
    people: tuple[Person, ...] = ()  # whom the sentence is about (first) or names
    extra: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.CONFIRMED
    spoiler: bool = False
    unanswered: bool = False  # the sentence says the thing is not known
    episode: int | None = None
    tags: str = ""  # words of the topics the record is about (data/lexicon.toml), which find it too


def _person(kind: str, record: Character | Actor | CrewMember) -> Person:
    return Person(kind, record.key)


def _names(record: Character | Actor | CrewMember) -> str:
    return " ".join(n for n in (record.name, record.name_ko, *record.aliases) if n)


def _details(
    person: Person, record: Character | Actor | CrewMember, details: Iterable[Detail], topics: dict[str, str]
) -> list[Candidate]:
    return [
        Candidate(
            "detail",
            d.text,
            d.text_ko,
            (person,),
            _names(record),
            d.sources,
            d.confidence,
            d.spoiler,
            tags=" ".join(topics.get(t, "") for t in d.topics),
        )
        for d in details
    ]


def _work(person: Person, record: Actor | CrewMember, work: Work) -> Candidate:
    title = f"*{work.title}*" + (f" ({work.title_ko})" if work.title_ko and work.title_ko != work.title else "")
    year = f", {work.year}" if work.year else ""
    year_ko = f", {work.year}" if any(ch.isdigit() for ch in work.year) else ""
    english = f"{title}{year}" + (f": {work.note}" if work.note else "")
    korean = f"{title}{year_ko}" + (f": {work.note_ko}" if work.note_ko else "")
    return Candidate("work", english, korean, (person,), _names(record), record.sources)


def build(knowledge: Knowledge) -> list[Candidate]:
    """Candidates for every record of the knowledge base (the sequel ledger aside, see `reports`)."""
    k = knowledge
    topics = {t.key: " ".join((*t.words, *t.words_ko)) for t in k.lexicon.topics}
    found: list[Candidate] = []
    for c in k.characters.values():
        me = _person("character", c)
        actor = k.actors.get(c.actor) if c.actor else None
        people = (me, Person("actor", actor.key)) if actor else (me,)
        role = Candidate("role", c.role, c.role_ko, people, _names(c), c.sources, c.confidence)
        found.append(role)
        found += _details(me, c, c.details, topics)
        for n in c.nicknames:
            label = " / ".join(x for x in (n.name, n.name_ko) if x)
            found.append(
                Candidate("nickname", f"“{label}”: {n.meaning}", f"“{label}”: {n.meaning_ko}", (me,), _names(c))
            )
        for rel in c.relationships:
            other = k.characters.get(rel.target)
            if other is not None:
                found.append(
                    Candidate(
                        "relationship",
                        f"{other.name} is {c.name}'s {rel.kind}.",
                        f"{other.name_ko}: {c.name_ko}의 {rel.kind_ko}." if rel.kind_ko else "",
                        (me, _person("character", other)),
                        f"{_names(c)} {_names(other)}",
                        c.sources,
                        spoiler=rel.spoiler,
                    )
                )
    for a in k.actors.values():
        me = _person("actor", a)
        found += _details(me, a, a.details, topics)
        found += [_work(me, a, w) for w in a.works]
        if a.birth:
            found.append(Candidate("birth", f"Born {a.birth}.", f"출생: {a.birth}", (me,), _names(a), a.sources))
    for m in k.crew.values():
        me = _person("crew", m)
        found += _details(me, m, m.details, topics)
        found += [_work(me, m, w) for w in m.works]
    s = k.series
    for place in s.filming_places:
        found.append(
            Candidate(
                "place",
                f"{place.name} ({place.name_ko}): {place.used_for}",
                f"{place.name_ko} ({place.name}): {place.used_for_ko}" if place.used_for_ko else "",
                extra="filmed filming location 촬영지",
                sources=place.sources,
                confidence=place.confidence,
            )
        )
    for award in s.awards:
        recipient = k.actors.get(award.recipient) or k.crew.get(award.recipient)
        kind = "actor" if award.recipient in k.actors else "crew"
        winners: tuple[Person, ...] = (Person(kind, recipient.key),) if recipient else ()
        who = f"{recipient.name}: " if recipient else ""
        who_ko = f"{recipient.name_ko}: " if recipient else ""
        result, result_ko = ("won", "수상") if award.result == "won" else ("nominated", "후보")
        note = f". {award.note}" if award.note else ""
        note_ko = f". {award.note_ko}" if award.note_ko else ""
        found.append(
            Candidate(
                "award",
                f"{who}{award.event}, {award.category} ({result}){note}",
                f"{who_ko}{award.event_ko or award.event}, {award.category} ({result_ko}){note_ko}",
                winners,
                _names(recipient) if recipient else "",
                award.sources,
                award.confidence,
            )
        )
    for line in s.viewership:
        found.append(Candidate("viewership", line.text, line.text_ko, (), "", line.sources, line.confidence))
    for fact in k.facts.values():
        found.append(
            Candidate(
                "fact",
                fact.answer,
                fact.answer_ko,
                extra=" ".join((fact.topic, *fact.questions, *fact.keywords)),
                sources=fact.sources,
                confidence=fact.confidence,
                spoiler=fact.spoiler,
                unanswered=fact.unanswered,
            )
        )
    for number, episode in k.episodes.items():
        for point in episode.plot:
            found.append(
                Candidate(
                    "plot",
                    point.text,
                    point.text_ko,
                    extra=f"episode {number} ep {number} {number}화",
                    sources=point.sources,
                    confidence=point.confidence,
                    spoiler=point.spoiler,
                    episode=number,
                )
            )
    return found


def reports(timeline: Iterable[Report]) -> list[Candidate]:
    """The ledger's live reports as candidates (seeds and those moderators logged)."""
    return [
        Candidate(
            "report",
            f"{r.outlet}, {r.reported_on:%d %B %Y}: {r.claim}",
            f"{r.outlet}, {r.reported_on.year}년 {r.reported_on.month}월 {r.reported_on.day}일: {r.claim_ko}"
            if r.claim_ko
            else "",
            extra=f"{r.note} season 2 sequel 시즌2 후속편",
            sources=(r.url,) if r.url else r.sources or (r.outlet,),
            confidence=r.confidence,
        )
        for r in timeline
    ]
