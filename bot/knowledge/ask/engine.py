"""`AskEngine`: one free-text question in, one `Answer` out, from the knowledge base and the sequel ledger.

Built once at start-up (all names, aliases, descriptions and FAQ phrasings are indexed then); answering a
question is a handful of regex searches and rapidfuzz passes over a few hundred short strings.
"""

from __future__ import annotations

import re

from bot.knowledge.ask import corrections, frames
from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer, Composer
from bot.knowledge.ask.entities import NAME, NICKNAME, PARTIAL, EntityLinker, Mention, Person
from bot.knowledge.ask.normalize import STOPWORDS, Query, content_words, parse
from bot.knowledge.ask.show import answer_episode, answer_plot_point, answer_show, fact_answer, find_fact
from bot.knowledge.ask.spelling import Speller, data_words, rule_words
from bot.knowledge.model import Character, Fact, Knowledge
from bot.knowledge.names import canonical_romanization, fold, has_hangul, strip_particles
from bot.news.ledger import SequelStatus

FAQ_STRONG = 0.8  # share of content words a question has in common with an FAQ phrasing to take that answer
FAQ_WEAK = 0.5  # ...to fall back on it when no rule understood the question
MAX_PEOPLE = 3  # "who plays baek and yang" answers for each, up to this many

SHOW_INTENTS = frozenset(
    {
        i.RELEASE, i.EPISODES, i.RUNTIME, i.WATCH, i.GENRE, i.DIRECTOR, i.WRITER, i.ORIGINAL, i.AUTHOR, i.ARTIST,
        i.TRUE_STORY, i.FILMING, i.SETTING, i.PRODUCTION, i.AWARDS, i.VIEWERSHIP, i.CRITIC_SCORE, i.AGE_RATING,
        i.CAST_LIST, i.OPINION,
    }
)  # fmt: skip
_STOP = {"the", "a", "an", "of", "his", "her", "their", "s"}
# Words naming a kind of relationship: a question with one asks for every relationship of that kind.
_RELATION_NOUNS = """mentor disciple protege rival ally boss student teacher daughter father colleague enemy
friend 스승 제자 라이벌 아군 딸 아버지 동료 적 친구"""
RELATION_NOUNS = frozenset(_RELATION_NOUNS.split())
FACT_KEYWORD = 6  # a fact's own keyword ("romance", "러브라인") weighs like this against the intent rules
# A person named in an FAQ answer who is not in the cast or crew: "Prof. Lee Guk-jong", "Capt. Seok Hae-kyun".
_FACT_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)-([a-z]+)\b")
# ...and in Korean, a three-syllable name before a title: "이국종 교수", "석해균 선장".
_FACT_NAME_KO = re.compile(r"([가-힣]{3}) ?(?:교수|선장|박사|대위|원장)")
_DEBUT = re.compile(r"\b(debut|debuted|debuting|first (drama|role|show|movie|film|acting job))\b")
# Words of a work's title that say nothing on their own ("the", "of", a bare number).
_TITLE_STOP_WORDS = "the a an of and in on to with my me your season part 1 2 3"
_TITLE_STOP = frozenset(_TITLE_STOP_WORDS.split())


def _names_work(query: Query, work, own_title: frozenset[str]) -> bool:
    """The question names this work: its Korean title (or a 3+ syllable part of it, 우영우 of 이상한 변호사 우영우)
    or every significant word of its English title, in order."""
    if work.title_ko:
        title_ko = work.title_ko.replace(" ", "")
        if (
            len(title_ko) >= 2
            and title_ko in query.compact
            and not any(w in title_ko for w in own_title if has_hangul(w))
        ):
            return True
        if any(len(s[-1]) >= 3 and s[-1] not in own_title and s[-1] in title_ko for s in query.hangul_words):
            return True
    words = [w for w in fold(work.title).split() if w not in _TITLE_STOP]
    if not words or (len(words) == 1 and len(words[0]) < 5):
        return False
    return f" {' '.join(words)} " in f" {' '.join(t for t in query.tokens if t not in _TITLE_STOP)} "


# A question about where a filmed thing (the helipad on the poster) is, or whether it is real: a filming place.
SCENE_BOOST = 5
SCENE_WHERE_EN = re.compile(r"\b(where|real|actual|actually|place|location|building)\b")
SCENE_WHERE_KO = re.compile(r"(어디|실제|진짜|실존)")
_SCENE_PLAIN_WORDS = "scene scenes hospital hospitals office room same location also"
_SCENE_PLAIN = frozenset(_SCENE_PLAIN_WORDS.split())
_SCENE_PLAIN_KO = ("장면", "촬영", "병원", "병실", "마무리", "하다", "메인", "이기도")
# "Which episode is X in": the question names a scene, and the plot points say which episode it is in.
WHICH_EPISODE_EN = re.compile(r"\b(which|what) (ep|episode|eps)\b|\bwhat ep\b|\bin which (ep|episode)\b")
WHICH_EPISODE_KO = re.compile(r"(몇화|몇회|몇번째화|몇번째회|어느화|어느회|무슨화|무슨회|몇편)")
_PLOT_WORDS = """episode episodes which what when does that this they them their there where happen happens happened
scene scenes show drama part 몇화 몇회 어느 무슨 나와 나오 나온 나왔 장면 에피소드 내용"""
_PLOT_IGNORED = frozenset(_PLOT_WORDS.split()) | STOPWORDS | i.FRAME_WORDS
# "What else was he in besides kingdom", "킹덤 말고": the works named are the ones the fan already knows.
EXCEPT = re.compile(
    r"\b(besides|except|other than|apart from|aside from|not counting|outside of)\b|(말고|빼고|제외|외에)"
)
# A question about the character in the story, not the actor: "how old is baek in the show", "극중 나이".
IN_STORY = re.compile(r"\b(in the (show|drama|series|story)|character)\b|(극중|극에서|드라마에서|작중)")
ACTOR_WORD = re.compile(r"\b(actor|actress|actors|plays|played|playing|irl|real life)\b|(배우|연기)")
# Questions about a date or a time span: "when", "what date", "언제", "날짜", "공개일".
WHEN_EN = re.compile(r"\b(when|what date|which date|date|dates|start|started|begin|began|end|ended|wrap|wrapped)\b")
WHEN_KO = re.compile(r"(언제|날짜|며칠|공개일|방영일|개봉일|시작|끝났|끝나|몇월|몇년도)")


class AskEngine:
    """Answers fans' questions; build once per `Knowledge`."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        rules = rule_words(p.pattern for lang in i._COMPILED.values() for r in lang.values() for p, _ in r)
        self.linker = EntityLinker(knowledge, rules)
        self.speller = Speller(rules, data_words(knowledge) | i.FRAME_WORDS)
        self._fact_names = self._names_in_facts(knowledge)
        self._keywords: list[tuple[str, Fact]] = [
            (fold(word) if has_hangul(word) else f" {fold(word)} ", fact)
            for fact in knowledge.facts.values()
            for word in fact.keywords
        ]
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
        self._scene_words = self._scene_vocabulary(knowledge, rules)
        self._hangul_names = frozenset(
            fold(n).replace(" ", "")
            for records in (knowledge.characters, knowledge.actors, knowledge.crew)
            for r in records.values()
            for n in (r.name_ko, *r.aliases)
            if n and has_hangul(n)
        )
        self._title_words = frozenset(w for q in titles for w in (*q.tokens, *(s[-1] for s in q.hangul_words)))

    def answer(self, question: str, sequel: SequelStatus) -> Answer:
        """The answer to one question, in its language; `sequel` is the ledger's current state."""
        query = self.speller.correct(parse(question))
        c = self._composers[query.language]
        if not query.compact:
            return c.unknown("unknown", "no_question", "/help")
        if (wrong := corrections.wrong_name(query)) is not None:  # "is namgoong min in it": a known error
            return corrections.correction(c, wrong)
        mentions = self.linker.link(query)
        named_fact, mentions = self._fact_person(query, mentions)
        # Names and multi-word role descriptions are blanked before the intent rules: "who is the hospital
        # director" asks "who is" about a character, not who directed the show.
        names = [m for m in mentions if m.strength in (NAME, PARTIAL) or m.phrase]
        found = i.detect(
            query.masked(
                [(m.start, m.end) for m in names if not m.hangul], [(m.start, m.end) for m in names if m.hangul]
            )
        )
        when = bool(WHEN_EN.search(query.text) or WHEN_KO.search(query.compact))
        if self._asks_for_scene(query):  # "where's the helipad from the poster": a filming place
            found.scores[i.FILMING] = found.score(i.FILMING) + SCENE_BOOST
        if found.score(i.SEQUEL):
            speakers = self._speakers([m for m in mentions if not m.ambiguous], found)
            return c.sequel(sequel, found.sequel_focus, i.SEQUEL, asks_date=when, speakers=speakers)
        if WHICH_EPISODE_EN.search(query.text) or WHICH_EPISODE_KO.search(query.compact):
            # "what episode does baek get hurt", "남수단 몇 화에 나와?": the plot point the question describes.
            for number, episode in self.knowledge.episodes.items():  # "which episode is 'patient: baek'"
                title = [w for w in fold(f"{episode.title or ''}").split() if len(w) >= 4]
                if title and all(w in query.tokens for w in title):
                    return answer_episode(c, number, i.EPISODE, title_only=True)
                if episode.title_ko and fold(episode.title_ko).replace(" ", "") in query.compact:
                    return answer_episode(c, number, i.EPISODE, title_only=True)
            hit = self._find_plot(query, names)
            if hit is not None:
                return answer_plot_point(c, *hit)
            if WHICH_EPISODE_EN.search(query.text) and not found.episode_number:
                return c.unknown(i.EPISODE, "episode_not_found", "/episode")
        if found.score(i.NOT_KNOWN) and found.best() == i.NOT_KNOWN:
            # Pay, budgets, private lives: never in the data. Say so about whoever was named, or plainly.
            people = list(dict.fromkeys(m.people[0] for m in mentions if not m.ambiguous))
            if people and named_fact is None:
                return self._not_on_record(c, people)
            return c.unknown("unknown", "no_data", "/series")
        if found.score(i.CRITIC_SCORE):
            return answer_show(c, i.CRITIC_SCORE)  # known to be unknown: never quote a score
        if found.best() == i.OPINION and not any(m.strength in (NAME, PARTIAL) for m in mentions):
            return answer_show(c, i.OPINION, query)  # "should i watch it", before the FAQ reads "watch"
        faq, faq_strength = self._faq_match(query)
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
        keyword_fact = self._keyword_fact(query)
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
                return self._not_on_record(c, characters)
        if found.episode_number is not None and found.score(i.EPISODE) >= max(
            found.score(person_intent or ""), found.score(show_intent or ""), 4
        ):
            number = found.episode_number
            if number == i.LAST_EPISODE:
                number = self.knowledge.series.episode_count
            return answer_episode(c, number, i.EPISODE, title_only=found.episode_title_only)
        if sure:
            people = self._focus(query, sure, person_intent)
            if (works := self._works_named(c, query, people, person_intent)) is not None:
                return works
            if (
                show_intent
                and found.score(show_intent) > found.score(person_intent or "")
                and (show_intent != i.AWARDS)
            ):
                return answer_show(c, show_intent, query)
            if person_intent in (None, i.PROFILE) and people == [m.people[0] for m in sure]:
                # Only "who is X", "tell me about X" or a bare name get the profile; "how tall is X" asks for
                # something the data does not have, and the profile would pass for an answer to it.
                bare = query.masked(
                    [(m.start, m.end) for m in mentions if not m.hangul],
                    [(m.start, m.end) for m in mentions if m.hangul],
                )
                unasked = i.unexplained(bare, self._title_words)
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
                        self._from_details(c, people, unasked)
                        or (self._from_details(c, named, unasked) if named != people else None)
                        or self._not_on_record(c, people)
                    )
            return self._about_people(c, people, person_intent, query, sure)
        if unsure and (show_intent is None or found.score(show_intent) < 4):
            return self._candidates(c, unsure[0])
        if faq is not None and show_intent is None:
            return fact_answer(c, faq, "faq")
        if show_intent is not None:
            return answer_show(c, show_intent, query)
        if faq is not None:
            return fact_answer(c, faq, "faq")
        return c.unknown("unknown", "no_answer", "/series")

    def _find_plot(self, query: Query, names: list[Mention]):
        """The episode plot point sharing most words with the question (names and question words aside), with
        its episode number; None when no plot point shares a word."""
        masked = {t for m in names if not m.hangul for t in range(m.start, m.end)}
        english = {
            _stem(w)
            for at, w in enumerate(query.tokens)
            if at not in masked and len(w) >= 4 and not has_hangul(w) and w not in _PLOT_IGNORED
        }
        korean = {
            stems[-1]
            for stems in query.hangul_words
            if len(stems[-1]) >= 2 and not any(stems[-1] in n or n in stems[-1] for n in self._hangul_names)
        } - _PLOT_IGNORED
        best: tuple[int, int, object] | None = None
        for number, episode in sorted(self.knowledge.episodes.items()):
            for point in episode.plot:
                words = {_stem(w) for w in fold(point.text.replace("'s", "")).split()}
                score = len(english & words) + sum(1 for w in korean if w in point.text_ko.replace(" ", ""))
                if score and (best is None or score > best[0]):
                    best = (score, number, point)
        return (best[1], best[2]) if best else None

    # ------------------------------------------------------------------------------------------ scenes
    @staticmethod
    def _scene_vocabulary(knowledge: Knowledge, rules: frozenset[str]) -> frozenset[str]:
        """Words naming what was filmed at each filming place ("helipad", "poster", "강당"), minus words the
        intent rules read and plain words."""
        words: set[str] = set()
        for place in knowledge.series.filming_places:
            for word in fold(place.used_for.replace("'s", "")).split():
                if len(word) >= 5 and not word.endswith(("ed", "ing")) and word not in rules | STOPWORDS:
                    words.add(word.removesuffix("s"))
            for run in re.findall(r"[가-힣]{2,}", place.used_for_ko):
                stem = strip_particles(run)[-1]
                if len(stem) >= 2 and not any(plain in stem for plain in _SCENE_PLAIN_KO):
                    words.add(stem)
        return frozenset(words - _SCENE_PLAIN)

    def _asks_for_scene(self, query: Query) -> bool:
        if not (SCENE_WHERE_EN.search(query.text) or SCENE_WHERE_KO.search(query.compact)):
            return False
        return any(w.removesuffix("s") in self._scene_words for w in query.tokens) or any(
            w in query.compact for w in self._scene_words if has_hangul(w)
        )

    # ------------------------------------------------------------------------------------ named facts
    @staticmethod
    def _names_in_facts(knowledge: Knowledge) -> dict[str, Fact]:
        """Real people the FAQ answers name who are not in the cast or crew (Lee Guk-jong, the surgeon Baek is
        said to be modelled on), each pointing at the fact about them: the one whose topic names them, else the
        first answer that does."""
        known = {
            canonical_romanization(fold(n).replace(" ", ""))
            for records in (knowledge.characters, knowledge.actors, knowledge.crew)
            for r in records.values()
            for n in (r.name, r.name_ko, *r.aliases)
        }
        names: dict[str, Fact] = {}
        for fact in sorted(knowledge.facts.values(), key=lambda f: not _FACT_NAME.search(f.topic)):
            for match in _FACT_NAME.finditer(f"{fact.topic} {fact.answer}"):
                key = canonical_romanization("".join(match.groups()).lower())
                if key not in known:
                    names.setdefault(key, fact)
            for match in _FACT_NAME_KO.finditer(" ".join((fact.answer_ko, *fact.questions))):
                if match[1] not in known:
                    names.setdefault(match[1], fact)
        return names

    def _fact_person(self, query: Query, mentions: list[Mention]) -> tuple[Fact | None, list[Mention]]:
        """A real person from the FAQ named in the question ("lee guk jong"), and the mentions left once the
        words of that name are no longer read as cast or crew ("Lee" is not the director here)."""
        for name, fact in self._fact_names.items():
            if has_hangul(name) and name in query.compact:
                return fact, [m for m in mentions if not m.hangul]
        keys = query.keys
        for size in (3, 2):
            for start in range(len(keys) - size + 1):
                fact = self._fact_names.get("".join(keys[start : start + size]))
                if fact is not None:
                    end = start + size
                    rest = [m for m in mentions if m.hangul or m.end <= start or m.start >= end]
                    return fact, rest
        return None, mentions

    def _keyword_fact(self, query: Query) -> Fact | None:
        text = f" {query.text} "
        for word, fact in self._keywords:
            if (word in query.compact) if has_hangul(word) else (word in text):
                return fact
        return None

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
                kinds = self._asked_kinds(query, characters)
                if kinds:  # "jae-won's mentor before baek": every mentor of his, not only the one named
                    return c.relationships([kinds[0]], intent, kinds=kinds[1])
                return c.relationships(characters, intent)
        if intent == i.NICKNAME:
            by_nickname = [m.people[0] for m in mentions if m.strength == NICKNAME]
            characters = [p for p in (by_nickname or people[::-1]) if p.kind == "character"]
            if characters:
                return c.nicknames(k.characters[characters[0].key], intent)
        count = ""
        if intent == i.AWARDS and frames.asks_count(query):  # "how many awards did ju ji-hoon win"
            count = frames.awards_asked(k.series.awards, query)[1] or "*"
        answers = [self._about(c, person, intent or i.PROFILE, count) for person in people[:MAX_PEOPLE]]
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

    @staticmethod
    def _asked_kinds(query: Query, characters: list[Character]) -> tuple[Character, frozenset[str]] | None:
        """The named character with most relationships of the kind the question names ("mentor", "스승"), and
        those kinds; None when the question names no kind any of them has."""
        words = {_plain(w) for w in query.tokens} & RELATION_NOUNS
        best: tuple[int, Character | None, frozenset[str]] = (0, None, frozenset())
        for character in characters:
            kinds = set()
            for rel in character.relationships:
                kind_words = {_plain(w) for w in fold(rel.kind).split()}
                if kind_words & words or (
                    rel.kind_ko and any(w in RELATION_NOUNS and w in query.compact for w in rel.kind_ko.split())
                ):
                    kinds.add(rel.kind)
            if len(kinds) > best[0]:
                best = (len(kinds), character, frozenset(kinds))
        return (best[1], best[2]) if best[1] is not None else None

    def _about(self, c: Composer, person: Person, intent: str, count: str = "") -> Answer:
        k = self.knowledge
        if person.kind == "character":
            character = k.characters[person.key]
            actor = c.actor_of(character)
            if intent in (i.OTHER_WORKS, i.BIRTH, i.AWARDS) and actor is not None:
                return self._about(c, Person("actor", actor.key), intent, count)
            if intent == i.YEARS and character.years_on_team is None and _has_year(character):
                intent = i.JOB  # "what year resident is he": the role says "fourth-year resident"
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
                return c.person_awards(actor, "actor", intent, count)
            return c.roles(actor, intent)
        member = k.crew[person.key]
        if intent == i.OTHER_WORKS:
            return c.works(member, "crew", intent)
        if intent == i.AWARDS:
            return c.person_awards(member, "crew", intent, count)
        return c.crew_profile(member, intent)

    def _speakers(self, mentions: list[Mention], found: i.Intents) -> list[tuple[str, ...]]:
        """The names (every spelling) of the real people a sequel question names: the actor for a character,
        the director, writer or original author for "what did the director say"."""
        k = self.knowledge
        speakers = []
        people = [m.people[0] for m in mentions]
        for intent, key in ((i.DIRECTOR, k.series.director), (i.WRITER, k.series.writer)):
            if found.score(intent) and key:
                people.append(Person("crew", key))
        if found.score(i.AUTHOR) or found.score(i.ORIGINAL):
            people += [Person("crew", m.key) for m in self._composers["en"].crew_with_job("author", "novel")]
        for person in dict.fromkeys(people):
            record = k.characters.get(person.key) if person.kind == "character" else None
            if record is not None:
                record = k.actors.get(record.actor) if record.actor else None
            elif person.kind == "actor":
                record = k.actors.get(person.key)
            else:
                record = k.crew.get(person.key)
            if record is not None:
                speakers.append(tuple(n for n in (record.name, record.name_ko, *record.aliases) if n))
        return speakers

    def _works_named(self, c: Composer, query: Query, people: list[Person], intent: str | None) -> Answer | None:
        """An actor's or crew member's other works the question names ("was ha young in extraordinary attorney
        woo", "하영 우영우에도 나왔어?") or, asked for a debut, the works the data marks as one; None otherwise."""
        k = self.knowledge
        debut = bool(_DEBUT.search(query.text) or "데뷔" in query.compact)
        for person in people[:MAX_PEOPLE]:
            if person.kind == "character":
                character = k.characters[person.key]
                record, kind = (k.actors.get(character.actor), "actor") if character.actor else (None, "")
            elif person.kind == "actor":
                record, kind = k.actors[person.key], "actor"
            else:
                record, kind = k.crew[person.key], "crew"
            if record is None or not record.works:
                continue
            named = [w for w in record.works if _names_work(query, w, self._title_words)]
            if named and EXCEPT.search(f" {query.text} {query.compact}"):
                return c.works(record, kind, i.OTHER_WORKS, only=[w for w in record.works if w not in named])
            if debut and intent == i.OTHER_WORKS:
                named = [w for w in record.works if "debut" in w.note.lower() or "데뷔" in w.note_ko] or named
                if not named:
                    return self._not_on_record(c, [Person(kind, record.key)])
            if named:
                return c.works(record, kind, i.OTHER_WORKS, only=named)
        return None

    def _from_details(self, c: Composer, people: list[Person], words: tuple[str, ...]) -> Answer | None:
        """The person's own recorded sentences that use a word the question asked about ("agency", "소속사"),
        if any; long words only, so "live" does not find a sentence about a live-action role."""
        k = self.knowledge
        wanted = [w for w in words if len(w) >= (2 if has_hangul(w) else 5)]
        if not wanted:
            return None
        stems = {_stem(w) for w in wanted if not has_hangul(w)}
        for person in people[:MAX_PEOPLE]:
            record = {"character": k.characters, "actor": k.actors}.get(person.kind, k.crew)[person.key]
            lines, sources = [], []
            for detail in record.details:
                text = c.note(detail.text, detail.text_ko)
                english = {_stem(w) for w in fold(detail.text).split()}
                korean = any(w in detail.text_ko for w in wanted if has_hangul(w))
                if not text or not (korean or stems & english):
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


def _stem(word: str) -> str:
    """A rough English stem, so "become" finds "becomes", "saved" finds "saves" and "die" finds "died"."""
    if len(word) >= 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for suffix in ("ing", "ed", "e"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _plain(word: str) -> str:
    return word.replace("é", "e").removesuffix("s")


def _has_year(character: Character) -> bool:
    return "year" in character.role.lower() or "년 차" in character.role_ko or "년차" in character.role_ko


_ENGINES: dict[int, AskEngine] = {}


def answer_question(question: str, knowledge: Knowledge, sequel_status: SequelStatus) -> Answer:
    """Convenience for one-off use; the bot keeps one `AskEngine` built at start-up instead."""
    engine = _ENGINES.get(id(knowledge))
    if engine is None or engine.knowledge is not knowledge:
        engine = _ENGINES[id(knowledge)] = AskEngine(knowledge)
    return engine.answer(question, sequel_status)
