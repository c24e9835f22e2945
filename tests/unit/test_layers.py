"""The layering rules, read from the source: SQL only in bot/storage, no outbox state spelled out in a query
(only the storage layer's constants, built from the enum), and bot/news and bot/knowledge free of discord and
of any storage backend (they see the store through its interface only)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.S)
STATES = re.compile(r"'(pending|sending|delivered|rejected)'")


def python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_sql_lives_only_in_bot_storage():
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files("bot", "cogs")
        if "storage" not in path.relative_to(ROOT).parts
        and any(SQL.search(text) for text in string_constants(path) if not text.lstrip().startswith(('"""', "The")))
    ]
    assert offenders == []


def test_no_query_spells_an_outbox_state():
    offenders = [
        f"{path.relative_to(ROOT)}: {text[:60]!r}"
        for path in python_files("bot")
        for text in string_constants(path)
        if STATES.search(text) and path.name != "sql.py"
    ]
    assert offenders == []


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_news_and_knowledge_depend_on_the_store_interface_only():
    allowed_storage = {"bot.storage.interface", "bot.storage.outbox", "bot.storage.errors"}
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files("bot/news", "bot/knowledge")
        for name in imported_modules(path)
        if name.split(".")[0] in ("discord", "aiosqlite", "asyncpg", "sqlite3")
        or (name.startswith("bot.storage") and name not in allowed_storage)
    ]
    assert offenders == []
