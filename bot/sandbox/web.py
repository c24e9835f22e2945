"""`python -m bot sandbox --web`: the sandbox's world served as a Discord-like page on 127.0.0.1.

The page is simcord's own preview (`env.preview(..., layout="channel")`): the channel's messages, embeds and
buttons, and a composer that acts as the chosen person (slash commands with their autocomplete, button clicks);
its "Viewing as" list switches between @fan and @mod. What the page cannot do, the sandbox adds around it: the
clock keeps running (`bot.sandbox.stage`), and the terminal switches the channel shown (`in #news`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import webbrowser
from collections.abc import Callable, Iterable
from typing import TextIO

import discord

from bot.i18n import t
from bot.sandbox.front import FrontDoor
from bot.sandbox.parse import LineError, Quit, SwitchChannel, parse_line
from bot.sandbox.session import simulated_server, welcome_facts
from bot.sandbox.stage import Stage, keep_time

FIRST_CHANNEL = "general"


async def run_web(
    bot: discord.Client | Callable[[], discord.Client],
    out: TextIO,
    *,
    guild_id: int | None = None,
    secrets: Iterable[str] = (),
    open_browser: bool = True,
    stdin_fd: int | None = 0,
) -> None:
    """Serve the sandbox's fan server as a page until Ctrl-C (SIGINT), SIGTERM, `quit`, or the page ends it.

    `stdin_fd` is where typed lines come from (None: nowhere); end of input leaves the page running.
    """

    def say(text: str = "") -> None:
        out.write(text + "\n")
        out.flush()

    async with simulated_server(bot, out, guild_id=guild_id, secrets=secrets) as (env, world, _):
        stage = Stage(env, world)
        front = FrontDoor(stage)
        stop = asyncio.Event()
        tasks: list[asyncio.Task[None]] = []
        stop_reading: Callable[[], None] | None = None
        try:
            await front.start()
            await stage.show(FIRST_CHANNEL)
            say(t("sandbox.web_welcome", **welcome_facts(env, world)))
            say(t("sandbox.web_address", channel=stage.channel, url=front.address))
            say(t("sandbox.web_page_hints"))
            say(t("sandbox.web_terminal_hints"))
            if open_browser and not await _open_in_browser(front.address):
                say(t("sandbox.web_no_browser"))
            _on_signals(stop.set)
            tasks.append(asyncio.create_task(keep_time(stage)))
            if stdin_fd is not None:
                lines: asyncio.Queue[str | None] = asyncio.Queue()
                stop_reading = _read_lines(stdin_fd, asyncio.get_running_loop(), lines)
                tasks.append(asyncio.create_task(_act_on_lines(lines, stage, front, say, stop, open_browser)))
            ended = asyncio.create_task(stage.ended.wait())
            stopped = asyncio.create_task(stop.wait())
            await asyncio.wait({ended, stopped}, return_when=asyncio.FIRST_COMPLETED)
            for waiter in (ended, stopped):
                waiter.cancel()
            if stage.ended.is_set() and not stop.is_set():
                say(t("sandbox.web_ended"))
        finally:
            if stop_reading is not None:
                stop_reading()
            _on_signals(None)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await stage.close()
            await front.close()
    say(t("sandbox.bye"))


async def _act_on_lines(
    lines: asyncio.Queue[str | None],
    stage: Stage,
    front: FrontDoor,
    say: Callable[[str], None],
    stop: asyncio.Event,
    open_browser: bool,
) -> None:
    """The terminal's part: `in #news` shows another channel; commands themselves are typed on the page."""
    while (line := await lines.get()) is not None:
        text = line.strip()
        try:
            action = None if text.startswith("/") else parse_line(text, [])
        except LineError:
            action = None
        if isinstance(action, Quit):
            stop.set()
            return
        if isinstance(action, SwitchChannel):
            if action.name in stage.world.channels:
                await stage.show(action.name)
                say("  " + t("sandbox.web_switched", channel=stage.channel, url=front.address))
                if open_browser:
                    await _open_in_browser(front.address)
            else:
                channels = ", ".join("#" + n for n in stage.world.channels)
                say("  " + t("sandbox.unknown_channel", name=action.name, channels=channels))
        elif text and not text.startswith("#"):
            say("  " + t("sandbox.web_on_page"))  # a command, `as mod`, `help`, or a line it cannot read


def _read_lines(fd: int, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]) -> Callable[[], None]:
    """Feed typed lines into `lines` (None at end of input) from a daemon thread; returns `stop`, which the
    session calls as it ends.

    A thread, because a terminal, a pipe and /dev/null all read the same way with `os.read` while the event loop
    cannot watch all of them. It reads the raw descriptor, not `sys.stdin`, so a read still waiting when the
    process exits holds no lock of Python's stdin object. A read cannot be interrupted, so a thread still
    waiting when the session ends delivers nothing more: after `stop`, or once the event loop has closed (a
    line or the end of input arriving then is dropped, not an exception in the thread).
    """
    stopped = threading.Event()

    def deliver(line: str | None) -> bool:
        if stopped.is_set():
            return False
        try:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        except RuntimeError:  # the event loop is closed: the session is over
            return False
        return True

    def pump() -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                if pending:
                    deliver(pending.decode("utf-8", "replace"))
                deliver(None)
                return
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                if not deliver(raw.decode("utf-8", "replace")):
                    return

    threading.Thread(target=pump, name="sandbox-stdin", daemon=True).start()
    return stopped.set


def _on_signals(handler: Callable[[], None] | None) -> None:
    """Ctrl-C and SIGTERM stop the page cleanly (exit code 0) instead of interrupting whatever runs."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no loop signal handlers on Windows
            if handler is None:
                loop.remove_signal_handler(sig)
            else:
                loop.add_signal_handler(sig, handler)


async def _open_in_browser(url: str) -> bool:
    """Open `url` in the default graphical browser; False when there is none."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    # Without a display Python falls back to a console browser (lynx, w3m) that would take over this terminal,
    # where Ctrl-C must stop the sandbox; graphical browsers are launched in the background instead. A browser
    # named in $BROWSER (wslview, a path) is the person's own choice and is used whatever its kind.
    if type(browser) is webbrowser.GenericBrowser and not os.environ.get("BROWSER"):
        return False
    return await asyncio.to_thread(browser.open, url)
