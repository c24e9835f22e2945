"""Before anything else reads the question: nothing was asked, or it repeats an error some sources make (a
wrong name, a false claim), which gets the correction."""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge.ask import corrections
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType


def _no_question(q: Question) -> Answer:
    return q.c.unknown("unknown", "no_question", "help")


def _corrections(q: Question) -> Answer | None:
    """ "the nurse is played by kim hye-jun, right?": the correction, and who really plays the role named;
    "isn't the minister kim hyeong-hui from the ministry of health and culture?": both corrections."""
    found: list[Answer] = []
    wrong = q.engine.corrections.wrong_name(q.query)
    if wrong is not None:
        roles = [m.people[0].key for m in q.mentions if not m.ambiguous and m.people[0].kind == "character"]
        if not wrong.character and not wrong.actor and not wrong.crew and roles:
            wrong = replace(wrong, character=roles[0])
        found.append(corrections.name_correction(q.c, wrong))
        # "joo young woo is so good as jaewon, how old is he": the rest, asked about the real person
        if (righted := q.engine.corrections.righted(q.query.raw, wrong)) and len(righted.split()) > 3:
            rest = q.engine.answer(righted, q.sequel)
            if rest.confident and rest.text not in found[0].text:
                found.append(rest)
    people = frozenset(m.people[0] for m in q.mentions if not m.ambiguous)
    found += [corrections.claim_correction(q.c, claim) for claim in q.engine.corrections.wrong_claims(q.query, people)]
    if not found:
        return None
    return found[0] if len(found) == 1 else corrections.joined(q.c, found)


TYPES = (
    QuestionType("no_question", lambda q: float(not q.query.compact), _no_question),
    QuestionType("correction", lambda q: 1.0, _corrections),
)
