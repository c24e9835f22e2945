"""The single error boundary for app commands and the views they send."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.errors import UserFacingError
from bot.i18n import permission_names, t
from bot.storage.errors import StoreBusy
from bot.ui.respond import reply

if TYPE_CHECKING:
    from bot.app import FanBot

log = logging.getLogger(__name__)


def explain(error: BaseException, locale: object | None) -> str | None:
    """The sentence for an error a person caused, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        original = getattr(error, "original", None) or error.__cause__
        if isinstance(original, UserFacingError | StoreBusy):
            return explain(original, locale)
        if isinstance(error, app_commands.TransformerError):
            return t("errors.bad_value", locale, value=str(error.value)[:100])
        return None
    if isinstance(error, UserFacingError):
        return error.render(locale)
    if isinstance(error, StoreBusy):  # another program holds the database: nothing was written, try again
        return t("errors.database_busy", locale)
    if isinstance(error, app_commands.CommandOnCooldown):
        return t("errors.cooldown", locale, seconds=max(1, round(error.retry_after)))
    if isinstance(error, app_commands.NoPrivateMessage):
        return t("errors.guild_only", locale)
    if isinstance(error, app_commands.MissingPermissions):
        return t("errors.missing_permissions", locale, permissions=permission_names(error.missing_permissions))
    if isinstance(error, app_commands.BotMissingPermissions):
        return t("errors.bot_missing_permissions", locale, permissions=permission_names(error.missing_permissions))
    if isinstance(error, app_commands.CheckFailure):
        return t("errors.not_allowed", locale)
    return None


async def handle_interaction_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Answer once, ephemerally: the explanation for a person's mistake, a generic line (and a log) for a bug."""
    message = explain(error, interaction.locale)
    original = getattr(error, "original", error)
    if interaction.client.is_closed():
        # the bot is stopping: its HTTP session (and then the database) closed under this interaction, and there
        # is no way left to answer; one line, not a traceback for something that is not a bug
        log.info("%s was cut off by the shutdown (%s)", _name(interaction), type(original).__name__)
        return
    if isinstance(original, StoreBusy):  # not a bug, but an operator should know the database is contended
        log.warning("%s refused: %s", _name(interaction), original)
    if message is None:
        log.error("unexpected error in %s", _name(interaction), exc_info=error)
        message = t("errors.unexpected", interaction.locale)
    try:
        await reply(interaction, message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the person about an error (interaction expired?)", exc_info=True)


def _name(interaction: discord.Interaction[Any]) -> object:
    return interaction.command.qualified_name if interaction.command else interaction.data


class FanTree(app_commands.CommandTree["FanBot"]):
    async def on_error(self, interaction: discord.Interaction[FanBot], error: app_commands.AppCommandError) -> None:
        await handle_interaction_error(interaction, error)
