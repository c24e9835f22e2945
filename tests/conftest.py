"""Shared fixtures: settings pointing at a temporary database, and the real bot for simcord."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
import pytest_asyncio
import simcord.interactions

from bot import create_bot
from bot.config import Settings
from bot.errors import UserFacingError
from bot.storage.errors import StoreBusy

HOME_GUILD_ID = 900_000_000_000_000_001


pytest_plugins = ["tests.postgres"]

# The news behaviour tests run once per backend; everything else runs on SQLite.
BACKENDS = ["sqlite", "postgresql"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    path = metafunc.definition.path
    if (
        path.parent.name == "behaviour"
        and path.name.startswith("test_news_")
        and "database_url" in metafunc.fixturenames
    ):
        metafunc.parametrize("database_url", BACKENDS, indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if getattr(request, "param", "sqlite") == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        token=None,
        database_url=database_url,
        home_guild_id=HOME_GUILD_ID,
        news_rate_per_second=40.0,
    )


@pytest_asyncio.fixture
async def make_bot(settings: Settings):
    """Build bots like production does (`create_bot(settings)`); their databases are closed after the test.

    simcord detaches a bot without calling `close()`, so the store would otherwise outlive the event loop.
    """
    built = []

    def make(custom: Settings | None = None):
        bot = create_bot(custom or settings)
        bot.shard_count = 1  # an AutoShardedBot learns this from Discord; simcord will not guess it
        built.append(bot)
        return bot

    yield make
    for bot in built:
        await bot.close_store()


@pytest.fixture
def simcord_bot(make_bot):
    return make_bot()


class Locales:
    """Which people use Discord in which language (see the `locales` fixture)."""

    def __init__(self) -> None:
        self.users: dict[int, str] = {}

    def speak(self, person, locale: str) -> None:
        """`person` (a member or user handle) runs Discord in `locale`, e.g. "ko"."""
        self.users[person.id] = locale


@pytest.fixture
def locales(monkeypatch) -> Locales:
    """Interactions from chosen people carry their locale, and every server's `guild_locale` is its
    preferred_locale (`env.create_guild(..., preferred_locale="ko")`), as Discord sends them.

    Why: simcord 3.2.1 hard-codes `locale` and `guild_locale` to "en-US" in `simcord.interactions.base_payload`,
    which every actor calls through the module. Drop this wrapper once simcord can set a locale itself.
    """
    chosen = Locales()
    original = simcord.interactions.base_payload

    def base_payload(backend, *, user_id, guild_id, **options):
        record, payload = original(backend, user_id=user_id, guild_id=guild_id, **options)
        payload["locale"] = chosen.users.get(user_id, payload["locale"])
        if guild_id is not None:
            payload["guild_locale"] = backend.get_guild(guild_id).preferred_locale
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", base_payload)
    return chosen


@pytest.fixture
def world(simcord_env):
    """A fan server with #general and one fan: (env, general, fan)."""
    guild = simcord_env.create_guild("Trauma Code fans")
    general = guild.create_text_channel("general")
    fan = guild.add_member(simcord_env.create_user("fan"))
    return simcord_env, general, fan


def user_errors(env) -> list[str]:
    """Acknowledge the errors the bot turned into messages for the person; fail on anything else (a bug)."""
    errors = env.errors
    messages = []
    for error in errors:
        original = getattr(error, "original", error)
        if isinstance(original, UserFacingError):
            messages.append(original.render(None))
        elif isinstance(original, StoreBusy):  # the database was locked: the person was told to try again
            messages.append(type(original).__name__)
        elif isinstance(error, discord.app_commands.AppCommandError) and not isinstance(
            error, discord.app_commands.CommandInvokeError
        ):
            messages.append(type(error).__name__)  # library checks: cooldowns, permissions, bad values
        else:
            raise AssertionError(f"unexpected bot error: {error!r}") from error
    return messages
