"""Answering an interaction correctly whether or not it was already acknowledged."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.limits import MESSAGE_CONTENT, truncate


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = False,
    **kwargs: Any,
) -> None:
    """The first response if there was none yet, else a follow-up (after a defer)."""
    if content is not None:
        content = truncate(content, MESSAGE_CONTENT)
    if interaction.response.is_done():
        await interaction.followup.send(content or discord.utils.MISSING, ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)
