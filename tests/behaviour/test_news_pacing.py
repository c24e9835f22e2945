"""The delivery worker paces itself: in virtual time, no one-second window holds more posts than configured."""

from __future__ import annotations

import dataclasses

import pytest

from tests.behaviour._news import advance_in_steps, network, posts, publish

pytestmark = pytest.mark.simcord(strict_sync=False)


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, news_rate_per_second=10.0)


async def test_worker_never_exceeds_the_configured_rate(simcord_env):
    env = simcord_env
    net = await network(env, 34)  # 35 servers at 10 posts per second
    await publish(net.home)
    await advance_in_steps(env, 10)

    times = sorted(post.created_at.timestamp() for s in net.everyone for post in posts(s.news))
    assert len(times) == 35
    for i, start in enumerate(times):
        in_window = [t for t in times[i:] if t < start + 1.0]
        assert len(in_window) <= 10, (start, in_window)
    assert times[-1] - times[0] >= (35 - 10) / 10  # paced, not a burst


def most_in_one_second(times: list[float]) -> int:
    return max((sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times)), default=0)


async def test_a_429_pauses_the_worker_and_slows_it_down(simcord_env):
    env = simcord_env
    net = await network(env, 29)  # 30 servers at 10 posts per second
    # the first post gets a 429 that discord.py could not wait out itself (it reached the worker)
    env.inject_error("POST", "/channels/*/messages", status=429, message="You are being rate limited.", times=1)
    await publish(net.home)
    await advance_in_steps(env, 20)

    times = sorted(post.created_at.timestamp() for s in net.everyone for post in posts(s.news))
    assert len(times) == 30 and all(len(posts(s.news)) == 1 for s in net.everyone)
    published = env.now().timestamp() - 20
    assert times[0] - published >= 1.0  # nothing for a second after the 429
    # then slower than the configured 10 per second for a while (9/s), back to full speed by steps
    assert most_in_one_second([t for t in times if t < times[0] + 2]) <= 9
