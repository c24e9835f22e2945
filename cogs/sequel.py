"""/sequel: the official status, the latest buzz and the timeline of reports, for fans."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import FanBot
from bot.i18n.commands import command_text
from bot.ui.views import send_pages


class Sequel(commands.Cog):
    def __init__(self, bot: FanBot) -> None:
        self.bot = bot

    @app_commands.command(**command_text("sequel"))
    async def sequel(self, interaction: discord.Interaction[FanBot]) -> None:
        await send_pages(interaction, "sequel")  # its Previous / Next answer after a restart too


async def setup(bot: FanBot) -> None:
    await bot.add_cog(Sequel(bot))
