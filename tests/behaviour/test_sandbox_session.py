"""The sandbox session is generic over the command tree: a small bot of its own proves parsing, people,
buttons, channel news and error lines without depending on which cogs exist."""

from __future__ import annotations

import asyncio
import io

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError

pytest.importorskip("simcord")

from bot.sandbox.session import run_session


class Publish(discord.ui.View):
    def __init__(self, channel_ids: list[int], claim: str) -> None:
        super().__init__(timeout=180)
        self.channel_ids = channel_ids
        self.claim = claim

    @discord.ui.button(label="Publish", style=discord.ButtonStyle.success)
    async def publish(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"Publishing: {self.claim}", view=None)
        # Delivery happens in the background a little later, as the real outbox worker's does.
        self.delivery = asyncio.create_task(self.deliver(interaction.client))

    async def deliver(self, client: discord.Client) -> None:
        await asyncio.sleep(1.5)
        for channel_id in self.channel_ids:
            await client.get_channel(channel_id).send(embed=discord.Embed(title="Sequel news", description=self.claim))

    @discord.ui.button(label="Cancel")
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="Cancelled.", view=None)


class News(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="news", description="News", default_permissions=discord.Permissions(manage_guild=True))
        self.subscribed: list[int] = []

    @app_commands.command(name="subscribe", description="Where news goes")
    async def subscribe(
        self, interaction: discord.Interaction, channel: discord.TextChannel, role: discord.Role | None = None
    ) -> None:
        self.subscribed.append(channel.id)
        ping = f" pinging {role.mention}" if role else ""
        await interaction.response.send_message(f"News goes to {channel.mention}{ping}.", ephemeral=True)

    @app_commands.command(name="report", description="Log a report")
    async def report(
        self,
        interaction: discord.Interaction,
        outlet: str,
        claim: str,
        status: app_commands.Range[str, 1, 20],
        url: str | None = None,
    ) -> None:
        embed = discord.Embed(title=f"Preview: {outlet}", description=claim)
        embed.add_field(name="Status", value=status)
        embed.set_footer(text=url or "no link")
        await interaction.response.send_message(embed=embed, view=Publish(self.subscribed, claim), ephemeral=True)


class Toy(commands.Cog):
    @app_commands.command(name="character", description="Look up a character")
    async def character(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        if name == "nobody":
            raise UserFacingError("I don't know a character called nobody.")
        await interaction.response.send_message(embed=discord.Embed(title=name.title(), description="A surgeon."))

    @app_commands.command(name="episode", description="An episode")
    async def episode(self, interaction: discord.Interaction, number: app_commands.Range[int, 1, 8]) -> None:
        await interaction.response.send_message(f"Episode {number} ({type(number).__name__})")

    @app_commands.command(name="boom", description="Always fails")
    async def boom(self, interaction: discord.Interaction) -> None:
        raise ZeroDivisionError("division by zero")


class ToyTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        text = str(original) if isinstance(original, UserFacingError) else "Something went wrong."
        await interaction.response.send_message(text, ephemeral=True)


class ToyBot(commands.AutoShardedBot):
    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(), tree_cls=ToyTree)

    async def setup_hook(self) -> None:
        await self.add_cog(Toy())
        self.tree.add_command(News())


async def transcript(*lines: str) -> str:
    out = io.StringIO()
    await run_session(ToyBot(), list(lines), out)
    return out.getvalue()


async def test_a_command_with_an_embed_is_printed_readably():
    text = await transcript("/character name: baek kang-hyuk")
    assert "fan #general> /character name: baek kang-hyuk" in text
    assert "│ Baek Kang-Hyuk" in text and "│ A surgeon." in text
    assert "{" not in text  # no raw dicts


async def test_typed_values_follow_the_parameter_types():
    text = await transcript("/episode number: 3", "/episode 4")
    assert "Episode 3 (int)" in text and "Episode 4 (int)" in text


async def test_moderator_flow_preview_publish_and_news_arriving_in_the_channel():
    text = await transcript(
        "/news subscribe channel: #news",
        "as mod",
        "/news subscribe channel: #news role: @sequel-pings",
        "/news report outlet: Xportsnews claim: S2 and S3: filming together status: report",
        "click Publish",
    )
    # The fan cannot see the moderators' group at all.
    assert "fan can't see /news subscribe here" in text
    assert "News goes to #news pinging @sequel-pings." in text
    assert "only you can see this" in text
    assert "│ Preview: Xportsnews" in text and "│ S2 and S3: filming together" in text
    assert "│ Status: report" in text and "[Publish] [Cancel]" in text
    assert "Publishing: S2 and S3: filming together" in text
    assert "new in #news:" in text and "│ Sequel news" in text


async def test_mistakes_get_one_line_and_the_session_goes_on():
    text = await transcript(
        "/charcter name: x",
        "/episode number: 12",
        "/character nam: x",
        "click Publish",
        "as nobody",
        "hello",
        "/character name: nobody",
        "/boom",
        "/character name: still here",
    )
    assert "There is no command /charcter. Did you mean /character?" in text
    assert "number: must be between 1 and 8." in text
    assert "/character has no option nam:" in text
    assert "No button [Publish]" in text
    assert "There is no one called @nobody here" in text
    assert "I don't understand 'hello'" in text
    assert "I don't know a character called nobody." in text  # the bot's own answer to a mistake
    assert "The bot hit an unexpected error in /boom: ZeroDivisionError: division by zero" in text
    assert "Traceback" not in text
    assert "│ Still Here" in text


async def test_help_lists_the_commands_this_person_can_run():
    text = await transcript("help", "as mod", "help")
    fan_help, mod_help = text.split("Now typing as mod.")
    assert "/character name:" in fan_help and "/news report" not in fan_help
    assert "/news report outlet: claim: status: [url:]" in mod_help
