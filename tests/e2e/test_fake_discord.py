"""End-to-end: a real discord.py bot process against the loopback FakeDiscord."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import sys
from pathlib import Path

import pytest

from .fake_discord import FakeDiscord

DEMO_BOT = Path(__file__).with_name("_demo_bot.py")
STARTUP_TIMEOUT = 10.0
STEP_TIMEOUT = 5.0


class BotProcess:
    """A bot subprocess whose stdout/stderr are drained continuously (so pipes never fill up)."""

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
    async def spawn(cls, *args: str, env: dict[str, str]) -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            *args,
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
        for t in (ready, exited):
            t.cancel()
    if ready in done and ready.exception() is None:
        return
    if exited in done:
        with contextlib.suppress(asyncio.TimeoutError):
            await bot.wait(2)
    pytest.fail(f"bot not ready within {timeout}s (exit={bot.proc.returncode}); output:\n{bot.output()[-4000:]}")


def bot_env(fake: FakeDiscord, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(
        DISCORD_TOKEN=token,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        PYTHONUNBUFFERED="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


@pytest.fixture
async def fake_discord():
    # A token that looks real enough but is unique per run, so leak checks are meaningful.
    token = "FAKE." + secrets.token_urlsafe(24) + ".TOKEN"
    fake = FakeDiscord(expected_token=token)
    await fake.start()
    try:
        yield fake, token
    finally:
        await fake.stop()


async def test_demo_bot_starts_answers_slash_and_stops(fake_discord) -> None:
    fake, token = fake_discord
    bot = await BotProcess.spawn(sys.executable, str(DEMO_BOT), env=bot_env(fake, token))
    try:
        await wait_ready_or_exit(fake, bot, STARTUP_TIMEOUT)

        # Authenticated over REST and the gateway with the configured token.
        assert fake.identify_token == token
        me = fake.requests_to("GET", "/users/@me")
        assert me and me[0].authorized and me[0].status == 200
        assert fake.requests_to("GET", "/gateway/bot")
        assert fake.identify_payload is not None
        assert fake.identify_payload["shard"] == [0, 1]
        assert fake.identify_payload["token"] == "<redacted>"

        body = await fake.send_slash("series", timeout=STEP_TIMEOUT)
        assert body["type"] == 4, body
        assert body["data"]["content"] == "ok", body

        bot.proc.send_signal(signal.SIGTERM)
        rc = await bot.wait(STEP_TIMEOUT)
        assert rc == 0, bot.output()[-4000:]
    finally:
        await bot.kill()

    output = bot.output()
    assert token not in output, "bot token leaked into process output"
    assert "Traceback" not in output, output[-4000:]
    # Nothing the fake recorded contains the token either.
    assert token not in repr(fake.requests) + repr(fake.gateway_received)


async def test_command_sync_deferred_followup_and_resume(fake_discord) -> None:
    fake, token = fake_discord
    env = bot_env(fake, token) | {"DEMO_SYNC_COMMANDS": "1"}
    bot = await BotProcess.spawn(sys.executable, str(DEMO_BOT), env=env)
    try:
        await wait_ready_or_exit(fake, bot, STARTUP_TIMEOUT)

        # The tree sync (in setup_hook, before the gateway connects) registered global commands.
        assert {name for (_, name) in fake.commands} == {"series", "echo"}
        echo_cmd = fake.commands[(None, "echo")]

        start = len(fake.requests)
        body = await fake.send_slash("echo", [{"name": "text", "type": 3, "value": "hello"}], timeout=STEP_TIMEOUT)
        assert body["type"] == 5, body  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
        sent = list(fake.interactions.values())[-1]
        assert sent["data"]["id"] == echo_cmd["id"]
        followup = await fake.wait_for_request(
            "POST", rf"/webhooks/{fake.application_id}/{sent['token']}", timeout=STEP_TIMEOUT, start=start
        )
        assert followup.body["content"] == "echo: hello"

        # Drop the gateway: discord.py RESUMEs on READY's resume_gateway_url and keeps answering.
        await fake.disconnect(4000)
        await fake.wait_ready(STEP_TIMEOUT)
        assert fake.resume_count == 1 and fake.identify_count == 1
        body = await fake.send_slash("series", timeout=STEP_TIMEOUT)
        assert body["data"]["content"] == "ok"

        bot.proc.send_signal(signal.SIGTERM)
        assert await bot.wait(STEP_TIMEOUT) == 0, bot.output()[-4000:]
    finally:
        await bot.kill()

    output = bot.output()
    assert token not in output
    assert "Traceback" not in output, output[-4000:]


async def test_wrong_token_is_rejected(fake_discord) -> None:
    fake, _token = fake_discord
    wrong = "WRONG." + secrets.token_urlsafe(24)
    bot = await BotProcess.spawn(sys.executable, str(DEMO_BOT), env=bot_env(fake, wrong))
    try:
        rc = await bot.wait(STARTUP_TIMEOUT)
    finally:
        await bot.kill()
    assert rc != 0
    assert "LoginFailure" in bot.output()
    assert not fake.is_ready and fake.identify_token is None
    assert fake.requests_to("GET", "/users/@me")[0].status == 401
    assert wrong not in bot.output()
