"""A database that cannot be used is refused by `open_store` with one `StoreError` line naming the problem
and the fix, on real files; a database from a newer version of the bot is never written."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from bot.storage import StoreError, latest_version, open_store
from tests.storage.broken_databases import CASES, build, read_only


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES)
async def test_an_unusable_database_is_refused_with_one_line(tmp_path, case):
    with read_only() as protect:
        broken = build(case, tmp_path, protect)
        before = digest(broken.untouched) if broken.untouched else None
        with pytest.raises(StoreError) as raised:
            await open_store(broken.url)
        if broken.untouched:
            assert digest(broken.untouched) == before, "the refused database was written"
    message = str(raised.value)
    assert "\n" not in message and all(words in message for words in broken.words), message
    error = raised.value
    assert error.__cause__ is None and (
        error.__context__ is None or error.__suppress_context__
    )  # no chained driver error


async def test_a_newer_database_is_never_written_and_opens_again_once_the_code_knows_its_version(tmp_path):
    broken = build("newer (WAL)", tmp_path, lambda path: None)
    before = digest(broken.untouched)
    for _ in range(2):
        with pytest.raises(StoreError):
            await open_store(broken.url)
    assert digest(broken.untouched) == before
    with sqlite3.connect(broken.untouched) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 999
        raw.execute(f"PRAGMA user_version = {latest_version('sqlite')}")  # as if this code were that new
    raw.close()
    store = await open_store(broken.url)
    await store.close()


async def test_a_folder_named_as_the_database_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(StoreError, match=r"names the folder .*data, not a file"):
        await open_store(f"sqlite:///{tmp_path / 'data'}")


async def test_a_missing_folder_is_still_created(tmp_path):
    store = await open_store(f"sqlite:///{tmp_path / 'a' / 'b' / 'bot.db'}")
    await store.close()
    assert (tmp_path / "a" / "b" / "bot.db").is_file()
