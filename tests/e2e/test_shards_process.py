"""End to end: the real process as a sharded bot; each shard gets only its guilds and answers their interactions.

`GET /gateway/bot` recommends two shards, so `AutoShardedBot` opens two connections (discord.py waits 5 s
between IDENTIFYs, as Discord's session start limit asks). Several processes with a shard range each are the
same thing spread over processes (issue 13).
"""

from __future__ import annotations

from pathlib import Path

from .fake_discord import FakeDiscord
from .fake_world import shard_of
from .process import alive, running_bot, write_dotenv

STEP = 10.0


async def test_each_shard_serves_its_own_guilds(fake_discord: FakeDiscord, token: str, tmp_path: Path):
    fake = fake_discord
    fake.recommended_shards = 2
    servers = fake.add_guilds(6, channels=("general",))
    write_dotenv(tmp_path, fake, token)
    async with running_bot(fake, tmp_path) as bot:
        await alive(bot, fake.wait_shards(2, timeout=20))
        sent = [d for d in fake.dispatched if d.event == "GUILD_CREATE"]
        assert {(int(d.data["id"]), d.shard) for d in sent} == {(g, (shard_of(g, 2), 2)) for g in fake.guilds}
        for server in servers:
            reply = await alive(bot, fake.send_slash("series", guild_id=server.id, timeout=STEP))
            assert reply.type == 4, reply.body
        asked = [d for d in fake.dispatched if d.event == "INTERACTION_CREATE"]
        assert {d.shard[0] for d in asked} == {0, 1}, "both shards answered"
        assert all(d.shard[0] == shard_of(int(d.data["guild_id"]), 2) for d in asked)
    assert "Traceback" not in bot.output(), bot.tail()
