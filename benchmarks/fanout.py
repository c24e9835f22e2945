"""Fan-out benchmark: one network report to N subscribed servers, delivered by the real `python -m bot` process
over real HTTP to the loopback Discord (tests/e2e/fake_discord.py), which enforces Discord's limits (50
requests/s per token in any 1-second window, 5 messages per 5 s per channel, real 429s with Retry-After and the
X-RateLimit headers) and adds a round trip to every request. A simcord run in virtual time is printed too, for
comparison, labelled as such.

Run by hand: `python benchmarks/fanout.py [--servers 1000] [--latency 0 0.05] [--rate 50] [--no-simcord]`.
Subscriptions are written straight through the store before the bot starts; the report is published the way
a curator does it (/news report, then Publish). For each round trip it prints posts/s (first post to last, as
Discord received them) next to Discord's 50/s ceiling, the 429s (all, and after the first second), duplicate
and missing posts, and the wall-clock seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.fake_discord import FakeDiscord  # noqa: E402
from tests.e2e.news_network import post_requests, publish, subscribed_servers  # noqa: E402
from tests.e2e.process import running_bot, write_dotenv  # noqa: E402

DISCORD_CEILING = 50.0
HOME_GUILD_ID = 900_000_000_000_000_001


async def over_http(servers: int, latency: float, rate: float) -> dict[str, float]:
    token = "BENCH." + secrets.token_urlsafe(24)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        async with FakeDiscord(expected_token=token, latency=latency) as fake:
            network = await subscribed_servers(fake, Path(folder), servers)
            news = [server.channel("news") for server in network]
            write_dotenv(Path(folder), fake, token, HOME_GUILD_ID=network[0].id, NEWS_RATE_PER_SECOND=rate)
            async with running_bot(fake, Path(folder)) as bot:
                ready = time.perf_counter()
                await publish(fake, network[0], "Benchmark: season 2 is in the works.")
                await fake.wait_until(
                    lambda: not fake.missing_and_duplicates(news)[0], timeout=servers / 10 + 60, what="every post"
                )
                delivered = time.perf_counter()
            missing, duplicates = fake.missing_and_duplicates(news)
            attempts = post_requests(fake)
            accepted = [r.at for r in attempts if r.status == 200]
            refused = [r.at for r in attempts if r.status == 429]
            span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
            return {
                "servers": servers,
                "latency_ms": latency * 1000,
                "rate": rate,
                "posts": len(accepted),
                "posts_per_second": (len(accepted) - 1) / span if span else float("nan"),
                "429s": sum(fake.limiter.hits.values()),
                "429s_steady": sum(1 for t in refused if accepted and t > accepted[0] + 1.0),
                "duplicates": sum(n - 1 for n in duplicates.values()),
                "missing": len(missing),
                "wall_start": ready - started,
                "wall_deliver": delivered - ready,
                "traceback": "Traceback" in bot.output(),
            }


async def in_simcord(servers: int, rate: float) -> dict[str, float]:
    """The same fan-out under simcord: no network, virtual time (REST answers at once)."""
    import discord
    import simcord

    from bot import create_bot
    from bot.config import Settings

    # Harness setting, not bot behaviour: simcord's settle loop polls every 50 ms of real time by default while
    # the worker awaits the database; polling every millisecond changes no virtual-time result.
    simcord.env.Env._settle_internal = functools.partialmethod(simcord.env.Env._settle_internal, idle=0.001)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'bench.db'}",
            home_guild_id=HOME_GUILD_ID,
            news_rate_per_second=rate,
        )
        bot = create_bot(settings)
        bot.shard_count = 1
        try:
            async with simcord.run(bot, strict_sync=False, settle_timeout=120) as env:
                home = env.create_guild("home", id=HOME_GUILD_ID)
                mods = home.create_role("mods", permissions=discord.Permissions(manage_guild=True))
                curator = home.add_member(env.create_user("curator"), roles=[mods])
                general = home.create_text_channel("general")
                channels = [home.create_text_channel("news")]
                channels += [env.create_guild(f"fans{i}").create_text_channel("news") for i in range(servers - 1)]
                now = discord.utils.utcnow()
                for channel in channels:
                    await env.bot.store.subscriptions.subscribe(
                        channel.guild.id, channel.id, role_id=None, language="en", actor_id=curator.id, now=now
                    )
                result = await curator.slash(general, "news report", outlet="X", claim="Benchmark.", status="rumor")
                await curator.click(result.response, label="Publish")
                published_at = env.now()
                for _ in range(int(servers / rate * 2) + 60):
                    if (await env.bot.store.outbox.progress(report_id=1)).done:
                        break
                    await env.advance_time(1.0)
                per_channel = [[m for m in channel.history() if m.author.bot] for channel in channels]
                stamps = sorted(m.created_at for posts in per_channel for m in posts)
                span = (stamps[-1] - stamps[0]).total_seconds() if len(stamps) > 1 else 0.0
                return {
                    "posts": len(stamps),
                    "virtual_seconds": (stamps[-1] - published_at).total_seconds() if stamps else 0.0,
                    "posts_per_second": (len(stamps) - 1) / span if span else float("nan"),
                    "duplicates": sum(max(0, len(p) - 1) for p in per_channel),
                    "missing": sum(1 for p in per_channel if not p),
                }
        finally:
            await bot.close_store()


def show_http(f: dict[str, float]) -> None:
    rate = f["posts_per_second"]
    print(
        f"real HTTP, {f['latency_ms']:>3.0f} ms round trip, {f['servers']:,} servers, NEWS_RATE_PER_SECOND="
        f"{f['rate']:g}: {rate:5.1f} posts/s = {rate / DISCORD_CEILING:.0%} of Discord's {DISCORD_CEILING:g}/s; "
        f"429s {f['429s']} ({f['429s_steady']} after the first second); duplicates {f['duplicates']}, "
        f"missing {f['missing']}; start {f['wall_start']:.1f} s, delivery {f['wall_deliver']:.1f} s"
        + ("; TRACEBACK in the bot's output" if f["traceback"] else ""),
        flush=True,
    )


def show_simcord(f: dict[str, float], servers: int, rate: float) -> None:
    print(
        f"simcord virtual time (no network), {servers:,} servers, NEWS_RATE_PER_SECOND={rate:g}: "
        f"{f['posts_per_second']:5.1f} posts/s, {f['virtual_seconds']:.1f} virtual s; "
        f"duplicates {f['duplicates']}, missing {f['missing']}",
        flush=True,
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 0.05], help="round trip, seconds")
    parser.add_argument("--rate", type=float, default=50.0, help="NEWS_RATE_PER_SECOND (1-50)")
    parser.add_argument("--no-simcord", action="store_true", help="skip the virtual-time run")
    args = parser.parse_args()
    for latency in args.latency:
        show_http(asyncio.run(over_http(args.servers, latency, args.rate)))
    if not args.no_simcord:
        show_simcord(asyncio.run(in_simcord(args.servers, args.rate)), args.servers, args.rate)


if __name__ == "__main__":
    main()
