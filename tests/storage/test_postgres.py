"""The PostgreSQL backend's own plumbing on a real server: migrations from empty with the version in the
database, several processes starting at once, a newer schema refused untouched, and one-line errors that never
show the password."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.storage import StoreError, latest_version, migrations, open_store

pytestmark = pytest.mark.usefixtures("postgres_server")


async def test_an_empty_database_migrates_to_latest_and_migrating_again_changes_nothing(postgres_url):
    store = await open_store(postgres_url)
    try:
        assert store.backend == "postgresql"
        assert await store.schema_version() == latest_version("postgresql") == migrations("postgresql")[-1].version
        tables = await store.db.tables()
        assert {"guild_settings", "news_reports", "news_deliveries", "schema_version"} <= set(tables)
        assert await store.db.migrate() == []
        await store.settings.set_language(1, "ko")
    finally:
        await store.close()
    reopened = await open_store(postgres_url)
    try:
        assert await reopened.db.fetch_value("SELECT count(*) FROM schema_version") == 1
        assert await reopened.settings.language(1) == "ko"
    finally:
        await reopened.close()


async def test_processes_starting_together_apply_each_migration_once(postgres_url):
    stores = await asyncio.gather(*(open_store(postgres_url) for _ in range(4)))
    try:
        versions = await asyncio.gather(*(s.schema_version() for s in stores))
        assert set(versions) == {latest_version("postgresql")}
        assert await stores[0].db.fetch_all("SELECT version FROM schema_version") == [(versions[0],)]
    finally:
        for store in stores:
            await store.close()


async def test_a_newer_database_is_refused_and_left_untouched(postgres_url):
    raw = await asyncpg.connect(postgres_url)
    try:
        await raw.execute(
            "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (999)"
        )
        with pytest.raises(StoreError) as raised:
            await open_store(postgres_url)
        assert "newer version of the bot (schema 999" in str(raised.value) and "\n" not in str(raised.value)
        tables = await raw.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        assert [t["tablename"] for t in tables] == ["schema_version"]
        assert await raw.fetchval("SELECT version FROM schema_version") == 999
    finally:
        await raw.close()


async def test_a_missing_database_and_a_wrong_password_get_one_line_without_the_password(postgres_server):
    missing = postgres_server.get_uri("no_such_database")
    with pytest.raises(StoreError, match=r"no_such_database does not exist: create it \(createdb no_such_database\)"):
        await open_store(missing)

    with pytest.raises(StoreError) as raised:
        await open_store("postgresql://bot:s3cret-pw@127.0.0.1:1/hoc")  # nothing listens on port 1
    message = str(raised.value)
    assert "cannot reach PostgreSQL at 127.0.0.1:1/hoc" in message and "s3cret-pw" not in message
