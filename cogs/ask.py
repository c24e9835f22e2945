"""/ask: fans' free-text questions about the show, answered from the knowledge base and the sequel ledger."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import FanBot
from bot.errors import UserFacingError
from bot.i18n.commands import command_text, localized_options
from bot.knowledge.ask import MAX_QUESTION
from bot.ui.ask import answer_embed, answer_view

COOLDOWN_RATE = 3  # questions...
COOLDOWN_PER = 30.0  # ...per this many seconds, per person


class Ask(commands.Cog):
    def __init__(self, bot: FanBot) -> None:
        self.bot = bot

    @localized_options("ask")
    @app_commands.command(**command_text("ask"))
    @app_commands.checks.cooldown(COOLDOWN_RATE, COOLDOWN_PER, key=lambda interaction: interaction.user.id)
    async def ask(self, interaction: discord.Interaction[FanBot], question: str) -> None:
        # Length is checked here rather than with max_length on the option, so the person gets a sentence
        # explaining the limit instead of Discord silently refusing to send.
        question = question.strip()
        if not question:
            raise UserFacingError(key="ask.blank")
        if len(question) > MAX_QUESTION:
            raise UserFacingError(key="ask.too_long", length=len(question), limit=MAX_QUESTION)
        sequel = await self.bot.ledger.status(interaction.guild_id)
        answer = self.bot.ask.answer(question, sequel)
        await interaction.response.send_message(
            embed=answer_embed(answer, question), view=answer_view(self.bot.knowledge, answer)
        )


async def setup(bot: FanBot) -> None:
    await bot.add_cog(Ask(bot))
