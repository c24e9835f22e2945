"""End to end: `python -m bot` itself, as a separate process, against the loopback stand-in for Discord.

It proves what `create_bot()` tests cannot: the command line, reading `.env` from the working folder, connecting
(REST login, gateway IDENTIFY/READY, RESUME after a drop), answering a slash command, syncing, and a clean exit on
SIGTERM, with the token absent from everything the process printed.
"""

from __future__ import annotations

import signal
import socket
from pathlib import Path

from .fake_discord import FakeDiscord, Reply
from .process import BotProcess, alive, process_env, wait_ready_or_exit, write_dotenv

STARTUP_TIMEOUT = 30.0
STEP_TIMEOUT = 10.0


def assert_no_secret_and_no_traceback(bot: BotProcess, token: str) -> None:
    output = bot.output()
    assert token not in output, "the bot token leaked into the process output"
    assert "Traceback" not in output, output[-4000:]


def the_last_and_only_error_line(bot: BotProcess) -> str:
    lines = bot.stderr.decode().strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], bot.tail()
    return errors[0]


def series_title(reply: Reply) -> str:
    assert reply.type == 4, reply.body  # CHANNEL_MESSAGE_WITH_SOURCE
    assert reply.embeds, reply.body
    return reply.embeds[0].get("title", "")


async def test_python_m_bot_reads_dotenv_answers_series_and_stops_on_sigterm(
    fake_discord: FakeDiscord, token: str, tmp_path: Path
):
    write_dotenv(tmp_path, fake_discord, token)
    bot = await BotProcess.spawn(cwd=tmp_path, env=process_env())
    try:
        await wait_ready_or_exit(fake_discord, bot, STARTUP_TIMEOUT)
        # The token came from .env (the process environment has none) and was used for REST and the gateway.
        assert fake_discord.identify_token == token
        me = fake_discord.requests_to("GET", "/users/@me")
        assert me and me[0].authorized and me[0].status == 200
        assert fake_discord.requests_to("GET", "/gateway/bot"), "shard_count must come from Discord"
        assert fake_discord.identify_payload["shard"] == [0, 1]
        # Only non-privileged intents: no members (1 << 1), presences (1 << 8) or message content (1 << 15).
        assert fake_discord.identify_payload["intents"] & ((1 << 1) | (1 << 8) | (1 << 15)) == 0

        reply = await fake_discord.send_slash("series", timeout=STEP_TIMEOUT)
        assert "The Trauma Code" in series_title(reply)
        assert not reply.ephemeral, "the overview is for everyone, not ephemeral"

        bot.proc.send_signal(signal.SIGTERM)
        assert await bot.wait(STEP_TIMEOUT) == 0, bot.output()[-4000:]
    finally:
        await bot.kill()
    assert (tmp_path / "bot.db").exists(), "DATABASE_URL from .env was not used"
    assert_no_secret_and_no_traceback(bot, token)
    assert token not in repr(fake_discord.requests) + repr(fake_discord.gateway_received)


async def test_after_a_dropped_gateway_it_resumes_and_keeps_answering(
    fake_discord: FakeDiscord, token: str, tmp_path: Path
):
    write_dotenv(tmp_path, fake_discord, token)
    bot = await BotProcess.spawn(cwd=tmp_path, env=process_env())
    try:
        await wait_ready_or_exit(fake_discord, bot, STARTUP_TIMEOUT)
        await fake_discord.disconnect(4000)
        await fake_discord.wait_ready(STEP_TIMEOUT)
        assert fake_discord.resume_count == 1 and fake_discord.identify_count == 1
        reply = await fake_discord.send_slash("series", timeout=STEP_TIMEOUT)
        assert "The Trauma Code" in series_title(reply)
        bot.proc.send_signal(signal.SIGTERM)
        assert await bot.wait(STEP_TIMEOUT) == 0, bot.output()[-4000:]
    finally:
        await bot.kill()
    assert_no_secret_and_no_traceback(bot, token)


async def test_sync_registers_the_command_tree_and_exits(fake_discord: FakeDiscord, token: str, tmp_path: Path):
    write_dotenv(tmp_path, fake_discord, token)
    bot = await BotProcess.spawn("sync", cwd=tmp_path, env=process_env())
    try:
        assert await bot.wait(STARTUP_TIMEOUT) == 0, bot.output()[-4000:]
    finally:
        await bot.kill()
    synced = {name for (guild, name) in fake_discord.commands if guild is None}
    assert {"series", "character", "cast", "episode", "sequel", "help", "about"} <= synced
    assert f"synced {len(synced)} commands" in bot.stdout.decode()
    assert not fake_discord.identify_count, "sync must not connect to the gateway"
    assert_no_secret_and_no_traceback(bot, token)


async def test_a_token_discord_refuses_ends_with_one_line(fake_discord: FakeDiscord, token: str, tmp_path: Path):
    wrong = "WRONG." + token
    write_dotenv(tmp_path, fake_discord, wrong)
    bot = await BotProcess.spawn(cwd=tmp_path, env=process_env())
    try:
        rc = await bot.wait(STARTUP_TIMEOUT)
    finally:
        await bot.kill()
    assert rc == 2
    assert "Discord refused DISCORD_TOKEN" in bot.stderr.decode()
    assert not fake_discord.is_ready and fake_discord.identify_token is None
    assert_no_secret_and_no_traceback(bot, wrong)


async def test_a_token_revoked_while_running_ends_with_one_line(fake_discord: FakeDiscord, token: str, tmp_path: Path):
    write_dotenv(tmp_path, fake_discord, token)
    bot = await BotProcess.spawn(cwd=tmp_path, env=process_env())
    try:
        await wait_ready_or_exit(fake_discord, bot, STARTUP_TIMEOUT)
        reply = await alive(bot, fake_discord.send_slash("series", timeout=STEP_TIMEOUT))
        assert reply.type == 4
        await fake_discord.revoke_token()  # reset in the developer portal: the gateway closes with 4004
        rc = await bot.wait(STEP_TIMEOUT)
    finally:
        await bot.kill()
    assert rc == 2, bot.tail()
    error = the_last_and_only_error_line(bot)
    assert "DISCORD_TOKEN" in error and "developer portal" in error and "4004" in error, error
    assert_no_secret_and_no_traceback(bot, token)


async def test_discord_unreachable_at_start_ends_with_one_line(fake_discord: FakeDiscord, token: str, tmp_path: Path):
    with socket.socket() as probe:  # a local port nobody listens on: the connection is refused at once
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    write_dotenv(tmp_path, fake_discord, token, DISCORD_API_BASE=f"http://127.0.0.1:{closed}/api/v10")
    bot = await BotProcess.spawn(cwd=tmp_path, env=process_env())
    try:
        rc = await bot.wait(STARTUP_TIMEOUT)
    finally:
        await bot.kill()
    assert rc == 2, bot.tail()
    error = the_last_and_only_error_line(bot)
    assert "cannot reach Discord" in error and f"127.0.0.1:{closed}" in error, error
    assert not fake_discord.identify_count
    assert_no_secret_and_no_traceback(bot, token)
