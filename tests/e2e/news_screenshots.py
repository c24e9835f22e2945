"""Pictures of news posts as fans see them: rerun after a change to what a post looks like, and look at them.

    python -m tests.e2e.news_screenshots              # writes tests/e2e/news-*.png

The real bot (`create_bot`) runs under simcord with a home server (English) and a Korean fan server that
subscribed in Korean. The home server's moderator publishes a rumor with its claim in both languages, and a
press report that is then retracted. Each news channel is served by simcord's `env.preview(...)` (the
`simcord[preview]` extra) and captured by Debian's headless `chromium` through Playwright, as a fan of that
server sees it:
- news-ko.png: the Korean server's channel (both posts, the retracted one last);
- news-en.png: the home server's channel, the same two posts in English;
- news-retracted-ko.png: the retracted copy alone, in Korean, with its Season 2 button.
Only the channel's messages are captured (simcord's own tool bars are left out).
Hangul needs a Korean font in the system (Debian: `apt-get install fonts-nanum`), or it shows as boxes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import simcord

from bot import create_bot
from bot.config import Settings

from .sandbox_page import headless_chromium

HERE = Path(__file__).resolve().parent
HOME_GUILD_ID = 900_000_000_000_000_001
URL = "https://www.soompi.com/article/s2-table-read"
WIDTH, HEIGHT = 900, 1600  # the channel's messages only are captured, not simcord's tool bars


async def capture(
    env: Any, channel: Any, viewer: Any, locale: str, out: Path, browser: Any, *, only_last: bool
) -> None:
    """What `viewer` sees of the channel's messages (or of its last message alone), written to `out`."""
    async with env.preview(channel, viewers=[viewer], layout="channel", locale=locale, width=WIDTH, height=HEIGHT) as p:
        page = await browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, locale=locale)
        await page.goto(p.url)
        await page.wait_for_function("() => window.simcordPreview && window.simcordPreview.ready")
        await page.evaluate("document.fonts.ready")
        messages = page.locator("#channel-message-list .channel-message[data-message-id]")
        shown = messages.last if only_last else page.locator("#channel-message-list")
        await shown.screenshot(path=str(out))
        await page.close()


async def take(out_dir: Path) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="hoc-news-shots-") as tmp:
        settings = Settings(
            token=None,
            database_url=f"sqlite:///{Path(tmp) / 'bot.db'}",
            home_guild_id=HOME_GUILD_ID,
            news_rate_per_second=40.0,
        )
        bot = create_bot(settings)
        try:
            async with simcord.run(bot, shard_count=1, strict_sync=False) as env, headless_chromium() as browser:
                return await _scenes(env, browser, out_dir)
        finally:
            await bot.close_store()


async def _scenes(env: Any, browser: Any, out_dir: Path) -> list[Path]:
    import discord

    home = env.create_guild("Trauma Code Network", id=HOME_GUILD_ID)
    korean = env.create_guild("중증외상센터 팬", preferred_locale="ko")
    people = {}
    for guild in (home, korean):
        mods = guild.create_role("mods", permissions=discord.Permissions(manage_guild=True))
        news, general = guild.create_text_channel("news"), guild.create_text_channel("general")
        mod = guild.add_member(env.create_user(f"{guild.name} mod"), roles=[mods])
        fan = guild.add_member(env.create_user("백강혁 팬" if guild is korean else "fan"))
        people[guild.id] = (news, general, mod, fan)
        language = "ko" if guild is korean else "en"
        await mod.slash(general, "news subscribe", channel=news, language=language)

    news, general, mod, _fan = people[home.id]
    for options in (
        {
            "outlet": "Soompi",
            "claim": "Cast members were seen at a table read for season 2 in Seoul.",
            "claim_ko": "시즌 2 대본 리딩 현장에서 출연진이 목격됐다.",
            "status": "rumor",
            "url": URL,
            "reported_on": "2026-01-01",
        },
        {
            "outlet": "Daily Sports",
            "claim": "Filming of season 2 is said to start in March.",
            "claim_ko": "시즌 2 촬영이 3월에 시작된다고 한다.",
            "status": "report",
            "reported_on": "2026-01-02",
        },
    ):
        shown = await mod.slash(general, "news report", **options)
        await mod.click(shown.response, label="Publish")
        await env.advance_time(5)
    await mod.slash(general, "news retract", report_id=2, reason="The outlet took the article down.")
    await env.advance_time(5)

    written = []
    for guild, locale, name, only_last in (
        (korean, "ko", "news-ko.png", False),
        (home, "en-US", "news-en.png", False),
        (korean, "ko", "news-retracted-ko.png", True),
    ):
        channel, _general, _mod, fan = people[guild.id]
        out = out_dir / name
        await capture(env, channel, fan, locale, out, browser, only_last=only_last)
        written.append(out)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path, default=HERE, help=f"folder for the PNGs (default {HERE})")
    args = parser.parse_args()
    from .sandbox_page import chromium

    if chromium() is None:
        print("needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    for path in asyncio.run(take(args.out)):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
