"""End to end: three real `python -m bot` processes, one shard each, sharing one PostgreSQL, against the loopback
Discord. A report published in the home server reaches every subscribed server exactly once while the process
delivering the news is killed with SIGKILL midway: another process takes the sender role over within seconds,
the row the dead one was sending waits for its lease and is looked for before being posted, and nothing is
missing or posted twice. Subscriptions are written straight into the shared database (sixty /news subscribe
commands would only slow the test; tests/e2e/test_news_fanout_process.py drives them)."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from pathlib import Path

from bot.storage import open_store

from .fake_discord import MODERATOR_PERMISSIONS, FakeDiscord, Guild
from .process import BotProcess, alive, process_env, write_dotenv

STEP = 15.0
MOD = 1_300_000_000_000_000_777
PROCESSES = 3
SERVERS = 60


async def as_moderator(fake: FakeDiscord, guild: Guild, name: str, options: dict):
    reply = await fake.send_slash(
        name,
        options,
        guild_id=guild.id,
        channel_id=guild.channel("general").id,
        user_id=MOD,
        member_permissions=MODERATOR_PERMISSIONS,
        timeout=STEP,
    )
    await fake.wait_until(lambda: bool(reply.message and reply.message["content"]), timeout=STEP, what=name)
    return reply


async def test_three_processes_deliver_to_every_server_once_while_the_sender_is_killed(
    fake_discord: FakeDiscord, token: str, tmp_path: Path, postgres_url: str
):
    fake = fake_discord
    fake.latency = 0.02  # a real round trip, so the fan-out takes long enough to kill the sender in the middle
    home = fake.guild
    fake.add_channel(home, "news")
    servers = [home, *fake.add_guilds(SERVERS - 1, channels=("news", "general"))]
    news = {server.channel("news").id for server in servers}
    store = await open_store(postgres_url, owner="the-test")
    try:
        now = dt.datetime.now(dt.UTC)
        for server in servers:
            channel = server.channel("news").id
            await store.subscriptions.subscribe(server.id, channel, role_id=None, language="en", actor_id=MOD, now=now)

        bots: list[BotProcess] = []
        for shard in range(PROCESSES):
            folder = tmp_path / f"shard{shard}"
            write_dotenv(
                folder,
                fake,
                token,
                HOME_GUILD_ID=home.id,
                DATABASE_URL=postgres_url,
                SHARD_COUNT=PROCESSES,
                SHARD_IDS=shard,
                NEWS_RATE_PER_SECOND=10,  # for the whole bot, whichever process sends
                NEWS_LEASE_SECONDS=3,
            )
            bots.append(await BotProcess.spawn(cwd=folder, env=process_env(), name=f"shard{shard}"))
        try:
            await fake.wait_shards(PROCESSES, timeout=60)
            preview = await as_moderator(
                fake,
                home,
                "news report",
                {"outlet": "Xportsnews", "claim": "Season 2 films in 2026.", "status": "report"},
            )
            await fake.click(
                preview, label="Publish", user_id=MOD, member_permissions=MODERATOR_PERMISSIONS, timeout=STEP
            )
            await fake.wait_until(
                lambda: sum(fake.post_counts().values()) >= SERVERS // 4, timeout=STEP, what="a start"
            )

            holder = await store.sender.holder()
            assert holder is not None
            [victim] = [bot for bot in bots if bot.proc.pid == int(holder.split(":")[1])]
            victim.proc.send_signal(signal.SIGKILL)
            assert await victim.wait(STEP) == -signal.SIGKILL
            delivered_when_killed = sum(fake.post_counts().values())
            assert delivered_when_killed < SERVERS, "the fan-out finished before the kill: nothing was proved"

            survivors = [bot for bot in bots if bot is not victim]
            await alive(
                survivors[0],
                fake.wait_until(lambda: set(fake.post_counts()) >= news, timeout=60, what="every post"),
            )
            # the row the victim was sending when it died: its lease runs out, the successor looks for the post
            # (Discord had it) and records it instead of posting again
            for _ in range(200):
                if (await store.outbox.progress(report_id=1)).done:
                    break
                await asyncio.sleep(0.1)
            successor = await store.sender.holder()
            assert successor is not None and successor != holder
            for bot in survivors:
                assert await bot.stop() == 0, bot.tail()
        finally:
            for bot in bots:
                await bot.kill()

        assert fake.missing_and_duplicates(news) == (set(), {}), fake.post_counts()
        deliveries = await store.outbox.deliveries(report_id=1)
        assert len(deliveries) == SERVERS and {d.state for d in deliveries} == {"delivered"}
        for bot in bots:
            assert "Traceback" not in bot.output(), bot.tail()
            assert token not in bot.output()
    finally:
        await store.close()
