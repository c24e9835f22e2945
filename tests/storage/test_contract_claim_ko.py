"""A report's Korean claim (`claim_ko`) is stored, read back, changed and removed like the claim, on every
backend; a database from before it existed upgrades with '' for every report already logged."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

from bot.news.model import ReportDraft, Scope
from bot.storage import migrations, open_store

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
DRAFT = ReportDraft(
    outlet="Xportsnews",
    claim="Season 2 is in the works.",
    claim_ko="시즌 2 제작이 진행 중이다.",
    status="report",
    url="",
    reported_on=NOW.date(),
)


async def test_claim_ko_round_trips_and_changes_like_the_claim(open_backend):
    store = await open_backend()
    report, _queued = await store.reports.publish(DRAFT, scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)
    assert report.claim_ko == "시즌 2 제작이 진행 중이다."
    assert [r.claim_ko for r in await store.reports.visible_to(1)] == ["시즌 2 제작이 진행 중이다."]

    await store.reports.change(1, actor_id=7, now=NOW, claim_ko="시즌 2는 2027년 공개 예정이다.")
    changed = await store.reports.get(1)
    assert (changed.claim, changed.claim_ko, changed.edited) == (
        "Season 2 is in the works.",
        "시즌 2는 2027년 공개 예정이다.",
        True,
    )
    await store.reports.change(1, actor_id=7, now=NOW, status="rumor")  # None leaves it alone
    assert (await store.reports.get(1)).claim_ko == "시즌 2는 2027년 공개 예정이다."
    await store.reports.change(1, actor_id=7, now=NOW, claim="Corrected.", claim_ko="")
    assert (await store.reports.get(1)).claim_ko == ""

    store = await open_backend()  # a restart reads what was written
    assert (await store.reports.get(1)).claim == "Corrected."


async def test_a_database_from_before_claim_ko_upgrades_keeping_its_reports(tmp_path):
    path = tmp_path / "old.db"
    before = list(itertools.takewhile(lambda m: "claim_ko" not in m.sql, migrations("sqlite")))
    with sqlite3.connect(path) as raw:
        for migration in before:
            raw.executescript(migration.sql)
        raw.execute(
            "INSERT INTO news_reports (scope, origin_guild_id, author_id, outlet, claim, status, reported_on,"
            " created_at) VALUES ('network', 1, 7, 'Soompi', 'An old report.', 'rumor', '2026-01-01', ?)",
            (NOW.isoformat(),),
        )
        raw.execute(f"PRAGMA user_version = {before[-1].version}")
    store = await open_store(f"sqlite:///{path}")
    try:
        old = await store.reports.get(1)
        assert (old.claim, old.claim_ko) == ("An old report.", "")
    finally:
        await store.close()
