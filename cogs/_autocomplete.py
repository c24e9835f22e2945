"""Autocomplete callbacks shared by cogs (a helper module, not an extension)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from discord import app_commands

from bot.ui.limits import CHOICE_NAME, truncate


def people(kind: str) -> Callable[[Any, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    """Autocomplete for a character or actor option: names from memory, the entity key as the value."""

    async def complete(interaction: Any, current: str) -> list[app_commands.Choice[str]]:
        matches = interaction.client.names.search(current, kind)
        return [app_commands.Choice(name=truncate(m.entity.label, CHOICE_NAME), value=m.key) for m in matches]

    return complete
