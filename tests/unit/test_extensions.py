"""Every extension imports and loads, and no two commands share a name."""

from __future__ import annotations

import importlib
from collections import Counter

from bot import create_bot
from bot.app import extension_names


def test_every_extension_imports_and_has_setup():
    names = extension_names()
    assert {"cogs.series", "cogs.sequel", "cogs.admin"} <= set(names)
    for name in names:
        module = importlib.import_module(name)
        assert callable(getattr(module, "setup", None)), name


def test_helpers_are_not_extensions():
    assert not any(name.split(".")[-1].startswith("_") for name in extension_names())


async def test_all_extensions_load_and_command_names_are_unique(settings):
    bot = create_bot(settings)
    async with bot:
        await bot.setup_hook()
        try:
            assert bot.failed_extensions == {}
            names = [c.qualified_name for c in bot.tree.walk_commands()]
            top = [c.name for c in bot.tree.get_commands()]
            assert len(top) == len(set(top)), Counter(top)
            assert len(names) == len(set(names)), Counter(names)
            assert len(top) <= 100
        finally:
            await bot.close()


async def test_one_broken_cog_is_logged_and_the_rest_load(settings, caplog):
    bot = create_bot(settings)
    bot.extension_list.insert(0, "tests.broken_cog")
    async with bot:
        await bot.setup_hook()
        try:
            assert list(bot.failed_extensions) == ["tests.broken_cog"]
            assert "could not load extension tests.broken_cog" in caplog.text
            assert {c.name for c in bot.tree.get_commands()} >= {"series", "character", "cast", "episode", "sequel"}
        finally:
            await bot.close()
