"""The token bucket and the retry backoff, on a hand-driven clock."""

from __future__ import annotations

import pytest

from bot.news.ratelimit import TokenBucket, backoff_delay


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_spaces_sends_evenly_at_the_rate():
    clock = Clock()
    bucket = TokenBucket(40, clock=clock)
    sent = []
    while len(sent) < 200:
        wait = bucket.wait_time()
        if wait:
            clock.now += wait
        assert bucket.try_take()
        sent.append(clock.now)
    assert sent[-1] - sent[0] == pytest.approx(199 / 40)
    for i, start in enumerate(sent):
        assert sum(1 for t in sent[i:] if t < start + 1.0 - 1e-9) <= 40


def test_bucket_refuses_without_a_token_and_refills_no_more_than_capacity():
    clock = Clock()
    bucket = TokenBucket(10, capacity=3, clock=clock)
    assert [bucket.try_take() for _ in range(4)] == [True, True, True, False]
    assert bucket.wait_time() == pytest.approx(0.1)
    clock.now += 60  # a long idle spell refills only up to capacity
    assert [bucket.try_take() for _ in range(4)] == [True, True, True, False]


def test_bucket_rejects_nonsense():
    with pytest.raises(ValueError):
        TokenBucket(0)
    with pytest.raises(ValueError):
        TokenBucket(10, capacity=0.5)


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    low = [backoff_delay(n, rng=lambda: 0.0) for n in range(1, 12)]
    high = [backoff_delay(n, rng=lambda: 1.0) for n in range(1, 12)]
    assert low[:4] == [1.0, 2.0, 4.0, 8.0] and high[:4] == [2.0, 4.0, 8.0, 16.0]
    assert max(high) == 300.0 and high[-1] == 300.0
    assert all(lo <= hi for lo, hi in zip(low, high, strict=True))


def test_backoff_honours_retry_after():
    assert backoff_delay(1, retry_after=30.0, rng=lambda: 0.0) == 30.0
    assert backoff_delay(1, retry_after=900.0, rng=lambda: 0.0) == 900.0  # the server knows best
