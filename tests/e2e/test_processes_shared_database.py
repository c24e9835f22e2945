"""End to end: three real `python -m bot` processes, one shard each, sharing one PostgreSQL (and two sharing
one SQLite file), against the loopback Discord. A report published in the home server reaches every subscribed
server exactly once while the process delivering the news is killed with SIGKILL midway: another process takes
the sender role over within seconds, the row the dead one was sending waits for its lease and is looked for
before being posted, and nothing is missing or posted twice. Subscriptions are written straight into the shared
database (sixty /news subscribe commands would only slow the test; test_news_fanout_process.py drives them)."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from pathlib import Path

import pytest

from bot.storage import open_store

from .fake_discord import MODERATOR_PERMISSIONS, FakeDiscord, Guild
from .process import BotProcess, alive, process_env, write_dotenv

STEP = 15.0
MOD = 1_300_000_000_000_000_777
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


@pytest.mark.parametrize(("backend", "processes"), [("postgresql", 3), ("sqlite", 2)])
async def test_processes_deliver_to_every_server_once_while_the_sender_is_killed(
    fake_discord: FakeDiscord, token: str, tmp_path: Path, request: pytest.FixtureRequest, backend: str, processes: int
):
    # PostgreSQL is the way to run several processes; two on one SQLite file (one machine) must be safe as well:
    # the sender lock is then a file lock, the claims the same leases
    if backend == "postgresql":
        database_url = str(request.getfixturevalue("postgres_url"))
    else:
        database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    fake = fake_discord
    fake.latency = 0.02  # a real round trip, so the fan-out takes long enough to kill the sender in the middle
    home = fake.guild
    fake.add_channel(home, "news")
    servers = [home, *fake.add_guilds(SERVERS - 1, channels=("news", "general"))]
    news = {server.channel("news").id for server in servers}
    store = await open_store(database_url, owner="the-test")
    try:
        now = dt.datetime.now(dt.UTC)
        for server in servers:
            channel = server.channel("news").id
            await store.subscriptions.subscribe(server.id, channel, role_id=None, language="en", actor_id=MOD, now=now)

        bots: list[BotProcess] = []
        for shard in range(processes):
            folder = tmp_path / f"shard{shard}"
            write_dotenv(
                folder,
                fake,
                token,
                HOME_GUILD_ID=home.id,
                DATABASE_URL=database_url,
                SHARD_COUNT=processes,
                SHARD_IDS=shard,
                NEWS_RATE_PER_SECOND=10,  # for the whole bot, whichever process sends
                NEWS_LEASE_SECONDS=3,
            )
            bots.append(await BotProcess.spawn(cwd=folder, env=process_env(), name=f"shard{shard}"))
        try:
            await fake.wait_shards(processes, timeout=60)
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


async def test_a_sender_whose_database_connections_are_all_ended_mid_fan_out_still_posts_once_everywhere(
    fake_discord: FakeDiscord, token: str, tmp_path: Path, postgres_url: str
):
    """PostgreSQL ends every connection of the sending process at once (pg_terminate_backend, as an operator or
    a failover does) while posts are in flight over a real round trip and more are claimed and waiting for the
    budget. The process loses the sender role, takes it back, and every server gets its post exactly once,
    with the default two-minute lease: nothing may wait for a lease to run out, nothing is posted blind."""
    import asyncpg

    fake = fake_discord
    fake.latency = 0.03
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
        write_dotenv(tmp_path, fake, token, HOME_GUILD_ID=home.id, DATABASE_URL=postgres_url, NEWS_RATE_PER_SECOND=20)
        bot = await BotProcess.spawn(cwd=tmp_path, env=process_env(), name="bot")
        try:
            await fake.wait_shards(1, timeout=60)
            preview = await as_moderator(
                fake, home, "news report", {"outlet": "Xportsnews", "claim": "Season 2.", "status": "report"}
            )
            await fake.click(
                preview, label="Publish", user_id=MOD, member_permissions=MODERATOR_PERMISSIONS, timeout=STEP
            )
            await fake.wait_until(
                lambda: sum(fake.post_counts().values()) >= SERVERS // 3, timeout=STEP, what="a start"
            )
            admin = await asyncpg.connect(postgres_url)
            try:
                ended = await admin.fetch(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE pid <> pg_backend_pid() AND datname = current_database()"
                )
            finally:
                await admin.close()
            assert len(ended) >= 2  # the sender role's connection and the pool's
            assert sum(fake.post_counts().values()) < SERVERS, "the fan-out finished before the kill"
            await alive(bot, fake.wait_until(lambda: set(fake.post_counts()) >= news, timeout=30, what="every post"))
            for _ in range(100):
                if (await store.outbox.progress(report_id=1)).done:
                    break
                await asyncio.sleep(0.1)
            assert await bot.stop() == 0, bot.tail()
        finally:
            await bot.kill()
        assert "lost the news sender role" in bot.output()  # the connections really were ended under it
        assert fake.missing_and_duplicates(news) == (set(), {}), fake.post_counts()
        deliveries = await store.outbox.deliveries(report_id=1)
        assert {d.state for d in deliveries} == {"delivered"}, [(d.id, d.state, d.attempts) for d in deliveries]
        assert token not in bot.output()
    finally:
        await store.close()
