"""Answers about the show itself: release, episodes, crew, source material, places, awards, ratings."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.knowledge.ask import frames
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import SPOILER, Answer, Composer
from bot.knowledge.ask.normalize import Query
from bot.knowledge.model import Fact, Place, PlotPoint
from bot.knowledge.names import fold, has_hangul

Builder = Callable[[Composer, "Query | None"], Answer]

# FAQ facts in data/ answer some questions better than any single field; they are found by these words in
# their key or topic, so a data editor can add or reword them without touching code.
FACT_WORDS = {
    i.TRUE_STORY: ("true", "real", "inspir"),
    i.ORIGINAL: ("webtoon", "original", "based"),
    i.VIEWERSHIP: ("popular", "rating", "view"),
    i.RUNTIME: ("runtime", "long", "length"),
    i.WATCH: ("watch", "platform", "stream"),
    i.FILMING: ("film", "location"),
    i.OPINION: ("reception", "critics liked"),
    i.AGE_RATING: ("age_rating", "age rating"),
    i.PRODUCTION: ("production compan",),
}


# ...and for "when" questions about the same subject ("when did filming start"), the fact about its time.
TIMED_WORDS = ("period", "when", "dates")


def find_fact(c: Composer, intent: str, timed: bool = False) -> Fact | None:
    words = FACT_WORDS.get(intent, ())
    for fact in c.k.facts.values():
        label = f"{fact.key} {fact.topic}".lower()
        if any(w in label for w in words) and (not timed or any(w in label for w in TIMED_WORDS)):
            return fact
    return None


def _label_words(fact: Fact) -> set[str]:
    return set(re.split(r"[\s_]+", f"{fact.key} {fact.topic}".lower()))


def fact_answer(c: Composer, fact: Fact, intent: str) -> Answer:
    text = c.pick(fact.answer, fact.answer_ko)
    if fact.spoiler:
        text = f"||{text}||"
    if fact.unanswered:  # the answer is that nobody knows: say it plainly, not as a confident fact
        return c.answer(text + c.mark(fact.confidence), intent, fact.sources, confident=False, suggestion="series")
    return c.answer(text + c.mark(fact.confidence), intent, fact.sources)


def _release(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    title = c.pick(s.title, s.title_ko)
    text = c.say("release", title=title, platform=s.platform, date=c.date(s.release_date), count=s.episode_count)
    if query is not None and frames.asks_weekday(query):  # derived from the date: "무슨 요일에 공개됐어요?"
        day = c.say("release_weekday", weekday=c.weekday(s.release_date), date=c.date(s.release_date))
        text = day + "\n" + text
    if note := c.note(s.release_note, s.release_note_ko):
        text += " " + note
    if query is not None and frames.asks_clock_time(query):  # "넷플 공개 몇시였음?": the hour, from the FAQ
        hour = next((f for f in c.k.facts.values() if {"release", "time"} <= _label_words(f)), None)
        if hour is not None:
            text = c.pick(hour.answer, hour.answer_ko) + c.mark(hour.confidence) + "\n" + text
            return c.answer(text, i.RELEASE, [*hour.sources, *s.sources])
    return c.answer(text, i.RELEASE, s.sources)


def _episodes(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    return c.answer(c.say("episodes", count=s.episode_count, date=c.date(s.release_date)), i.EPISODES, s.sources)


def _runtime(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if s.runtime:
        return c.answer(c.say("runtime", runtime=s.runtime), i.RUNTIME, s.sources)
    return _from_fact_or_unknown(c, i.RUNTIME, "series")


def _watch(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    return c.answer(c.say("watch", title=c.pick(s.title, s.title_ko), platform=s.platform), i.WATCH, s.sources)


def _genre(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    genres = s.genres_ko if c.ko and s.genres_ko else s.genres
    return c.answer(c.say("genre", genres=", ".join(genres)), i.GENRE, s.sources)


def _crew_job(intent: str) -> Builder:
    def build(c: Composer, query: Query | None) -> Answer:
        s = c.k.series
        member = c.k.crew.get(s.director if intent == i.DIRECTOR else s.writer)
        if member is None:
            return c.unknown(intent, "no_crew", "series")
        job = "directed" if intent == i.DIRECTOR else "wrote"
        headline = c.say(job, title=c.pick(s.title, s.title_ko), person=c.person(member))
        return c.crew_profile(member, intent, headline=headline)

    return build


def _original(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    lines = [c.say("original", work=c.pick(s.original_work, s.original_work_ko))] if s.original_work else []
    if s.webtoon:
        lines.append(c.say("webtoon", webtoon=c.pick(s.webtoon, s.webtoon_ko)))
    if not lines:
        return _from_fact_or_unknown(c, i.ORIGINAL, "series")
    return c.answer("\n".join(lines), i.ORIGINAL, s.sources)


def _creators(intent: str, words: tuple[str, ...]) -> Builder:
    def build(c: Composer, query: Query | None) -> Answer:
        members = c.crew_with_job(*words)
        if not members:
            return _original(c, None)
        answers = [c.crew_profile(m, intent) for m in members]
        return c.answer(
            "\n\n".join(a.text for a in answers),
            intent,
            [x for a in answers for x in a.sources],
            [e for a in answers for e in a.entities],
        )

    return build


def _filming(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if not s.filming_places:
        return _from_fact_or_unknown(c, i.FILMING, "series")
    title = frozenset(w for t in (s.title, *s.aliases) for w in fold(t).split())  # "trauma code" holds no scene
    places = _scene_places(s.filming_places, query, title) if query is not None else list(s.filming_places)
    items = []
    for p in places:
        used_for = c.note(p.used_for, p.used_for_ko)
        items.append(
            c.pick(p.name, p.name_ko)
            + (f" ({p.name})" if c.ko and p.name_ko else f" ({p.name_ko})" if p.name_ko else "")
            + (f": {used_for}" if used_for else "")
            + c.mark(p.confidence)
        )
    return c.answer(c.say("filming") + "\n" + c.listing(items), i.FILMING, [x for p in places for x in p.sources])


def _setting(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if not s.setting:
        return c.unknown(i.SETTING, "no_data", "series")
    return c.answer(c.say("setting", setting=c.pick(s.setting, s.setting_ko)), i.SETTING, s.sources)


def _production(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if (fact := find_fact(c, i.PRODUCTION)) is not None:  # the FAQ also names who runs the studio
        return fact_answer(c, fact, i.PRODUCTION)
    if not s.production_companies:
        return c.unknown(i.PRODUCTION, "no_data", "series")
    return c.answer(c.say("production", companies=", ".join(s.production_companies)), i.PRODUCTION, s.sources)


def _awards(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if not s.awards:
        return c.unknown(i.AWARDS, "no_data", "series")
    won = [a for a in s.awards if a.result == "won"]
    nominated = [a for a in s.awards if a.result != "won"]
    lines = [c.award_line(a, True) for a in (*won, *nominated)]
    head = c.say("awards")
    if query is not None and frames.asks_count(query):  # "몇 개 받았어": the count first, from the data
        awards, event = frames.awards_asked(s.awards, query)
        head = c.award_count(awards, event) + "\n" + head
        lines = [c.award_line(a, True) for a in sorted(awards, key=lambda a: a.result != "won")]
    text = head + "\n" + "\n".join(f"• {line}" for line in lines)
    return c.answer(text, i.AWARDS, [x for a in s.awards for x in a.sources])


def _viewership(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if not s.viewership:
        return _from_fact_or_unknown(c, i.VIEWERSHIP, "series")
    items = [c.pick(d.text, d.text_ko) + c.mark(d.confidence) for d in s.viewership]
    text = c.say("viewership") + "\n" + c.listing(items)
    return c.answer(text, i.VIEWERSHIP, [x for d in s.viewership for x in d.sources])


def _age_rating(c: Composer, query: Query | None) -> Answer:
    s = c.k.series
    if (fact := find_fact(c, i.AGE_RATING)) is not None:  # the FAQ says it in both languages, with what to expect
        return fact_answer(c, fact, i.AGE_RATING)
    if not s.age_rating:
        return c.unknown(i.AGE_RATING, "no_data", "series")
    return c.answer(c.say("age_rating", rating=s.age_rating), i.AGE_RATING, s.sources)


def _cast_list(c: Composer, query: Query | None) -> Answer:
    rows = []
    entities = []
    for character in c.k.characters.values():
        actor = c.actor_of(character)
        if actor is not None:
            rows.append(c.say("cast_row", actor=c.person(actor), character=c.person(character)))
            entities.append(("actor", actor.key))
    text = c.say("cast") + "\n" + "\n".join(f"• {row}" for row in rows)
    sources = [x for a in c.k.actors.values() for x in a.sources]
    return c.answer(text, i.CAST_LIST, sources, entities[:4])


def _from_fact(intent: str) -> Builder:
    return lambda c, query: _from_fact_or_unknown(c, intent, "series")


# One builder per kind of show question. Critic scores are known to be unknown: never quote one. Opinions are
# the asker's: what reviewers said, when the data has it.
SHOW_ANSWERS: dict[str, Builder] = {
    i.RELEASE: _release,
    i.EPISODES: _episodes,
    i.RUNTIME: _runtime,
    i.WATCH: _watch,
    i.GENRE: _genre,
    i.DIRECTOR: _crew_job(i.DIRECTOR),
    i.WRITER: _crew_job(i.WRITER),
    i.ORIGINAL: _original,
    i.AUTHOR: _creators(i.AUTHOR, ("author", "novel")),
    i.ARTIST: _creators(i.ARTIST, ("artist", "webtoon", "illustrat")),
    i.TRUE_STORY: _from_fact(i.TRUE_STORY),
    i.FILMING: _filming,
    i.SETTING: _setting,
    i.PRODUCTION: _production,
    i.AWARDS: _awards,
    i.VIEWERSHIP: _viewership,
    i.AGE_RATING: _age_rating,
    i.CRITIC_SCORE: lambda c, query: c.unknown(i.CRITIC_SCORE, "no_scores", "series"),
    i.OPINION: _from_fact(i.OPINION),
    i.CAST_LIST: _cast_list,
}


def answer_show(c: Composer, intent: str, query: Query | None = None) -> Answer:
    """The answer to a question of one of the show's own kinds (`SHOW_ANSWERS`)."""
    build = SHOW_ANSWERS.get(intent)
    return build(c, query) if build is not None else c.unknown(intent, "no_data", "series")


_SCENE_WORDS = """scene scenes film filmed filming shot shoot where which hospital hospitals place places location
locations they them it the were was 장면 촬영 병원 어디 찍"""
_SCENE_IGNORED = frozenset(_SCENE_WORDS.split())


def _scene_places(places: tuple[Place, ...], query: Query, title: frozenset[str] = frozenset()) -> list[Place]:
    """The places whose recorded scenes the question names ("the director's office", "병원장실 장면", "the
    helipad"); every place when it names none, or names something every place was used for."""
    words = {w for w in query.tokens if len(w) >= 4 and not has_hangul(w)} - _SCENE_IGNORED - title
    words |= {
        stems[-1]
        for stems in query.hangul_words
        if len(stems[-1]) >= 2
        and not any(stems[0].startswith(w) and len(stems[0]) - len(w) <= 1 for w in _SCENE_IGNORED if has_hangul(w))
    }
    hits = []
    for place in places:
        english = set(fold(f"{place.name} {place.used_for}".replace("'s", "")).split())
        korean = f"{place.name_ko} {place.used_for_ko}"
        if any(w in korean if has_hangul(w) else w in english or w.removesuffix("s") in english for w in words):
            hits.append(place)
    return hits if hits and len(hits) < len(places) else list(places)


def _from_fact_or_unknown(c: Composer, intent: str, command: str) -> Answer:
    fact = find_fact(c, intent)
    if fact is not None:
        return fact_answer(c, fact, intent)
    return c.unknown(intent, "no_data", command)


def answer_episode(c: Composer, number: int, intent: str, title_only: bool = False) -> Answer:
    """One episode: its title where the sources know it and, unless only the title was asked for, what happens
    in it, each plot point behind spoiler tags as /episode shows them. An episode the sources have no recap
    for is said to be unknown rather than described from a neighbouring one."""
    episode = c.k.episodes.get(number)
    if episode is None:
        return c.unknown(intent, "no_episode", "episode", count=c.k.series.episode_count)
    command = (("number", str(number)),)
    title = c.pick(episode.title or "", episode.title_ko or "")
    lines = [c.say("episode_title", number=number, title=title, mark=c.mark(episode.title_confidence))] if title else []
    if title_only or not episode.plot:
        if not title:
            key = "episode_title_unknown" if title_only else "episode_no_recap"
            unknown = c.unknown(intent, key, "episode", number=number)
            return replace(unknown, suggestion_options=command)
        if not title_only:
            lines.append(c.say("episode_no_recap", number=number))
        text = "\n".join(lines)
        return c.answer(
            text, intent, episode.title_sources, confident=title_only, suggestion="episode", suggestion_options=command
        )
    lines.append(c.say("episode_plot", number=number))
    for point in episode.plot:
        text = c.pick(point.text, point.text_ko)
        lines.append("• " + (f"{SPOILER}{text}{SPOILER}" if point.spoiler else text) + c.mark(point.confidence))
    sources = [*episode.title_sources, *(s for p in episode.plot for s in p.sources)]
    return c.answer("\n".join(lines), intent, sources, suggestion="episode", suggestion_options=command)


def answer_plot_point(c: Composer, number: int, point: PlotPoint) -> Answer:
    """ "Which episode does X happen in": the episode, and the plot point that says so behind spoiler tags."""
    text = c.pick(point.text, point.text_ko)
    line = f"{SPOILER}{text}{SPOILER}" if point.spoiler else text
    body = c.say("episode_found", number=number) + "\n" + line + c.mark(point.confidence)
    return c.answer(body, i.EPISODE, point.sources, suggestion="episode", suggestion_options=(("number", str(number)),))
