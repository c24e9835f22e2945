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
    """Why a subscription stopped receiving posts: Discord refused the channel itself (never a post's content,
    which fails only that post). Each has a plain-words explanation in the i18n files."""

    MISSING_PERMISSIONS = "missing_permissions"
    MISSING_ACCESS = "missing_access"
    UNKNOWN_CHANNEL = "unknown_channel"


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
    """A claimed delivery with what it carries as it is now, and where it goes.

    The store fills in the server's subscription as it is at claim time; the worker decides from it where a
    post goes (`channel_id`) and whom it pings (`role_id`): a post follows the subscription when it is sent,
    not as it was when the post was queued.
    """

    delivery: Delivery
    report: Report | None
    announcement: Announcement | None
    subscription: Subscription | None  # None: the server unsubscribed since the row was queued
    channel_id: int  # where to send: the row's channel until the worker addresses a post
    role_id: int | None = None  # the one role a post may ping
    message_id: int | None = None  # for an edit: the posted message to change
    post_state: DeliveryState | None = None  # for an edit: where the original post is

    @property
    def language(self) -> str:
        return self.subscription.language if self.subscription is not None else "en"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one attempt at a delivery ended, as `Outbox.record` writes it."""

    delivery: Delivery
    state: DeliveryState  # DELIVERED, PENDING (again at `retry_at`) or REJECTED
    message_id: int | None = None  # delivered: the post's message
    retry_at: float = 0.0
    maybe_sent: bool = False  # queued again after an attempt that may have created the message
    error: str = ""
    pause: PauseReason | None = None  # rejected because of the channel itself: pause its subscription

    @classmethod
    def delivered(cls, delivery: Delivery, *, message_id: int | None) -> Outcome:
        return cls(delivery, DeliveryState.DELIVERED, message_id=message_id)

    @classmethod
    def retry(cls, delivery: Delivery, *, at: float, error: str, maybe_sent: bool = False) -> Outcome:
        return cls(delivery, DeliveryState.PENDING, retry_at=at, error=error, maybe_sent=maybe_sent)

    @classmethod
    def rejected(cls, delivery: Delivery, *, error: str, pause: PauseReason | None = None) -> Outcome:
        return cls(delivery, DeliveryState.REJECTED, error=error, pause=pause)


@dataclass(frozen=True, slots=True)
class OutboxTotals:
    """The whole outbox, across every process sharing the database (posts and edits)."""

    queued: int
    sending: int
    delivered: int
    failed: int


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a fan-out has got: posts delivered, failed, and still to go; why the failed ones failed."""

    delivered: int
    failed: int
    remaining: int
    reasons: tuple[tuple[str, int], ...] = ()  # (error, how many posts), the commonest first

    @property
    def total(self) -> int:
        return self.delivered + self.failed + self.remaining

    @property
    def done(self) -> bool:
        return self.remaining == 0
