"""The delivery worker paces itself: in virtual time, no one-second window holds more posts than configured."""

from __future__ import annotations

import dataclasses

import pytest

from tests.behaviour._news import network, posts, publish

pytestmark = pytest.mark.simcord(strict_sync=False)


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, news_rate_per_second=10.0)


async def test_worker_never_exceeds_the_configured_rate(simcord_env):
    env = simcord_env
    net = await network(env, 34)  # 35 servers at 10 posts per second
    await publish(net.home)
    await env.advance_time(10)

    times = sorted(post.created_at.timestamp() for s in net.everyone for post in posts(s.news))
    assert len(times) == 35
    for i, start in enumerate(times):
        in_window = [t for t in times[i:] if t < start + 1.0]
        assert len(in_window) <= 10, (start, in_window)
    assert times[-1] - times[0] >= (35 - 10) / 10  # paced, not a burst
