"""`python -m bot sandbox`: the real bot against a simulated Discord (simcord), driven by typed lines.

simcord is an optional extra (`pip install -e '.[sandbox]'`); without it the command says how to install it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.config import DEFAULT_DATABASE_URL, Settings
from bot.i18n import t


def run_sandbox(settings: Settings, script: str | None = None) -> int:
    """Run the sandbox on `script` (a file of lines), else the terminal (with a prompt) or piped stdin."""
    # Only warnings and errors, one line each (the session installs its own handler); simcord's import builds a
    # throwaway discord.py state that warns about intents and voice support, which is noise here.
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("discord").setLevel(logging.ERROR)
    try:
        import simcord  # noqa: F401
    except ImportError:
        print(t("sandbox.install"), file=sys.stderr)
        return 1
    lines: Iterable[str] | Callable[[str], str]
    if script is not None and script != "-":
        try:
            lines = Path(script).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            print(f"error: cannot read {script}: {error.strerror}", file=sys.stderr)
            return 2
    elif sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - line editing and history at the prompt
        lines = _read_typed_line
    else:
        lines = (line.rstrip("\n") for line in sys.stdin)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    with tempfile.TemporaryDirectory(prefix="hoc-sandbox-") as tmp:
        # The default database is the real bot's (and .env.example spells the default out), so only a
        # DATABASE_URL naming another database is kept; anything else plays in a throwaway file.
        if settings.database_url == DEFAULT_DATABASE_URL:
            settings = dataclasses.replace(settings, database_url=f"sqlite:///{Path(tmp) / 'sandbox.db'}")
        else:
            print(t("sandbox.database", url=settings.database_url))
        try:
            asyncio.run(_main(settings, lines))
        except KeyboardInterrupt:
            print(t("sandbox.bye"))
            return 130
    return 0


def _read_typed_line(prompt: str) -> str:
    # asyncio.run turns Ctrl-C into cancelling the session; at the prompt it should simply end the input.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return input(prompt)
    finally:
        signal.signal(signal.SIGINT, previous)


async def _main(settings: Settings, lines: Iterable[str] | Callable[[str], str]) -> None:
    from bot.app import create_bot
    from bot.sandbox.session import run_session

    await run_session(
        lambda: create_bot(settings),
        lines,
        sys.stdout,
        guild_id=settings.home_guild_id,
        secrets=[settings.token or ""],
    )
