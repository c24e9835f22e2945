"""Errors some sources make (reference section 7, kept in `data/lexicon.toml`): a question that repeats one gets
the correction with the right fact, and the wrong name is never repeated back.

- A wrong name ("is namgoong min in it?", "the nurse is played by kim hye-jun, right?"): who really plays the
  role, or whose name it garbles.
- A wrong claim ("baek can enter his patients' subconscious?", "yang is a 4th-year resident, isn't he?"): the
  data's correction, when the question names the person the claim is about.
"""

from __future__ import annotations

import re

from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.entities import Person
from bot.knowledge.ask.normalize import Query
from bot.knowledge.model import Knowledge, WrongClaim, WrongName
from bot.knowledge.names import canonical_romanization, fold, has_hangul


def _forms(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folded English phrases (also with romanization variants unified) and Hangul without spaces."""
    english = {fold(w) for w in words if not has_hangul(w)}
    english |= {canonical_romanization(w) for w in english}
    korean = {fold(w).replace(" ", "") for w in words if has_hangul(w)}
    return tuple(sorted(english)), tuple(sorted(korean))


def _said(query: Query, forms: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    english, korean = forms
    text = f" {query.text} "
    keyed = f" {' '.join(query.keys)} "
    if any(f" {w} " in text or f" {w} " in keyed for w in english):
        return True
    # "4년" must not be read inside "2024년": a form starting with a digit starts a number
    return any(re.search(("(?<!\\d)" if w[0].isdigit() else "") + re.escape(w), query.compact) for w in korean)


class Corrections:
    """The known wrong names and claims, matched in a question."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        lexicon = knowledge.lexicon
        self._names = [(w, _forms(w.names)) for w in lexicon.wrong_names]
        self._claims = [(w, _forms(w.words)) for w in lexicon.wrong_claims]

    def wrong_name(self, query: Query) -> WrongName | None:
        return next((w for w, forms in self._names if _said(query, forms)), None)

    def righted(self, question: str, wrong: WrongName) -> str:
        """The question with a misspelt name written as the person's real name ("joo young woo" -> "Choo
        Young-woo"), so the rest of it can be answered; "" when the wrong name stands for no one."""
        record = self.knowledge.actors.get(wrong.actor) or self.knowledge.crew.get(wrong.crew)
        if record is None:
            return ""
        for name in sorted(wrong.names, key=len, reverse=True):
            parts = [re.escape(p) for p in re.split(r"[\s\-]+", name) if p]
            pattern = re.compile(r"[\s\-]*".join(parts), re.IGNORECASE)
            if pattern.search(question):
                return pattern.sub(record.name, question)
        return ""

    def wrong_claims(self, query: Query, people: frozenset[Person]) -> list[WrongClaim]:
        """The known false claims the question repeats, about someone it names (when a claim is about someone)."""
        found: list[WrongClaim] = []
        for claim, forms in self._claims:
            subject = (
                Person("character", claim.character)
                if claim.character
                else Person("actor", claim.actor)
                if claim.actor
                else Person("crew", claim.crew)
                if claim.crew
                else None
            )
            if (subject is None or subject in people) and _said(query, forms):
                found.append(claim)
        return found


def name_correction(c: Composer, wrong: WrongName) -> Answer:
    """What the wrong name really stands for, without repeating it."""
    k = c.k
    character = k.characters.get(wrong.character) if wrong.character else None
    if wrong.actor and wrong.actor in k.actors:
        actor = k.actors[wrong.actor]
        played = ", ".join(c.person(ch) for ch in k.characters_played_by(actor.key))
        text = c.say("wrong_spelling", actor=c.person(actor), characters=played)
        entities = [("actor", actor.key), *(("character", ch.key) for ch in k.characters_played_by(actor.key))]
        return c.answer(text, "correction", [*wrong.sources, *actor.sources], entities)
    if wrong.crew and wrong.crew in k.crew:
        member = k.crew[wrong.crew]
        jobs = ", ".join(member.jobs)
        text = c.say("wrong_spelling_crew", person=c.person(member), jobs=jobs)
        return c.answer(text, "correction", [*wrong.sources, *member.sources], [("crew", member.key)])
    plays = c.actor_of(character) if character else None
    if character is None or plays is None:
        return c.answer(c.say("not_in_cast"), "correction", wrong.sources, (), suggestion="cast")
    key = "wrong_character" if wrong.kind == "character" else "not_in_cast_role"
    text = c.say(key, character=c.person(character), actor=c.person(plays))
    return c.answer(text, "correction", plays.sources, [("actor", plays.key), ("character", character.key)])


def claim_correction(c: Composer, claim: WrongClaim) -> Answer:
    text = claim.correction_ko if c.ko and claim.correction_ko else claim.correction
    subject = [
        (kind, key)
        for kind, key in (("character", claim.character), ("actor", claim.actor), ("crew", claim.crew))
        if key
    ]
    if claim.unanswered:
        return c.answer(text, "correction", claim.sources, subject, confident=False, suggestion="series")
    return c.answer(text, "correction", claim.sources, subject)


def joined(c: Composer, answers: list[Answer]) -> Answer:
    """Several corrections as one answer: a question can repeat a wrong name and a false claim at once."""
    return c.answer(
        "\n".join(a.text for a in answers),
        "correction",
        [x for a in answers for x in a.sources],
        [e for a in answers for e in a.entities],
        confident=all(a.confident for a in answers),
    )
