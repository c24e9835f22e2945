"""Names that some sources wrongly put in the cast (section 7 of the reference, "Known errors in sources").

The data never holds these names (tests/unit/test_knowledge_loading.py checks that), so the engine keeps the
short list here: a question naming one ("is namgoong min in trauma code?") gets a plain correction, saying who
really plays the role when the error is about a role, and never repeats the wrong name.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.normalize import Query
from bot.knowledge.model import Knowledge


@dataclass(frozen=True, slots=True)
class WrongName:
    spellings: tuple[str, ...]  # folded romanizations (spaced) and Hangul (no spaces)
    character: str  # the character the error attaches the name to, or "" for "lists them in the cast"


WRONG_NAMES = (
    WrongName(("namgoong min", "namkoong min", "nam goong min", "남궁민"), "baek-kang-hyuk"),  # ckang.tistory
    WrongName(("kim hye jun", "kim hye joon", "kim hyejun", "김혜준"), ""),  # nameatelier.tistory
)


class Corrections:
    def __init__(self, knowledge: Knowledge) -> None:
        self.wrong_names = WRONG_NAMES

    def find(self, query: Query) -> WrongName | None:
        text = f" {query.text} "
        for wrong in self.wrong_names:
            if any((s in query.compact) if not s.isascii() else (f" {s} " in text) for s in wrong.spellings):
                return wrong
        return None


def correction(c: Composer, wrong: WrongName) -> Answer:
    character = c.k.characters.get(wrong.character) if wrong.character else None
    actor = c.actor_of(character) if character else None
    if character is None or actor is None:
        return c.answer(c.say("not_in_cast"), "correction", (), (), suggestion="/cast")
    text = c.say("not_in_cast_role", character=c.person(character), actor=c.person(actor))
    return c.answer(text, "correction", actor.sources, [("actor", actor.key), ("character", character.key)])
