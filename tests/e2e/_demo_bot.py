"""Tiny standalone bot used to exercise FakeDiscord until the real ``python -m bot`` is wired in.

Env: DISCORD_TOKEN (required), DISCORD_API_BASE (optional, e.g. http://127.0.0.1:PORT/api/v10),
DISCORD_GATEWAY_URL (optional, e.g. ws://127.0.0.1:PORT/gateway; used on reconnect),
DEMO_SYNC_COMMANDS=1 to sync the command tree in setup_hook.
Exits 0 after a clean shutdown on SIGTERM/SIGINT.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

import discord
import yarl
from discord import app_commands
from discord.ext import commands

log = logging.getLogger("demo_bot")


def build_bot() -> commands.AutoShardedBot:
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.default(),
        chunk_guilds_at_startup=False,
    )

    @bot.tree.command(name="series", description="Say ok")
    async def series(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok")

    @bot.tree.command(name="echo", description="Defer, then answer with a follow-up")
    @app_commands.describe(text="What to echo")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(f"echo: {text}")

    async def setup_hook() -> None:
        if os.environ.get("DEMO_SYNC_COMMANDS") == "1":
            synced = await bot.tree.sync()
            log.info("synced %d commands", len(synced))

    bot.setup_hook = setup_hook  # type: ignore[method-assign]

    @bot.event
    async def on_ready() -> None:
        log.info("ready as %s (guilds=%d)", bot.user, len(bot.guilds))

    @bot.tree.error
    async def on_app_command_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        log.error("app command error: %r", error)

    return bot


async def main() -> int:
    discord.utils.setup_logging(level=logging.INFO)
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        log.error("DISCORD_TOKEN is not set")
        return 2
    api_base = os.environ.get("DISCORD_API_BASE", "").strip()
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
        log.info("using Discord API base %s", discord.http.Route.BASE)
    gateway_url = os.environ.get("DISCORD_GATEWAY_URL", "").strip()
    if gateway_url:
        # discord.py falls back to DiscordWebSocket.DEFAULT_GATEWAY (not GET /gateway/bot) on reconnects.
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    bot = build_bot()
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    close_tasks: list[asyncio.Task[None]] = []

    def request_stop(signame: str) -> None:
        if not stopping.is_set():
            log.info("received %s, shutting down", signame)
            stopping.set()
            close_tasks.append(loop.create_task(bot.close()))

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, request_stop, sig.name)

    async with bot:
        await bot.start(token)
    log.info("closed cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
