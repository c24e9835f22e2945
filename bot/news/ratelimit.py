"""Pacing for the delivery worker: one global token bucket, and the backoff between retries.

Discord allows 50 requests per second per bot token, for every shard and process together; the worker spends
at most `NEWS_RATE_PER_SECOND` of it so commands keep headroom. Both helpers take the clock as a function so
tests (and simcord's virtual time) drive them without waiting.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

Clock = Callable[[], float]


class TokenBucket:
    """`rate` tokens per second, holding at most `capacity` (1 by default: evenly spaced sends).

    With a capacity of 1 no window of one second ever holds more than `rate` sends; a larger capacity
    allows bursts, at the price of exceeding `rate` over short windows.
    """

    def __init__(self, rate: float, *, capacity: float = 1.0, clock: Clock = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be above 0")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = capacity
        self._updated = clock()

    def _refill(self) -> float:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)
        self._updated = now
        return now

    def wait_time(self) -> float:
        """Seconds until a token is available (0 when one is available now)."""
        self._refill()
        missing = 1.0 - self._tokens
        # a hair of tolerance so float rounding never turns "due now" into a 1e-17 s sleep loop
        return 0.0 if missing <= 1e-9 else missing / self.rate

    def try_take(self) -> bool:
        """Take a token if one is available now."""
        if self.wait_time() > 0:
            return False
        self._tokens = max(0.0, self._tokens - 1.0)
        return True


def backoff_delay(
    attempt: int,
    *,
    base: float = 2.0,
    cap: float = 300.0,
    retry_after: float | None = None,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number `attempt` (1 = first retry): exponential with full jitter, capped.

    Jitter spreads retries of many channels that failed together; a server's `Retry-After` is a floor.
    """
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    delay = ceiling / 2 + rng() * ceiling / 2  # "equal jitter": never less than half the step
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, cap) if retry_after is None or retry_after <= cap else retry_after
