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
| sending     | sending, maybe_sent | `Outbox.claim`                | still `sending` when claimed: the outcome of |
|             |                     |                               | its last attempt was never recorded (the     |
|             |                     |                               | process died, or the database refused the    |
|             |                     |                               | write), so that attempt may have posted      |
| sending     | delivered           | `Outbox.record`               | `Outcome.delivered`: Discord accepted it, or |
|             |                     |                               | the earlier post was found; clears           |
|             |                     |                               | `maybe_sent`; a post sent to the server's    |
|             |                     |                               | new channel moves its row there              |
| sending     | pending             | `Outbox.record`               | `Outcome.retry`: transient failure, due      |
|             |                     |                               | again at `retry_at`, `maybe_sent` if it may  |
|             |                     |                               | have posted; or an edit waiting for its post |
| sending     | rejected            | `Outbox.record`               | `Outcome.rejected`: refused for good (a post |
|             |                     |                               | Discord will not take, a server that         |
|             |                     |                               | unsubscribed), or given up after retries     |
| pending     | rejected            | `Outbox.record`               | a rejection with a `pause`: the rest of that |
|             |                     |                               | channel's queue, its subscription paused     |

`delivered` and `rejected` are final for post rows. A queued row with `maybe_sent` is looked for in its
channel before it is posted again (Discord forgets a nonce after a few minutes). Every outcome applies only to
a row still `sending`, so an edit queued while a send was in flight is not overwritten by its result.
The worker keeps the rows it has claimed and not yet recorded out of `due` (`skip`): a row `sending` that
`due` returns is one nobody is holding.

The SQL behind these methods lives in each backend under `bot/storage/`; nothing else names a state in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Protocol

from bot.news.model import Delivery, Job, Outcome, Progress


class Outbox(Protocol):
    """What the delivery worker, the progress board and `/news status` read and write in the outbox."""

    async def due(
        self, now: float, *, limit: int, skip: Collection[int] = (), skip_channels: Collection[int] = ()
    ) -> list[Delivery]:
        """Queued rows whose time (epoch seconds) has come, the longest due first; without the rows `skip`
        names (the worker holds them) and the rows for `skip_channels` (waiting on their rate limit)."""
        ...

    async def next_due_at(self, *, skip: Collection[int] = (), skip_channels: Collection[int] = ()) -> float | None:
        """When the next queued row (as `due` chooses them) becomes due, or None when there is none."""
        ...

    async def claim(self, deliveries: Sequence[Delivery]) -> list[Job]:
        """Mark these rows `sending` (attempts + 1) and gather what the sender needs, in their order; a row no
        longer queued is left out. A row that was still `sending` comes back `maybe_sent`."""
        ...

    async def record(self, outcomes: Sequence[Outcome], *, now: dt.datetime) -> list[int]:
        """Write how attempts ended, in one transaction, each only if its row is still `sending`. Returns the
        guilds whose subscription a rejection paused."""
        ...

    async def progress(self, *, report_id: int | None = None, announcement_id: int | None = None) -> Progress:
        """Posts of one report or announcement: delivered, failed (and why), still to go."""
        ...

    async def recent(self, guild_id: int, limit: int = 5) -> list[Delivery]:
        """The server's latest rows, newest first (for `/news status`)."""
        ...

    async def deliveries(self, *, report_id: int | None = None, announcement_id: int | None = None) -> list[Delivery]:
        """Every row of one report or announcement, oldest first."""
        ...
