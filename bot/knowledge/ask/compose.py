"""Short answers built only from data fields, in the question's language, with the sources they came from.

Every sentence frame lives in `bot/i18n/{en,ko}.toml` under `[ask]`; the facts filling them come from the
records. Where a record lacks the fact, the answer says so and points at a command instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.i18n import catalog, t
from bot.knowledge.model import Actor, Award, Character, Confidence, CrewMember, Knowledge, Work
from bot.news.ledger import Report, ReportStatus, SequelStatus

# A character's own line about what they are called: "uses his real name rather than a nickname".
_NAME_NOTE = re.compile(r"(real name|by name|by his name|by her name|nickname|이름으로|본명|별명)")
_AWARD_NOTE = re.compile(r"\b(awards?|prize|nominat\w*)\b", re.IGNORECASE)
MAX_LIST = 8  # items in a list answer (works, awards, reports) before "and N more"
SPOILER = "||"


@dataclass(frozen=True, slots=True)
class Answer:
    """What /ask shows: the text, its language, where it came from, and what to link to."""

    text: str
    language: str  # "en" or "ko"
    sources: tuple[str, ...]
    intent: str
    entities: tuple[tuple[str, str], ...] = ()  # (kind, key): "character"/"actor"/"crew"
    confident: bool = True  # False: the data had no answer, or several people fit
    # a command that might help, by its path in the command catalogs ("character", "episode"), and the options
    # to give it ((option, value) pairs): bot/ui renders it as the reader's client names it (/인물, /회차 번호:8)
    suggestion: str = ""
    suggestion_options: tuple[tuple[str, str], ...] = ()


def mentions_name(text: str, names: Sequence[str]) -> bool:
    """`text` names the person: any of their names, ignoring case, spaces and hyphens."""
    squashed = re.sub(r"[\s\-]+", "", text).casefold()
    return any(re.sub(r"[\s\-]+", "", n).casefold() in squashed for n in names if len(n) >= 2)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


class Composer:
    """Sentence building for one language over one knowledge base."""

    def __init__(self, knowledge: Knowledge, language: str) -> None:
        self.k = knowledge
        self.lang = language
        self.ko = language == "ko"

    # ---------------------------------------------------------------------------------------- helpers
    def say(self, key: str, **params: object) -> str:
        return t(f"ask.{key}", self.lang, **params)

    def pick(self, english: str, korean: str) -> str:
        return korean if self.ko and korean else english

    def note(self, english: str, korean: str = "") -> str:
        """A free-text note in the answer's language, or nothing: a Korean answer leaves out a note the data
        only has in English rather than mixing languages (names and titles may stay as given)."""
        return korean if self.ko else english

    def person(self, record: Character | Actor | CrewMember) -> str:
        """Korean answers use the Hangul name; English ones the romanization with the Hangul after it."""
        if self.ko:
            return record.name_ko or record.name
        return f"{record.name} ({record.name_ko})" if record.name_ko else record.name

    def mark(self, confidence: Confidence) -> str:
        if confidence == Confidence.SINGLE_SOURCE:
            return " " + t("lookup.single_source", self.lang)
        if confidence == Confidence.UNCERTAIN:
            return " " + t("lookup.uncertain_mark", self.lang)
        return ""

    def date(self, day: dt.date) -> str:
        return f"{day.year}년 {day.month}월 {day.day}일" if self.ko else f"{day.day} {day:%B %Y}"

    def weekday(self, day: dt.date) -> str:
        return "월화수목금토일"[day.weekday()] + "요일" if self.ko else f"{day:%A}"

    def listing(self, items: Sequence[str]) -> str:
        shown = list(items[:MAX_LIST])
        text = "\n".join(f"• {item}" for item in shown)
        if len(items) > MAX_LIST:
            text += "\n" + self.say("more", count=len(items) - MAX_LIST)
        return text

    def work(self, work: Work) -> str:
        title = f"*{work.title}*" + (f" ({work.title_ko})" if work.title_ko and work.title_ko != work.title else "")
        note = self.note(work.note, work.note_ko)
        # A year in words ("announced", "upcoming") is an English note too; digits read the same in Korean.
        year = work.year if work.year and (not self.ko or any(ch.isdigit() for ch in work.year)) else ""
        return title + (f", {year}" if year else "") + (f": {note}" if note else "")

    def answer(
        self,
        text: str,
        intent: str,
        sources: Iterable[str],
        entities: Iterable[tuple[str, str]] = (),
        confident: bool = True,
        suggestion: str = "",
        suggestion_options: tuple[tuple[str, str], ...] = (),
    ) -> Answer:
        return Answer(
            text=text.strip(),
            language=self.lang,
            sources=_unique(sources),
            intent=intent,
            entities=tuple(dict.fromkeys(entities)),
            confident=confident,
            suggestion=suggestion,
            suggestion_options=suggestion_options,
        )

    def unknown(
        self, intent: str, key: str, suggestion: str, entities: Iterable[tuple[str, str]] = (), **params: object
    ) -> Answer:
        return self.answer(self.say(key, **params), intent, (), entities, confident=False, suggestion=suggestion)

    def actor_of(self, character: Character) -> Actor | None:
        return self.k.actors.get(character.actor) if character.actor else None

    # ------------------------------------------------------------------------------------ characters
    def casting(self, character: Character, intent: str) -> Answer:
        actor = self.actor_of(character)
        if actor is None:
            return self.unknown(
                intent,
                "actor_unknown",
                "character",
                [("character", character.key)],
                character=self.person(character),
            )
        text = self.say(
            "played_by",
            character=self.person(character),
            actor=self.person(actor),
            mark=self.mark(character.actor_confidence),
        )
        return self.answer(
            text,
            intent,
            character.sources,
            [("character", character.key), ("actor", actor.key)],
        )

    def character_profile(self, character: Character, intent: str) -> Answer:
        actor = self.actor_of(character)
        lines = [
            self.say(
                "character_is",
                character=self.person(character),
                role=self.pick(character.role, character.role_ko),
                mark=self.mark(character.confidence),
            )
        ]
        if actor is not None:
            lines.append(
                self.say("played_by_short", actor=self.person(actor), mark=self.mark(character.actor_confidence))
            )
        else:
            lines.append(self.say("actor_not_named"))
        entities = [("character", character.key)] + ([("actor", actor.key)] if actor else [])
        return self.answer(" ".join(lines), intent, character.sources, entities)

    def job(self, character: Character, intent: str) -> Answer:
        department = self.pick(character.department, character.department_ko)
        text = self.say("job", character=self.person(character), role=self.pick(character.role, character.role_ko))
        if department:
            text += " " + self.say("department", department=department)
        return self.answer(text, intent, character.sources, [("character", character.key)])

    def nicknames(self, character: Character, intent: str) -> Answer:
        if not character.nicknames:
            # "does baek have a nickname for park too": a recorded line saying there is none ("calls him by his
            # real name") answers the question better than "not on record".
            notes = [d for d in character.details if not d.spoiler and _NAME_NOTE.search(f"{d.text} {d.text_ko}")]
            lines = [
                self.note(d.text, d.text_ko) + self.mark(d.confidence) for d in notes if self.note(d.text, d.text_ko)
            ]
            if lines:
                text = self.person(character) + ":\n" + "\n".join(lines)
                sources = [x for d in notes for x in d.sources]
                return self.answer(text, intent, sources, [("character", character.key)])
            return self.unknown(
                intent, "no_nickname", "character", [("character", character.key)], character=self.person(character)
            )
        items = []
        for n in character.nicknames:
            label = f"**{n.name_ko}** “{n.name}”" if n.name_ko and n.name else f"**{n.name_ko or n.name}**"
            meaning = self.note(n.meaning, n.meaning_ko)
            items.append(label + (f": {meaning}" if meaning else ""))
        text = self.say("nicknames", character=self.person(character)) + "\n" + self.listing(items)
        return self.answer(text, intent, character.sources, [("character", character.key)])

    def relationships(
        self, characters: Sequence[Character], intent: str, kinds: frozenset[str] = frozenset()
    ) -> Answer:
        """Relationships of the first character, narrowed to the others when several are named, or to the
        given kinds ("mentor", "original mentor")."""
        keys = {c.key for c in characters}
        lines: list[str] = []
        for subject in characters:
            for rel in subject.relationships:
                other = self.k.characters.get(rel.target)
                if other is None or (len(keys) > 1 and other.key not in keys) or (kinds and rel.kind not in kinds):
                    continue
                line = self.say(
                    "relationship",
                    target=self.person(other),
                    subject=self.person(subject),
                    kind=self.pick(rel.kind, rel.kind_ko),
                )
                lines.append(SPOILER + line + SPOILER if rel.spoiler else line)
            if len(keys) == 1:
                break
        entities = [("character", c.key) for c in characters]
        if not lines:
            names = ", ".join(self.person(c) for c in characters)
            return self.unknown(intent, "no_relationship", "character", entities, characters=names)
        sources = [s for c in characters for s in c.sources]
        return self.answer("\n".join(dict.fromkeys(lines)), intent, sources, entities)

    def years(self, character: Character, intent: str) -> Answer:
        if character.years_on_team is None:
            return self.unknown(
                intent, "no_years", "character", [("character", character.key)], character=self.person(character)
            )
        text = self.say("years", character=self.person(character), years=character.years_on_team)
        return self.answer(text, intent, character.sources, [("character", character.key)])

    # ---------------------------------------------------------------------------------------- actors
    def roles(self, actor: Actor, intent: str) -> Answer:
        played = self.k.characters_played_by(actor.key)
        if not played:
            return self.unknown(intent, "no_roles", "cast", [("actor", actor.key)], actor=self.person(actor))
        roles = [
            self.say("role_item", character=self.person(c), role=self.pick(c.role, c.role_ko))
            + self.mark(c.actor_confidence)
            for c in played
        ]
        text = self.say("actor_plays", actor=self.person(actor)) + "\n" + self.listing(roles)
        entities = [("actor", actor.key)] + [("character", c.key) for c in played]
        return self.answer(text, intent, actor.sources, entities)

    def works(self, person: Actor | CrewMember, kind: str, intent: str, only: Sequence[Work] = ()) -> Answer:
        """Other works of a person: all of them, or `only` those the question asked about."""
        if not person.works:
            return self.unknown(intent, "no_works", "cast", [(kind, person.key)], person=self.person(person))
        shown = list(only) or list(person.works)
        text = self.say("works", person=self.person(person)) + "\n" + self.listing([self.work(w) for w in shown])
        return self.answer(text, intent, person.sources, [(kind, person.key)])

    def birth(self, actor: Actor, intent: str) -> Answer:
        if not actor.birth:
            return self.unknown(intent, "no_birth", "cast", [("actor", actor.key)], actor=self.person(actor))
        text = self.say("birth", actor=self.person(actor), birth=actor.birth, mark=self.mark(actor.birth_confidence))
        # what else the records say of the actor's age ("one source gives her birthday as 11 August")
        notes = [d for d in actor.details if "age" in d.topics and not d.spoiler and self.note(d.text, d.text_ko)]
        text = "\n".join([text, *(self.note(d.text, d.text_ko) + self.mark(d.confidence) for d in notes)])
        sources = [*actor.sources, *(x for d in notes for x in d.sources)]
        return self.answer(text, intent, sources, [("actor", actor.key)])

    def award_line(self, award: Award, with_recipient: bool) -> str:
        event = self.pick(award.event, award.event_ko)
        result = self.say("won") if award.result == "won" else self.say("nominated")
        line = f"{event}: {award.category} ({result})"
        if award.date:
            line += f", {self.date(award.date)}"
        if with_recipient:
            line = f"{self.recipient(award.recipient)}: {line}"
        if note := self.note(award.note, award.note_ko):
            line += f". {note}"
        return line + self.mark(award.confidence)

    def award_count(self, awards: Sequence[Award], event: str) -> str:
        """ "Won 3 awards at the 4th Blue Dragon Series Awards, plus 1 more nomination.": counted from the data."""
        won = sum(a.result == "won" for a in awards)
        nominated = len(awards) - won
        record = next((a for a in awards if a.event == event), None)
        at = self.pick(record.event, record.event_ko) if record else ""
        if self.ko:
            also = f" (후보 {nominated}개 부문 더, 모두 {len(awards)}개 부문 후보)" if nominated else ""
            return self.say("awards_count", at=f"{at}에서 " if at else "", won=won, also=also)
        also = (
            f", plus {nominated} more nomination{'s' if nominated != 1 else ''} ({len(awards)} nominations in all)"
            if nominated
            else ""
        )
        return self.say(
            "awards_count", at=f" at the {at}" if at else "", won=f"{won} award{'s' if won != 1 else ''}", also=also
        )

    def recipient(self, key: str) -> str:
        record = self.k.actors.get(key) or self.k.crew.get(key)
        return self.person(record) if record else self.say("the_show")

    def person_awards(self, person: Actor | CrewMember, kind: str, intent: str, count: str = "") -> Answer:
        """`count` is the event a counting question names ("how many awards did he win at the baeksang"), or
        "*" for all of them; empty for a plain listing."""
        awards = self.k.awards_for(person.key)
        if not awards:
            return self.unknown(intent, "no_awards", "cast", [(kind, person.key)], person=self.person(person))
        text = self.say("person_awards", person=self.person(person)) + "\n"
        if count:
            at = [a for a in awards if a.event == count] or awards
            text = self.award_count(at, count) + "\n" + text
        text += self.listing([self.award_line(a, False) for a in awards])
        # The person's own notes about awards: "his Baeksang rookie award was for another show".
        notes = [d for d in person.details if not d.spoiler and _AWARD_NOTE.search(d.text)]
        lines = [self.note(d.text, d.text_ko) + self.mark(d.confidence) for d in notes if self.note(d.text, d.text_ko)]
        if lines:
            text += "\n" + "\n".join(lines)
        sources = [s for a in awards for s in a.sources] + [s for d in notes for s in d.sources]
        return self.answer(text, intent, sources, [(kind, person.key)])

    # ------------------------------------------------------------------------------------------ crew
    def crew_profile(self, member: CrewMember, intent: str, headline: str = "") -> Answer:
        jobs = ", ".join(catalog(self.lang).get(f"ask.jobs.{job}", job) for job in member.jobs)
        lines = [headline or self.say("crew_is", person=self.person(member), jobs=jobs)]
        others = [a for a in member.aliases if a not in (member.name, member.name_ko)]
        if others:
            lines.append(self.say("also_known_as", names=", ".join(others[:4])))
        details = [(self.note(d.text, d.text_ko), d) for d in member.details if not d.spoiler]
        lines += [text + self.mark(d.confidence) for text, d in details if text]
        if member.works:
            titles = [f"*{self.pick(w.title, w.title_ko)}*" + (f" ({w.year})" if w.year else "") for w in member.works]
            lines.append(self.say("known_for", works=", ".join(titles[:4])))
        sources = list(member.sources) + [s for d in member.details for s in d.sources]
        return self.answer("\n".join(lines), intent, sources, [("crew", member.key)])

    def crew_with_job(self, *jobs: str) -> list[CrewMember]:
        return [m for m in self.k.crew.values() if any(j in job.lower() for job in m.jobs for j in jobs)]

    # ---------------------------------------------------------------------------------------- sequel
    def sequel(
        self,
        status: SequelStatus,
        focus: str,
        intent: str,
        asks_date: bool = False,
        speakers: Sequence[Sequence[str]] = (),
        quoted: Sequence[Report] = (),
        cast_change: bool = False,
    ) -> Answer:
        """What is known about a sequel. Asked for a date, it first says that none has been announced: the
        ledger records statements, never a release date. With `speakers` (each one person's names), the
        reports quoting or about those people come after the official status, as do the `quoted` reports a
        "who said ..." question asks for. Asked about cast changes (who joins, leaves or is recast), it first
        says no source covers any: the answer is then not confident."""
        official, buzz = status.official, status.buzz
        lines: list[str] = [self.say("sequel_no_date")] if asks_date else []
        if cast_change:
            lines.append(self.say("sequel_no_cast_change"))
        used: list[Report] = []
        if official is None:
            lines.append(self.say("sequel_nothing_official"))
        else:
            headline = {
                ReportStatus.CONFIRMED: "sequel_confirmed",
                ReportStatus.DENIED: "sequel_denied",
                ReportStatus.CANCELLED: "sequel_cancelled",
            }.get(official.status, "sequel_not_confirmed")
            lines.append(self.say(headline))
            lines.append(self.say("sequel_official", report=self.report(official)))
            used.append(official)
        said = [
            r
            for r in status.timeline
            if (r in quoted or any(mentions_name(f"{r.claim} {r.note} {r.outlet}", names) for names in speakers))
            and r not in used
        ]
        if said:
            # a report the question asked about shows its note too: the detail asked may be there ("the same day")
            shown = [self.report(r, with_note=r in quoted) for r in said]
            lines.append(self.say("sequel_people") + "\n" + self.listing(shown))
            used += said[:MAX_LIST]
        if focus == "reported":
            reports = [r for r in status.timeline if not r.status.is_official and r not in used]
            if reports:
                lines.append(self.say("sequel_reports") + "\n" + self.listing([self.report(r) for r in reports]))
                used += reports[:MAX_LIST]
        elif buzz is not None and focus != "official" and buzz not in used:
            lines.append(self.say("sequel_buzz", report=self.report(buzz)))
            used.append(buzz)
        sources = [s for r in used for s in ((r.url,) if r.url else r.sources or (r.outlet,))]
        if asks_date or cast_change:
            return self.answer("\n".join(lines), intent, sources, confident=False, suggestion="sequel")
        return self.answer("\n".join(lines), intent, sources)

    def report(self, report: Report, with_note: bool = False) -> str:
        status = t(f"sequel.status_{report.status.value}", self.lang)
        label = f" {report.label}" if report.label else ""
        return (
            self.say(
                "report",
                outlet=report.outlet,
                date=self.date(report.reported_on),
                status=status,
                claim=self.pick(report.claim, report.claim_ko),
            )
            + label
            + self.mark(report.confidence)
            + (f" ({note})" if with_note and (note := self.note(report.note)) else "")
        )
