"""Settings are read when asked for; a bad value stops start-up with one line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, settings_from_env

ROOT = Path(__file__).resolve().parents[2]


def test_defaults():
    s = settings_from_env({})
    assert s.token is None
    assert s.database_url == "sqlite:///data/bot.db"
    assert str(s.database_path) == "data/bot.db"
    assert s.news_rate_per_second == 40.0
    assert s.home_guild_id is None and s.dev_guild_id is None
    assert s.log_level == "INFO"


def test_absolute_database_path():
    assert str(settings_from_env({"DATABASE_URL": "sqlite:////srv/hoc/bot.db"}).database_path) == "/srv/hoc/bot.db"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HOME_GUILD_ID", "my-server"),
        ("DEV_GUILD_ID", "12ab"),
        ("NEWS_RATE_PER_SECOND", "fast"),
        ("NEWS_RATE_PER_SECOND", "51"),
        ("NEWS_RATE_PER_SECOND", "0"),
        ("DATABASE_URL", "mysql://x"),
        ("DATABASE_URL", "postgresql://h:port/db"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_malformed_values_name_the_variable(name, value):
    with pytest.raises(ConfigError) as caught:
        settings_from_env({name: value})
    assert name in str(caught.value)
    assert "\n" not in str(caught.value)


def test_token_is_not_in_repr():
    s = settings_from_env({"DISCORD_TOKEN": "secret-token-value"})
    assert "secret-token-value" not in repr(s)


def _run(*args: str, env_extra: dict[str, str] | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "HOME_GUILD", "DEV_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_without_a_token_it_says_what_to_do(tmp_path):
    result = _run(cwd=tmp_path)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "DISCORD_TOKEN" in lines[0] and ".env" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_malformed_setting_stops_with_one_line(tmp_path):
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\nNEWS_RATE_PER_SECOND=lots\n")
    result = _run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "NEWS_RATE_PER_SECOND" in result.stderr
    assert "abc" not in result.stderr + result.stdout


def test_help_lists_every_subcommand(tmp_path):
    result = _run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for sub in ("run", "sync", "check-data", "sandbox"):
        assert sub in result.stdout


def test_check_data_passes_on_the_shipped_data(tmp_path):
    result = _run("check-data", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_broken_data_stops_start_up_naming_file_and_entry(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / "characters.toml").read_text(encoding="utf-8")
    (data / "characters.toml").write_text(text.replace('actor = "ju-ji-hoon"', 'actor = "nobody-at-all"', 1))
    result = _run(cwd=tmp_path, env_extra={"DISCORD_TOKEN": "t0ken-not-real", "DATA_DIR": str(data)})
    assert result.returncode == 2
    assert "characters.toml" in result.stderr and "baek-kang-hyuk" in result.stderr
    assert "Traceback" not in result.stderr
    assert "t0ken-not-real" not in result.stderr + result.stdout


def test_log_debug_libraries_names_loggers_separated_by_commas():
    assert settings_from_env({}).log_debug_libraries == ()
    named = settings_from_env({"LOG_DEBUG_LIBRARIES": " aiosqlite, discord.gateway ,"}).log_debug_libraries
    assert named == ("aiosqlite", "discord.gateway")
    with pytest.raises(ConfigError, match="LOG_DEBUG_LIBRARIES"):
        settings_from_env({"LOG_DEBUG_LIBRARIES": "aiosqlite discord"})


def test_shards_default_to_asking_discord_and_take_ranges():
    assert (settings_from_env({}).shard_count, settings_from_env({}).shard_ids) == (None, None)
    whole = settings_from_env({"SHARD_COUNT": "4"})
    assert (whole.shard_count, whole.shard_ids) == (4, (0, 1, 2, 3))
    part = settings_from_env({"SHARD_COUNT": "16", "SHARD_IDS": " 8-11, 3 ,0"})
    assert (part.shard_count, part.shard_ids) == (16, (0, 3, 8, 9, 10, 11))


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"SHARD_IDS": "0-3"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT must be a whole number"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be a whole number"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "2-5"}, "every one below SHARD_COUNT (4)"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0,0"}, "name each shard once"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "a-b"}, "shard numbers and ranges like 0-3,8"),
    ],
)
def test_malformed_shards_get_one_line(env, words):
    with pytest.raises(ConfigError) as caught:
        settings_from_env(env)
    assert words in str(caught.value) and "\n" not in str(caught.value)
