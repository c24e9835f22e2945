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
|             |                     |                               | leased to this process (NEWS_LEASE_SECONDS)  |
| sending     | sending, maybe_sent | `Outbox.claim`                | its lease ran out (the owner died mid-send,  |
| (expired)   |                     |                               | or could not record the outcome): taken      |
|             |                     |                               | over, to be looked for before any resend     |
| sending     | delivered           | `Outbox.record`               | `Outcome.delivered`: Discord accepted it, or |
|             |                     |                               | the earlier post was found; clears           |
|             |                     |                               | `maybe_sent`                                 |
| sending     | sending, moved to   | `Outbox.redirect`             | before a post goes to the server's new       |
|             | the new channel     |                               | channel: the row names, at every moment, the |
|             |                     |                               | one channel where an unrecorded copy may be  |
| sending     | pending             | `Outbox.record`               | `Outcome.retry`: transient failure, due      |
|             |                     |                               | again at `retry_at`, `maybe_sent` if it may  |
|             |                     |                               | have posted; or an edit waiting for its post |
| sending     | rejected            | `Outbox.record`               | `Outcome.rejected`: refused for good (a post |
|             |                     |                               | Discord will not take, a server that         |
|             |                     |                               | unsubscribed), or given up after retries     |
| pending     | rejected            | `Outbox.record`               | a rejection with a `pause`: the rest of that |
|             |                     |                               | channel's queue, its subscription paused     |
| sending     | pending, maybe_sent | `Outbox.recover_interrupted`  | start-up: rows whose lease ran out (never    |
| (expired)   |                     |                               | a row another live process is sending)       |

`delivered` and `rejected` are final for post rows. A row with `maybe_sent` is looked for in its channel before it
is posted again (Discord forgets a nonce after a few minutes); so a post row moves to a new channel only after that
look, and before it is sent there. An outcome applies only to a row still `sending` under this process's lease: an
edit queued while a send was in flight is not overwritten by its result, and a process whose lease was taken over
cannot finish the row it lost. A row is therefore sent by one process at a time, on either backend (PostgreSQL
claims with FOR UPDATE SKIP LOCKED; SQLite has one writer at a time). Leases are written and judged in one clock,
whoever writes them: the database's on PostgreSQL (each process shifts the `now` it is given by its measured offset
to it, so machines whose clocks disagree still agree on whose a lease is), the machine's on SQLite. The worker also
keeps the rows it holds (claimed, outcome not yet written) out of `due` with `skip`, so a lease that runs out while
the database refuses the outcome does not make it send its own row again.

The SQL behind these methods lives in each backend under `bot/storage/`; nothing else names a state in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Protocol

from bot.news.model import Delivery, Job, OutboxTotals, Outcome, Progress

# How long a claimed row belongs to the process sending it, by default (NEWS_LEASE_SECONDS). Far longer than one
# send takes (a post, or a look and a post, with discord.py's own retries), so a live sender never loses a row;
# short enough that the rows of a process killed mid-send go out again within a couple of minutes.
LEASE_SECONDS = 120.0


class Outbox(Protocol):
    """What the delivery worker, the progress board and `/news status` read and write in the outbox."""

    async def recover_interrupted(self, *, now: float) -> int:
        """Queue again the rows left `sending` whose lease ran out by `now`, marked `maybe_sent`; how many."""
        ...

    async def due(
        self, now: float, *, limit: int, skip: Collection[int] = (), skip_channels: Collection[int] = ()
    ) -> list[Delivery]:
        """Rows claimable at `now` (epoch seconds), the longest due first: queued and due, or sending under an
        expired lease (reported `maybe_sent`); without the rows `skip` names (this worker holds them) and the
        rows for `skip_channels` (waiting on their rate limit)."""
        ...

    async def next_due_at(self, *, skip: Collection[int] = (), skip_channels: Collection[int] = ()) -> float | None:
        """When the next row (as `due` chooses them) becomes claimable, or None when there is none."""
        ...

    async def claim(self, deliveries: Sequence[Delivery], *, now: float, lease: float = LEASE_SECONDS) -> list[Job]:
        """Lease these rows to this process (`sending` until `now + lease`, attempts + 1) and gather what the
        sender needs, in their order; a row no longer claimable (another process has it, or it finished) is
        left out. A row taken over from an expired lease comes back `maybe_sent`."""
        ...

    async def redirect(self, delivery: Delivery, channel_id: int) -> Delivery | None:
        """Point a post row this process is sending at `channel_id` (the server moved its news channel) before it
        is sent there, so a copy that goes out but is never recorded is looked for where it went; the row as it
        is now. None when the row is no longer this process's, or the item already has a row for that channel."""
        ...

    async def record(self, outcomes: Sequence[Outcome], *, now: dt.datetime) -> list[int]:
        """Write how attempts ended, in one transaction, each only if its row is still `sending` under this
        process's lease. Returns the guilds whose subscription a rejection paused."""
        ...

    async def progress(self, *, report_id: int | None = None, announcement_id: int | None = None) -> Progress:
        """Posts of one report or announcement: delivered, failed (and why), still to go."""
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
