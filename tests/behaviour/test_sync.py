"""The sync path, on purpose: commands work only after `sync_commands()`, as in production."""

from __future__ import annotations

import dataclasses

import pytest

DEV_GUILD_ID = 900_000_000_000_000_777


async def test_unsynced_commands_do_not_exist_until_synced(simcord_env, simcord_bot):
    env = simcord_env
    guild = env.create_guild("Fans")
    general = guild.create_text_channel("general")
    fan = guild.add_member(env.create_user("fan"))
    assert fan.available_commands(general) == ()

    synced = await simcord_bot.sync_commands()
    assert {c.name for c in synced} >= {"series", "character", "cast", "episode", "sequel", "help", "about"}
    assert {"series", "character", "sequel"} <= set(fan.available_commands(general))
    result = await fan.slash(general, "series")
    assert "The Trauma Code" in result.response.embeds[0].title


@pytest.fixture
def dev_bot(make_bot, settings):
    return make_bot(dataclasses.replace(settings, dev_guild_id=DEV_GUILD_ID))


async def test_dev_guild_sync_registers_only_there(dev_bot):
    import simcord

    async with simcord.run(dev_bot, shard_count=1) as env:
        dev = env.create_guild("Dev", id=DEV_GUILD_ID)
        other = env.create_guild("Elsewhere")
        dev_channel = dev.create_text_channel("general")
        other_channel = other.create_text_channel("general")
        tester = dev.add_member(env.create_user("tester"))
        stranger = other.add_member(env.create_user("stranger"))
        await dev_bot.sync_commands()
        assert "series" in tester.available_commands(dev_channel)
        assert stranger.available_commands(other_channel) == ()
