"""Answers about people: who plays whom, profiles, jobs, nicknames, relationships, works, awards, and the
honest "not on record" when the data lacks what was asked."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.knowledge.ask import frames
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer, Composer, mentions_name
from bot.knowledge.ask.entities import NICKNAME, Mention, Person
from bot.knowledge.ask.normalize import Query, content_words, stem
from bot.knowledge.ask.normalize import stems as stems_of
from bot.knowledge.ask.terms import terms
from bot.knowledge.model import Actor, Character, CrewMember, Knowledge, PersonRecord, Work
from bot.knowledge.names import fold, has_hangul

MAX_PEOPLE = 3  # "who plays baek and yang" answers for each, up to this many
MAX_TOPIC_LINES = 3  # details shown for a topic ("what is he like"), those sharing the question's words first
_STOP = {"the", "a", "an", "of", "his", "her", "their", "s"}
# Words naming a kind of relationship: a question with one asks for every relationship of that kind.
_RELATION_NOUNS = """mentor disciple protege rival ally boss student teacher daughter father colleague enemy
friend 스승 제자 라이벌 아군 딸 아버지 동료 적 친구"""
RELATION_NOUNS = frozenset(_RELATION_NOUNS.split())
_DEBUT = re.compile(r"\b(debut|debuted|debuting|first (drama|role|show|movie|film|acting job))\b")
# Words of a work's title that say nothing on their own ("the", "of", a bare number).
_TITLE_STOP_WORDS = "the a an of and in on to with my me your season part 1 2 3"
_TITLE_STOP = frozenset(_TITLE_STOP_WORDS.split())


def _names_work(query: Query, work: Work, own_title: frozenset[str]) -> bool:
    """The question names this work: its Korean title (or a 3+ syllable part of it, 우영우 of 이상한 변호사 우영우)
    or every significant word of its English title, in order."""
    if work.title_ko:
        title_ko = work.title_ko.replace(" ", "")
        if (
            len(title_ko) >= 2
            and title_ko in query.compact
            and not any(w in title_ko for w in own_title if has_hangul(w))
        ):
            return True
        if any(len(s[-1]) >= 3 and s[-1] not in own_title and s[-1] in title_ko for s in query.hangul_words):
            return True
    words = [w for w in fold(work.title).split() if w not in _TITLE_STOP]
    if not words or (len(words) == 1 and len(words[0]) < 5):
        return False
    return f" {' '.join(words)} " in f" {' '.join(t for t in query.tokens if t not in _TITLE_STOP)} "


# "What else was he in besides kingdom", "킹덤 말고": the works named are the ones the fan already knows.
EXCEPT = re.compile(
    r"\b(besides|except|other than|apart from|aside from|not counting|outside of|else|other|others|another)\b"
    r"|(말고|빼고|제외|외에|다른|딴)"
)


class People:
    """Composes the answer about the people a question names, once the engine knows who and what is asked."""

    def __init__(self, knowledge: Knowledge, composers: dict[str, Composer], title_words: frozenset[str]) -> None:
        self.knowledge = knowledge
        self._composers = composers
        self._title_words = title_words

    def record(self, person: Person) -> PersonRecord:
        return self.knowledge.person(person.kind, person.key)

    def named_in(self, person: Person, text: str) -> bool:
        """The text names the person (any spelling of their name)."""
        record = self.record(person)
        return mentions_name(text, [n for n in (record.name, record.name_ko, *record.aliases) if n])

    def focus(self, query: Query, mentions: list[Mention], intent: str | None) -> list[Person]:
        """The people the question is about: "Han Yu-rim's daughter" is the daughter, not Han Yu-rim."""
        people = list(dict.fromkeys(m.people[0] for m in mentions))
        if intent == i.RELATIONSHIP:
            return people
        focused: list[Person] = []
        for person in people:
            character = self.knowledge.characters.get(person.key) if person.kind == "character" else None
            target = self.relative(query, character) if character else None
            focused.append(Person("character", target) if target else person)
        return list(dict.fromkeys(focused))

    def relative(self, query: Query, character: Character) -> str | None:
        for rel in character.relationships:
            words = [w for w in fold(rel.kind).split() if w not in _STOP]
            if words and all(w in query.tokens for w in words):
                return rel.target
            if rel.kind_ko and rel.kind_ko.replace(" ", "") in query.compact:
                return rel.target
        return None

    def about_people(
        self, c: Composer, people: list[Person], intent: str | None, query: Query, mentions: list[Mention]
    ) -> Answer:
        k = self.knowledge
        if intent == i.RELATIONSHIP:
            characters = [k.characters[p.key] for p in people if p.kind == "character"]
            if characters:
                kinds = self.asked_kinds(query, characters)
                if kinds:  # "jae-won's mentor before baek": every mentor of his, not only the one named
                    return c.relationships([kinds[0]], intent, kinds=kinds[1])
                return c.relationships(characters, intent)
        if intent == i.NICKNAME:
            by_nickname = [m.people[0] for m in mentions if m.strength == NICKNAME]
            called = [p for p in (by_nickname or people[::-1]) if p.kind == "character"]
            # "baek calls jang-mi anus, right?": the nicknames of the one named (last), then the nickname's owner
            named = [
                m.people[0]
                for m in mentions
                if m.strength != NICKNAME and m.people[0].kind == "character" and m.people[0] not in by_nickname
            ]
            if by_nickname and len(named) >= 2 and k.characters[named[-1].key].nicknames:
                answers = [c.nicknames(k.characters[p.key], intent) for p in dict.fromkeys([named[-1], *called[:1]])]
                return c.answer(
                    "\n\n".join(a.text for a in answers),
                    intent,
                    [x for a in answers for x in a.sources],
                    [e for a in answers for e in a.entities],
                )
            if called:
                return c.nicknames(k.characters[called[0].key], intent)
        count = ""
        if intent == i.AWARDS and frames.asks_count(query):  # "how many awards did ju ji-hoon win"
            count = frames.awards_asked(k.series.awards, query)[1] or "*"
        answers = [self.about(c, person, intent or i.PROFILE, count, query) for person in people[:MAX_PEOPLE]]
        if len(answers) == 1:
            return answers[0]
        return c.answer(
            "\n\n".join(a.text for a in answers),
            answers[0].intent,
            [s for a in answers for s in a.sources],
            [e for a in answers for e in a.entities],
            confident=all(a.confident for a in answers),
            suggestion=next((a.suggestion for a in answers if a.suggestion), ""),
        )

    @staticmethod
    def asked_kinds(query: Query, characters: list[Character]) -> tuple[Character, frozenset[str]] | None:
        """The named character with most relationships of the kind the question names ("mentor", "스승"), and
        those kinds; None when the question names no kind any of them has."""
        words = {_plain(w) for w in query.tokens} & RELATION_NOUNS
        best: tuple[int, Character | None, frozenset[str]] = (0, None, frozenset())
        for character in characters:
            kinds = set()
            for rel in character.relationships:
                kind_words = {_plain(w) for w in fold(rel.kind).split()}
                if kind_words & words or (
                    rel.kind_ko and any(w in RELATION_NOUNS and w in query.compact for w in rel.kind_ko.split())
                ):
                    kinds.add(rel.kind)
            if len(kinds) > best[0]:
                best = (len(kinds), character, frozenset(kinds))
        return (best[1], best[2]) if best[1] is not None else None

    def about(self, c: Composer, person: Person, intent: str, count: str = "", query: Query | None = None) -> Answer:
        k = self.knowledge
        if person.kind == "character":
            character = k.characters[person.key]
            actor = c.actor_of(character)
            if intent in (i.OTHER_WORKS, i.BIRTH, i.AWARDS) and actor is not None:
                return self.about(c, Person("actor", actor.key), intent, count)
            if intent == i.YEARS and character.years_on_team is None and _has_year(character):
                intent = i.JOB  # "what year resident is he": the role says "fourth-year resident"
            handlers: dict[str, Callable[[Character, str], Answer]] = {
                i.CASTING: c.casting,
                i.JOB: c.job,
                i.NICKNAME: c.nicknames,
                i.YEARS: c.years,
                i.RELATIONSHIP: lambda ch, it: c.relationships([ch], it),
            }
            return handlers.get(intent, c.character_profile)(character, intent)
        if person.kind == "actor":
            actor = k.actors[person.key]
            if intent == i.OTHER_WORKS:
                return c.works(actor, "actor", intent)
            if intent == i.BIRTH:
                return c.birth(actor, intent)
            if intent == i.AWARDS:
                return c.person_awards(actor, "actor", intent, count)
            if intent == i.JOB and query is not None:  # "하영 전공 뭐였어": an actor's own past, not a role's job
                words = tuple(w for w in content_words(query) if w not in self._title_words)
                if (own := self.from_details(c, [person], words)) is not None:
                    return own
            return c.roles(actor, intent)
        member = k.crew[person.key]
        if intent == i.OTHER_WORKS:
            return c.works(member, "crew", intent)
        if intent == i.AWARDS:
            return c.person_awards(member, "crew", intent, count)
        return c.crew_profile(member, intent)

    def speakers(self, mentions: list[Mention], found: i.Intents) -> list[tuple[str, ...]]:
        """The names (every spelling) of the real people a sequel question names: the actor for a character,
        the director, writer or original author for "what did the director say"."""
        k = self.knowledge
        speakers = []
        people = [m.people[0] for m in mentions]
        for intent, key in ((i.DIRECTOR, k.series.director), (i.WRITER, k.series.writer)):
            if found.score(intent) and key:
                people.append(Person("crew", key))
        if found.score(i.AUTHOR) or found.score(i.ORIGINAL):
            people += [Person("crew", m.key) for m in self._composers["en"].crew_with_job("author", "novel")]
        for person in dict.fromkeys(people):
            record: Actor | CrewMember | None
            if person.kind == "character":
                actor_key = k.characters[person.key].actor
                record = k.actors.get(actor_key) if actor_key else None
            elif person.kind == "actor":
                record = k.actors.get(person.key)
            else:
                record = k.crew.get(person.key)
            if record is not None:
                speakers.append(tuple(n for n in (record.name, record.name_ko, *record.aliases) if n))
        return speakers

    def works_named(self, c: Composer, query: Query, people: list[Person], intent: str | None) -> Answer | None:
        """An actor's or crew member's other works the question names ("was ha young in extraordinary attorney
        woo", "하영 우영우에도 나왔어?") or, asked for a debut, the works the data marks as one; None otherwise."""
        k = self.knowledge
        debut = bool(_DEBUT.search(query.text) or "데뷔" in query.compact)
        for person in people[:MAX_PEOPLE]:
            record: Actor | CrewMember | None
            if person.kind == "character":
                character = k.characters[person.key]
                record, kind = (k.actors.get(character.actor), "actor") if character.actor else (None, "")
            elif person.kind == "actor":
                record, kind = k.actors[person.key], "actor"
            else:
                record, kind = k.crew[person.key], "crew"
            if record is None or not record.works:
                continue
            named = [w for w in record.works if _names_work(query, w, self._title_words)]
            if named and EXCEPT.search(f" {query.text} {query.compact}"):
                return c.works(record, kind, i.OTHER_WORKS, only=[w for w in record.works if w not in named])
            if debut and intent == i.OTHER_WORKS:
                named = [w for w in record.works if "debut" in w.note.lower() or "데뷔" in w.note_ko] or named
                if not named:
                    return self.not_on_record(c, [Person(kind, record.key)])
            if named:
                return c.works(record, kind, i.OTHER_WORKS, only=named)
            if (chosen := _works_asked(query, record.works, intent == i.OTHER_WORKS)) is not None:
                # none of that kind or year on record: every work, so the fan sees what there is
                return c.works(record, kind, i.OTHER_WORKS, only=chosen)
        return None

    def in_work(self, c: Composer, query: Query) -> Answer | None:
        """Who of the cast and crew was in another work the question names ("which two of the actors were in
        the worst of evil", "최악의 악에 나온 배우"): every person whose works record it; None if none is named."""
        k = self.knowledge
        found: dict[str, list[tuple[Actor | CrewMember, str]]] = {}
        titles: dict[str, Work] = {}
        records: list[tuple[Actor | CrewMember, str]] = [
            *((a, "actor") for a in k.actors.values()),
            *((m, "crew") for m in k.crew.values()),
        ]
        for record, kind in records:
            for work in record.works:
                if _names_work(query, work, self._title_words):
                    title = fold(work.title)
                    titles.setdefault(title, work)
                    found.setdefault(title, []).append((record, kind))
        if not found:
            return None
        lines, sources, entities = [], [], []
        for title, people in found.items():
            names = ", ".join(c.person(r) for r, _ in people)
            lines.append(c.say("in_work", work=f"*{titles[title].title}*", people=names))
            sources += [x for r, _ in people for x in r.sources]
            entities += [(kind, r.key) for r, kind in people]
        return c.answer("\n".join(lines), i.OTHER_WORKS, sources, entities)

    def from_details(self, c: Composer, people: list[Person], words: tuple[str, ...]) -> Answer | None:
        """The person's own recorded sentences that use a word the question asked about ("agency", "소속사"),
        if any; long words only, so "live" does not find a sentence about a live-action role."""
        k = self.knowledge
        wanted = [w for w in words if len(w) >= (2 if has_hangul(w) else 5)]
        if not wanted:
            return None
        stems = {stem(w) for w in wanted if not has_hangul(w)}
        for person in people[:MAX_PEOPLE]:
            record = k.person(person.kind, person.key)
            lines: list[str] = []
            sources: list[str] = []
            for detail in record.details:
                text = c.note(detail.text, detail.text_ko)
                english = stems_of(detail.text)
                korean = any(w in detail.text_ko for w in wanted if has_hangul(w))
                if not text or not (korean or stems & english):
                    continue
                line = text + c.mark(detail.confidence)
                lines.append(f"||{line}||" if detail.spoiler else line)
                sources += detail.sources
            if lines:
                head = c.person(record) + ":"
                return c.answer("\n".join([head, *lines]), "detail", sources, [(person.kind, person.key)])
        return None

    def by_topic(self, c: Composer, people: list[Person], topics: frozenset[str], query: Query) -> Answer | None:
        """The person's details the data tags with a topic the question (names blanked) asks about ("what is he
        like": the personality ones), those sharing most of its words first; None when none is tagged so."""
        if not topics:
            return None
        asked = set(terms(query.text))
        for person in people[:MAX_PEOPLE]:
            record = self.knowledge.person(person.kind, person.key)
            tagged = [d for d in record.details if topics & set(d.topics) and c.note(d.text, d.text_ko)]
            if not tagged:
                continue
            shared = {id(d): len(asked & set(terms(f"{d.text} {d.text_ko}"))) for d in tagged}
            best = max(shared.values())
            ranked = sorted((d for d in tagged if shared[id(d)] == best or not best), key=lambda d: -shared[id(d)])
            lines = []
            for detail in ranked[:MAX_TOPIC_LINES]:
                line = c.note(detail.text, detail.text_ko) + c.mark(detail.confidence)
                lines.append(f"||{line}||" if detail.spoiler else line)
            sources = [x for d in ranked[:MAX_TOPIC_LINES] for x in d.sources]
            head = c.person(record) + ":"
            return c.answer("\n".join([head, *lines]), "detail", sources, [(person.kind, person.key)])
        return None

    def not_on_record(self, c: Composer, people: list[Person]) -> Answer:
        k = self.knowledge
        records = [
            k.characters[p.key] if p.kind == "character" else k.actors[p.key] if p.kind == "actor" else k.crew[p.key]
            for p in people[:MAX_PEOPLE]
        ]
        command = {"character": "character", "actor": "cast"}.get(people[0].kind, "series")
        names = ", ".join(c.person(r) for r in records)
        entities = [(p.kind, p.key) for p in people[:MAX_PEOPLE]]
        return c.unknown("unknown_attribute", "no_attribute", command, entities, person=names)

    def candidates(self, c: Composer, mention: Mention) -> Answer:
        k = self.knowledge
        rows = []
        for person in mention.people:
            if person.kind == "character":
                ch = k.characters[person.key]
                rows.append(c.say("candidate", name=c.person(ch), what=c.pick(ch.role, ch.role_ko)))
            elif person.kind == "actor":
                actor = k.actors[person.key]
                played = ", ".join(c.person(ch) for ch in k.characters_played_by(actor.key))
                rows.append(c.say("candidate_actor", name=c.person(actor), characters=played))
            else:
                member = k.crew[person.key]
                rows.append(c.say("candidate", name=c.person(member), what=", ".join(member.jobs)))
        text = c.say("which_one") + "\n" + c.listing(rows)
        entities = [(p.kind, p.key) for p in mention.people]
        return c.answer(text, "ambiguous", (), entities, confident=False, suggestion="character")


# Other works asked for by kind or time: "X movies?", "what did X put out in 2024", "차기작".
FILM_EN = re.compile(r"\b(movies?|films?)\b")
FILM_KO = re.compile(r"영화")
UPCOMING_EN = re.compile(r"\b(next|upcoming|future|coming up|announced|new (project|drama|show|role)s?)\b")
UPCOMING_KO = re.compile(r"(차기작|다음작품|신작|예정|앞으로)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_FILM_NOTE = re.compile(r"\bfilm\b|영화", re.IGNORECASE)
_NOT_YET = re.compile(r"\b(upcoming|announced)\b")


def _works_asked(query: Query, works: tuple[Work, ...], about_works: bool) -> list[Work] | None:
    """The works a question asks for by year, by kind (films) or as upcoming; [] when it asks that way and none
    fits, None when it does not ask that way (or names a year no work has, which is some other question)."""
    years = set(_YEAR.findall(query.text))
    chosen = list(works)
    asked = False
    if years:
        dated = [w for w in chosen if any(y in w.year for y in years)]
        if not dated and not about_works:
            return None
        chosen, asked = dated, True
    if FILM_EN.search(query.text) or FILM_KO.search(query.compact):
        chosen, asked = [w for w in chosen if _FILM_NOTE.search(f"{w.note} {w.note_ko}")], True
    if UPCOMING_EN.search(query.text) or UPCOMING_KO.search(query.compact):
        chosen, asked = [w for w in chosen if _NOT_YET.search(w.year)], True
    return chosen if asked else None


def _plain(word: str) -> str:
    return word.replace("é", "e").removesuffix("s")


def _has_year(character: Character) -> bool:
    return "year" in character.role.lower() or "년 차" in character.role_ko or "년차" in character.role_ko
