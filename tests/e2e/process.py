"""Running `python -m bot` as separate processes against the loopback Discord, with waits that always time out.

The pieces other tests and benchmarks build on:

* `write_dotenv(folder, fake, token, **settings)`: a newcomer's `.env` pointing at the stand-in, with a SQLite
  database in `folder` unless `DATABASE_URL` is given (several processes may share one).
* `BotProcess.spawn(...)`: the process, its output drained continuously; `stop()` sends SIGTERM and returns the
  exit status; `output()` is everything it printed.
* `running_bot(fake, folder, ...)`: spawn, wait until the stand-in sent it READY (a new session, so a second
  process waits for its own), yield; on the way out SIGTERM and insist on exit status 0 (unless the test
  already stopped it). Nest two or three for several processes, each `.env` naming the shared `DATABASE_URL`.
* `alive(bot, awaitable)`: await something the bot must do, failing at once with its output if it dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import TypeVar

import pytest

from .fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
# Settings a developer's shell might carry; the process must get its settings from the test's .env only.
_SETTINGS_PREFIXES = (
    "DISCORD_",
    "DATABASE_URL",
    "HOME_GUILD_ID",
    "DEV_GUILD_ID",
    "LOG_",
    "NEWS_RATE",
    "DATA_DIR",
    "SHARD_",
)
STARTUP_TIMEOUT = 30.0  # a cold interpreter importing discord.py on a busy 2-core machine
STOP_TIMEOUT = 10.0

T = TypeVar("T")


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


def write_dotenv(folder: Path, fake: FakeDiscord, token: str, **settings: object) -> Path:
    """A `.env` like a newcomer's, pointing at the local stand-in and (unless `DATABASE_URL` is given) a
    database in `folder`. Extra settings by name, e.g. ``HOME_GUILD_ID=fake.guild_id, LOG_LEVEL="DEBUG"``."""
    folder.mkdir(parents=True, exist_ok=True)
    values: dict[str, object] = {
        "DISCORD_TOKEN": token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DATABASE_URL": f"sqlite:///{folder / 'bot.db'}",
        **settings,
    }
    path = folder / ".env"
    path.write_text("".join(f"{key}={value}\n" for key, value in values.items()), encoding="utf-8")
    return path


class BotProcess:
    """`python -m bot ...` whose stdout/stderr are drained continuously (so pipes never fill up)."""

    def __init__(self, proc: asyncio.subprocess.Process, name: str = "bot") -> None:
        self.proc = proc
        self.name = name
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
    async def spawn(cls, *args: str, cwd: Path, env: dict[str, str] | None = None, name: str = "bot") -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=cwd,
            env=env if env is not None else process_env(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(proc, name)

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def output(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "replace")

    def tail(self, chars: int = 4000) -> str:
        return f"--- {self.name} (exit {self.proc.returncode}) ---\n{self.output()[-chars:]}"

    async def wait(self, timeout: float) -> int:  # noqa: ASYNC109
        rc = await asyncio.wait_for(self.proc.wait(), timeout)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.gather(*self._pumps), 2)
        return rc

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:  # noqa: ASYNC109
        """SIGTERM, as a service manager stops it; the exit status."""
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
        return await self.wait(timeout)

    async def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.proc.wait(), 5)
        for pump in self._pumps:
            pump.cancel()


async def alive(bot: BotProcess, awaitable: Awaitable[T], *, what: str = "the bot") -> T:
    """Await `awaitable` (which has its own timeout); if the process exits first, fail at once with its output."""
    task: asyncio.Future[T] = asyncio.ensure_future(awaitable)
    exited = asyncio.ensure_future(bot.proc.wait())
    try:
        await asyncio.wait({task, exited}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        exited.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.TimeoutError):
        await bot.wait(2)
    pytest.fail(f"{what}: the process exited while we waited\n{bot.tail()}")


async def wait_ready_or_exit(
    fake: FakeDiscord,
    bot: BotProcess,
    timeout: float = STARTUP_TIMEOUT,  # noqa: ASYNC109
    *,
    sessions_before: int | None = None,
) -> None:
    """Wait for the fake to send READY (to a session started after `sessions_before`, when given: the way to wait
    for a second process), failing fast with the bot's output if it dies."""
    if sessions_before is None:
        waiting = fake.wait_ready(timeout)
    else:
        waiting = fake.wait_until(lambda: fake.sessions_started > sessions_before, timeout=timeout, what="READY")
    try:
        await alive(bot, waiting, what="starting")
    except TimeoutError:
        pytest.fail(f"not ready within {timeout}s\n{bot.tail()}")


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord,
    folder: Path,
    *args: str,
    env: dict[str, str] | None = None,
    name: str = "bot",
    ready: bool = True,
) -> AsyncIterator[BotProcess]:
    """`python -m bot` in `folder` (write its `.env` first); ready once the stand-in sent it READY. On exit it
    gets SIGTERM and must stop with status 0 (a test that expects otherwise stops it itself)."""
    sessions_before = fake.sessions_started
    bot = await BotProcess.spawn(*args, cwd=folder, env=env, name=name)
    try:
        if ready:
            await wait_ready_or_exit(fake, bot, sessions_before=sessions_before)
        yield bot
        if bot.returncode is None:
            rc = await bot.stop()
            assert rc == 0, f"SIGTERM should stop the bot cleanly\n{bot.tail()}"
    finally:
        await bot.kill()
