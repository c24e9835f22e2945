"""Running `python -m bot` as a separate process in a temporary folder, its output drained and kept."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from pathlib import Path

import pytest

from .fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
# Settings a developer's shell might carry; the process must get its settings from the test's .env only.
_SETTINGS_PREFIXES = ("DISCORD_", "DATABASE_URL", "HOME_GUILD_ID", "DEV_GUILD_ID", "LOG_LEVEL", "NEWS_RATE", "DATA_DIR")


def process_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SETTINGS_PREFIXES)}
    env.update(
        PYTHONPATH=str(ROOT),  # find the `bot` package from a temporary working folder without installing it
        PYTHONUNBUFFERED="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def write_dotenv(folder: Path, fake: FakeDiscord, token: str) -> None:
    """A `.env` like a newcomer's, pointing at the local stand-in and a database in the temporary folder."""
    (folder / ".env").write_text(
        f"DISCORD_TOKEN={token}\n"
        f"DISCORD_API_BASE={fake.api_base}\n"
        f"DISCORD_GATEWAY_URL={fake.gateway_url}\n"
        f"DATABASE_URL=sqlite:///{folder / 'bot.db'}\n",
        encoding="utf-8",
    )


class BotProcess:
    """`python -m bot ...` whose stdout/stderr are drained continuously (so pipes never fill up)."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.stdout = bytearray()
        self.stderr = bytearray()
        self._pumps = [
            asyncio.create_task(self._pump(proc.stdout, self.stdout)),
            asyncio.create_task(self._pump(proc.stderr, self.stderr)),
        ]

    @staticmethod
    async def _pump(stream: asyncio.StreamReader | None, sink: bytearray) -> None:
        if stream is None:
            return
        while chunk := await stream.read(65536):
            sink.extend(chunk)

    @classmethod
    async def spawn(cls, *args: str, cwd: Path, env: dict[str, str]) -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=cwd,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(proc)

    def output(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "replace")

    async def wait(self, timeout: float) -> int:  # noqa: ASYNC109
        rc = await asyncio.wait_for(self.proc.wait(), timeout)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.gather(*self._pumps), 2)
        return rc

    async def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.proc.wait(), 5)
        for pump in self._pumps:
            pump.cancel()


async def wait_ready_or_exit(fake: FakeDiscord, bot: BotProcess, timeout: float) -> None:  # noqa: ASYNC109
    """Wait for the fake to see IDENTIFY/READY, failing fast (with the bot's output) if the bot dies."""
    ready = asyncio.create_task(fake.wait_ready(timeout))
    exited = asyncio.create_task(bot.proc.wait())
    try:
        done, _ = await asyncio.wait({ready, exited}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (ready, exited):
            task.cancel()
    if ready in done and not ready.cancelled() and ready.exception() is None:
        return
    if exited in done:
        with contextlib.suppress(asyncio.TimeoutError):
            await bot.wait(2)
    pytest.fail(f"bot not ready within {timeout}s (exit={bot.proc.returncode}); output:\n{bot.output()[-4000:]}")
