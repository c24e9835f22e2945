"""Turning what a person typed into one character or actor, or a helpful miss."""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.i18n import t
from bot.knowledge.index import Match, NameIndex

MAX_QUERY = 100


class NotFound(UserFacingError):
    """Nobody matched surely; the message offers only close names ("did you mean"), never a guess."""

    def __init__(self, query: str, kind: str, suggestions: list[Match]) -> None:
        super().__init__(query)
        self.query = query
        self.kind = kind
        self.suggestions = suggestions

    def render(self, locale: object | None) -> str:
        key = "lookup.not_found_character" if self.kind == "character" else "lookup.not_found_actor"
        lines = [t(key, locale, name=self.query.replace("*", "")[:MAX_QUERY])]
        if self.suggestions:
            names = ", ".join(f"**{m.entity.label}**" for m in self.suggestions)
            lines.append(t("lookup.did_you_mean", locale, names=names))
        else:
            lines.append(t("lookup.try_autocomplete", locale))
        return "\n".join(lines)


def find(index: NameIndex, query: str, kind: str) -> str:
    """The key of the one character/actor the person meant, else `NotFound` with suggestions.

    Autocomplete sends the chosen entity's key as the value, so an exact key is accepted first.
    """
    query = query.strip()[:MAX_QUERY]
    for entity in index.of_kind(kind):
        if entity.key == query:
            return entity.key
    match = index.resolve(query, kind)
    if match is None:
        raise NotFound(query, kind, index.suggest(query, kind))
    return match.key
