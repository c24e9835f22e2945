"""`AskEngine`: one free-text question in, one `Answer` out, from the knowledge base and the sequel ledger.

Built once at start-up (all names, aliases, descriptions and FAQ phrasings are indexed then); answering a
question is a handful of regex searches and rapidfuzz passes over a few hundred short strings.
"""

from __future__ import annotations

import re

from bot.knowledge.ask import candidates, checks, corrections, frames, others
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.cues import COMPILED
from bot.knowledge.ask.entities import NAME, NICKNAME, PARTIAL, EntityLinker, Mention
from bot.knowledge.ask.faq import FACT_KEYWORD, FAQ_STRONG, FaqIndex
from bot.knowledge.ask.normalize import Query, parse
from bot.knowledge.ask.people import People
from bot.knowledge.ask.plot import SCENE_BOOST, WHICH_EPISODE_EN, WHICH_EPISODE_KO, PlotIndex
from bot.knowledge.ask.retrieval import Hit, Retriever
from bot.knowledge.ask.retrieved import answer_from, joined, related
from bot.knowledge.ask.show import answer_episode, answer_plot_point, answer_show, fact_answer, find_fact
from bot.knowledge.ask.spelling import Speller, data_words, rule_words
from bot.knowledge.ask.story import Story
from bot.knowledge.ask.terms import terms
from bot.knowledge.model import Knowledge
from bot.knowledge.names import fold
from bot.news.ledger import Report, SequelStatus

SHOW_INTENTS = frozenset(
    {
        i.RELEASE, i.EPISODES, i.RUNTIME, i.WATCH, i.GENRE, i.DIRECTOR, i.WRITER, i.ORIGINAL, i.AUTHOR, i.ARTIST,
        i.TRUE_STORY, i.FILMING, i.SETTING, i.PRODUCTION, i.AWARDS, i.VIEWERSHIP, i.CRITIC_SCORE, i.AGE_RATING,
        i.CAST_LIST, i.OPINION,
    }
)  # fmt: skip
WEAK_CUE = 3  # a show intent scored below this rests on one context word ("넷플릭스"): check the FAQ's answers
COMPARISON = 6  # "did it beat squid game": the chart, over the other show's "season 2"
IN_STORY = re.compile(r"\b(in the (show|drama|series|story)|character)\b|(극중|극에서|드라마에서|작중)")
ACTOR_WORD = re.compile(r"\b(actor|actress|actors|plays|played|playing|irl|real life)\b|(배우|연기)")
# Questions about a date or a time span: "when", "what date", "언제", "날짜", "공개일".
WHEN_EN = re.compile(r"\b(when|what date|which date|date|dates|start|started|begin|began|end|ended|wrap|wrapped)\b")
WHEN_KO = re.compile(r"(언제|날짜|며칠|공개일|방영일|개봉일|시작|끝났|끝나|몇월|몇년도)")
# Calibrated on the labelled question sets: a retrieved sentence answers instead of "not in my sources" when it
# matches this share of the question's topic weight, and instead of a crisp answer when it matches this much
# and that much more than the crisp answer does.
ANSWERS_UNKNOWN = 0.7
RELATED = 0.3
ANSWERS_INSTEAD = 0.3
BETTER_BY = 0.2
KEEP_INTENTS = frozenset({"correction", "ambiguous", i.SEQUEL})


class AskEngine:
    """Answers fans' questions; build once per `Knowledge`."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        rules = rule_words(p.pattern for lang in COMPILED.values() for r in lang.values() for p, _ in r)
        self.linker = EntityLinker(knowledge, rules)
        self.speller = Speller(rules, data_words(knowledge) | frames.FRAME_WORDS)
        self.faq = FaqIndex(knowledge)
        self.plot = PlotIndex(knowledge, rules)
        self._composers = {lang: Composer(knowledge, lang) for lang in ("en", "ko")}
        series = knowledge.series
        titles = [parse(t) for t in (series.title, series.title_ko, *series.aliases) if t]
        self._title_words = frozenset(w for q in titles for w in (*q.tokens, *(s[-1] for s in q.hangul_words)))
        self.people = People(knowledge, self._composers, self._title_words)
        self._other_titles = others.other_titles(knowledge)
        self.story = Story(knowledge, self.plot)
        self._stop = frozenset(terms(" ".join((series.title, series.title_ko, *series.aliases))))
        self.retriever = Retriever(candidates.build(knowledge), self._stop)
        self._reports: tuple[tuple[Report, ...], Retriever | None] = ((), None)

    def answer(self, question: str, sequel: SequelStatus) -> Answer:
        """The answer to one question, in its language; `sequel` is the ledger's current state."""
        query = self.speller.correct(parse(question))
        c = self._composers[query.language]
        crisp = checks.checked(c, query, self._answer(query, c, sequel))
        if not query.compact or crisp.intent in KEEP_INTENTS:
            return crisp
        evidence, masked, hits = self.search(query, sequel)
        if not hits or not evidence or checks.unmet(query, answer_from(c, hits)):
            return crisp
        weight = sum(self.retriever.idf(t) for t in evidence)
        found = sum(self.retriever.idf(t) for t in evidence if t in hits[0].matched) / weight
        if not crisp.confident and crisp.intent in ("unknown", "unknown_attribute"):
            if i.detect(masked).score(i.NOT_KNOWN) or checks.unmet(query, crisp):
                return crisp  # a topic the data is known not to cover, or a kind of value no record has
            if found >= ANSWERS_UNKNOWN:
                return answer_from(c, hits)
            if found >= RELATED:
                return related(c, crisp, hits)
            return crisp
        if crisp.confident and found >= ANSWERS_INSTEAD:
            said = set(terms(crisp.text, self._stop))
            covered = sum(self.retriever.idf(t) for t in evidence if t in said) / weight
            if found - covered >= BETTER_BY:
                return joined(c, crisp, hits)
        return crisp

    def search(self, query: Query, sequel: SequelStatus) -> tuple[list[str], Query, list[Hit]]:
        """The terms of the question that no question type reads (its evidence), and the candidates that best
        match the question's topic terms, names aside."""
        mentions = self.linker.link(query)
        people = frozenset(m.people[0] for m in mentions if not m.ambiguous)
        masked = query.masked(
            [(m.start, m.end) for m in mentions if not m.hangul], [(m.start, m.end) for m in mentions if m.hangul]
        )
        wanted = terms(" ".join(w for w in masked.text.split() if "_" not in w), self._stop)
        evidence = [t for t in terms(" ".join(frames.unexplained(masked, self._title_words)), self._stop)]
        timeline = tuple(sequel.timeline)
        if timeline != self._reports[0]:
            self._reports = (timeline, Retriever(candidates.reports(timeline), self._stop) if timeline else None)
        hits = self.retriever.search(wanted, people)
        if self._reports[1] is not None:
            hits += self._reports[1].search(wanted, people)
        hits.sort(key=lambda h: -h.score)
        return evidence, masked, hits[:3]

    def _names_other_work(self, c: Composer, query: Query, mentions: list[Mention]) -> bool:
        """ "was ha young in extraordinary attorney woo? which ep": the episode is the other work's, which the
        person's works record answers; not one of this show's episodes."""
        people = list(dict.fromkeys(m.people[0] for m in mentions if not m.ambiguous))
        return bool(people) and self.people.works_named(c, query, people, i.OTHER_WORKS) is not None

    def _answer(self, query: Query, c: Composer, sequel: SequelStatus) -> Answer:
        if not query.compact:
            return c.unknown("unknown", "no_question", "/help")
        if (wrong := corrections.wrong_name(query)) is not None:  # "is namgoong min in it": a known error
            return corrections.correction(c, wrong)
        mentions = self.linker.link(query)
        named_fact, mentions = self.faq.fact_person(query, mentions)
        # Names and multi-word role descriptions are blanked before the intent rules: "who is the hospital
        # director" asks "who is" about a character, not who directed the show.
        # Nicknames too: "'No. 1'" is Yang Jae-won's name here, not a chart rank.
        names = [m for m in mentions if m.strength in (NAME, NICKNAME, PARTIAL) or m.phrase]
        real_spans, real_hangul = self.faq.name_spans(query) if named_fact is not None else ([], [])
        found = i.detect(
            query.masked(
                [(m.start, m.end) for m in names if not m.hangul] + real_spans,
                [(m.start, m.end) for m in names if m.hangul] + real_hangul,
            )
        )
        when = bool(WHEN_EN.search(query.text) or WHEN_KO.search(query.compact))
        if self.plot.asks_for_scene(query):  # "where's the helipad from the poster": a filming place
            found.scores[i.FILMING] = found.score(i.FILMING) + SCENE_BOOST
        if others.compares_with_other(query, self._other_titles):
            # "did it beat squid game s2": the season is the other show's; the chart answers.
            found.scores.pop(i.SEQUEL, None)
            found.scores[i.VIEWERSHIP] = max(found.score(i.VIEWERSHIP), COMPARISON)
        if found.score(i.SEQUEL):
            speakers = self.people.speakers([m for m in mentions if not m.ambiguous], found)
            quoted = others.quoted_reports(query, sequel.timeline)  # "who said it was made with seasons 2 and 3"
            return c.sequel(
                sequel,
                found.sequel_focus,
                i.SEQUEL,
                asks_date=when,
                speakers=speakers,
                quoted=quoted,
                cast_change=frames.asks_cast_change(query),
            )
        if (WHICH_EPISODE_EN.search(query.text) or WHICH_EPISODE_KO.search(query.compact)) and not (
            self._names_other_work(c, query, mentions)
        ):
            # "what episode does baek get hurt", "남수단 몇 화에 나와?": the plot point the question describes.
            for number, episode in self.knowledge.episodes.items():  # "which episode is 'patient: baek'"
                title = [w for w in fold(f"{episode.title or ''}").split() if len(w) >= 4]
                if title and all(w in query.tokens for w in title):
                    return answer_episode(c, number, i.EPISODE, title_only=True)
                if episode.title_ko and fold(episode.title_ko).replace(" ", "") in query.compact:
                    return answer_episode(c, number, i.EPISODE, title_only=True)
            hit = self.plot.find_plot(query, names)
            if hit is not None:
                return answer_plot_point(c, *hit)
            if WHICH_EPISODE_EN.search(query.text) and not found.episode_number:
                return c.unknown(i.EPISODE, "episode_not_found", "/episode")
        if found.score(i.NOT_KNOWN) and found.best() == i.NOT_KNOWN:
            # Pay, budgets, private lives: never in the data. Say so about whoever was named, or plainly.
            people = list(dict.fromkeys(m.people[0] for m in mentions if not m.ambiguous))
            if people and named_fact is None:
                return self.people.not_on_record(c, people)
            return c.unknown("unknown", "no_data", "/series")
        if found.score(i.CRITIC_SCORE):
            return answer_show(c, i.CRITIC_SCORE)  # known to be unknown: never quote a score
        if found.best() == i.OPINION and not any(m.strength in (NAME, PARTIAL) for m in mentions):
            return answer_show(c, i.OPINION, query)  # "should i watch it", before the FAQ reads "watch"
        faq, faq_strength = self.faq.match(query)
        if faq is not None and found.best() == i.AWARDS and frames.asks_count(query):
            faq = None  # "how many awards did it win": a count computed from the award records, not the FAQ's list
        if faq is not None and faq_strength >= FAQ_STRONG:
            return fact_answer(c, faq, "faq")
        if named_fact is not None:
            return fact_answer(c, named_fact, "faq")
        person_intent = found.best(i.PERSON_INTENTS)
        show_intent = found.best(SHOW_INTENTS)
        if any(m.strength == NICKNAME for m in mentions) and (
            i.WHY_EN.search(query.text) or i.WHY_KO.search(query.compact)
        ):
            person_intent = i.NICKNAME  # "천장미 왜 조폭임?", "what does 1호 mean": the nickname's meaning
        keyword_fact = self.faq.keyword_fact(query)
        if keyword_fact is not None and max(found.score(person_intent or ""), found.score(show_intent or "")) <= (
            FACT_KEYWORD
        ):
            return fact_answer(c, keyword_fact, "faq")
        if show_intent == i.FILMING and when and (period := find_fact(c, i.FILMING, timed=True)) is not None:
            return fact_answer(c, period, "faq")
        if person_intent and found.score(person_intent) >= found.score(show_intent or ""):
            if not mentions:
                mentions = self.linker.weak(query)  # "the budget guy", "who runs the planning office"
            elif colloquial := self.linker.weak(query, colloquial=True):
                # "the anesthesia guy that helps baek": the guy is the subject, Baek only describes him.
                mentions = [m for m in mentions if m.end <= colloquial[0].start] + colloquial
        sure = [m for m in mentions if not m.ambiguous]
        unsure = [m for m in mentions if m.ambiguous]
        if person_intent == i.BIRTH and (
            IN_STORY.search(f"{query.text} {query.compact}") or not ACTOR_WORD.search(f"{query.text} {query.compact}")
        ):
            # "how old is baek (in the show)": the character's age, which the data lacks (the actor's birth date
            # answers only a question that says it is about the actor).
            characters = [m.people[0] for m in sure if m.people[0].kind == "character"]
            if characters and len(characters) == len({m.people[0] for m in sure}):
                return self.people.not_on_record(c, characters)
        if found.episode_number is not None and found.score(i.EPISODE) >= max(
            found.score(person_intent or ""), found.score(show_intent or ""), 4
        ):
            number = found.episode_number
            if number == i.LAST_EPISODE:
                number = self.knowledge.series.episode_count
            return answer_episode(c, number, i.EPISODE, title_only=found.episode_title_only)
        if sure:
            people = self.people.focus(query, sure, person_intent)
            if (works := self.people.works_named(c, query, people, person_intent)) is not None:
                return works
            if (
                show_intent
                and found.score(show_intent) > found.score(person_intent or "")
                and (show_intent != i.AWARDS)
            ):
                shown = answer_show(c, show_intent, query)
                crew = len(people) >= 2 and all(p.kind == "crew" for p in people)
                if crew and not all(self.people.named_in(p, shown.text) for p in people):
                    # "대본 쓴 작가랑 원작 소설 작가는 같은 사람이에요?": the show's answer names only one of the
                    # crew members asked about; each one's profile answers for both.
                    return self.people.about_people(c, people, i.PROFILE, query, sure)
                return shown
            if person_intent in (None, i.PROFILE) and people == [m.people[0] for m in sure]:
                # Only "who is X", "tell me about X" or a bare name get the profile; "how tall is X" asks for
                # something the data does not have, and the profile would pass for an answer to it.
                bare = query.masked(
                    [(m.start, m.end) for m in mentions if not m.hangul],
                    [(m.start, m.end) for m in mentions if m.hangul],
                )
                unasked = frames.unexplained(bare, self._title_words)
                if unasked and frames.who_is(query, sure) and not frames.asks_attribute(unasked):
                    unasked = ()  # "who is baek, like whats his deal": chatter after a complete "who is X"
                if unasked:
                    # "why does han yu-rim turn nice to baek": two characters and a question about them is a
                    # question about how they stand to each other.
                    characters = [self.knowledge.characters[p.key] for p in people if p.kind == "character"]
                    if len(characters) >= 2 and (between := c.relationships(characters, i.RELATIONSHIP)).confident:
                        return between
                    named = list(dict.fromkeys(m.people[0] for m in sure))  # "who saved han's daughter"
                    return (
                        self.people.from_details(c, people, unasked)
                        or (self.people.from_details(c, named, unasked) if named != people else None)
                        or self.story.between(c, [*people, *named])  # "why does X stop hating baek"
                        or self.story.outcome(c, query, names)  # "does baek's team get the helicopter in the end"
                        or self.people.not_on_record(c, people)
                    )
            about = self.people.about_people(c, people, person_intent, query, sure)
            if person_intent == i.RELATIONSHIP and not about.confident:
                # "how is han yu-rim's daughter connected to baek": no relationship on record, but a sentence
                # about one of them may name the other.
                named = list(dict.fromkeys(m.people[0] for m in sure))
                return self.story.between(c, [*people, *named]) or about
            return about
        if unsure and (show_intent is None or found.score(show_intent) < 4):
            return self.people.candidates(c, unsure[0])
        if faq is not None and show_intent is None:
            return fact_answer(c, faq, "faq")
        if show_intent is not None:
            if show_intent == i.FILMING and frames.asks_real_or_set(query):  # "a real hospital or a set?"
                return self._joined(c, [answer_show(c, i.FILMING, query), answer_show(c, i.SETTING, query)])
            if found.score(show_intent) < WEAK_CUE and (claim := self.faq.by_answer(query)) is not None:
                return fact_answer(c, claim, "faq")  # "넷플릭스 첫 한국 의학드라마라는 게 사실인가요?"
            return answer_show(c, show_intent, query)
        if faq is not None:
            return fact_answer(c, faq, "faq")
        return c.unknown("unknown", "no_answer", "/series")

    @staticmethod
    def _joined(c: Composer, answers: list[Answer]) -> Answer:
        """Several answers as one: "a real hospital or a set?" is answered by the filming places and the setting."""
        return c.answer(
            "\n".join(a.text for a in answers),
            answers[0].intent,
            [x for a in answers for x in a.sources],
            confident=all(a.confident for a in answers),
        )


_ENGINES: dict[int, AskEngine] = {}


def answer_question(question: str, knowledge: Knowledge, sequel_status: SequelStatus) -> Answer:
    """Convenience for one-off use; the bot keeps one `AskEngine` built at start-up instead."""
    engine = _ENGINES.get(id(knowledge))
    if engine is None or engine.knowledge is not knowledge:
        engine = _ENGINES[id(knowledge)] = AskEngine(knowledge)
    return engine.answer(question, sequel_status)
