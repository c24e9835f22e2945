"""What the news store mixins need from the store they are mixed into (for type checkers only)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any


class StoreMixin:
    """Base of the news mixins: `SQLiteStore` supplies these methods at runtime."""

    if TYPE_CHECKING:

        def transaction(self) -> AbstractAsyncContextManager[Any]: ...

        async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[Any]: ...

        async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> Any | None: ...

        async def fetch_value(self, sql: str, params: Iterable[Any] = ()) -> Any: ...
