"""Driving `python -m bot sandbox --web` as a person would: the process in a terminal, the page in Chromium.

Shared by tests/e2e/test_sandbox_web.py and tests/e2e/sandbox_screenshot.py. The browser is Debian's `chromium`
driven through Playwright's Python package; Playwright's own browser download is never used.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, async_playwright

from .process import process_env

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/#[\w-]+")
WAIT = 15.0  # seconds: the longest any single step may take before the test reports what it saw


def chromium() -> str | None:
    return shutil.which("chromium")


@contextlib.asynccontextmanager
async def headless_chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


class WebSandbox:
    """The `python -m bot sandbox --web --no-browser` process: what it prints, and lines typed into it."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self._new_line = asyncio.Event()
        self._pump = asyncio.create_task(self._read())

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, cwd: Path) -> AsyncIterator[WebSandbox]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "sandbox",
            "--web",
            "--no-browser",
            cwd=cwd,
            env=process_env(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        sandbox = cls(proc)
        try:
            yield sandbox
        finally:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
            sandbox._pump.cancel()

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))
            self._new_line.set()
        self._new_line.set()

    def output(self) -> str:
        return "\n".join(self.lines)

    async def address(self, after: int = 0) -> str:
        """The first page address printed after the first `after` lines (the start-up one by default)."""

        async def printed() -> str:
            while True:
                for line in self.lines[after:]:
                    if match := ADDRESS.search(line):
                        return match.group(0)
                if self.proc.stdout is None or self.proc.returncode is not None or self._pump.done():
                    raise AssertionError(f"the sandbox ended without an address:\n{self.output()}")
                self._new_line.clear()
                await self._new_line.wait()

        try:
            return await asyncio.wait_for(printed(), 60)
        except TimeoutError:
            raise AssertionError(f"no address printed within 60 s:\n{self.output()}") from None

    async def type(self, line: str) -> int:
        """Type a line into the sandbox's terminal; returns how many lines it had printed before."""
        assert self.proc.stdin is not None
        before = len(self.lines)
        self.proc.stdin.write(line.encode() + b"\n")
        await self.proc.stdin.drain()
        return before

    async def interrupt(self) -> int:
        """Ctrl-C, as a person stops it; the exit code."""
        self.proc.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(self.proc.wait(), 30)
        await asyncio.wait_for(self._pump, 5)
        return code


class SandboxPage:
    """simcord's preview page, used through what a person sees and presses."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @classmethod
    async def open(cls, browser: Browser, address: str, *, width: int = 1100, height: int = 900) -> SandboxPage:
        page = await browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(WAIT * 1000)
        await page.goto(address)
        sandbox_page = cls(page)
        await sandbox_page.settled()
        return sandbox_page

    async def settled(self) -> None:
        """The page has its state and no action of ours is still on its way (simcord's own readiness flag)."""
        await self.page.wait_for_function("() => window.simcordPreview && window.simcordPreview.ready")

    async def channel_text(self) -> str:
        return await self.page.locator("#channel-message-list").inner_text()

    async def wait_for_text(self, *texts: str) -> str:
        """Wait until the channel shows every one of `texts`; the channel's text."""
        try:
            await self.page.wait_for_function(
                "texts => texts.every(t => document.querySelector('#channel-message-list').innerText.includes(t))",
                arg=list(texts),
            )
        except Exception as error:
            raise AssertionError(f"the page never showed {texts}; it shows:\n{await self.channel_text()}") from error
        return await self.channel_text()

    async def view_as(self, person: str) -> None:
        """Pick `person` in simcord's "Viewing as" list."""
        await self.page.select_option("#viewer-picker", label=person)
        await self.page.wait_for_function(
            """name => {
                const picker = document.querySelector('#viewer-picker');
                const state = window.simcordPreview;
                return picker.selectedOptions[0]?.text === name && state.ready && state.viewerId === picker.value;
            }""",
            arg=person,
        )

    async def start_command(self, command: str) -> None:
        """Type `/command` in the message box and pick it from the command list with Enter."""
        box = self.page.locator("#channel-composer-input")
        await box.click()
        await box.press_sequentially("/" + command)
        await self.page.locator(".command-entry", has_text=f"/{command}").first.wait_for()
        await self.page.keyboard.press("Enter")
        await self.page.locator(".command-chip", has_text=f"/{command}").wait_for()

    async def fill(self, option: str, typed: str) -> list[str]:
        """Type into an option of the command being composed; the suggestions the page then lists, if any."""
        field = self.page.locator(f'.command-option-input[data-option="{option}"]')
        await field.click()
        await field.press_sequentially(typed)
        popup = await self.page.evaluate("() => window.simcordPreview.commandPicker.autocomplete")
        if popup.get("option") == option:  # the bot's autocomplete: wait for its answer to this text
            await self.page.wait_for_function(
                "name => { const a = window.simcordPreview.commandPicker.autocomplete;"
                " return a.option === name && a.state !== 'loading'; }",
                arg=option,
            )
        return await self.page.locator(".command-suggestion").all_inner_texts()

    async def choose(self, suggestion: str) -> None:
        """Pick a listed suggestion (an autocomplete answer, a choice, a channel) by its text."""
        await self.page.locator(".command-suggestion", has_text=suggestion).first.click()

    async def send(self) -> None:
        await self.page.locator("#send-message").click()
        await self.page.locator("#channel-composer-input").wait_for()  # the message box is back: the command went
        await self.settled()

    async def run(self, command: str, **options: Any) -> None:
        """`/command` with each option typed, or `(typed, suggestion)` to type and then pick a suggestion."""
        await self.start_command(command)
        for option, value in options.items():
            typed, pick = value if isinstance(value, tuple) else (value, None)
            await self.fill(option, typed)
            if pick is not None:
                await self.choose(pick)
        await self.send()

    async def click(self, label: str) -> None:
        """Press the last button on the page labelled `label`."""
        await self.page.locator("#channel-message-list button", has_text=label).last.click()
        await self.settled()
