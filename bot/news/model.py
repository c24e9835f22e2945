"""Plain records for automatic news: subscriptions, announcements, deliveries and their counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.news.ledger import Report


class Scope(StrEnum):
    NETWORK = "network"  # logged in the home server: goes to every subscribed server
    LOCAL = "local"  # logged anywhere else: stays in that server


class DeliveryKind(StrEnum):
    POST = "post"  # a new message in a news channel
    EDIT = "edit"  # bring an already posted message up to date (edit or retraction)


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    REJECTED = "rejected"


class PauseReason(StrEnum):
    """Why a subscription stopped receiving posts; each has a plain-words explanation in the i18n files."""

    MISSING_PERMISSIONS = "missing_permissions"
    MISSING_ACCESS = "missing_access"
    UNKNOWN_CHANNEL = "unknown_channel"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Subscription:
    guild_id: int
    channel_id: int
    role_id: int | None
    language: str
    paused_reason: PauseReason | None = None
    paused_detail: str = ""
    paused_at: str | None = None

    @property
    def active(self) -> bool:
        return self.paused_reason is None


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    guild_id: int
    author_id: int
    title: str
    message: str

    @property
    def label(self) -> str:
        return f"#A{self.id}"


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """A moderator's report, validated, not yet written."""

    outlet: str
    claim: str
    status: str
    url: str
    reported_on: dt.date
    claim_ko: str = ""


@dataclass(frozen=True, slots=True)
class Delivery:
    """One row of the outbox, with what it carries."""

    id: int
    kind: DeliveryKind
    state: DeliveryState
    guild_id: int
    channel_id: int
    attempts: int
    next_attempt_at: float
    message_id: int | None
    last_error: str
    report_id: int | None
    announcement_id: int | None
    finished_at: str | None = None
    # a post whose last attempt may have created the message without the bot learning so (a crash while
    # sending, a timeout, a 5xx): look for it in the channel before posting again
    maybe_sent: bool = False

    @property
    def nonce(self) -> str:
        """Deterministic per outbox row, i.e. per (item, channel): a resend after a crash returns the first
        message instead of posting a second. At most 25 characters, as Discord requires."""
        return f"hoc{self.id}"

    @property
    def label(self) -> str:
        return f"#{self.report_id}" if self.report_id is not None else f"#A{self.announcement_id}"


@dataclass(frozen=True, slots=True)
class Job:
    """What the worker hands to the sender: the delivery, its content as it is now, and where it goes."""

    delivery: Delivery
    report: Report | None
    announcement: Announcement | None
    role_id: int | None
    language: str
    message_id: int | None  # for an edit: the posted message to change
    post_state: DeliveryState | None = None  # for an edit: where the original post is


@dataclass(frozen=True, slots=True)
class OutboxTotals:
    """The whole outbox, across every process sharing the database (posts and edits)."""

    queued: int
    sending: int
    delivered: int
    failed: int


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a fan-out has got: posts delivered, failed, and still to go."""

    delivered: int
    failed: int
    remaining: int

    @property
    def total(self) -> int:
        return self.delivered + self.failed + self.remaining

    @property
    def done(self) -> bool:
        return self.remaining == 0
