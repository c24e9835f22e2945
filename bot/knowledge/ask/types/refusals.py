"""Questions the data is known not to answer: pay, private lives and other absent topics, critic scores, and a
character's age (the actor's birth date answers only a question about the actor)."""

from __future__ import annotations

import re

from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType
from bot.knowledge.ask.show import answer_show

IN_STORY = re.compile(r"\b(in the (show|drama|series|story)|character)\b|(극중|극에서|드라마에서|작중)")
ACTOR_WORD = re.compile(r"\b(actor|actress|actors|plays|played|playing|irl|real life)\b|(배우|연기)")


def _not_known(q: Question) -> Answer:
    people = list(dict.fromkeys(m.people[0] for m in q.mentions if not m.ambiguous))
    if people and q.named_fact is None:  # say so about whoever was named, or plainly
        return q.engine.people.not_on_record(q.c, people)
    return q.c.unknown("unknown", "no_data", "series")


def _asks_character_age(q: Question) -> float:
    if q.person_intent != i.BIRTH:
        return 0.0
    both = f"{q.query.text} {q.query.compact}"
    return 1.0 if IN_STORY.search(both) or not ACTOR_WORD.search(both) else 0.0


def _character_age(q: Question) -> Answer | None:
    """ "how old is baek (in the show)": the character's age, which the data lacks."""
    characters = [p for p in q.named_people if p.kind == "character"]
    if characters and len(characters) == len(q.named_people):
        return q.engine.people.not_on_record(q.c, characters)
    return None


def _private(q: Question) -> float:
    """ "is ha young dating anyone": unknown of a real person, though the story may use the word."""
    people = q.named_people
    real = bool(people) and all(p.kind in ("actor", "crew") for p in people)
    return q.score(i.NOT_KNOWN_PERSON) if real else 0.0


TYPES = (
    QuestionType("not_known", lambda q: float(q.found.best() == i.NOT_KNOWN) * q.score(i.NOT_KNOWN), _not_known),
    QuestionType("private_life", _private, _not_known),
    QuestionType("critic_score", lambda q: q.score(i.CRITIC_SCORE), lambda q: answer_show(q.c, i.CRITIC_SCORE)),
    QuestionType("character_age", _asks_character_age, _character_age),
)
