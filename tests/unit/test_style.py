"""ruff and mypy run with the tests, so the README's one test command also proves the code is lint- and
format-clean and type-checks; and no class of ours overrides a library's private name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ruff")
    command = [exe, *args] if exe else [sys.executable, "-m", "ruff", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff_is_clean(args):
    result = _ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    """strict mypy on bot/ and cogs/ (configured in pyproject.toml); it flags an override whose signature
    differs from the library's, such as a view method that shadows discord.py's `View._refresh(components)`."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


LIBRARIES = ("discord", "aiohttp", "aiosqlite")


def _our_classes():
    import bot
    import cogs

    for package in (bot, cogs):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.startswith("bot.sandbox"):
                continue  # needs the optional simcord extra; it subclasses nothing from the libraries below
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__:
                    yield cls


def test_no_class_overrides_a_private_library_name():
    """A library calls its private methods with arguments of its own choosing, and only on events a test may
    never send (Paginator._refresh() broke the gateway when Discord echoed a button update)."""
    clashes = [
        f"{cls.__module__}.{cls.__qualname__}.{name} shadows {base.__module__}.{base.__qualname__}.{name}"
        for cls in _our_classes()
        for name in vars(cls)
        if name.startswith("_") and not name.startswith("__")
        for base in cls.__mro__[1:]
        if base.__module__.split(".")[0] in LIBRARIES and name in vars(base)
    ]
    assert clashes == []


def test_every_type_ignore_says_why():
    """A `# type: ignore` silences the checker for good: each one in bot/ and cogs/ carries its reason, in a
    comment after it on the same line or on the comment line(s) just above."""
    unexplained = []
    for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "cogs").rglob("*.py")]):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if "# type: ignore" not in line:
                continue
            after = line.split("# type: ignore", 1)[1]
            above = lines[number - 1].strip() if number else ""
            if "#" not in after and not above.startswith("#"):
                unexplained.append(f"{path.relative_to(ROOT)}:{number + 1}")
    assert unexplained == []
