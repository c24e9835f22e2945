"""A real PostgreSQL 16 for the tests: one server per test session (started on first use, from the `pgserver`
package of the test extra, no system install), one fresh database per test."""

from __future__ import annotations

import itertools
import os
import warnings
from pathlib import Path

import pytest

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset (CI, root shells)
        import pgserver

        # A short path: the server's Unix socket lives in this folder, and socket paths are limited to ~100 bytes.
        folder = Path(f"/tmp/hoc-pg-{os.getpid()}")
        server = pgserver.get_server(folder, cleanup_mode="delete")
    # A throwaway server: durability buys nothing here, and without fsync creating a database per test and the
    # shutdown checkpoint take milliseconds instead of seconds.
    server.psql(
        "ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off;"
        " ALTER SYSTEM SET full_page_writes = off; SELECT pg_reload_conf();"
    )
    yield server
    server.cleanup()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """DATABASE_URL of an empty database of its own."""
    name = f"test_{next(_names)}"
    # FILE_COPY copies the template's files instead of writing them through the WAL and shared buffers (PostgreSQL
    # 15+'s default): each database is quicker to make, and the session's end no longer spends ~5 s checkpointing
    # a hundred databases' dirty pages before deleting them.
    postgres_server.psql(f"CREATE DATABASE {name} STRATEGY = FILE_COPY;")
    return str(postgres_server.get_uri(name))
