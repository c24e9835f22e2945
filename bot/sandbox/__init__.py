"""`python -m bot sandbox`: the real bot against a simulated Discord (simcord), driven by typed lines, or with
`--web` shown as a Discord-like page in the browser.

simcord and its preview are an optional extra (`pip install -e '.[sandbox]'`); without them the command says how
to install them.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bot.config import Settings
from bot.i18n import t

# What `env.preview` needs to run, as simcord's `preview` extra installs it.
PREVIEW_MODULES = ("aiohttp", "markdown_it", "linkify_it", "regex", "PIL")


def run_sandbox(settings: Settings, script: str | None = None, *, web: bool = False, open_browser: bool = True) -> int:
    """Run the sandbox on `script` (a file of lines), else the terminal (with a prompt) or piped stdin; with
    `web`, serve it as a page on 127.0.0.1 (opened in the browser if `open_browser`) until Ctrl-C."""
    # Only warnings and errors, one line each (the session installs its own handler); simcord's import builds a
    # throwaway discord.py state that warns about intents and voice support, which is noise here.
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("discord").setLevel(logging.ERROR)
    try:
        import simcord  # noqa: F401
    except ImportError:
        print(t("sandbox.install"), file=sys.stderr)
        return 1
    if web:
        return _run_web(settings, open_browser)
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
    _replace_unprintable()
    with _sandbox_settings(settings) as sandbox:
        try:
            asyncio.run(_main(sandbox, lines, secrets=[settings.token or ""]))
        except KeyboardInterrupt:
            print(t("sandbox.bye"))
            return 130
    return 0


def _run_web(settings: Settings, open_browser: bool) -> int:
    try:
        for module in PREVIEW_MODULES:
            importlib.import_module(module)
    except ImportError:
        print(t("sandbox.web_install"), file=sys.stderr)
        return 1
    _replace_unprintable()
    with _sandbox_settings(settings) as sandbox:
        from bot.app import create_bot
        from bot.sandbox.web import run_web

        try:
            asyncio.run(
                run_web(
                    lambda: create_bot(sandbox),
                    sys.stdout,
                    secrets=[settings.token or ""],
                    open_browser=open_browser,
                    stdin_fd=sys.stdin.fileno() if sys.stdin is not None else None,
                )
            )
        except KeyboardInterrupt:  # where the loop cannot catch Ctrl-C itself (Windows)
            print(t("sandbox.bye"))
    return 0


def _replace_unprintable() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


@contextlib.contextmanager
def _sandbox_settings(settings: Settings) -> Iterator[Settings]:
    """The sandbox's own settings: a throwaway database and nothing else of the real bot's (.env's DATABASE_URL,
    HOME_GUILD_ID, shards, token). Sharing the real bot's database would let a live bot deliver the sandbox's
    test reports to real servers, and the simulated Discord's 404s would pause their subscriptions."""
    with tempfile.TemporaryDirectory(prefix="hoc-sandbox-") as tmp:
        yield Settings(
            database_url=f"sqlite:///{Path(tmp) / 'sandbox.db'}",
            log_level=settings.log_level,
            log_debug_libraries=settings.log_debug_libraries,
            data_dir=settings.data_dir,
        )


def _read_typed_line(prompt: str) -> str:
    # asyncio.run turns Ctrl-C into cancelling the session; at the prompt it should simply end the input.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return input(prompt)
    finally:
        signal.signal(signal.SIGINT, previous)


async def _main(settings: Settings, lines: Iterable[str] | Callable[[str], str], *, secrets: list[str]) -> None:
    from bot.app import create_bot
    from bot.sandbox.session import run_session

    await run_session(lambda: create_bot(settings), lines, sys.stdout, secrets=secrets)
