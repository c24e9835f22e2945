"""Fan-out benchmark: one network report to N subscribed servers, delivered under simcord in virtual time.

Run by hand: `python benchmarks/fanout.py [N ...]` (default: 1000 10000). Subscriptions are written straight
through the store (not slash commands); the report is published the way a curator does it (/news report, then
Publish). Prints posts, virtual seconds, observed posts/s against the configured rate and Discord's 50/s ceiling,
duplicates, lost posts, wall-clock seconds and the process's peak memory.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import discord
import simcord

from bot import create_bot
from bot.config import Settings

# Harness setting, not bot behaviour: while the worker awaits a database call, simcord's settle loop polls every
# 50 ms of real time by default, which would make the wall-clock figure measure that polling rather than the bot.
# Polling every millisecond changes no virtual-time result (settling still waits for every task to park).
simcord.env.Env._settle_internal = functools.partialmethod(simcord.env.Env._settle_internal, idle=0.001)

HOME_GUILD_ID = 900_000_000_000_000_001
RATE = 40.0
DISCORD_CEILING = 50.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


async def run(n: int) -> dict[str, float]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'bench.db'}",
            home_guild_id=HOME_GUILD_ID,
            news_rate_per_second=RATE,
        )
        bot = create_bot(settings)
        bot.shard_count = 1
        try:
            return await _deliver(bot, n, started)
        finally:
            await bot.store.close()  # simcord detaches the bot without closing it; the db thread must end


async def _deliver(bot: discord.Client, n: int, started: float) -> dict[str, float]:
    if True:
        async with simcord.run(bot, strict_sync=False, settle_timeout=120) as env:
            home = env.create_guild("home", id=HOME_GUILD_ID)
            mods = home.create_role("mods", permissions=discord.Permissions(manage_guild=True))
            curator = home.add_member(env.create_user("curator"), roles=[mods])
            general = home.create_text_channel("general")
            channels = [home.create_text_channel("news")]
            for i in range(n - 1):
                channels.append(env.create_guild(f"fans{i}").create_text_channel("news"))
            built = time.perf_counter()

            store = env.bot.store
            now = discord.utils.utcnow()
            for channel in channels:
                await store.subscriptions.subscribe(
                    channel.guild.id if hasattr(channel, "guild") else 0,
                    channel.id,
                    role_id=None,
                    language="en",
                    actor_id=curator.id,
                    now=now,
                )
            subscribed = time.perf_counter()

            result = await curator.slash(general, "news report", outlet="Netflix", claim="Benchmark.", status="rumor")
            assert f"**{n}** server(s)" in result.response.content, result.response.content
            await curator.click(result.response, label="Publish")
            published_at = env.now()
            for _ in range(int(n / RATE * 2) + 60):
                if (await store.outbox.progress(report_id=1)).done:
                    break
                await env.advance_time(1.0)
            delivered = time.perf_counter()

            per_channel = [[m for m in channel.history() if m.author.bot] for channel in channels]
            stamps = sorted(m.created_at for posts in per_channel for m in posts)
            posts = len(stamps)
            span = (stamps[-1] - stamps[0]).total_seconds() if posts > 1 else 0.0
            since_publish = (stamps[-1] - published_at).total_seconds() if posts else 0.0
            return {
                "servers": n,
                "posts": posts,
                "virtual_seconds": since_publish,
                "posts_per_second": (posts - 1) / span if span else float("nan"),
                "duplicates": sum(max(0, len(p) - 1) for p in per_channel),
                "lost": sum(1 for p in per_channel if not p),
                "requests": env.bot.get_cog("News").worker.sent,
                "wall_build": built - started,
                "wall_subscribe": subscribed - built,
                "wall_deliver": delivered - subscribed,
                "wall_total": time.perf_counter() - started,
                "peak_rss_mb": peak_rss_mb(),
            }


def report(figures: dict[str, float]) -> None:
    rate = figures["posts_per_second"]
    print(f"--- {figures['servers']:,} subscribed servers, one network report, NEWS_RATE_PER_SECOND={RATE:g}")
    print(f"posts                 {figures['posts']:,} (requests made by the worker: {figures['requests']:,})")
    print(f"virtual seconds       {figures['virtual_seconds']:.2f} from Publish to the last post")
    print(
        f"observed rate         {rate:.2f} posts/s = {rate / RATE:.1%} of the configured {RATE:g}/s, "
        f"{rate / DISCORD_CEILING:.1%} of Discord's {DISCORD_CEILING:g}/s"
    )
    print(f"duplicates / lost     {figures['duplicates']} / {figures['lost']}")
    print(
        f"wall-clock seconds    {figures['wall_total']:.1f} (world {figures['wall_build']:.1f}, "
        f"subscriptions {figures['wall_subscribe']:.1f}, delivery {figures['wall_deliver']:.1f})"
    )
    print(f"peak RSS              {figures['peak_rss_mb']:.0f} MiB (whole process so far)", flush=True)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 10000]
    for n in sizes:
        report(asyncio.run(run(n)))


if __name__ == "__main__":
    main()
