"""/sequel: the official status, the latest buzz and the timeline of reports, for fans."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import FanBot
from bot.i18n.commands import command_text
from bot.ui.lookup import sequel_pages
from bot.ui.views import Paginator


class Sequel(commands.Cog):
    def __init__(self, bot: FanBot) -> None:
        self.bot = bot

    @app_commands.command(**command_text("sequel"))
    async def sequel(self, interaction: discord.Interaction[FanBot]) -> None:
        status = await self.bot.ledger.status(interaction.guild_id)
        pages = sequel_pages(status, interaction.locale)
        if len(pages) == 1:
            await interaction.response.send_message(embed=pages[0])
            return
        view = Paginator(interaction.user.id, pages, interaction.locale)
        await interaction.response.send_message(embed=pages[0], view=view)
        view.message = await interaction.original_response()


async def setup(bot: FanBot) -> None:
    await bot.add_cog(Sequel(bot))
