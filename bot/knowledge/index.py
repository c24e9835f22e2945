"""In-memory name index over characters, actors and crew: autocomplete, lookups and "did you mean".

Built once at start-up from `Knowledge`; every query is a few dictionary look-ups plus one rapidfuzz pass
over a few hundred short keys, well inside autocomplete's 3-second window (see benchmarks/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge.model import Knowledge
from bot.knowledge.names import name_key, token_keys

AUTOCOMPLETE_LIMIT = 25  # Discord's maximum number of choices
SURE_SCORE = 86.0  # a fuzzy hit at least this good, clearly ahead of the next person, is taken as meant
SUGGEST_SCORE = 62.0  # below this a name is not offered even as a suggestion
SURE_MARGIN = 6.0


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # "character", "actor", "crew"
    key: str
    label: str  # what a choice shows: "Baek Kang-hyuk (백강혁)"
    names: tuple[str, ...]  # every name and alias


@dataclass(frozen=True, slots=True)
class Match:
    entity: Entity
    score: float
    exact: bool = False

    @property
    def key(self) -> str:
        return self.entity.key


class NameIndex:
    """Finds people by any of their names, forgiving case, spacing, romanization and small typos."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: list[Entity] = list(entities)
        self._exact: dict[tuple[str, str], Entity] = {}
        self._keys: list[str] = []
        self._owners: list[Entity] = []
        self._tokens: dict[str, list[tuple[str, Entity]]] = {}
        for entity in self.entities:
            for name in entity.names:
                key = name_key(name)
                if not key:
                    continue
                self._exact.setdefault((entity.kind, key), entity)
                self._keys.append(key)
                self._owners.append(entity)
                for token in token_keys(name):
                    self._tokens.setdefault(entity.kind, []).append((token, entity))

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge) -> NameIndex:
        entities: list[Entity] = []
        for c in knowledge.characters.values():
            entities.append(Entity("character", c.key, f"{c.name} ({c.name_ko})", (c.name, c.name_ko, *c.aliases)))
        for a in knowledge.actors.values():
            entities.append(Entity("actor", a.key, f"{a.name} ({a.name_ko})", (a.name, a.name_ko, *a.aliases)))
        for p in knowledge.crew.values():
            entities.append(Entity("crew", p.key, f"{p.name} ({p.name_ko})", (p.name, p.name_ko, *p.aliases)))
        return cls(entities)

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]

    def search(self, query: str, kind: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[Match]:
        """Best matches of one kind, best first; an empty query lists everyone in data order."""
        key = name_key(query)
        candidates = self.of_kind(kind)
        if not key:
            return [Match(e, 100.0) for e in candidates[:limit]]
        best: dict[str, Match] = {}

        def offer(entity: Entity, score: float, exact: bool = False) -> None:
            current = best.get(entity.key)
            if current is None or score > current.score:
                best[entity.key] = Match(entity, score, exact)

        exact = self._exact.get((kind, key))
        if exact is not None:
            offer(exact, 100.0, exact=True)
        for k, entity in zip(self._keys, self._owners, strict=True):
            if entity.kind != kind:
                continue
            if k.startswith(key):
                offer(entity, 99.0 if len(key) >= 3 else 95.0)
            elif len(key) >= 3 and key in k:
                offer(entity, 90.0)
        for token, entity in self._tokens.get(kind, []):
            if token.startswith(key):
                offer(entity, 93.0 if len(key) >= 2 else 80.0)
        if len(key) >= 3:
            scores = process.extract(key, self._keys, scorer=fuzz.ratio, limit=None, score_cutoff=SUGGEST_SCORE)
            for _choice, score, i in scores:
                if self._owners[i].kind == kind:
                    offer(self._owners[i], float(score) * 0.95)
        ranked = sorted(best.values(), key=lambda m: (-m.score, self.entities.index(m.entity)))
        return ranked[:limit]

    def resolve(self, query: str, kind: str) -> Match | None:
        """The one entity the person surely meant, or None when unsure."""
        matches = self.search(query, kind, limit=2)
        if not matches:
            return None
        top = matches[0]
        if top.exact:
            return top
        runner_up = matches[1].score if len(matches) > 1 else 0.0
        if top.score >= SURE_SCORE and top.score - runner_up >= SURE_MARGIN:
            return top
        return None

    def suggest(self, query: str, kind: str, limit: int = 3) -> list[Match]:
        """Names to offer as "did you mean", only ones that are reasonably close."""
        return [m for m in self.search(query, kind, limit=limit) if m.score >= SUGGEST_SCORE + 10]
