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
