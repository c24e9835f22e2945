"""SQL literals for the outbox's states and kinds, built from their one enum, shared by every backend.

Queries interpolate these constants instead of spelling `'pending'` themselves, so renaming or adding a state
happens in `bot/news/model.py` and the schema's CHECK, nowhere else.
"""

from __future__ import annotations

from enum import StrEnum

from bot.news.model import DeliveryKind, DeliveryState, Scope


def literal(value: StrEnum) -> str:
    """`value` as a quoted SQL string literal (enum values are plain lower-case words)."""
    assert value.value.replace("_", "").isalnum()
    return f"'{value.value}'"


PENDING = literal(DeliveryState.PENDING)
SENDING = literal(DeliveryState.SENDING)
DELIVERED = literal(DeliveryState.DELIVERED)
REJECTED = literal(DeliveryState.REJECTED)
POST = literal(DeliveryKind.POST)
EDIT = literal(DeliveryKind.EDIT)
NETWORK = literal(Scope.NETWORK)

QUEUED = f"state IN ({PENDING}, {SENDING})"  # rows the worker may still send
# Rows a process may claim: queued ones whose time has come (the first `?`: now, on the caller's clock), and ones
# being sent whose lease ran out (their owner died, or never had a lease: an older version's row). The second `?`
# is the same moment on the clock leases are kept in: the database's on PostgreSQL, so that machines whose clocks
# disagree still agree on whose a lease is (see `SharedOutbox.lease_offset`).
CLAIMABLE = f"((state = {PENDING} AND next_attempt_at <= ?) OR (state = {SENDING} AND coalesce(lease_until, 0) <= ?))"
# When a queued row next becomes claimable, on the caller's clock: its retry time, or its lease's end (less the
# `?` offset from the caller's clock to the leases').
CLAIMABLE_AT = f"CASE WHEN state = {PENDING} THEN next_attempt_at ELSE coalesce(lease_until, 0) - ? END"
