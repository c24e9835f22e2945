"""Answering an interaction correctly whether or not it was already acknowledged."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.limits import MESSAGE_CONTENT, truncate

_ANSWERED = "hoc_answered"  # in Interaction.extras: the deferred "thinking" message has been filled in


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool = False) -> None:
    """Acknowledge now, before anything that may wait (the database): Discord drops an interaction that is not
    answered within 3 seconds. A command shows "thinking" until `reply` fills it in; a button press shows
    nothing and `reply` edits the message the button is on."""
    if interaction.type == discord.InteractionType.component:
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = False,
    **kwargs: Any,
) -> None:
    """The first response if there was none yet; after `defer` on a command, the edit that replaces its
    "thinking" message (which already is ephemeral or not); after that, a follow-up."""
    if content is not None:
        content = truncate(content, MESSAGE_CONTENT)
    response = interaction.response
    if not response.is_done():
        await response.send_message(content, ephemeral=ephemeral, **kwargs)
    elif response.type == discord.InteractionResponseType.deferred_channel_message and not interaction.extras.get(
        _ANSWERED
    ):
        interaction.extras[_ANSWERED] = True
        await interaction.edit_original_response(content=content, **kwargs)
    else:
        await interaction.followup.send(content or discord.utils.MISSING, ephemeral=ephemeral, **kwargs)
