"""Pacing for the delivery worker: one global budget, Discord's per-channel buckets, and retry backoff.

Discord allows 50 requests per second per bot token, for every shard and process together (interaction
responses are exempt), and about 5 messages per 5 seconds in one channel. `Pacer` spaces the worker's requests
evenly at `NEWS_RATE_PER_SECOND` and keeps the bot's requests of every kind (it is told about the others) within
`DISCORD_PER_SECOND - HEADROOM`, in any one-second window with room for network jitter; after a 429 it pauses
and slows down, then speeds up again by steps. The window counts each news request from when it went out
(`Pacer.left`: its headers reached the socket), not from when the pacer let it go: on a busy machine the two
can be tens of milliseconds apart, and a request let go early but sent late would otherwise share a second
with the ones let go a whole window after it. `ChannelLimits` counts the worker's sends per channel, so a
channel whose bucket is empty waits on its own while the others go on. Every clock is a function, so tests
(and simcord's virtual time) drive them without waiting.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

Clock = Callable[[], float]

DISCORD_PER_SECOND = 50
# Kept free for what the pacer learns of only as it starts: the bot's other REST calls.
HEADROOM = 1
# Discord counts requests as they arrive, and the network (and a busy event loop) shifts them by a few
# milliseconds on the way: the pacer's "second" is this much longer, so no real second at Discord holds more.
JITTER = 0.05
WINDOW = 1.0 + JITTER
# After a 429 the rate is multiplied by SLOWER (HARDER when the last 429 was less than CALM ago: Discord's
# limit really is lower than the pace, not a burst of jitter), and grows back by RECOVERY of the configured rate
# for every CALM seconds without one.
SLOWER = 0.9
HARDER = 0.7
CALM = 2.0
RECOVERY = 0.05
EPSILON = 1e-9  # float rounding must never turn "due now" into a 1e-17 s sleep loop


@dataclass(eq=False)
class Slot:
    """One news request the pacer let go: `at` is when, until it went out (`left`); then when it went out."""

    at: float
    left: bool = False


# The slots of the news requests the current task (one delivery) is about to make, in order: the HTTP trace marks
# each as gone out when its request's headers are written (bot/ui/news_delivery.RestWatch).
SENDING: ContextVar[tuple[Slot, ...]] = ContextVar("news_sending", default=())


def _monotonic() -> float:
    return time.monotonic()  # looked up at each call: simcord replaces `time.monotonic` with its virtual clock


class Pacer:
    """When the next news request may start. Never more than `rate` news requests, nor more than
    `ceiling` requests of any kind, in any one-second window (`WINDOW`, to be safe); evenly spaced, with a late
    start credited to the next one (the schedule keeps its beat) as far as the window allows."""

    def __init__(self, rate: float, *, ceiling: int = DISCORD_PER_SECOND - HEADROOM, clock: Clock = _monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be above 0")
        self.ceiling = ceiling
        self.configured = min(float(rate), float(ceiling))
        self.rate = self.configured
        self._clock = clock
        # the worker's requests: gone out in the last window, or let go and not gone out yet (those count as
        # going out now, however long ago they were let go)
        self._news: list[Slot] = []
        self._others: deque[float] = deque()  # start times of the bot's other (non-exempt) requests
        self._next = -math.inf  # the even schedule's next beat
        self._paused_until = -math.inf
        self._calm_since = clock()
        self._last_refusal = -math.inf
        self.rate_limited_count = 0

    def _prune(self, now: float) -> None:
        self._news = [slot for slot in self._news if not slot.left or slot.at > now - WINDOW]
        while self._others and self._others[0] <= now - WINDOW:
            self._others.popleft()

    def delay(self) -> float:
        """Seconds until a news request may start (0 when one may start now)."""
        now = self._clock()
        self._prune(now)
        ready = max(self._next, self._paused_until)
        news = sorted(slot.at if slot.left else max(slot.at, now) for slot in self._news)
        per_second = max(1, math.floor(self.rate + EPSILON))
        if len(news) >= per_second:
            ready = max(ready, news[-per_second] + WINDOW)
        if len(news) + len(self._others) >= self.ceiling:
            everything = sorted([*news, *self._others])
            ready = max(ready, everything[-self.ceiling] + WINDOW)
        wait = ready - now
        return wait if wait > EPSILON else 0.0

    def take(self) -> Slot:
        """A news request starts now (after `delay()` said 0); `left` is told when it goes out."""
        now = self._clock()
        slot = Slot(now)
        self._news.append(slot)
        interval = WINDOW / self.rate
        # Starting late (the event loop woke us a little after the beat) is credited: the next beat keeps the
        # schedule. After an idle spell (a beat or more late) the schedule starts again from now. The credit never
        # lets more than the rate into one window: `delay` counts the window first.
        self._next = self._next + interval if now - self._next < interval else now + interval
        if self.rate < self.configured and now - self._calm_since >= CALM:
            self.rate = min(self.configured, self.rate + RECOVERY * self.configured)
            self._calm_since = now
        return slot

    def left(self, slot: Slot | None = None) -> None:
        """A news request went out now: it holds its place in the window from now. Without `slot`: the first of
        the current task's (`SENDING`) not gone out yet, if any. A slot whose request never went out (the
        delivery ended first) is told too, and simply ages out."""
        if slot is None:
            slot = next((s for s in SENDING.get() if not s.left), None)
            if slot is None:
                return
        if not slot.left:
            slot.at, slot.left = max(slot.at, self._clock()), True

    def saw(self) -> None:
        """The bot made another request that counts against Discord's global limit."""
        now = self._clock()
        self._prune(now)
        self._others.append(now)

    def rate_limited(self, retry_after: float | None, *, shared_by_all: bool) -> None:
        """Discord answered 429. For the global limit (`shared_by_all`) nothing starts before `retry_after`;
        either way the pace drops, and recovers step by step."""
        now = self._clock()
        self.rate_limited_count += 1
        if shared_by_all:
            self._paused_until = max(self._paused_until, now + (retry_after if retry_after is not None else 1.0))
        self.rate = max(1.0, self.rate * (HARDER if now - self._last_refusal < CALM else SLOWER))
        self._last_refusal = now
        self._calm_since = max(now, self._paused_until)  # calm counts from the end of the pause


class ChannelLimits:
    """Discord's per-channel message bucket (`limit` per `per` seconds), from the worker's own sends and from
    what Discord said (a 429, or a bucket reported empty)."""

    def __init__(self, limit: int = 5, per: float = 5.0, *, clock: Clock = _monotonic) -> None:
        self.limit = limit
        self.per = per
        self._clock = clock
        self._sends: dict[int, deque[float]] = {}
        self._held: dict[int, float] = {}  # channel -> nothing before this time

    def take(self, channel_id: int) -> None:
        """A message request to this channel starts now."""
        now = self._clock()
        sends = self._sends.setdefault(channel_id, deque())
        while sends and sends[0] <= now - self.per:
            sends.popleft()
        sends.append(now)
        if len(sends) >= self.limit:
            self.hold(channel_id, sends[-self.limit] + self.per - now)
        if len(self._sends) > 1024:  # a big fan-out touches each channel once: forget the quiet ones
            self._sends = {c: s for c, s in self._sends.items() if s and s[-1] > now - self.per}

    def hold(self, channel_id: int, seconds: float) -> None:
        """Nothing goes to this channel for `seconds`."""
        until = self._clock() + max(0.0, seconds)
        if until > self._held.get(channel_id, -math.inf):
            self._held[channel_id] = until

    def blocked(self) -> list[int]:
        """Channels that must wait now."""
        now = self._clock()
        for channel_id in [c for c, until in self._held.items() if until <= now]:
            del self._held[channel_id]
        return sorted(self._held)

    def next_free_in(self) -> float | None:
        """Seconds until the first waiting channel may be sent to again, or None when none waits."""
        if not self._held:
            return None
        return max(0.0, min(self._held.values()) - self._clock())


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
