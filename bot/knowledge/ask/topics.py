"""The topics of a person's records (data/lexicon.toml's [[topic]]: personality, background, fate...) a question
asks about, by the words fans use for them.

"What is Yang Jae-won like as a person?" holds no word a question type reads, only framing words; as a
personality question it is answered by the details the data tags "personality", not by the profile.
"""

from __future__ import annotations

import re

from bot.knowledge.ask.normalize import Query
from bot.knowledge.model import Lexicon
from bot.knowledge.names import fold, has_hangul


class Topics:
    """Finds the lexicon's topics in a question."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for topic in lexicon.topics:
            english = sorted({fold(w) for w in topic.words if w and not has_hangul(w)}, key=len, reverse=True)
            korean = sorted({fold(w) for w in topic.words_ko if w}, key=len, reverse=True)
            parts = []
            if english:
                parts.append(r"\b(?:" + "|".join(re.escape(w) for w in english) + r")\b")
            if korean:  # inside a word; a space in a Korean entry is where fans may or may not type one
                parts.append("(?:" + "|".join(re.escape(w).replace("\\ ", " ?") for w in korean) + ")")
            if parts:
                self._patterns.append((topic.key, re.compile("|".join(parts))))

    def asked(self, query: Query) -> frozenset[str]:
        """The keys of the topics whose words the (name-masked) question uses."""
        return frozenset(key for key, pattern in self._patterns if pattern.search(query.text))
