"""`AskEngine`: one free-text question in, one `Answer` out, from the knowledge base and the sequel ledger.

Built once at start-up (all names, aliases, descriptions and FAQ phrasings are indexed then); answering a
question is a handful of regex searches and rapidfuzz passes over a few hundred short strings.
"""

from __future__ import annotations

from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.entities import NAME, NICKNAME, PARTIAL, EntityLinker, Mention, Person
from bot.knowledge.ask.normalize import Query, content_words, parse
from bot.knowledge.ask.show import answer_episode, answer_show, fact_answer
from bot.knowledge.model import Character, Fact, Knowledge
from bot.knowledge.names import fold, has_hangul
from bot.news.ledger import SequelStatus

FAQ_STRONG = 0.8  # share of content words a question has in common with an FAQ phrasing to take that answer
FAQ_WEAK = 0.5  # ...to fall back on it when no rule understood the question
MAX_PEOPLE = 3  # "who plays baek and yang" answers for each, up to this many

SHOW_INTENTS = frozenset(
    {
        i.RELEASE, i.EPISODES, i.RUNTIME, i.WATCH, i.GENRE, i.DIRECTOR, i.WRITER, i.ORIGINAL, i.AUTHOR, i.ARTIST,
        i.TRUE_STORY, i.FILMING, i.SETTING, i.PRODUCTION, i.AWARDS, i.VIEWERSHIP, i.CRITIC_SCORE, i.AGE_RATING,
        i.CAST_LIST,
    }
)  # fmt: skip
_STOP = {"the", "a", "an", "of", "his", "her", "their", "s"}


class AskEngine:
    """Answers fans' questions; build once per `Knowledge`."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.linker = EntityLinker(knowledge)
        self._faq: list[frozenset[str]] = []
        self._faq_facts: list[Fact] = []
        for fact in knowledge.facts.values():
            for phrasing in (*fact.questions, fact.topic):
                words = content_words(parse(phrasing))
                if len(words) >= 2:
                    self._faq.append(words)
                    self._faq_facts.append(fact)
        self._composers = {lang: Composer(knowledge, lang) for lang in ("en", "ko")}
        series = knowledge.series
        titles = [parse(t) for t in (series.title, series.title_ko, *series.aliases) if t]
        self._title_words = frozenset(w for q in titles for w in (*q.tokens, *(s[-1] for s in q.hangul_words)))

    def answer(self, question: str, sequel: SequelStatus) -> Answer:
        """The answer to one question, in its language; `sequel` is the ledger's current state."""
        query = parse(question)
        c = self._composers[query.language]
        if not query.compact:
            return c.unknown("unknown", "no_question", "/help")
        mentions = self.linker.link(query)
        # Names and multi-word role descriptions are blanked before the intent rules: "who is the hospital
        # director" asks "who is" about a character, not who directed the show.
        names = [m for m in mentions if m.strength in (NAME, PARTIAL) or m.phrase]
        found = i.detect(
            query.masked(
                [(m.start, m.end) for m in names if not m.hangul], [(m.start, m.end) for m in names if m.hangul]
            )
        )
        if found.score(i.SEQUEL):
            return c.sequel(sequel, found.sequel_focus, i.SEQUEL)
        if found.score(i.CRITIC_SCORE):
            return answer_show(c, i.CRITIC_SCORE)  # known to be unknown: never quote a score
        faq, faq_strength = self._faq_match(query)
        if faq is not None and faq_strength >= FAQ_STRONG:
            return fact_answer(c, faq, "faq")
        sure = [m for m in mentions if not m.ambiguous]
        unsure = [m for m in mentions if m.ambiguous]
        person_intent = found.best(i.PERSON_INTENTS)
        show_intent = found.best(SHOW_INTENTS)
        if found.episode_number is not None and found.score(i.EPISODE) >= max(
            found.score(person_intent or ""), found.score(show_intent or ""), 4
        ):
            return answer_episode(c, found.episode_number, i.EPISODE)
        if sure:
            people = self._focus(query, sure, person_intent)
            if (
                show_intent
                and found.score(show_intent) > found.score(person_intent or "")
                and (show_intent != i.AWARDS)
            ):
                return answer_show(c, show_intent)
            if person_intent in (None, i.PROFILE) and people == [m.people[0] for m in sure]:
                # Only "who is X", "tell me about X" or a bare name get the profile; "how tall is X" asks for
                # something the data does not have, and the profile would pass for an answer to it.
                bare = query.masked(
                    [(m.start, m.end) for m in mentions if not m.hangul],
                    [(m.start, m.end) for m in mentions if m.hangul],
                )
                if unasked := i.unexplained(bare, self._title_words):
                    return self._from_details(c, people, unasked) or self._not_on_record(c, people)
            return self._about_people(c, people, person_intent, query, sure)
        if unsure and (show_intent is None or found.score(show_intent) < 4):
            return self._candidates(c, unsure[0])
        if faq is not None and show_intent is None:
            return fact_answer(c, faq, "faq")
        if show_intent is not None:
            return answer_show(c, show_intent)
        if faq is not None:
            return fact_answer(c, faq, "faq")
        return c.unknown("unknown", "no_answer", "/series")

    # ------------------------------------------------------------------------------------------ people
    def _focus(self, query: Query, mentions: list[Mention], intent: str | None) -> list[Person]:
        """The people the question is about: "Han Yu-rim's daughter" is the daughter, not Han Yu-rim."""
        people = list(dict.fromkeys(m.people[0] for m in mentions))
        if intent == i.RELATIONSHIP:
            return people
        focused: list[Person] = []
        for person in people:
            character = self.knowledge.characters.get(person.key) if person.kind == "character" else None
            target = self._relative(query, character) if character else None
            focused.append(Person("character", target) if target else person)
        return list(dict.fromkeys(focused))

    def _relative(self, query: Query, character: Character) -> str | None:
        for rel in character.relationships:
            words = [w for w in fold(rel.kind).split() if w not in _STOP]
            if words and all(w in query.tokens for w in words):
                return rel.target
            if rel.kind_ko and rel.kind_ko.replace(" ", "") in query.compact:
                return rel.target
        return None

    def _about_people(
        self, c: Composer, people: list[Person], intent: str | None, query: Query, mentions: list[Mention]
    ) -> Answer:
        k = self.knowledge
        if intent == i.RELATIONSHIP:
            characters = [k.characters[p.key] for p in people if p.kind == "character"]
            if characters:
                return c.relationships(characters, intent)
        if intent == i.NICKNAME:
            by_nickname = [m.people[0] for m in mentions if m.strength == NICKNAME]
            characters = [p for p in (by_nickname or people[::-1]) if p.kind == "character"]
            if characters:
                return c.nicknames(k.characters[characters[0].key], intent)
        answers = [self._about(c, person, intent or i.PROFILE) for person in people[:MAX_PEOPLE]]
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

    def _about(self, c: Composer, person: Person, intent: str) -> Answer:
        k = self.knowledge
        if person.kind == "character":
            character = k.characters[person.key]
            actor = c.actor_of(character)
            if intent in (i.OTHER_WORKS, i.BIRTH, i.AWARDS) and actor is not None:
                return self._about(c, Person("actor", actor.key), intent)
            handlers = {
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
                return c.person_awards(actor, "actor", intent)
            return c.roles(actor, intent)
        member = k.crew[person.key]
        if intent == i.OTHER_WORKS:
            return c.works(member, "crew", intent)
        if intent == i.AWARDS:
            return c.person_awards(member, "crew", intent)
        return c.crew_profile(member, intent)

    def _from_details(self, c: Composer, people: list[Person], words: tuple[str, ...]) -> Answer | None:
        """The person's own recorded sentences that use a word the question asked about ("agency", "소속사"),
        if any; long words only, so "live" does not find a sentence about a live-action role."""
        k = self.knowledge
        wanted = [w for w in words if len(w) >= (2 if has_hangul(w) else 5)]
        if not wanted:
            return None
        for person in people[:MAX_PEOPLE]:
            record = {"character": k.characters, "actor": k.actors}.get(person.kind, k.crew)[person.key]
            lines, sources = [], []
            for detail in record.details:
                text = c.note(detail.text, detail.text_ko)
                english = set(fold(detail.text).split())
                if not text or not any(w in detail.text_ko if has_hangul(w) else w in english for w in wanted):
                    continue
                line = text + c.mark(detail.confidence)
                lines.append(f"||{line}||" if detail.spoiler else line)
                sources += detail.sources
            if lines:
                head = c.person(record) + ":"
                return c.answer("\n".join([head, *lines]), "detail", sources, [(person.kind, person.key)])
        return None

    def _not_on_record(self, c: Composer, people: list[Person]) -> Answer:
        k = self.knowledge
        records = [
            k.characters[p.key] if p.kind == "character" else k.actors[p.key] if p.kind == "actor" else k.crew[p.key]
            for p in people[:MAX_PEOPLE]
        ]
        command = {"character": "/character", "actor": "/cast"}.get(people[0].kind, "/series")
        names = ", ".join(c.person(r) for r in records)
        entities = [(p.kind, p.key) for p in people[:MAX_PEOPLE]]
        return c.unknown("unknown_attribute", "no_attribute", command, entities, person=names)

    def _candidates(self, c: Composer, mention: Mention) -> Answer:
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
        return c.answer(text, "ambiguous", (), entities, confident=False, suggestion="/character")

    def _faq_match(self, query: Query) -> tuple[Fact | None, float]:
        """The FAQ entry whose example phrasing shares most of its words with the question, and how much."""
        words = content_words(query)
        if len(words) < 2:
            return None, 0.0
        best: tuple[Fact | None, float] = (None, 0.0)
        for phrasing, fact in zip(self._faq, self._faq_facts, strict=True):
            shared = len(words & phrasing)
            if shared < 2:
                continue
            strength = shared / max(len(phrasing), len(words))
            if strength > best[1]:
                best = (fact, strength)
        return best if best[1] >= FAQ_WEAK else (None, 0.0)


_ENGINES: dict[int, AskEngine] = {}


def answer_question(question: str, knowledge: Knowledge, sequel_status: SequelStatus) -> Answer:
    """Convenience for one-off use; the bot keeps one `AskEngine` built at start-up instead."""
    engine = _ENGINES.get(id(knowledge))
    if engine is None or engine.knowledge is not knowledge:
        engine = _ENGINES[id(knowledge)] = AskEngine(knowledge)
    return engine.answer(question, sequel_status)
