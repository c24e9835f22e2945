"""`AskEngine`: one free-text question in, one `Answer` out, from the knowledge base and the sequel ledger.

Built once at start-up (names, aliases, FAQ phrasings and every fact sentence are indexed then). A question is
parsed once (`context.Question`); the question types of `registry.py` are asked in precedence order, and
retrieval over every candidate sentence (`retrieval.py`) answers what no type claims, completes an answer
that left part of the question unread, and stays silent when its best match is weak.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.knowledge.ask import candidates, checks, corrections, cues, frames, others, romanized, vocabulary
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.entities import EntityLinker
from bot.knowledge.ask.faq import FaqIndex
from bot.knowledge.ask.normalize import Query, parse
from bot.knowledge.ask.people import People
from bot.knowledge.ask.plot import PlotIndex
from bot.knowledge.ask.registry import registry, resolve
from bot.knowledge.ask.retrieval import Hit, Retriever
from bot.knowledge.ask.retrieved import answer_from, joined, related, shown
from bot.knowledge.ask.spelling import Speller, data_words, rule_words
from bot.knowledge.ask.story import Story
from bot.knowledge.ask.terms import STOP_EN, is_date_term, terms
from bot.knowledge.ask.topics import Topics
from bot.knowledge.model import Knowledge
from bot.knowledge.names import fold
from bot.news.ledger import Report, SequelStatus

# Calibrated on the labelled question sets: a retrieved sentence answers instead of "not in my sources" when it
# matches this share of the question's topic weight, and instead of a crisp answer when it matches this much
# and that much more than the crisp answer does.
ANSWERS_UNKNOWN = 0.7
ANSWERS_UNKNOWN_ABOUT = 0.7
RELATED = 0.1
# A question about someone with words no record of theirs has ("원작 작가 본업이 뭐야", "is the director pure
# evil") still shows that person's own closest record, said to be only related: on the labelled sets no
# unanswerable question is hurt by it, and a hedge with the person's record beats a bare "not in my sources".
RELATED_ABOUT = 0.0
ANSWERS_INSTEAD = 0.15  # 0.3 -> 0.15 on the sets of December 2026: 3 more answered in full, none lost
BETTER_BY = 0.2
MUCH_BETTER = 0.5  # ...and goes first when it matches this much more
REPORT_MATCH = 0.5  # share of a sequel question's own words a report must have to be the one it asks about
ENGLISH_WORDS = 4  # English words around Korean names that make a question English
ABOUT_FIRST = 0.7  # a sentence about the person asked about goes first if it scores this share of the best
WEAK_CLAIM = 3  # a question type claiming on context words alone ("student", "when") yields to better evidence
INDEXES = 16  # ledger states (servers with local reports) whose indexes are kept
CACHE = 256  # readings remembered (the same words blanked in two readings of one question)
KEEP_INTENTS = frozenset({"correction", "ambiguous"})
# Where a second question starts: ", and who wrote the novel", "… 그리고 감독은 누구야".
SECOND_QUESTION = re.compile(
    r"(?:,|;|\?)?\s+(?:and|but|also|plus|&)\s+(?=(?:who|what|when|where|which|how|is|are|was|were|did|does|do)\b)"
    r"|(?:\?|,)\s*(?:그리고|그럼|또|근데)\s+",
    re.IGNORECASE,
)


class AskEngine:
    """Answers fans' questions; build once per `Knowledge`."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        found = candidates.build(knowledge)
        self.rules = cues.rules(vocabulary.fills(knowledge), vocabulary.absent_rules(knowledge, found))
        self.synonyms = vocabulary.synonyms(knowledge)
        rules = rule_words(cues.words(self.rules))
        self.linker = EntityLinker(knowledge, rules)
        known = data_words(knowledge) | frames.FRAME_WORDS | STOP_EN
        self.speller = Speller(rules, known)
        # romanized Korean is read as the Hangul the data and the Korean cues use; their English stays English
        hangul = [f"{c.text_ko} {c.extra} {c.tags}" for c in found]
        self.reader = romanized.Reader([*hangul, *cues.words(self.rules)], known | rules)
        self.faq = FaqIndex(knowledge)
        self.plot = PlotIndex(knowledge, rules)
        self._composers = {lang: Composer(knowledge, lang) for lang in ("en", "ko")}
        series = knowledge.series
        titles = [parse(t) for t in (series.title, series.title_ko, *series.aliases) if t]
        self.title_words = frozenset(w for q in titles for w in (*q.tokens, *(s[-1] for s in q.hangul_words)))
        self.people = People(knowledge, self._composers, self.title_words)
        self.other_titles = others.other_titles(knowledge)
        self.corrections = corrections.Corrections(knowledge)
        self.types = registry()
        self.story = Story(knowledge, self.plot)
        self.topics = Topics(knowledge.lexicon)
        self._stop = frozenset(terms(" ".join((series.title, series.title_ko, *series.aliases))))
        self._found = found
        self.retriever = Retriever(found, self._stop)
        self._timeline: tuple[Report, ...] = ()
        self._report_of: dict[candidates.Candidate, Report] = {}
        self._indexes: dict[tuple[Report, ...], tuple[Retriever, dict[candidates.Candidate, Report]]] = {}
        self._platform = fold(series.platform).split(" ")[0]
        self.platforms = (self._platform, fold(series.platform_ko).split(" ")[0] if series.platform_ko else "")
        self._detected: dict[tuple[str, str], i.Intents] = {}
        self._unexplained: dict[tuple[str, str, str], tuple[str, ...]] = {}

    def answer(self, question: str, sequel: SequelStatus) -> Answer:
        """The answer to one question, in its language; `sequel` is the ledger's current state. A question in
        two parts ("who wrote the screenplay, and who wrote the novel?") gets both answers."""
        parts = SECOND_QUESTION.split(question, maxsplit=1)
        if len(parts) == 2 and len(parts[0].split()) >= 2 and parts[1].strip():
            first, second = self._one(parts[0], sequel), self._one(parts[1], sequel)
            if first.confident and second.confident and first.text not in second.text and second.text not in first.text:
                return Answer(
                    text=f"{first.text}\n\n{second.text}",
                    language=first.language,
                    sources=tuple(dict.fromkeys((*first.sources, *second.sources))),
                    intent=first.intent,
                    entities=tuple(dict.fromkeys((*first.entities, *second.entities))),
                )
        return self._one(question, sequel)

    def _one(self, question: str, sequel: SequelStatus) -> Answer:
        query = self.speller.correct(parse(question, self.synonyms, self.reader))
        if query.language == "ko" and self._english_around_names(query):
            query = replace(query, language="en")
        c = self._composers[query.language]
        q = Question(self, query, c, sequel)
        answer = resolve(q, self.types)
        crisp = checks.checked(c, query, answer or c.unknown("unknown", "no_answer", "series"))
        if not query.compact or crisp.intent in KEEP_INTENTS:
            return crisp
        # The crisp answer explains the words its own cues read; words another cue read are still evidence
        # that some other sentence may answer better ("공개 첫날 몇 개국에서 볼 수 있었어요": not the platform).
        evidence, found_all, hits = self.search(
            q, crisp.intent if crisp.confident and crisp.intent in self.rules["en"] else ""
        )
        if not hits or checks.unmet(query, answer_from(c, hits)):
            return crisp
        if crisp.confident and crisp.intent == i.RELEASE:
            # "중증외상센터 2024년 12월에 나온 거 맞죠?": the date the question checks is what the release date
            # answers, not a topic another sentence (a 2024 work) should answer instead
            evidence = [t for t in evidence if not is_date_term(t)]
        named = {(p.kind, p.key) for p in q.named_people}
        if crisp.confident and named and not named & set(crisp.entities) and hits[0].about and hits[0].matched:
            # A show-level answer to a question about someone ("천장미 원작에서는 이름이 달랐다며?" read as a
            # question about the original work): what the records say about that person on those words first.
            return joined(c, crisp, hits, lead=True)
        if not evidence:
            return crisp
        if named & set(crisp.entities):
            # an answer about someone is completed only by what is recorded about them, and not by itself
            hits = [h for h in hits if h.about and shown(c, h) not in crisp.text] or hits
        weight = sum(self.retriever.idf(t) for t in evidence)
        found = sum(self.retriever.idf(t) for t in evidence if t in hits[0].matched) / weight
        if not crisp.confident and crisp.intent in ("unknown", "unknown_attribute"):
            if found_all.score(i.NOT_KNOWN) or checks.unmet(query, crisp):
                return crisp  # a topic the data is known not to cover, or a kind of value no record has
            about = hits[0].about  # a sentence about the very person asked about needs less to be shown
            # ...and a question about someone is not answered by a sentence about nobody named
            elsewhere = bool(q.named_people) and not about
            if found >= (ANSWERS_UNKNOWN_ABOUT if about else ANSWERS_UNKNOWN) and not elsewhere:
                return answer_from(c, hits)
            people = {*q.named_people, *q.focus}
            own = about and bool(hits[0].candidate.people) and hits[0].candidate.people[0] in people
            if found >= RELATED or (own and found >= RELATED_ABOUT):
                # beside a record about the person asked about, only other records about them, and only if
                # they still hold the kind of value asked for (a birth year is no answer about the day)
                shown_hits = [h for h in hits if h.about] if about else hits
                if checks.unmet(query, answer_from(c, shown_hits)):
                    return crisp
                return related(c, crisp, shown_hits)
            return crisp
        if crisp.confident and found >= ANSWERS_INSTEAD:
            said = set(terms(crisp.text, self._stop))
            covered = sum(self.retriever.idf(t) for t in evidence if t in said) / weight
            weak = crisp.intent in self.rules["en"] and q.score(crisp.intent) < WEAK_CLAIM
            if found - covered >= BETTER_BY or (weak and found > covered):
                return joined(c, crisp, hits, lead=weak or found - covered >= MUCH_BETTER)
            if found == 1 and hits[0].about and named & set(crisp.entities):
                # another record about the same person matches all the question asks: it goes along
                # ("이낙준 작가 군의관 어디서 했음": his novel's title, and his service as a military doctor)
                return joined(c, crisp, hits)
        return crisp

    def _english_around_names(self, query: Query) -> bool:
        """An English question quoting a Korean name or title ("what does 중증외상센터 literally mean in
        english"): every Hangul word is one the data names, and the rest is English."""
        latin = [t for t in query.tokens if t.isascii() and t.isalpha()]
        if len(latin) < ENGLISH_WORDS:
            return False
        known = self.linker.forms
        return all(
            any(s in self.title_words or any(s in forms.hangul for forms in known.values()) for s in stems)
            for stems in query.hangul_words
        )

    def prepare(self, sequel: SequelStatus) -> None:
        """Index the ledger's reports beside the data's sentences (done by the first question otherwise)."""
        self._index(sequel)

    def _index(self, sequel: SequelStatus) -> None:
        """The ledger's reports join the data's sentences in one index; one index per ledger state, the last
        few kept (servers see different local reports)."""
        timeline = tuple(sequel.timeline)
        if timeline == self._timeline:
            return
        if (built := self._indexes.pop(timeline, None)) is None:
            if len(self._indexes) >= INDEXES:
                del self._indexes[next(iter(self._indexes))]
            found = candidates.reports(timeline)
            built = (Retriever([*self._found, *found], self._stop), dict(zip(found, timeline, strict=True)))
        self._indexes[timeline] = built
        self._timeline = timeline
        self.retriever, self._report_of = built

    def reports_asked(self, q: Question) -> list[Report]:
        """The ledger's reports that answer what a sequel question asks beyond the sequel itself ("which
        outlet broke the back-to-back story", "what did ju say on you quiz"): the best match of its other words
        among the reports, when it has most of them."""
        self._index(q.sequel)
        mentions = q.linked
        masked = q.query.masked(
            [(m.start, m.end) for m in mentions if not m.hangul], [(m.start, m.end) for m in mentions if m.hangul]
        )
        evidence = self.retriever.meaningful(terms(" ".join(self.unexplained(masked, i.SEQUEL)), self._stop))
        if not evidence:
            return []
        people = frozenset(m.people[0] for m in mentions if not m.ambiguous)
        hits = self.retriever.search(evidence, people, limit=1, only_reports=True)
        weight = sum(self.retriever.idf(t) for t in evidence)
        if not hits or sum(self.retriever.idf(t) for t in hits[0].matched) < REPORT_MATCH * weight:
            return []
        return [self._report_of[hits[0].candidate]]

    def detect(self, query: Query) -> i.Intents:
        """What a (masked) question asks, by the cue tables; remembered, as several readings of one question
        often blank the same words."""
        key = (query.text, query.compact)
        if (found := self._detected.get(key)) is None:
            if len(self._detected) >= CACHE:
                self._detected.clear()
            found = self._detected[key] = i.detect(query, self.rules)
        # a copy: a reading may adjust the scores (a scene question leans to filming)
        return replace(found, scores=dict(found.scores))

    def unexplained(self, query: Query, intent: str = "") -> tuple[str, ...]:
        """The words of a (masked) question no cue reads (only `intent`'s cues, when given) and that are not
        question framing; remembered."""
        key = (query.text, query.compact, intent)
        if (words := self._unexplained.get(key)) is None:
            if len(self._unexplained) >= CACHE:
                self._unexplained.clear()
            rules = self.rules
            if intent:
                rules = {language: {intent: by_intent.get(intent, [])} for language, by_intent in rules.items()}
            words = self._unexplained[key] = frames.unexplained(query, rules, self.title_words)
        return words

    def search(self, q: Question, intent: str = "") -> tuple[list[str], i.Intents, list[Hit]]:
        """The terms of the question that no question type reads (its evidence; with `intent`, the terms the
        cues of that intent do not read), what it asks with every name blanked, and the candidates that best
        match its topic terms, names aside."""
        query, sequel = q.query, q.sequel
        mentions = q.linked
        people = frozenset(m.people[0] for m in mentions if not m.ambiguous)
        masked = query.masked(
            [(m.start, m.end) for m in mentions if not m.hangul], [(m.start, m.end) for m in mentions if m.hangul]
        )
        wanted = terms(" ".join(w for w in masked.text.split() if "_" not in w), self._stop)
        evidence = self.retriever.meaningful(terms(" ".join(self.unexplained(masked, intent)), self._stop))
        self._index(sequel)
        timeline = self._timeline
        # The ledger's reports answer sequel questions and questions naming their outlet, nothing else.
        found_all = self.detect(masked)
        about_sequel = bool(found_all.score(i.SEQUEL) or others.named_reports(query, timeline, *self.platforms))
        hits = self.retriever.search(wanted, people, reports=about_sequel, stressed=evidence)
        return evidence, found_all, hits
