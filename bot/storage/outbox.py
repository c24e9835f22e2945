"""The delivery outbox's interface, and its state machine written down once.

One row per message to post (kind `post`) or to bring up to date (kind `edit`) in one news channel. Its state
is a `DeliveryState`; `maybe_sent` and `next_attempt_at` refine a queued row. Every arrow is one method:

| from        | to                  | method                        | when                                         |
|-------------|---------------------|-------------------------------|----------------------------------------------|
| (new)       | pending             | `Reports.publish`,            | one post row per target channel, written     |
|             |                     | `Announcements.publish`       | with the item in one transaction             |
| (new), any  | pending (edit row)  | `Reports.change`              | one edit row per copy delivered or being     |
|             |                     |                               | sent; later edits reset that same row        |
| pending     | sending             | `Outbox.claim`                | due (`next_attempt_at <= now`); attempts + 1;|
|             |                     |                               | leased to this process for LEASE_SECONDS     |
| sending     | sending, maybe_sent | `Outbox.claim`                | its lease ran out (the owner died mid-send): |
| (expired)   |                     |                               | another process takes it over                |
| sending     | delivered           | `Outbox.mark_delivered`       | Discord accepted it, or the earlier post was |
|             |                     |                               | found; clears `maybe_sent`                   |
| sending     | pending             | `Outbox.mark_retry`           | transient failure, due again at `at`, with   |
|             |                     |                               | `maybe_sent` if it may have posted; or an    |
|             |                     |                               | edit waiting for its post to go out          |
| sending     | rejected            | `Outbox.mark_rejected`        | refused for good, or given up after retries  |
| pending     | rejected            | `Outbox.mark_rejected`        | with a pause reason: the rest of that        |
|             |                     |                               | channel's queue, its subscription paused     |
| sending     | pending, maybe_sent | `Outbox.recover_interrupted`  | start-up: rows whose lease ran out (never    |
| (expired)   |                     |                               | a row another live process is sending)       |

`delivered` and `rejected` are final for post rows. A `pending` row with `maybe_sent` is looked for in its
channel before it is posted again (Discord forgets a nonce after a few minutes). Every "finish" update
(`mark_delivered`, `mark_retry`, `mark_rejected`) applies only to a row still `sending` under this process's
lease: an edit queued while a send was in flight is not overwritten by its result, and a process whose lease was
taken over cannot finish the row it lost. A row is therefore sent by one process at a time, on either backend
(PostgreSQL claims with FOR UPDATE SKIP LOCKED; SQLite has one writer at a time).

The SQL behind these methods lives in each backend under `bot/storage/`; nothing else names a state in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.news.model import Delivery, Job, OutboxTotals, PauseReason, Progress

# How long a claimed row belongs to the process sending it, by default (NEWS_LEASE_SECONDS). Far longer than one
# send takes (a post, or a look and a post, with discord.py's own retries), so a live sender never loses a row;
# short enough that the rows of a process killed mid-send go out again within a couple of minutes.
LEASE_SECONDS = 120.0


class Outbox(Protocol):
    """What the delivery worker, the progress board and `/news status` read and write in the outbox."""

    async def recover_interrupted(self, *, now: float) -> int:
        """Queue again the rows left `sending` whose lease ran out by `now`, marked `maybe_sent`; how many."""
        ...

    async def next_due(self, now: float) -> Delivery | None:
        """The oldest row claimable at `now` (epoch seconds): queued and due, or sending under an expired lease
        (then reported `maybe_sent`). None when there is none."""
        ...

    async def next_due_at(self) -> float | None:
        """When the next row becomes claimable (epoch seconds), or None when nothing is queued or sending."""
        ...

    async def claim(self, delivery: Delivery, *, now: float, lease: float = LEASE_SECONDS) -> Job | None:
        """Lease the row to this process (`sending` until `now + lease`) and gather what the sender needs; None
        if it is no longer claimable (another process has it, or it finished)."""
        ...

    async def mark_delivered(self, delivery_id: int, *, message_id: int | None, now: dt.datetime) -> None:
        """Discord has the message (`message_id` is kept when given)."""
        ...

    async def mark_retry(self, delivery_id: int, *, at: float, error: str, maybe_sent: bool = False) -> None:
        """Back in the queue until `at`; `maybe_sent` when the failed attempt may have created the message."""
        ...

    async def mark_rejected(
        self, delivery: Delivery, *, reason: PauseReason | None, error: str, now: dt.datetime
    ) -> bool:
        """Never retry this row. With a `reason` the channel itself was refused: pause the subscription naming
        it and drop the rest of its queue. True when a subscription was paused."""
        ...

    async def progress(self, *, report_id: int | None = None, announcement_id: int | None = None) -> Progress:
        """Posts of one report or announcement: delivered, failed, still to go."""
        ...

    async def totals(self) -> OutboxTotals:
        """Rows by state, whichever process queued or is sending them (for /about and /news status)."""
        ...

    async def recent(self, guild_id: int, limit: int = 5) -> list[Delivery]:
        """The server's latest rows, newest first (for `/news status`)."""
        ...

    async def deliveries(self, *, report_id: int | None = None, announcement_id: int | None = None) -> list[Delivery]:
        """Every row of one report or announcement, oldest first."""
        ...
