"""The schema is built from numbered migrations on a real SQLite file."""

from __future__ import annotations

import sqlite3

from bot.storage import migrations, open_sqlite, open_store


async def test_empty_file_migrates_to_latest(tmp_path):
    store = await open_sqlite(tmp_path / "fresh.db")
    try:
        latest = migrations("sqlite")[-1].version
        assert await store.schema_version() == latest
        assert "guild_settings" in await store.db.tables()
        assert (await store.db.fetch_value("PRAGMA journal_mode")).lower() == "wal"
        assert await store.db.fetch_value("PRAGMA foreign_keys") == 1
        assert await store.db.fetch_value("PRAGMA busy_timeout") >= 1000
    finally:
        await store.close()


async def test_rerunning_migrations_is_a_no_op(tmp_path):
    path = tmp_path / "again.db"
    store = await open_sqlite(path)
    await store.settings.set_language(1, "ko")
    schema_before = await store.db.fetch_all("SELECT name, sql FROM sqlite_master ORDER BY name")
    assert await store.db.migrate() == []
    await store.close()

    reopened = await open_store(f"sqlite:///{path}")
    try:
        assert await reopened.db.migrate() == []
        assert await reopened.db.fetch_all("SELECT name, sql FROM sqlite_master ORDER BY name") == schema_before
        assert await reopened.settings.language(1) == "ko"
    finally:
        await reopened.close()


async def test_version_lives_in_the_database(tmp_path):
    path = tmp_path / "v.db"
    store = await open_sqlite(path)
    await store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations("sqlite")[-1].version


async def test_a_failed_transaction_writes_nothing(tmp_path):
    store = await open_sqlite(tmp_path / "tx.db")
    try:
        try:
            async with store.db.transaction() as db:
                await db.execute("INSERT INTO guild_settings (guild_id, language) VALUES (7, 'en')")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert await store.settings.language(7) is None
    finally:
        await store.close()


def test_migrations_are_numbered_without_gaps():
    versions = [m.version for m in migrations("sqlite")]
    assert versions == list(range(1, len(versions) + 1))
