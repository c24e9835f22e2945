"""The delivery outbox's interface, and its state machine written down once.

One row per message to post (kind `post`) or to bring up to date (kind `edit`) in one news channel. Its state
is a `DeliveryState`; `maybe_sent` and `next_attempt_at` refine a queued row. Every arrow is one method:

| from        | to                  | method                        | when                                         |
|-------------|---------------------|-------------------------------|----------------------------------------------|
| (new)       | pending             | `Reports.publish`,            | one post row per target channel, written     |
|             |                     | `Announcements.publish`       | with the item in one transaction             |
| (new), any  | pending (edit row)  | `Reports.change`              | one edit row per copy delivered or being     |
|             |                     |                               | sent; later edits reset that same row        |
| pending     | sending             | `Outbox.claim`                | due (`next_attempt_at <= now`); attempts + 1 |
| sending     | delivered           | `Outbox.mark_delivered`       | Discord accepted it, or the earlier post was |
|             |                     |                               | found; clears `maybe_sent`                   |
| sending     | pending             | `Outbox.mark_retry`           | transient failure, due again at `at`, with   |
|             |                     |                               | `maybe_sent` if it may have posted; or an    |
|             |                     |                               | edit waiting for its post to go out          |
| sending     | rejected            | `Outbox.mark_rejected`        | refused for good, or given up after retries  |
| pending     | rejected            | `Outbox.mark_rejected`        | with a pause reason: the rest of that        |
|             |                     |                               | channel's queue, its subscription paused     |
| sending     | pending, maybe_sent | `Outbox.recover_interrupted`  | start-up: a crash left the row in flight     |

`delivered` and `rejected` are final for post rows. A `pending` row with `maybe_sent` is looked for in its
channel before it is posted again (Discord forgets a nonce after a few minutes). Every "finish" update applies
only to a row still `sending`, so an edit queued while a send was in flight is not overwritten by its result.
Today `claim` also takes a due row already `sending` (a row whose finish could not be recorded).

The SQL behind these methods lives in each backend under `bot/storage/`; nothing else names a state in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.news.model import Delivery, Job, PauseReason, Progress


class Outbox(Protocol):
    """What the delivery worker, the progress board and `/news status` read and write in the outbox."""

    async def recover_interrupted(self) -> int:
        """Queue again the rows a crash left `sending`, marked `maybe_sent`; returns how many."""
        ...

    async def next_due(self, now: float) -> Delivery | None:
        """The oldest queued row whose time (epoch seconds) has come, or None."""
        ...

    async def next_due_at(self) -> float | None:
        """When the next queued row becomes due (epoch seconds), or None when nothing is queued."""
        ...

    async def claim(self, delivery: Delivery) -> Job | None:
        """Mark the row `sending` and gather what the sender needs; None if it is no longer due."""
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

    async def recent(self, guild_id: int, limit: int = 5) -> list[Delivery]:
        """The server's latest rows, newest first (for `/news status`)."""
        ...

    async def deliveries(self, *, report_id: int | None = None, announcement_id: int | None = None) -> list[Delivery]:
        """Every row of one report or announcement, oldest first."""
        ...
