"""End to end: `python -m bot sandbox --web --no-browser` as a process, its page driven in headless Chromium.

A fan looks up a character through the command's autocomplete and asks a question; a moderator subscribes #news
and publishes a report; the report is then read in #news; /about shows that simulated time kept passing; Ctrl-C
ends it all cleanly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import t

from .sandbox_page import SandboxPage, WebSandbox, chromium, headless_chromium

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="no Chromium installed (Debian: apt-get install chromium; .ci/run installs it)"
)


async def test_fan_and_moderator_use_the_page_and_the_news_arrives_in_news(tmp_path: Path):
    async with WebSandbox.running(tmp_path) as sandbox, headless_chromium() as browser:
        address = await sandbox.address()
        page = await SandboxPage.open(browser, address)
        assert "#general" in sandbox.output() and "@fan" in sandbox.output() and "@mod" in sandbox.output()

        # @fan: /character, its name picked from the bot's autocomplete.
        await page.start_command("character")
        suggestions = await page.fill("name", "baek")
        assert any("Baek Kang-hyuk" in s for s in suggestions), suggestions
        await page.choose("Baek Kang-hyuk")
        await page.send()
        await page.wait_for_text("Baek Kang-hyuk", "Played by", "Ju Ji-hoon", "Actor: Ju Ji-hoon")

        await page.run("ask", question="who plays the nurse")
        await page.wait_for_text("You asked: who plays the nurse", "Ha Young")

        # @mod, picked in the page's "Viewing as" list, sees /news and publishes a report.
        await page.view_as("mod")
        await page.run("news subscribe", channel=("news", "news"))
        await page.wait_for_text(t("news.subscribed", channel="#news", language="English"))
        await page.run(
            "news report",
            outlet="Xportsnews",
            claim="Season 2 begins filming in the spring",
            status=("rep", "report"),
        )
        await page.wait_for_text(t("news.publish"), "Season 2 begins filming in the spring")
        await page.click(t("news.publish"))
        await page.wait_for_text(t("news.progress_done", label="#1", delivered=1, failed=0, total=1))

        # One typed line in the terminal shows #news, at a new address; the old page has ended.
        printed = await sandbox.type("in #news")
        news_address = await sandbox.address(after=printed)
        assert news_address != address
        page = await SandboxPage.open(browser, news_address)
        posted = await page.wait_for_text("Xportsnews", "Season 2 begins filming in the spring")
        assert t("news.progress_done", label="#1", delivered=1, failed=0, total=1) not in posted  # mod's, private

        # The simulated clock has been running in step with the wall clock all along.
        await page.run("about")
        about = await page.wait_for_text(t("about.uptime"))
        uptime = about.split(t("about.uptime"), 1)[1].strip().splitlines()[0]
        assert re.search(r"[1-9]", uptime), f"uptime {uptime!r}: simulated time stood still"

        code = await sandbox.interrupt()
    out = sandbox.output()
    assert code == 0, out
    assert "Traceback" not in out
    assert out.rstrip().endswith(t("sandbox.bye"))
