"""Episode questions: which episode a scene is in, and what happens in (or what is the title of) episode N."""

from __future__ import annotations

from bot.knowledge.ask import intents as i
from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.context import Question
from bot.knowledge.ask.plot import WHICH_EPISODE_EN, WHICH_EPISODE_KO
from bot.knowledge.ask.registry import QuestionType
from bot.knowledge.ask.show import answer_episode, answer_plot_point, fact_answer
from bot.knowledge.names import fold


def _asks_which(q: Question) -> float:
    if not (WHICH_EPISODE_EN.search(q.query.text) or WHICH_EPISODE_KO.search(q.query.compact)):
        return 0.0
    # "was ha young in extraordinary attorney woo? which ep": the episode is the other work's, which the
    # person's works record answers; not one of this show's episodes.
    people = list(dict.fromkeys(m.people[0] for m in q.mentions if not m.ambiguous))
    if people and q.engine.people.works_named(q.c, q.query, people, i.OTHER_WORKS) is not None:
        return 0.0
    return 1.0


def _which(q: Question) -> Answer | None:
    """ "what episode does baek get hurt", "남수단 몇 화에 나와?": the plot point the question describes."""
    for number, episode in q.engine.knowledge.episodes.items():  # "which episode is 'patient: baek'"
        title = [w for w in fold(f"{episode.title or ''}").split() if len(w) >= 4]
        if title and all(w in q.query.tokens for w in title):
            return answer_episode(q.c, number, i.EPISODE, title_only=True)
        if episode.title_ko and fold(episode.title_ko).replace(" ", "") in q.query.compact:
            return answer_episode(q.c, number, i.EPISODE, title_only=True)
    hit = q.engine.plot.find_plot(q.query, q.names)
    if hit is not None:
        return answer_plot_point(q.c, *hit)
    if (fact := q.engine.faq.keyword_fact(q.query)) is not None:
        # "in what episode do baek and jang-mi kiss": no scene, but an FAQ entry on its topic (there is no
        # romance) says why there is no episode to give
        return fact_answer(q.c, fact, "faq")
    if WHICH_EPISODE_EN.search(q.query.text) and not q.found.episode_number:
        return q.c.unknown(i.EPISODE, "episode_not_found", "episode")
    return None


def _names_episode(q: Question) -> float:
    if q.found.episode_number is None:
        return 0.0
    score = q.score(i.EPISODE)
    return score if score >= max(q.score(q.person_intent), q.score(q.show_intent), 4) else 0.0


def _episode(q: Question) -> Answer:
    number = q.found.episode_number or 1
    if number == i.LAST_EPISODE:
        number = q.engine.knowledge.series.episode_count
    return answer_episode(q.c, number, i.EPISODE, title_only=q.found.episode_title_only)


TYPES = (
    QuestionType("which_episode", _asks_which, _which),
    QuestionType("episode_number", _names_episode, _episode),
)
