"""Discord's REST rate limits, as the loopback Discord (`fake_discord.py`) enforces them.

Test-only. Two layers, as on Discord (https://discord.com/developers/docs/topics/rate-limits):

* the **global** limit: `global_per_second` requests per bot token in any 1-second window (a sliding window,
  the strict reading of "50 requests per second"). Interaction endpoints (callbacks and the interaction's
  webhook follow-ups) are exempt, as Discord documents;
* **per-route buckets**, keyed by route and top-level resource (a channel, a guild, a webhook + token): a fixed
  window that starts with the first request and holds `limit` requests for `per` seconds, which is how
  Discord's `X-RateLimit-Reset-After` behaves. The observed message limit is 5 per 5 s per channel.

A refused request gets a real 429: JSON body `{"message", "retry_after", "global"}`, `Retry-After` (whole
seconds, rounded up), `X-RateLimit-Scope`, `X-RateLimit-Global` for the global limit, and the route's
`X-RateLimit-*` for a bucket. Every answer (success or not) carries `Via: 1.1 google`: discord.py treats a 429
without `Via` as a Cloudflare ban and raises instead of waiting. Successful answers carry the bucket's headers,
which discord.py reads to pace itself.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

VIA = "1.1 google"


@dataclass(frozen=True)
class Limit:
    limit: int
    per: float  # seconds


# Route names are the stand-in's (see `FakeDiscord` routes); unlisted routes use `RateLimits.default`.
DISCORD_ROUTE_LIMITS: dict[str, Limit] = {
    "messages.create": Limit(5, 5.0),  # POST /channels/{id}/messages, per channel (observed)
    "messages.edit": Limit(5, 5.0),  # PATCH /channels/{id}/messages/{id}, per channel
    "webhook.messages": Limit(5, 2.0),  # interaction follow-ups and edits, per interaction token
}


@dataclass
class RateLimits:
    """What the stand-in enforces; the defaults are Discord's. `RateLimits.off()` enforces nothing."""

    global_per_second: int | None = 50
    routes: dict[str, Limit] = field(default_factory=lambda: dict(DISCORD_ROUTE_LIMITS))
    default: Limit | None = Limit(50, 1.0)  # headers on every route, as Discord sends them

    @classmethod
    def off(cls) -> RateLimits:
        return cls(global_per_second=None, routes={}, default=None)


@dataclass
class Refused:
    """A 429 to send: status, JSON body and headers."""

    scope: str  # "global", "user" (this bot's limit on a route) or "shared" (the resource's limit)
    body: dict[str, object]
    headers: dict[str, str]
    status: int = 429


class _Bucket:
    def __init__(self, name: str, limit: Limit) -> None:
        self.limit = limit
        self.hash = hashlib.sha1(name.encode()).hexdigest()[:16]
        self.used = 0
        self.resets_at = 0.0

    def _roll(self, now: float) -> None:
        if now >= self.resets_at:
            self.used = 0
            self.resets_at = now + self.limit.per

    def take(self, now: float) -> bool:
        self._roll(now)
        if self.used >= self.limit.limit:
            return False
        self.used += 1
        return True

    def headers(self, now: float, wall: float) -> dict[str, str]:
        after = max(self.resets_at - now, 0.0)
        return {
            "X-RateLimit-Limit": str(self.limit.limit),
            "X-RateLimit-Remaining": str(max(self.limit.limit - self.used, 0)),
            "X-RateLimit-Reset": f"{wall + after:.3f}",
            "X-RateLimit-Reset-After": f"{after:.3f}",
            "X-RateLimit-Bucket": self.hash,
        }


class RateLimiter:
    """Decides, per request, whether Discord would serve it, and which headers the answer carries."""

    def __init__(
        self,
        limits: RateLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.limits = limits or RateLimits()
        self._clock = clock
        self._wall = wall
        self._global: dict[str, deque[float]] = {}
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        #: 429s sent, by scope ("global", "user", "shared").
        self.hits: Counter[str] = Counter()

    def check(
        self, *, identity: str, route: str, major: str, exempt_global: bool
    ) -> tuple[Refused | None, dict[str, str]]:
        """(a 429 to send or None, the headers for the answer). A request that passes the global limit counts
        against it even if its route's bucket then refuses it; one the global limit refuses counts nowhere."""
        now, wall = self._clock(), self._wall()
        per_second = self.limits.global_per_second
        if per_second is not None and not exempt_global:
            window = self._global.setdefault(identity, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= per_second:
                retry_after = max(window[0] + 1.0 - now, 0.001)
                self.hits["global"] += 1
                return self._refusal("global", retry_after, {"X-RateLimit-Global": "true"}), {"Via": VIA}
            window.append(now)
        limit = self.limits.routes.get(route, self.limits.default)
        if limit is None:
            return None, {"Via": VIA}
        bucket = self._buckets.get((route, major))
        if bucket is None or bucket.limit != limit:
            bucket = self._buckets[(route, major)] = _Bucket(route, limit)
        if not bucket.take(now):
            headers = bucket.headers(now, wall)
            self.hits["user"] += 1
            return self._refusal("user", max(bucket.resets_at - now, 0.001), headers), {"Via": VIA}
        return None, {"Via": VIA, **bucket.headers(now, wall)}

    def shared_refusal(self, retry_after: float) -> Refused:
        """A 429 for a resource's own limit (`X-RateLimit-Scope: shared`), injected by a test."""
        self.hits["shared"] += 1
        return self._refusal("shared", retry_after, {}, message="The resource is being rate limited.")

    @staticmethod
    def _refusal(
        scope: str, retry_after: float, extra: dict[str, str], *, message: str = "You are being rate limited."
    ) -> Refused:
        headers = {
            "Via": VIA,
            "Retry-After": str(max(1, math.ceil(retry_after))),
            "X-RateLimit-Scope": scope,
            **extra,
        }
        body: dict[str, object] = {
            "message": message,
            "retry_after": round(retry_after, 3),
            "global": scope == "global",
        }
        return Refused(scope=scope, body=body, headers=headers)
