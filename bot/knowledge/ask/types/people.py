"""Questions about the people a question names: their other works, what they did on the show, what the records
say about them, and their profile; several people fitting one word get a "which one" list."""

from __future__ import annotations

from bot.knowledge.ask import frames
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.registry import QuestionType
from bot.knowledge.ask.show import answer_show


def _named(q: Question) -> float:
    return float(bool(q.sure))


def _works(q: Question) -> Answer | None:
    """ "was ha young in extraordinary attorney woo", "what was his debut": the works the question names."""
    return q.engine.people.works_named(q.c, q.query, q.focus, q.person_intent)


def _show_claim(q: Question) -> float:
    """A show question that happens to name someone ("who directed it, lee do-yoon?"), awards aside."""
    intent = q.show_intent
    if not q.sure or not intent or intent == i.AWARDS or q.score(intent) <= q.score(q.person_intent):
        return 0.0
    return q.score(intent)


def _show(q: Question) -> Answer:
    assert q.show_intent is not None
    shown = answer_show(q.c, q.show_intent, q.query)
    people = q.focus
    crew = len(people) >= 2 and all(p.kind == "crew" for p in people)
    if crew and not all(q.engine.people.named_in(p, shown.text) for p in people):
        # "대본 쓴 작가랑 원작 소설 작가는 같은 사람이에요?": the show's answer names only one of them; each
        # one's profile answers for both.
        return q.engine.people.about_people(q.c, people, i.PROFILE, q.query, q.sure)
    return shown


def _unasked(q: Question) -> tuple[str, ...]:
    """Words of a "who is X"-style question that ask something no question type reads ("why does han yu-rim
    turn nice to baek"); a bare name, "who is X" or "tell me about X" leave none."""
    if q.person_intent not in (None, i.PROFILE) or q.focus != [m.people[0] for m in q.sure]:
        return ()
    mentions = q.people_mentions
    bare = q.query.masked(
        [(m.start, m.end) for m in mentions if not m.hangul], [(m.start, m.end) for m in mentions if m.hangul]
    )
    unasked = q.engine.unexplained(bare)
    if frames.who_is(q.query, q.sure) and not frames.asks_attribute(unasked):
        return ()  # "who is baek, like whats his deal": chatter after a complete "who is X"
    # "what is yang jae-won like as a person": framing words only, but they name a topic of the records
    return unasked or tuple(sorted(q.topics))


def _detail(q: Question) -> Answer:
    """What the records say on the words asked, or an honest "not on record" (the profile would pass for an
    answer to "how tall is X")."""
    e, c, people = q.engine, q.c, q.focus
    unasked = _unasked(q)
    characters = [e.knowledge.characters[p.key] for p in people if p.kind == "character"]
    if len(characters) >= 2 and (between := c.relationships(characters, i.RELATIONSHIP)).confident:
        return between  # two characters and a question about them: how they stand to each other
    named = q.named_people  # "who saved han's daughter"
    return (
        e.people.from_details(c, people, unasked)
        or (e.people.from_details(c, named, unasked) if named != people else None)
        or e.story.between(c, [*people, *named])  # "why does X stop hating baek"
        or e.story.outcome(c, q.query, q.names)  # "does baek's team get the helicopter in the end"
        or e.people.by_topic(c, people, q.topics, q.masked)  # "is baek nice": what the data says of his manner
        or e.people.not_on_record(c, people)
    )


def _about(q: Question) -> Answer:
    e = q.engine
    about = e.people.about_people(q.c, q.focus, q.person_intent, q.query, q.sure)
    if q.person_intent == i.RELATIONSHIP and not about.confident:
        # "how is han yu-rim's daughter connected to baek": no relationship on record, but a sentence about
        # one of them may name the other.
        return e.story.between(q.c, [*q.focus, *q.named_people]) or about
    return about


def _which_one(q: Question) -> float:
    return float(bool(q.unsure) and (q.show_intent is None or q.score(q.show_intent) < 4))


def _nobody_named(q: Question) -> float:
    return float(not q.sure and not q.unsure)


TYPES = (
    QuestionType("works_named", _named, _works),
    # nobody named, but another work is: who of the cast and crew was in it
    QuestionType("in_work", _nobody_named, lambda q: q.engine.people.in_work(q.c, q.query)),
    QuestionType("show_about_people", _show_claim, _show),
    QuestionType("unasked_detail", lambda q: float(bool(q.sure) and bool(_unasked(q))), _detail),
    QuestionType("about_people", _named, _about),
    QuestionType("candidates", _which_one, lambda q: q.engine.people.candidates(q.c, q.unsure[0])),
)
