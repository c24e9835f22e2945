"""`python -m bot [run|sync|check-data|sandbox]`: the bot's command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.knowledge.loader import DataError
from bot.logs import configure_logging
from bot.storage.errors import StoreError

log = logging.getLogger("bot")

NO_TOKEN = (
    "DISCORD_TOKEN is not set: put DISCORD_TOKEN=<your bot token> in a .env file in this folder "
    "(copy .env.example) or export it, then run again. To try the bot without Discord: python -m bot sandbox"
)


def _gateway_closed(code: int) -> str:
    """The one line for a gateway connection Discord closed for good (its close code says why)."""
    if code == 4004:
        return (
            "Discord closed the connection: DISCORD_TOKEN is no longer valid (gateway close 4004; the token was "
            "reset or the bot deleted). Copy a fresh token from the developer portal (Bot tab) into .env, then start "
            "again"
        )
    return (
        f"Discord closed the connection with code {code}, which cannot be resumed; start again, and if it keeps "
        "happening look the code up in Discord's gateway close event codes"
    )


def _unreachable(error: BaseException) -> str:
    """The one line for Discord's API not answering at all at start-up (no route, refused, DNS, timeout)."""
    where = f"{error.host}:{error.port}" if hasattr(error, "host") and hasattr(error, "port") else "its API"
    why = getattr(error, "os_error", None) or error
    return (
        f"cannot reach Discord at {where} ({type(why).__name__}: {why}); check this machine's network connection "
        "(and DISCORD_API_BASE if it is set), then start again"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Heroes on Call fan bot. Settings come from the environment or a .env file.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="connect to Discord and serve (the default)")
    sub.add_parser("sync", help="register the slash commands with Discord (DEV_GUILD_ID if set, else global)")
    sub.add_parser("check-data", help="validate the knowledge files in data/ and list every problem")
    sandbox = sub.add_parser("sandbox", help="try the bot against a simulated Discord, no token needed")
    sandbox.add_argument("script", nargs="?", help="file of commands to run (default: the terminal or stdin)")
    sandbox.add_argument("--web", action="store_true", help="show it as a Discord-like page on 127.0.0.1 instead")
    sandbox.add_argument("--no-browser", action="store_true", help="with --web: print the address, open no browser")
    return parser


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


async def _serve(settings: Settings) -> None:
    from bot.app import create_bot

    bot = create_bot(settings)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    async with bot:
        runner = asyncio.create_task(bot.start(settings.token or ""))
        stopper = asyncio.create_task(stopping.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("shutting down")
            await bot.close()
        stopper.cancel()
        await runner  # re-raises a login failure, after close() it returns


async def _sync(settings: Settings) -> None:
    from bot.app import create_bot

    bot = create_bot(settings, serving=False)  # a live bot may share the database: deliver nothing from here
    async with bot:
        await bot.login(settings.token or "")  # runs setup_hook, which loads every cog
        synced = await bot.sync_commands()
        where = f"server {settings.dev_guild_id}" if settings.dev_guild_id else "all servers (may take up to an hour)"
        print(f"synced {len(synced)} commands to {where}")


def _check_data(settings: Settings) -> int:
    from bot.knowledge.loader import validate_data_dir

    problems = validate_data_dir(settings.data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {settings.data_dir}", file=sys.stderr)
        return 1
    print(f"data in {settings.data_dir} is valid")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    settings = _settings()
    configure_logging(settings.log_level, secrets=[settings.token or ""], debug_libraries=settings.log_debug_libraries)
    if command == "check-data":
        return _check_data(settings)

    if command == "sandbox":
        from bot.sandbox import run_sandbox

        if args.web and args.script:
            print("error: --web takes no script; commands are typed on the page", file=sys.stderr)
            return 2
        try:
            return run_sandbox(settings, script=args.script, web=args.web, open_browser=not args.no_browser)
        except StoreError as error:  # its temporary database could not be made (a full or read-only TMPDIR)
            print(f"error: {error}", file=sys.stderr)
            return 2
    if not settings.token:
        print(f"error: {NO_TOKEN}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_sync(settings) if command == "sync" else _serve(settings))
    except (ConfigError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DataError as error:  # create_bot validates data/ before anything connects
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("fix the data files (python -m bot check-data lists every problem), then start again", file=sys.stderr)
        return 2
    except Exception as error:
        import aiohttp
        import discord

        if isinstance(error, aiohttp.ClientConnectionError):  # login's first request found no Discord to talk to
            print(f"error: {_unreachable(error)}", file=sys.stderr)
            return 2
        if isinstance(error, discord.LoginFailure):
            print(
                "error: Discord refused DISCORD_TOKEN; copy a fresh token from the developer portal",
                file=sys.stderr,
            )
            return 2
        if isinstance(error, discord.ConnectionClosed):  # discord.py gives up only on codes it cannot recover from
            print(f"error: {_gateway_closed(error.code)}", file=sys.stderr)
            return 2
        raise
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
