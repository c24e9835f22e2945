"""The one worker that drains the outbox: paced by the global token bucket, retrying what may succeed later.

It knows nothing about Discord: a `Sender` posts, edits and looks for an earlier post (the discord.py adapter
lives in `bot/ui`), and a `Waiter` puts it to sleep until new work is queued or the next retry is due, so it
never busy-loops.

"Never twice": every post carries a deterministic nonce, but Discord only remembers a nonce for a few minutes.
A post whose previous attempt may have created the message (the process died mid-send, or the request timed
out or got a 5xx) is therefore first looked for among the channel's recent messages; if it is there, that
message is recorded as delivered instead of posting again. A 429 means Discord did nothing, and first attempts
never pay for the look.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.news.model import Delivery, DeliveryKind, DeliveryState, Job, PauseReason
from bot.news.ratelimit import TokenBucket, backoff_delay
from bot.storage.outbox import LEASE_SECONDS, Outbox

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # with a 5-minute cap on the delay, about an hour and a half of trying
EDIT_WAIT_FOR_POST = 5.0  # an edit whose post has not gone out yet looks again this much later


class SendFailed(Exception):
    """The sender could not deliver; `detail` is kept on the outbox row."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class TransientFailure(SendFailed):
    """Worth trying again later: 429, 5xx, a timeout or a dropped connection.

    `maybe_sent`: the failed request may have created the message anyway (a timeout, a 5xx, a dropped
    connection); False only when Discord guarantees it did nothing (a 429).
    """

    def __init__(self, detail: str, *, retry_after: float | None = None, maybe_sent: bool = True) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent


class PermanentFailure(SendFailed):
    """Never worth retrying (400/403/404). With a `reason`, the channel itself is unusable: pause it."""

    def __init__(self, detail: str, *, reason: PauseReason | None) -> None:
        super().__init__(detail)
        self.reason = reason


class Sender(Protocol):
    async def post(self, job: Job) -> int:
        """Post the job's message with its nonce and allowed mentions; return the new message id."""
        ...

    async def edit(self, job: Job) -> None:
        """Bring the already posted message `job.message_id` up to date."""
        ...

    async def find_post(self, job: Job) -> int | None:
        """The id of this job's post if an earlier attempt created it: one bounded look at the channel's recent
        messages. None when it is not there, or when the channel's history cannot be read (then posting with
        the nonce is the best left). Raises TransientFailure when the look itself should be tried again."""
        ...


class Waiter(Protocol):
    async def wait(self, seconds: float | None) -> None:
        """Return when woken, or after `seconds` (never, when None)."""
        ...

    def wake(self) -> None:
        """New work is queued: end the current (or the next) wait now."""
        ...


Finished = Callable[[Delivery, bool], Awaitable[None]]  # (the row, whether it reached Discord)


class Worker:
    """Drains the outbox, one send at a time, at most `bucket.rate` sends per second."""

    def __init__(
        self,
        store: Outbox,
        sender: Sender,
        *,
        bucket: TokenBucket,
        waiter: Waiter,
        now: Callable[[], dt.datetime],
        on_finished: Finished | None = None,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.store = store
        self.sender = sender
        self.bucket = bucket
        self.waiter = waiter
        self.now = now
        self.on_finished = on_finished
        self.lease_seconds = lease_seconds  # how long a claimed row stays this process's (NEWS_LEASE_SECONDS)
        self.sent = 0  # requests made, for logs and the benchmark

    def wake(self) -> None:
        self.waiter.wake()

    async def run(self) -> None:
        """Resume what a previous run left unfinished, then deliver forever (until cancelled)."""
        recovered = await self.store.recover_interrupted(now=self.now().timestamp())
        if recovered:
            log.info("resuming %d deliveries interrupted by a restart", recovered)
        while True:
            try:
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("news worker step failed; trying again shortly")
                await self.waiter.wait(1.0)

    async def step(self) -> None:
        """Deliver the next due row if a token is free; otherwise sleep until one is, or until work is due."""
        now = self.now().timestamp()
        delivery = await self.store.next_due(now)
        if delivery is None:
            due_at = await self.store.next_due_at()
            await self.waiter.wait(None if due_at is None else max(0.0, due_at - now))
            return
        wait = self.bucket.wait_time()
        if wait > 0:
            await self.waiter.wait(wait)
            return
        self.bucket.try_take()
        await self.deliver(delivery)

    async def _pace(self) -> None:
        """Take one more token for a second request in the same delivery (the post after a look)."""
        while not self.bucket.try_take():
            await self.waiter.wait(self.bucket.wait_time())

    async def deliver(self, delivery: Delivery) -> None:
        job = await self.store.claim(delivery, now=self.now().timestamp(), lease=self.lease_seconds)
        if job is None:
            return
        attempt = delivery.attempts + 1
        try:
            if delivery.kind == DeliveryKind.POST:
                message_id: int | None = None
                if delivery.maybe_sent:
                    self.sent += 1
                    message_id = await self.sender.find_post(job)
                    if message_id is not None:
                        log.info(
                            "delivery %s: an earlier attempt already posted it (message %s, channel %s)",
                            delivery.id,
                            message_id,
                            delivery.channel_id,
                        )
                    else:
                        await self._pace()
                if message_id is None:
                    self.sent += 1
                    message_id = await self.sender.post(job)
            elif job.message_id is None:
                await self._edit_without_post(job)
                return
            else:
                self.sent += 1
                await self.sender.edit(job)
                message_id = None
        except TransientFailure as failure:
            await self._retry(delivery, attempt, failure.detail, failure.retry_after, maybe_sent=failure.maybe_sent)
            return
        except PermanentFailure as failure:
            paused = await self.store.mark_rejected(
                delivery, reason=failure.reason, error=failure.detail, now=self.now()
            )
            log.warning(
                "delivery %s to channel %s rejected (%s)%s",
                delivery.id,
                delivery.channel_id,
                failure.detail,
                "; subscription paused" if paused else "",
            )
        except Exception as error:  # a bug in rendering or sending must not stop the other deliveries
            log.exception("delivery %s failed unexpectedly", delivery.id)
            # cannot tell whether the message went out: look before posting again
            await self._retry(delivery, attempt, f"unexpected error: {error!r}", None, maybe_sent=True)
            return
        else:
            await self.store.mark_delivered(delivery.id, message_id=message_id, now=self.now())
            await self._finished(delivery, True)
            return
        await self._finished(delivery, False)

    async def _edit_without_post(self, job: Job) -> None:
        delivery = job.delivery
        if job.post_state in (DeliveryState.PENDING, DeliveryState.SENDING):
            # the post has not gone out yet; it will carry the change, but look again in case it is in flight
            at = self.now().timestamp() + EDIT_WAIT_FOR_POST
            await self.store.mark_retry(delivery.id, at=at, error="waiting for the post to go out")
            return
        await self.store.mark_rejected(
            delivery, reason=None, error="nothing to edit: the post never reached this channel", now=self.now()
        )
        await self._finished(delivery, False)

    async def _retry(
        self, delivery: Delivery, attempt: int, detail: str, retry_after: float | None, *, maybe_sent: bool
    ) -> None:
        if attempt >= MAX_ATTEMPTS:
            await self.store.mark_rejected(
                delivery, reason=None, error=f"gave up after {attempt} attempts: {detail}", now=self.now()
            )
            await self._finished(delivery, False)
            return
        delay = backoff_delay(attempt, retry_after=retry_after)
        maybe_sent = maybe_sent and delivery.kind == DeliveryKind.POST  # an edit done twice does no harm
        await self.store.mark_retry(delivery.id, at=self.now().timestamp() + delay, error=detail, maybe_sent=maybe_sent)
        log.info("delivery %s: %s; retry %d in %.1fs", delivery.id, detail, attempt, delay)

    async def _finished(self, delivery: Delivery, delivered: bool) -> None:
        if self.on_finished is None:
            return
        try:
            await self.on_finished(delivery, delivered)
        except Exception:
            log.exception("progress update for delivery %s failed", delivery.id)
