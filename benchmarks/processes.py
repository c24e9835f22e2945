"""Several bot processes on one database: fan-out rate, duplicates and claim latency (run by hand).

`python benchmarks/processes.py [SERVERS]` (default 400). Needs the test extra (asyncpg, pgserver) for the
PostgreSQL runs; starts its own PostgreSQL 16 in a temporary folder.

1. End to end: real `python -m bot` processes (one shard each) against the loopback Discord of tests/e2e with a
   30 ms round trip, delivering one report to SERVERS servers: SQLite with one process, PostgreSQL with 1, 2 and
   4. Prints posts/s (first to last post; bounded by NEWS_RATE_PER_SECOND=40 for the whole bot, under Discord's
   50/s), duplicates and missing posts.
2. Claims: 1, 2 and 4 claimers (each its own store, as each process has) draining 2,000 queued rows as fast as
   they can, no Discord: claims/s, p50/p99 latency of one claim, rows claimed twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.news.model import Outcome, ReportDraft, Scope  # noqa: E402
from bot.storage import open_store  # noqa: E402
from tests.e2e.fake_discord import MODERATOR_PERMISSIONS, FakeDiscord  # noqa: E402
from tests.e2e.process import BotProcess, process_env, write_dotenv  # noqa: E402

TOKEN = "BENCH.token.not-a-real-one"
MOD = 1_300_000_000_000_000_777
RATE = 40
NOW = dt.datetime.now(dt.UTC)


def postgres(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(folder, cleanup_mode="delete")
    server.psql("ALTER SYSTEM SET fsync = off; SELECT pg_reload_conf();")  # a throwaway server
    return server


async def subscribe_all(url: str, fake: FakeDiscord, servers: list) -> None:
    store = await open_store(url, owner="benchmark")
    try:
        for server in servers:
            channel = server.channel("news").id
            await store.subscriptions.subscribe(server.id, channel, role_id=None, language="en", actor_id=MOD, now=NOW)
    finally:
        await store.close()


async def fan_out(url: str, processes: int, servers_wanted: int, folder: Path) -> dict[str, float]:
    async with FakeDiscord(expected_token=TOKEN, latency=0.03) as fake:
        home = fake.guild
        fake.add_channel(home, "news")
        fake.add_channel(home, "general")
        servers = [home, *fake.add_guilds(servers_wanted - 1, channels=("news", "general"))]
        news = {server.channel("news").id for server in servers}
        await subscribe_all(url, fake, servers)
        bots = []
        for shard in range(processes):
            where = folder / f"p{processes}-{shard}"
            write_dotenv(
                where,
                fake,
                TOKEN,
                HOME_GUILD_ID=home.id,
                DATABASE_URL=url,
                SHARD_COUNT=processes,
                SHARD_IDS=shard,
                NEWS_RATE_PER_SECOND=RATE,
                LOG_LEVEL="WARNING",
            )
            bots.append(await BotProcess.spawn(cwd=where, env=process_env(), name=f"p{shard}"))
        try:
            await fake.wait_shards(processes, timeout=120)
            options = {"outlet": "Xportsnews", "claim": "Season 2 films in 2026.", "status": "report"}
            preview = await fake.send_slash(
                "news report",
                options,
                guild_id=home.id,
                channel_id=home.channel("general").id,
                user_id=MOD,
                member_permissions=MODERATOR_PERMISSIONS,
                timeout=30,
            )
            await fake.wait_until(lambda: bool(preview.message and preview.message["content"]), timeout=30)
            await fake.click(
                preview, label="Publish", user_id=MOD, member_permissions=MODERATOR_PERMISSIONS, timeout=30
            )
            await fake.wait_until(lambda: set(fake.post_counts()) >= news, timeout=servers_wanted / RATE * 4 + 60)
            await asyncio.sleep(1)  # anything posted twice would show up now
        finally:
            for bot in bots:
                await bot.stop()
                await bot.kill()
        missing, duplicates = fake.missing_and_duplicates(news)
        times = sorted(post.created_at for post in fake.posts() if post.channel_id in news)
        elapsed = times[-1] - times[0]
        return {
            "posts": len(times),
            "posts_per_s": (len(times) - 1) / elapsed if elapsed > 0 else float("nan"),
            "duplicates": sum(count - 1 for count in duplicates.values()),
            "missing": len(missing),
        }


async def claims(url: str, claimers: int, rows: int = 2000) -> dict[str, float]:
    stores = [await open_store(url, owner=f"claimer-{i}") for i in range(claimers)]
    try:
        first = stores[0]
        for guild in range(1, rows + 1):
            await first.subscriptions.subscribe(guild, guild, role_id=None, language="en", actor_id=MOD, now=NOW)
        draft = ReportDraft(outlet="X", claim="c", status="report", url="", reported_on=NOW.date())
        await first.reports.publish(draft, scope=Scope.NETWORK, guild_id=1, author_id=MOD, now=NOW)
        latencies: list[float] = []
        claimed: list[int] = []
        at = NOW.timestamp() + 1

        async def drain(store) -> None:
            while due := await store.outbox.due(at, limit=1):
                started = time.perf_counter()
                jobs = await store.outbox.claim(due, now=at)
                latencies.append(time.perf_counter() - started)
                for job in jobs:
                    claimed.append(job.delivery.id)
                    outcome = Outcome.delivered(job.delivery, message_id=job.delivery.id)
                    await store.outbox.record([outcome], now=NOW)

        started = time.perf_counter()
        await asyncio.gather(*(drain(store) for store in stores))
        elapsed = time.perf_counter() - started
        latencies.sort()
        return {
            "claimed": len(claimed),
            "claims_per_s": len(claimed) / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
            "twice": len(claimed) - len(set(claimed)),
        }
    finally:
        for store in stores:
            await store.close()


async def main(servers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hoc-bench-") as tmp:
        folder = Path(tmp)
        server = postgres(Path(f"/tmp/hoc-bench-pg-{int(time.time())}"))
        databases = iter(range(1, 100))

        def fresh() -> str:
            name = f"bench_{next(databases)}"
            server.psql(f"CREATE DATABASE {name};")
            return str(server.get_uri(name))

        print(f"fan-out of one report to {servers} servers, real processes, 30 ms round trip, {RATE}/s for the bot")
        print(f"{'backend':<11} {'processes':>9} {'posts':>6} {'posts/s':>8} {'duplicates':>10} {'missing':>7}")
        runs = [("sqlite", 1, f"sqlite:///{folder / 'bench.db'}")]
        runs += [("postgresql", n, None) for n in (1, 2, 4)]
        for backend, processes, url in runs:
            figures = await fan_out(url or fresh(), processes, servers, folder)
            print(
                f"{backend:<11} {processes:>9} {figures['posts']:>6.0f} {figures['posts_per_s']:>8.1f}"
                f" {figures['duplicates']:>10.0f} {figures['missing']:>7.0f}"
            )

        print("\nclaims: claimers draining 2000 queued rows, each claimer its own store (no Discord)")
        print(f"{'backend':<11} {'claimers':>8} {'claims/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'claimed twice':>13}")
        for backend in ("sqlite", "postgresql"):
            for claimers in (1, 2, 4):
                url = f"sqlite:///{folder / f'claims-{claimers}.db'}" if backend == "sqlite" else fresh()
                figures = await claims(url, claimers)
                print(
                    f"{backend:<11} {claimers:>8} {figures['claims_per_s']:>9.0f} {figures['p50_ms']:>7.2f}"
                    f" {figures['p99_ms']:>7.2f} {figures['twice']:>13.0f}"
                )
        server.cleanup()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
