"""The README's picture of `python -m bot sandbox --web`: rerun it after a change to what the page shows.

    python -m tests.e2e.sandbox_screenshot            # writes tests/e2e/sandbox-web.png

It starts the sandbox as the README says, has @fan ask a question and look up a character in headless Chromium
(Debian's `chromium`; `apt-get install chromium`), leaves the next command's autocomplete open, and saves the
page. Hangul needs a Korean font in the system (Debian: `apt-get install fonts-nanum`), or it shows as boxes.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .sandbox_page import SandboxPage, WebSandbox, chromium, headless_chromium

OUT = Path(__file__).with_name("sandbox-web.png")


async def take(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="hoc-screenshot-") as tmp:
        async with WebSandbox.running(Path(tmp)) as sandbox, headless_chromium() as browser:
            page = await SandboxPage.open(browser, await sandbox.address(), width=1280, height=1280)
            await page.run("ask", question="who plays the nurse?")
            await page.wait_for_text("Ha Young")
            await page.run("character", name=("yang", "Yang Jae-won"))
            await page.wait_for_text("Played by", "Actor: Choo Young-woo")
            await page.start_command("cast")
            await page.fill("name", "joo ji")  # a romanization the data does not spell: still found
            await page.page.locator(".command-suggestion", has_text="Ju Ji-hoon").wait_for()
            await page.page.screenshot(path=str(out))
            await sandbox.interrupt()


def _has_korean_font() -> bool:
    if shutil.which("fc-list") is None:
        return True  # not a fontconfig system; its browser brings its own fallback fonts
    listed = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path, default=OUT, help=f"where to write the PNG (default {OUT})")
    args = parser.parse_args()
    if chromium() is None:
        print("needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    if not _has_korean_font():
        print("warning: no Korean font installed, Hangul will show as boxes (apt-get install fonts-nanum)")
    asyncio.run(take(args.out))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
