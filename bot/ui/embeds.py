"""The one builder every embed goes through, so no message can exceed Discord's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.ui import limits
from bot.ui.limits import truncate

COLOUR = discord.Colour(0xC0392B)  # trauma-bay red


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


def build_embed(
    *,
    title: str,
    description: str = "",
    fields: Sequence[Field] = (),
    footer: str = "",
    url: str | None = None,
    colour: discord.Colour = COLOUR,
    total: int = limits.EMBED_TOTAL,
) -> discord.Embed:
    """An embed whose every part, and whose total, fits Discord's limits; `total` is less when it shares a
    message with other embeds (Discord's 6,000 characters count every embed of a message together)."""
    title = truncate(title, limits.EMBED_TITLE)
    footer = truncate(footer, limits.EMBED_FOOTER)
    kept = [
        Field(truncate(f.name, limits.EMBED_FIELD_NAME), truncate(f.value, limits.EMBED_FIELD_VALUE), f.inline)
        for f in fields
        if f.name.strip() and f.value.strip()
    ][: limits.EMBED_FIELDS]
    fixed = len(title) + len(footer) + sum(len(f.name) + len(f.value) for f in kept)
    while kept and fixed > total - 200:  # leave the description some room before trimming it
        dropped = kept.pop()
        fixed -= len(dropped.name) + len(dropped.value)
    description = truncate(description, min(limits.EMBED_DESCRIPTION, total - fixed))
    embed = discord.Embed(title=title, description=description or None, url=url, colour=colour)
    for f in kept:
        embed.add_field(name=f.name, value=f.value, inline=f.inline)
    if footer:
        embed.set_footer(text=footer)
    return embed
