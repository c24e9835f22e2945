"""Scenes and plot points: "which episode does baek get hurt" finds the plot point, "where's the helipad from
the poster" finds the filming place."""

from __future__ import annotations

import re

from bot.knowledge.ask import frames
from bot.knowledge.ask.entities import NICKNAME, Mention
from bot.knowledge.ask.normalize import STOPWORDS, Query, stem
from bot.knowledge.ask.normalize import stems as stems_of
from bot.knowledge.model import Knowledge, PlotPoint
from bot.knowledge.names import fold, has_hangul, strip_particles

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
_PLOT_IGNORED = frozenset(_PLOT_WORDS.split()) | STOPWORDS | frames.FRAME_WORDS


class PlotIndex:
    """The words naming filmed scenes, and the episodes' plot points, searched by a question's words."""

    def __init__(self, knowledge: Knowledge, rules: frozenset[str]) -> None:
        self.knowledge = knowledge
        self._scene_words = self._scene_vocabulary(knowledge, rules)
        self._hangul_names = frozenset(
            fold(n).replace(" ", "")
            for records in (knowledge.characters, knowledge.actors, knowledge.crew)
            for r in records.values()
            for n in (r.name_ko, *r.aliases)
            if n and has_hangul(n)
        )

    def find_plot(self, query: Query, names: list[Mention], min_score: int = 1) -> tuple[int, PlotPoint] | None:
        """The episode plot point sharing most words with the question (names and question words aside), with
        its episode number; None when no plot point shares `min_score` words."""
        # a nickname is a word the plot points use ("soldiers recognise Baek as 'Malak'"); names are not
        masked = {t for m in names if not m.hangul and m.strength != NICKNAME for t in range(m.start, m.end)}
        english = {
            stem(w)
            for at, w in enumerate(query.tokens)
            if at not in masked and len(w) >= 4 and not has_hangul(w) and w not in _PLOT_IGNORED
        }
        korean = {
            stems[-1]
            for stems in query.hangul_words
            if len(stems[-1]) >= 2 and not any(stems[-1] in n or n in stems[-1] for n in self._hangul_names)
        } - _PLOT_IGNORED
        best: tuple[int, int, PlotPoint] | None = None
        for number, episode in sorted(self.knowledge.episodes.items()):
            for point in episode.plot:
                words = stems_of(point.text)
                score = len(english & words) + sum(1 for w in korean if w in point.text_ko.replace(" ", ""))
                if score and (best is None or score > best[0]):
                    best = (score, number, point)
        return (best[1], best[2]) if best and best[0] >= min_score else None

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

    def asks_for_scene(self, query: Query) -> bool:
        if not (SCENE_WHERE_EN.search(query.text) or SCENE_WHERE_KO.search(query.compact)):
            return False
        return any(w.removesuffix("s") in self._scene_words for w in query.tokens) or any(
            w in query.compact for w in self._scene_words if has_hangul(w)
        )
