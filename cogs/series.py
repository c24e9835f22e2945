"""/series, /character, /cast and /episode: looking things up about the show."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import FanBot
from bot.i18n.commands import command_text, localized_options
from bot.knowledge.lookup import find
from bot.ui.cards import actor_card, character_card
from bot.ui.lookup import episode_embed, series_embed
from cogs._autocomplete import people


class Lookups(commands.Cog):
    def __init__(self, bot: FanBot) -> None:
        self.bot = bot

    @app_commands.command(**command_text("series"))
    async def series(self, interaction: discord.Interaction[FanBot]) -> None:
        sequel = await self.bot.ledger.status(interaction.guild_id)
        await interaction.response.send_message(embed=series_embed(self.bot.knowledge, sequel, interaction.locale))

    @localized_options("character")
    @app_commands.command(**command_text("character"))
    @app_commands.autocomplete(name=people("character"))
    async def character(self, interaction: discord.Interaction[FanBot], name: app_commands.Range[str, 1, 100]) -> None:
        key = find(self.bot.names, name, "character")
        embed, view = character_card(self.bot.knowledge, key, interaction.locale)
        await interaction.response.send_message(embed=embed, view=view)

    @localized_options("cast")
    @app_commands.command(**command_text("cast"))
    @app_commands.autocomplete(name=people("actor"))
    async def cast(self, interaction: discord.Interaction[FanBot], name: app_commands.Range[str, 1, 100]) -> None:
        key = find(self.bot.names, name, "actor")
        embed, view = actor_card(self.bot.knowledge, key, interaction.locale)
        await interaction.response.send_message(embed=embed, view=view)

    @localized_options("episode")
    @app_commands.command(**command_text("episode"))
    async def episode(self, interaction: discord.Interaction[FanBot], number: app_commands.Range[int, 1, 8]) -> None:
        episode = self.bot.knowledge.episodes[number]
        await interaction.response.send_message(embed=episode_embed(episode, interaction.locale))


async def setup(bot: FanBot) -> None:
    await bot.add_cog(Lookups(bot))
