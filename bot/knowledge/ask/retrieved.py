"""Answers made of retrieved candidates: the sentences themselves, in the question's language, with whom they are
about, behind spoiler tags where the data says so, and their sources."""

from __future__ import annotations

from collections.abc import Sequence

from bot.knowledge.ask.compose import SPOILER, Answer, Composer
from bot.knowledge.ask.retrieval import Hit

# A second sentence joins the first when it matches question terms the first does not ("who wrote the
# screenplay, and who wrote the novel") and scores at least this share of the first's score.
SECOND_SHARE = 0.6


def shown(c: Composer, hit: Hit) -> str:
    """The sentence a hit shows in the composer's language."""
    return hit.candidate.text_ko if c.ko and hit.candidate.text_ko else hit.candidate.text


def chosen(hits: Sequence[Hit]) -> list[Hit]:
    """The hit that answers, and a second one when it answers a part of the question the first does not."""
    if not hits:
        return []
    picked = [hits[0]]
    for hit in hits[1:]:
        if hit.score >= SECOND_SHARE * hits[0].score and hit.matched - picked[0].matched:
            picked.append(hit)
            break
    return picked


def answer_from(c: Composer, hits: Sequence[Hit], intent: str = "retrieved") -> Answer:
    """The chosen hits as one answer (not confident when the only sentence says the thing is unknown)."""
    lines: list[str] = []
    sources: list[str] = []
    entities: list[tuple[str, str]] = []
    for hit in chosen(hits):
        cand = hit.candidate
        text = cand.text_ko if c.ko and cand.text_ko else cand.text
        if cand.people and cand.kind not in ("relationship", "award"):
            person = cand.people[0]
            record = c.k.characters.get(person.key) or c.k.actors.get(person.key) or c.k.crew.get(person.key)
            if record is not None:
                text = f"{c.person(record)}: {text}"
        text += c.mark(cand.confidence)
        if cand.spoiler:
            text = f"{SPOILER}{text}{SPOILER}"
        lines.append(text)
        sources += cand.sources
        entities += [(p.kind, p.key) for p in cand.people]
    confident = not all(h.candidate.unanswered for h in chosen(hits))
    suggestion = "" if confident else "series"
    return c.answer("\n".join(lines), intent, sources, entities, confident=confident, suggestion=suggestion)


def joined(c: Composer, crisp: Answer, hits: Sequence[Hit], lead: bool = False) -> Answer:
    """A crisp answer and the retrieved sentences that answer the rest of the question (before it, with
    `lead`: they are the more specific answer). When the best sentence is one the crisp answer already says
    (in whatever layout), the crisp answer holds the best evidence and stands alone; otherwise a sentence it
    already says is not said again."""
    if not hits or shown(c, hits[0]) in crisp.text:
        return crisp
    hits = [h for h in hits if shown(c, h) not in crisp.text]
    more = answer_from(c, hits)
    lines = [line for line in more.text.splitlines() if line not in crisp.text]
    if not lines:
        return crisp
    return c.answer(
        "\n".join([*lines, crisp.text] if lead else [crisp.text, *lines]),
        crisp.intent,
        [*crisp.sources, *more.sources],
        [*crisp.entities, *more.entities],
        confident=crisp.confident,
        suggestion=crisp.suggestion,
        suggestion_options=crisp.suggestion_options,
    )


def related(c: Composer, unknown: Answer, hits: Sequence[Hit]) -> Answer:
    """ "Not in my sources", and the closest sentences the sources do have, said to be only related."""
    more = answer_from(c, hits)
    text = "\n".join([unknown.text, c.say("related"), more.text])
    return c.answer(
        text,
        unknown.intent,
        more.sources,
        more.entities,
        confident=False,
        suggestion=unknown.suggestion,
        suggestion_options=unknown.suggestion_options,
    )
