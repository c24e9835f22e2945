"""End to end: a database that cannot be used stops `python -m bot` (run, sync, and the sandbox when told to use
that database) with one line naming the problem and the fix, exit status 2, no traceback, and no gateway
connection; a database from a newer version of the bot keeps its exact bytes; an unreachable PostgreSQL gets one line
that never shows the password."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.broken_databases import build, read_only

from .fake_discord import FakeDiscord
from .process import BotProcess, process_env, write_dotenv

TIMEOUT = 60.0


def digest(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else None


def the_one_error_line(stderr: str, words: tuple[str, ...]) -> str:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert all(w in errors[0] for w in words), errors[0]
    return errors[0]


# One process per kind of problem (tests/storage/test_open_errors.py covers every variant in-process); sync and
# the sandbox open the database the way run does, so fewer cases prove their path.
KINDS = ["corrupt", "folder under a file", "newer", "read-only file", "read-only folder"]
RUNS = [("run", case) for case in KINDS] + [("sync", case) for case in ("newer", "read-only folder")]


@pytest.mark.parametrize(("command", "case"), RUNS)
async def test_the_bot_refuses_an_unusable_database_with_one_line(
    fake_discord: FakeDiscord, token: str, tmp_path: Path, case: str, command: str
):
    (tmp_path / "db").mkdir()
    with read_only() as protect:
        broken = build(case, tmp_path / "db", protect)
        write_dotenv(tmp_path, fake_discord, token)
        with (tmp_path / ".env").open("a", encoding="utf-8") as dotenv:
            dotenv.write(f"DATABASE_URL={broken.url}\n")  # the last value of a variable wins in python-dotenv
        before = digest(broken.untouched)
        bot = await BotProcess.spawn(command, cwd=tmp_path, env=process_env())
        try:
            rc = await bot.wait(TIMEOUT)
        finally:
            await bot.kill()
        assert digest(broken.untouched) == before
    assert rc == 2, bot.output()[-4000:]
    the_one_error_line(bot.stderr.decode(), broken.words)
    assert token not in bot.output()
    assert not fake_discord.identify_count, "a bot without a usable database must not go online"
    assert not [r for r in fake_discord.requests if r.method == "PUT"], "sync must not register commands"


@pytest.mark.skipif(importlib.util.find_spec("simcord") is None, reason="the sandbox extra is not installed")
@pytest.mark.parametrize("case", ["newer"])
def test_the_sandbox_leaves_a_named_database_alone_even_one_it_could_not_use(tmp_path: Path, case: str):
    # The sandbox never opens the real bot's DATABASE_URL: it runs on its own throwaway database.
    broken = build(case, tmp_path, lambda path: None)
    before = digest(broken.untouched)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input="/series\n",
        cwd=tmp_path,
        env=process_env(DATABASE_URL=broken.url),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The Trauma Code" in result.stdout
    assert digest(broken.untouched) == before


async def test_an_unreachable_postgresql_stops_the_bot_with_one_line_and_no_password(
    fake_discord: FakeDiscord, token: str, tmp_path: Path
):
    write_dotenv(tmp_path, fake_discord, token, DATABASE_URL="postgresql://hoc:s3cret-pw@127.0.0.1:1/hoc")
    bot = await BotProcess.spawn(cwd=tmp_path, env=process_env())
    try:
        rc = await bot.wait(TIMEOUT)
    finally:
        await bot.kill()
    assert rc == 2, bot.output()[-4000:]
    the_one_error_line(bot.stderr.decode(), ("cannot reach PostgreSQL at 127.0.0.1:1/hoc", "fix DATABASE_URL"))
    assert "s3cret-pw" not in bot.output() and token not in bot.output()
    assert not fake_discord.identify_count
