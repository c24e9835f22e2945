"""End to end: `python -m bot sandbox` as a newcomer runs it, with a script piped to standard input."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .process import ROOT, process_env

needs_simcord = pytest.mark.skipif(
    importlib.util.find_spec("simcord") is None, reason="the sandbox extra is not installed"
)

TIMEOUT = 120


def sandbox(script: str, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        input=script,
        cwd=cwd,
        env=process_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


@needs_simcord
def test_piped_script_shows_the_answers_and_a_mistake_gets_one_line(tmp_path: Path):
    result = sandbox("/character name: Baek Kang-hyuk\n/spoilers episode: 8\n/episode number: 1\n", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "fan #general> /character name: Baek Kang-hyuk" in out
    assert "Baek Kang-hyuk" in out and "Ju Ji-hoon" in out
    mistake = [line for line in out.splitlines() if "/spoilers" in line and ">" not in line]
    assert len(mistake) == 1 and "There is no command /spoilers" in mistake[0], out
    assert "Episode 1" in out  # the session went on after the mistake
    assert "Traceback" not in out + result.stderr
    assert not list(tmp_path.iterdir()), "without DATABASE_URL the sandbox keeps its database in a temporary folder"


@needs_simcord
def test_the_real_bots_settings_never_reach_the_sandbox(tmp_path: Path):
    # A newcomer runs the sandbox from the folder where the live bot runs: its .env names the real database, the
    # network's home server and a token. A moderator publishes a test report in the sandbox; the real database
    # must not change by a single byte (a live bot reading it would post the test report to real servers, and
    # the simulated Discord's 404s would pause their subscriptions).
    real = tmp_path / "data" / "bot.db"
    real.parent.mkdir()
    real.write_bytes(b"the live bot's database, never to be opened by the sandbox")
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.real-token-never-used.by-the-sandbox-xyz"
    (tmp_path / ".env").write_text(
        f"DATABASE_URL=sqlite:///{real}\nHOME_GUILD_ID=123456789012345678\nDISCORD_TOKEN={token}\n"
        "SHARD_COUNT=2\nSHARD_IDS=1\n",
        encoding="utf-8",
    )
    script = (
        "as mod\n/news subscribe channel: #news\n"
        "/news report outlet: Xportsnews claim: a sandbox test, ignore it status: rumor\nclick Publish\n"
    )
    result = sandbox(script, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "new in #news:" in result.stdout and "a sandbox test, ignore it" in result.stdout
    assert real.read_bytes() == b"the live bot's database, never to be opened by the sandbox"
    assert sorted(p.name for p in real.parent.iterdir()) == ["bot.db"]  # no -wal, -shm, lock or wake file
    assert token not in result.stdout + result.stderr


@needs_simcord
def test_a_script_file_argument_works_too(tmp_path: Path):
    script = tmp_path / "demo.txt"
    script.write_text("# a comment\n/series\nquit\n/character name: never reached\n", encoding="utf-8")
    result = sandbox("", tmp_path, str(script))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The Trauma Code" in result.stdout
    assert "never reached" not in result.stdout


@needs_simcord
@pytest.mark.skipif(
    not (ROOT / "cogs" / "ask.py").exists(), reason="/ask lands with the ask branch (cogs/ask.py); active after merge"
)
def test_the_readme_demo_names_the_actors(tmp_path: Path):
    result = sandbox("/character name: Baek Kang-hyuk\n/ask question: who plays the nurse\n", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    character, ask = result.stdout.split("/ask question: who plays the nurse", 1)
    assert "Ju Ji-hoon" in character
    assert "Ha Young" in ask


def test_without_simcord_it_says_how_to_install_it(tmp_path: Path):
    shadow = tmp_path / "shadow" / "simcord"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('simcord is not installed (simulated)')\n")
    result = sandbox("/series\n", tmp_path, PYTHONPATH=f"{shadow.parent}:{ROOT}")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install -e '.[sandbox]'" in lines[0], result.stderr
    assert result.stdout == ""


@needs_simcord
def test_web_without_the_preview_packages_says_how_to_install_them(tmp_path: Path):
    shadow = tmp_path / "shadow" / "markdown_it"  # one of the packages simcord's preview needs
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('markdown-it-py is not installed (simulated)')\n")
    result = sandbox("", tmp_path, "--web", "--no-browser", PYTHONPATH=f"{shadow.parent}:{ROOT}")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install -e '.[sandbox]'" in lines[0] and "preview" in lines[0], result.stderr
    assert result.stdout == ""


@needs_simcord
def test_web_opens_the_browser_the_person_named_in_BROWSER(tmp_path: Path):
    # $BROWSER (wslview, a path to a script) is the person's own choice: the page's address goes to it, token
    # included, even though Python files it as a "generic" browser like the console ones the sandbox avoids.
    opened = tmp_path / "opened"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--web"],
        cwd=tmp_path,
        env=process_env(BROWSER=str(browser)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not opened.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 0, out + err
    address = opened.read_text(encoding="utf-8").strip()
    assert address.startswith("http://127.0.0.1:") and "#" in address and address in out
    assert "No browser to open here" not in out
