"""The one worker that drains the outbox: several sends in flight, paced by one global budget, each channel
waiting on its own, every outcome recorded, whatever goes wrong.

It knows nothing about Discord: a `Sender` posts, edits and looks for an earlier post (the discord.py adapter
lives in `bot/ui`), and a `Waiter` puts it to sleep until new work is queued or the next row is due.

The loop: ask the outbox for due rows (leaving out the ones this worker holds and the channels that must wait),
claim a few, and start each when the `Pacer` allows, at most `in_flight` at once. Throughput is then set by
the rate, not by the round trip. Each send ends in an `Outcome`; outcomes are written in batches, and one the
database refuses is kept in memory and written again with backoff (a bounded number of times). Its row stays
held meanwhile, so nothing sends it again; if the worker gives up (or the process dies) the row is left
`sending`, and the next claim marks it `maybe_sent`.

"Never twice": every post carries a deterministic nonce, but Discord only remembers a nonce for a few minutes.
A post whose previous attempt may have created the message (the process died mid-send, the request timed out
or got a 5xx, its outcome could not be recorded) is first looked for among the channel's recent messages; if
it is there, that message is recorded as delivered instead of posting again. A 429 means Discord did nothing,
and first attempts never pay for the look.

"Send-time subscription": a post goes where the server's subscription points when it is sent: nowhere after
`/news unsubscribe`, to the new channel after a move, pinging the subscription's role only there. The row
follows the move (`Outbox.redirect`) after any look in its old channel and before the post goes to the new
one, so the row always names the one channel where an unrecorded copy may be, and a refusal there pauses
the subscription that points at it.

"Never stops": no error ends the loop. Trouble is logged once when it starts (not on every retry) and once
when it ends, and `health` tells moderators (`/news status`) and operators (`/about`) what is going on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.news.model import Delivery, DeliveryKind, DeliveryState, Job, Outcome, PauseReason, Reason
from bot.news.ratelimit import SENDING, ChannelLimits, Pacer, Slot, backoff_delay
from bot.storage.errors import StoreBusy
from bot.storage.outbox import LEASE_SECONDS, Outbox

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # with a 5-minute cap on the delay, about an hour and a half of trying
EDIT_WAIT_FOR_POST = 5.0  # an edit whose post has not gone out yet looks again this much later
IN_FLIGHT = 16  # sends at once: enough to fill Discord's 50/s at round trips up to ~300 ms, and a few stalled
CLAIM_AHEAD = 0.25  # seconds of sending claimed at a time: a crash leaves few rows to look for
RECORD_TRIES = 10  # writes of an outcome the database refused, before the row is left to the next claim
RECORD_BACKOFF_CAP = 30.0
STOP_GRACE = 5.0  # seconds the sends in flight may take to finish when a run ends (the sender role was lost)
TROUBLE_BACKOFF_CAP = 30.0


class SendFailed(Exception):
    """The sender could not deliver; `detail` is kept on the outbox row."""

    def __init__(self, detail: Reason) -> None:
        super().__init__(str(detail))
        self.detail = detail


class TransientFailure(SendFailed):
    """Worth trying again later: 429, 5xx, a timeout or a dropped connection.

    `maybe_sent`: the failed request may have created the message anyway (a timeout, a 5xx, a dropped
    connection); False only when Discord guarantees it did nothing (a 429). `rate_limited`: a 429 that
    reached the worker; `shared_by_all` when it was (or may have been) the global limit.
    """

    def __init__(
        self,
        detail: Reason,
        *,
        retry_after: float | None = None,
        maybe_sent: bool = True,
        rate_limited: bool = False,
        shared_by_all: bool = False,
    ) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent
        self.rate_limited = rate_limited
        self.shared_by_all = shared_by_all


class PermanentFailure(SendFailed):
    """Never worth retrying. With a `reason` the channel itself is unusable (403, 404): pause it. Without,
    only this delivery fails (Discord refused its content, a deleted message)."""

    def __init__(self, detail: Reason, *, reason: PauseReason | None) -> None:
        super().__init__(detail)
        self.reason = reason


class Sender(Protocol):
    async def prepare(self, job: Job) -> Job:
        """The job with what its request needs read beforehand (a post's text comes from the database), in
        `Job.prepared`. The worker calls it before pacing the request, so the paced moment is when the request
        leaves: a read that is slow for one job would otherwise send it together with the ones paced after it.
        Never raises: trouble is left for the request itself, which meets it and gets an outcome."""
        ...

    async def post(self, job: Job) -> int:
        """Post the job's message in `job.channel_id` with its nonce, pinging `job.role_id` only; return the
        new message id."""
        ...

    async def edit(self, job: Job) -> None:
        """Bring the already posted message `job.message_id` up to date."""
        ...

    async def find_post(self, job: Job) -> int | None:
        """The id of this job's post if an earlier attempt created it in `job.delivery.channel_id` (the row's
        channel, which a post follows before it is sent to a new one, so the last attempt went there): one bounded
        look at the channel's recent messages. None when it is not there, or when the channel's history cannot
        be read (then posting with the nonce is the best left). Raises TransientFailure when the look itself
        should be tried again."""
        ...


class Waiter(Protocol):
    async def wait(self, seconds: float | None) -> None:
        """Return when woken, or after `seconds` (never, when None)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return after `seconds`, woken or not."""
        ...

    def wake(self) -> None:
        """New work is queued: end the current (or the next) wait now."""
        ...


Finished = Callable[[Delivery, bool], Awaitable[None]]  # (the row, whether it reached Discord)


class Trouble:
    DATABASE_BUSY = "database_busy"  # another program holds the database
    DATABASE_UNREACHABLE = "database_unreachable"  # the connection or file behind it fails (an OSError)
    UNEXPECTED = "unexpected"  # anything else; the log has the traceback


# The parts of delivery a problem can stop, as `Health.problems` names them.
CLAIMING = "claiming"
RECORDING = "recording"
SENDER_ROLE = "asking for the sender role"  # before this process may deliver at all (bot/news/sender.py)


@dataclass
class Health:
    """What the worker is doing, for `/news status`, `/about` and the log."""

    started_at: dt.datetime | None = None
    last_delivery_at: dt.datetime | None = None
    delivered: int = 0
    # what is wrong, by the part of delivery it stops (CLAIMING, RECORDING, SENDER_ROLE): (since, kind, detail)
    problems: dict[str, tuple[dt.datetime, str, str]] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def trouble(self) -> tuple[dt.datetime, str, str] | None:
        """The oldest current problem: (since when, `Trouble` kind, detail), or None while all is well."""
        return min(self.problems.values(), default=None)


class Worker:
    """Drains the outbox: at most `in_flight` sends at once, started no faster than the pacer allows."""

    def __init__(
        self,
        outbox: Outbox,
        sender: Sender,
        *,
        pacer: Pacer,
        channels: ChannelLimits,
        waiter: Waiter,
        now: Callable[[], dt.datetime],
        on_finished: Finished | None = None,
        in_flight: int = IN_FLIGHT,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.outbox = outbox
        self.sender = sender
        self.pacer = pacer
        self.channels = channels
        self.waiter = waiter
        self.now = now
        self.on_finished = on_finished
        self.in_flight = in_flight
        self.health = Health()
        self._held: set[int] = set()  # rows claimed and not yet recorded: `due` leaves them out
        self._sending: set[int] = set()  # rows with a request in flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._unrecorded: list[Outcome] = []
        self._recorder: asyncio.Task[None] | None = None
        self._logged: set[str] = set()  # unexpected per-delivery errors already logged with a traceback
        self.lease_seconds = lease_seconds  # how long a claimed row stays this process's (NEWS_LEASE_SECONDS)

    def wake(self) -> None:
        self.waiter.wake()

    # ------------------------------------------------------------------ the loop
    async def run(self) -> None:
        """Deliver until cancelled; no error ends it (start-up included)."""
        self.health.started_at = self.now()
        try:
            await self._loop()
        finally:
            self.health.started_at = None  # cancelled: this process no longer delivers (another may)
            await self._stop_sending()

    async def _loop(self) -> None:
        failures = 0
        recovered = False
        while True:
            try:
                if not recovered:
                    # rows a process that died left `sending`, once their lease has run out
                    if count := await self.outbox.recover_interrupted(now=self.now().timestamp()):
                        log.info("resuming %d deliveries interrupted by a restart", count)
                    recovered = True
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                failures += 1
                self.note_trouble(CLAIMING, error)
                await self.waiter.wait(min(TROUBLE_BACKOFF_CAP, 0.5 * 2**failures))
            else:
                if failures:
                    failures = 0
                    self.note_recovered(CLAIMING)

    async def step(self) -> None:
        """Start what is due and may go now; otherwise sleep until something may."""
        free = self.in_flight - len(self._sending)
        if free > 0:
            ahead = max(1, math.ceil(self.pacer.rate * CLAIM_AHEAD))
            rows = await self.outbox.due(
                self.now().timestamp(),
                limit=min(free, ahead),
                skip=sorted(self._held),
                skip_channels=self.channels.blocked(),
            )
            rows = _one_per_channel(rows)
            if rows:
                jobs = await self.outbox.claim(rows, now=self.now().timestamp(), lease=self.lease_seconds)
                self._held.update(job.delivery.id for job in jobs)
                waiting = list(jobs)
                try:
                    while waiting:
                        job = await self.sender.prepare(waiting[0])
                        # a row that may have been posted costs two requests (the look, then maybe the post):
                        # both are paced here, so no send ever waits for the budget itself
                        slots: list[Slot] = []
                        try:
                            for _request in range(2 if job.delivery.maybe_sent else 1):
                                slots.append(await self._pace())
                        except BaseException:
                            for slot in slots:  # never sent: they must not hold a place in the window for good
                                self.pacer.left(slot)
                            raise
                        waiting.pop(0)
                        self._start(job, tuple(slots))
                finally:
                    # the run ended while preparing or pacing (cancelled: the sender role was lost, the bot is
                    # stopping): give back the rows never started, or they would stay held, and skipped, for good
                    self._release(waiting)
                return
        if free <= 0:
            await self.waiter.wait(None)  # a send finishing wakes it
            return
        due_at = await self.outbox.next_due_at(skip=sorted(self._held), skip_channels=self.channels.blocked())
        waits = [w for w in (self.channels.next_free_in(),) if w is not None]
        if due_at is not None:
            waits.append(max(0.0, due_at - self.now().timestamp()))
        await self.waiter.wait(min(waits) if waits else None)

    async def _pace(self) -> Slot:
        """Wait for the global budget to allow one more request, then take it (only the loop calls this)."""
        while (delay := self.pacer.delay()) > 0:
            await self.waiter.sleep(delay)
        return self.pacer.take()

    def _start(self, job: Job, slots: tuple[Slot, ...] = ()) -> None:
        self._sending.add(job.delivery.id)
        task = asyncio.create_task(self._send(job, slots), name=f"news-delivery-{job.delivery.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, job: Job, slots: tuple[Slot, ...] = ()) -> None:
        outcome: Outcome | None = None
        # this task's requests: the HTTP trace tells the pacer when each goes out (`Pacer.left`)
        SENDING.set(slots)
        try:
            outcome = await self.deliver(job)
        except asyncio.CancelledError:
            # stopped mid-request: Discord may have created the message, so the row is looked for before any resend
            outcome = self._retry(job.delivery, Reason("interrupted"), None, maybe_sent=True, at_once=True)
            raise
        finally:
            for slot in slots:  # gone out by now if at all (the trace saw it, or no HTTP trace is installed)
                self.pacer.left(slot)
            self._sending.discard(job.delivery.id)
            self.waiter.wake()  # a slot is free
            if outcome is not None:
                self._record(outcome)

    def _release(self, jobs: list[Job]) -> None:
        """Claimed rows this run will not start: queued again at once, as they were (their `maybe_sent` and
        error kept), through the same recording as any outcome; until it is written they stay held."""
        now = self.now().timestamp()
        for job in jobs:
            delivery = job.delivery
            self._record(Outcome.retry(delivery, at=now, error=delivery.last_error, maybe_sent=delivery.maybe_sent))

    async def _stop_sending(self) -> None:
        """The run is over: the sends in flight get `STOP_GRACE` seconds to finish (and record how they
        ended); the rest are stopped, and recorded as possibly sent. Every row this run held then has an
        outcome on its way to the database, so the next run (or another process) can take it."""
        tasks = list(self._tasks)
        if not tasks:
            return
        until = self.now().timestamp() + STOP_GRACE
        try:
            # on the worker's own waiter (the bot's clock, virtual in tests): each send that ends wakes it
            while any(not task.done() for task in tasks) and (left := until - self.now().timestamp()) > 0:
                await self.waiter.wait(left)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    # -------------------------------------------------------------- one delivery
    def address(self, job: Job) -> Job | Reason:
        """Where a post goes now: the subscription's current channel, pinging its role; or why nowhere."""
        subscription = job.subscription
        if subscription is None:
            return Reason("unsubscribed")
        if subscription.paused_reason is not None:
            return Reason("server_paused", {"pause": subscription.paused_reason.value})
        return dataclasses.replace(job, channel_id=subscription.channel_id, role_id=subscription.role_id)

    async def deliver(self, job: Job) -> Outcome:
        """One attempt at one claimed row, and how it ended. Never raises (but cancellation)."""
        delivery = job.delivery
        channel_id = job.channel_id  # where this attempt sends, once addressed
        try:
            if delivery.kind == DeliveryKind.EDIT:
                if job.message_id is None:
                    return self._edit_without_post(job)
                self.channels.take(channel_id)
                await self.sender.edit(job)
                return Outcome.delivered(delivery, message_id=None)
            addressed = self.address(job)
            if isinstance(addressed, Reason):
                return Outcome.rejected(delivery, error=addressed)
            if delivery.maybe_sent:
                # in the row's channel: where the attempt that may have created the message went
                found = await self.sender.find_post(addressed)
                if found is not None:
                    log.info(
                        "delivery %s: an earlier attempt already posted it (message %s, channel %s)",
                        delivery.id,
                        found,
                        delivery.channel_id,
                    )
                    return Outcome.delivered(delivery, message_id=found)
            channel_id = addressed.channel_id
            if channel_id != delivery.channel_id:
                # the server moved its news channel: the row follows before the post goes there, so a copy
                # Discord accepts but the database never records is looked for where it is, never posted again
                moved = await self.outbox.redirect(delivery, channel_id)
                if moved is None:
                    return Outcome.rejected(delivery, error=Reason("channel_taken"))
                delivery = moved
                addressed = dataclasses.replace(addressed, delivery=moved)
            self.channels.take(channel_id)
            message_id = await self.sender.post(addressed)
            return Outcome.delivered(delivery, message_id=message_id)
        except TransientFailure as failure:
            if failure.rate_limited:
                self.pacer.rate_limited(failure.retry_after, shared_by_all=failure.shared_by_all)
                self.channels.hold(channel_id, failure.retry_after or 1.0)
            return self._retry(delivery, failure.detail, failure.retry_after, maybe_sent=failure.maybe_sent)
        except PermanentFailure as failure:
            log.warning(
                "delivery %s to channel %s rejected (%s)%s",
                delivery.id,
                channel_id,
                failure.detail,
                "; pausing that subscription" if failure.reason else "",
            )
            # `delivery` names the channel that refused (the new one after a move): its subscription is paused
            return Outcome.rejected(delivery, error=failure.detail, pause=failure.reason)
        except StoreBusy:
            # the row could not be moved to the new channel, so nothing was sent there
            return self._retry(delivery, Reason("database_busy"), None, maybe_sent=delivery.maybe_sent)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug in rendering or sending must not stop the other deliveries
            key = f"{type(error).__name__}: {error}"[:200]
            if key not in self._logged and len(self._logged) < 100:  # once per distinct error, not per row
                self._logged.add(key)
                log.exception("delivery %s failed unexpectedly (logged once; later ones only count)", delivery.id)
            # cannot tell whether the message went out: look before posting again
            return self._retry(delivery, Reason("unexpected", {"error": repr(error)}), None, maybe_sent=True)

    def _edit_without_post(self, job: Job) -> Outcome:
        delivery = job.delivery
        if job.post_state in (DeliveryState.PENDING, DeliveryState.SENDING):
            # the post has not gone out yet; it will carry the change, but look again in case it is in flight
            at = self.now().timestamp() + EDIT_WAIT_FOR_POST
            return Outcome.retry(delivery, at=at, error=Reason("waiting_for_post"))
        return Outcome.rejected(delivery, error=Reason("nothing_to_edit"))

    def _retry(
        self, delivery: Delivery, detail: Reason, retry_after: float | None, *, maybe_sent: bool, at_once: bool = False
    ) -> Outcome:
        attempt = delivery.attempts  # the claim counted this one
        if attempt >= MAX_ATTEMPTS:
            return Outcome.rejected(delivery, error=Reason("gave_up", {"attempts": attempt}, cause=detail))
        delay = 0.0 if at_once else backoff_delay(attempt, retry_after=retry_after)
        log.info("delivery %s: %s; retry %d in %.1fs", delivery.id, detail, attempt, delay)
        maybe_sent = maybe_sent and delivery.kind == DeliveryKind.POST  # an edit done twice does no harm
        return Outcome.retry(delivery, at=self.now().timestamp() + delay, error=detail, maybe_sent=maybe_sent)

    # ------------------------------------------------------------------ outcomes
    def _record(self, outcome: Outcome) -> None:
        self._unrecorded.append(outcome)
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._write_outcomes(), name="news-outcomes")

    async def _write_outcomes(self) -> None:
        """Write what is waiting, in batches, until nothing is; an outcome the database refuses is written
        again with backoff, `RECORD_TRIES` times at most."""
        tries = 0
        while self._unrecorded:
            batch = list(self._unrecorded)
            try:
                paused = await self.outbox.record(batch, now=self.now())
            except asyncio.CancelledError:
                raise
            except Exception as error:
                tries += 1
                self.note_trouble(RECORDING, error)
                if tries < RECORD_TRIES:
                    await self.waiter.sleep(min(RECORD_BACKOFF_CAP, 0.5 * 2**tries))
                    continue
                self._give_up(batch)
                tries = 0
                continue
            if tries:
                tries = 0
                self.note_recovered(RECORDING)
            del self._unrecorded[: len(batch)]
            for outcome in batch:
                self._held.discard(outcome.delivery.id)
            if paused:
                log.warning("paused the news subscription of %d server(s): Discord refused their channel", len(paused))
            await self._finished(batch)
        self.waiter.wake()  # the rows are no longer held: `due` may offer the retried ones again

    def _give_up(self, batch: list[Outcome]) -> None:
        """Stop holding rows whose outcome could not be written: they stay `sending` in the database, so the
        next claim (in this process or after a restart) marks them `maybe_sent` and looks before posting."""
        posted = [(o.delivery.id, o.message_id) for o in batch if o.message_id is not None]
        log.error(
            "could not record %d delivery outcome(s) after %d tries; their rows will be looked for in their "
            "channels before any resend. Posted (row, message): %s",
            len(batch),
            RECORD_TRIES,
            posted,
        )
        del self._unrecorded[: len(batch)]
        for outcome in batch:
            self._held.discard(outcome.delivery.id)

    async def _finished(self, batch: list[Outcome]) -> None:
        now = self.now()
        for outcome in batch:
            delivered = outcome.state == DeliveryState.DELIVERED
            if delivered:
                self.health.delivered += 1
                self.health.last_delivery_at = now
            if outcome.state == DeliveryState.PENDING or self.on_finished is None:
                continue
            try:
                await self.on_finished(outcome.delivery, delivered)
            except Exception:
                log.exception("progress update for delivery %s failed", outcome.delivery.id)

    async def flush(self) -> None:
        """One last try at writing what is in memory (the bot is stopping)."""
        # each waited for: none of them may touch the database or Discord once the bot has closed them. The
        # sends first: a stopped send adds its outcome (and may start a recorder), written below
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._recorder is not None:
            self._recorder.cancel()
            await asyncio.gather(self._recorder, return_exceptions=True)
        if self._unrecorded:
            try:
                await self.outbox.record(list(self._unrecorded), now=self.now())
                self._unrecorded.clear()
            except Exception:
                log.warning(
                    "stopping with %d delivery outcome(s) unrecorded; they are looked for on start-up",
                    len(self._unrecorded),
                )

    # ------------------------------------------------------------------- health
    def note_trouble(self, where: str, error: BaseException) -> None:
        """Log a problem when it starts (or changes), not on every retry; keep it in `health`."""
        if isinstance(error, StoreBusy):
            kind, detail = Trouble.DATABASE_BUSY, ""
        elif isinstance(error, OSError):
            kind, detail = Trouble.DATABASE_UNREACHABLE, type(error).__name__
        else:
            kind, detail = Trouble.UNEXPECTED, type(error).__name__
        current = self.health.problems.get(where)
        if current is not None and current[1:] == (kind, detail):
            return
        self.health.problems[where] = (current[0] if current else self.now(), kind, detail)
        if kind == Trouble.DATABASE_BUSY:
            log.warning("news delivery is waiting for the database (%s: %s); it keeps retrying", where, error)
        elif kind == Trouble.DATABASE_UNREACHABLE:
            log.warning("news delivery cannot reach the database (%s: %r); it keeps retrying", where, error)
        else:
            log.error("news delivery hit an unexpected error while %s; it keeps retrying", where, exc_info=error)

    def note_recovered(self, where: str) -> None:
        problem = self.health.problems.pop(where, None)
        if problem is not None:
            log.info("news delivery is back to normal (%s had failed since %s)", where, problem[0].isoformat())


def _one_per_channel(rows: list[Delivery]) -> list[Delivery]:
    """The first row for each channel: a channel's bucket is checked again before its next row starts."""
    seen: set[int] = set()
    first = []
    for row in rows:
        if row.channel_id not in seen:
            seen.add(row.channel_id)
            first.append(row)
    return first
