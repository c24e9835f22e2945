"""Fan-out over real HTTP: the real `python -m bot` against the loopback Discord with a round trip per request
and Discord's rate limits. Several sends are in flight, yet no one-second window holds more than the configured
rate; a channel whose bucket is empty waits alone; the global limit's 429s slow the worker down. Not timed:
each test checks the order and spacing of what Discord received."""

from __future__ import annotations

import itertools
from pathlib import Path

from .fake_limits import RateLimits
from .news_network import most_in_one_second, post_requests, publish, subscribed_servers
from .process import alive, running_bot, write_dotenv

WAIT = 60.0


async def deliver(fake, tmp_path: Path, servers: list, *, rate: int) -> None:
    write_dotenv(tmp_path, fake, fake.expected_token, HOME_GUILD_ID=servers[0].id, NEWS_RATE_PER_SECOND=rate)
    news = [server.channel("news") for server in servers]
    async with running_bot(fake, tmp_path) as bot:
        await alive(bot, publish(fake, servers[0], "Season 2 starts filming next spring."))
        await alive(bot, fake.wait_until(lambda: not fake.missing_and_duplicates(news)[0], timeout=WAIT))
    missing, duplicates = fake.missing_and_duplicates(news)
    assert (missing, duplicates) == (set(), {})
    assert "Traceback" not in bot.output(), bot.tail()


async def test_several_sends_in_flight_never_exceed_the_rate_in_any_second(make_fake, tmp_path: Path):
    fake = await make_fake(latency=0.25)  # a quarter-second round trip, 10 posts a second: about 3 in flight
    servers = await subscribed_servers(fake, tmp_path, 30)
    await deliver(fake, tmp_path, servers, rate=10)

    arrived = [r.at for r in post_requests(fake)]
    assert len(arrived) == 30 and not fake.limiter.hits
    assert most_in_one_second(arrived) <= 10
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrived)]
    # one at a time would space them a whole round trip apart; these overlap
    assert sorted(gaps)[len(gaps) // 2] < fake.latency / 2
    assert arrived[-1] - arrived[0] >= (30 - 10) / 10  # paced, not a burst


async def test_a_channel_that_must_wait_does_not_hold_up_the_others(make_fake, tmp_path: Path):
    fake = await make_fake(latency=0.05)
    servers = await subscribed_servers(fake, tmp_path, 20)
    stalled = servers[1].channel("news")
    # that channel's bucket is empty for 4 s: Discord answers its post with a 429, and discord.py waits it out
    fake.inject_rate_limit("POST", rf"/channels/{stalled.id}/messages", retry_after=4.0, times=1)
    await deliver(fake, tmp_path, servers, rate=20)

    created = {r.path.split("/")[2]: r.at for r in post_requests(fake) if r.status == 200}
    stalled_at = created.pop(str(stalled.id))
    others = sorted(created.values())
    assert len(others) == 19
    assert others[-1] - others[0] < 2.5  # the rest went on at the rate (19 at 20/s) ...
    assert stalled_at - others[0] >= 4.0  # ... while the refused one waited its 4 s alone
    assert fake.limiter.hits["shared"] == 1


async def test_the_global_limits_429s_slow_the_worker_down(make_fake, tmp_path: Path):
    # Discord allowing far less than the bot is configured for: every 429 slows the worker, so they stay few
    fake = await make_fake(latency=0.02, rate_limits=RateLimits(global_per_second=8))
    servers = await subscribed_servers(fake, tmp_path, 40)
    await deliver(fake, tmp_path, servers, rate=20)

    assert 1 <= fake.limiter.hits["global"] <= 8
    accepted = [r.at for r in post_requests(fake) if r.status == 200]
    assert len(accepted) == 40
    tail = [t for t in accepted if t > accepted[0] + 3.0]  # once it has slowed down
    assert most_in_one_second(tail) <= 8
