"""/help and /about."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

import bot as bot_package
from bot.app import FanBot
from bot.i18n import t
from bot.i18n.commands import command_text
from bot.news.network import network_state
from bot.ui.embeds import Field, build_embed
from bot.ui.help import help_embed
from bot.ui.news_health import delivery_health, health_text
from bot.ui.process import process_fields


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m {secs}s"


class Admin(commands.Cog):
    def __init__(self, bot: FanBot) -> None:
        self.bot = bot

    @app_commands.command(**command_text("help"))
    async def help(self, interaction: discord.Interaction[FanBot]) -> None:
        names = [
            command.name
            for command in self.bot.tree.get_commands()
            if isinstance(command, app_commands.Command | app_commands.Group)
        ]
        embed = help_embed(names, interaction.locale)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(**command_text("about"))
    async def about(self, interaction: discord.Interaction[FanBot]) -> None:
        locale = interaction.locale
        started = self.bot.started_at or discord.utils.utcnow()
        uptime = (discord.utils.utcnow() - started).total_seconds()
        latency = self.bot.latency
        latency_text = (
            f"{latency * 1000:.0f} ms"
            if latency == latency and latency != float("inf")
            else t("about.latency_unknown", locale)
        )
        embed = build_embed(
            title=t("about.title", locale),
            fields=[
                Field(t("about.version", locale), bot_package.__version__, inline=True),
                Field(t("about.uptime", locale), _duration(uptime), inline=True),
                Field(t("about.latency", locale), latency_text, inline=True),
                Field(t("about.servers", locale), str(len(self.bot.guilds)), inline=True),
                Field(t("about.data", locale), self.bot.knowledge.version or "?", inline=True),
                Field(t("about.news", locale), health_text(delivery_health(self.bot), locale)),
                *process_fields(
                    await network_state(self.bot.store),
                    shard_ids=self.bot.shard_ids or range(self.bot.shard_count or 1),
                    shard_count=self.bot.shard_count,
                    answering_shard=interaction.guild.shard_id if interaction.guild is not None else None,
                    locale=locale,
                ),
            ],
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: FanBot) -> None:
    await bot.add_cog(Admin(bot))
