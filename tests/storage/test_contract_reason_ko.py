"""A retraction's Korean reason (`retraction_reason_ko`) is written with its reason, read back and kept across a
restart, on every backend; a retraction without one stores ''; a database from before it existed upgrades with
'' for every report already retracted."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

from bot.news.model import ReportDraft, Scope
from bot.storage import migrations, open_store

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def draft(claim: str) -> ReportDraft:
    return ReportDraft(outlet="Soompi", claim=claim, status="rumor", url="", reported_on=NOW.date())


async def test_the_korean_reason_is_written_with_the_retraction_and_read_back_after_a_restart(open_backend):
    store = await open_backend()
    await store.subscriptions.subscribe(1, 100, role_id=None, language="ko", actor_id=7, now=NOW)
    for claim in ("Table read held.", "Filming starts."):
        await store.reports.publish(draft(claim), scope=Scope.NETWORK, guild_id=1, author_id=7, now=NOW)

    queued = await store.reports.change(
        1,
        actor_id=7,
        now=NOW,
        retraction_reason="The outlet took it down.",
        retraction_reason_ko="매체가 기사를 내렸다.",
    )
    assert queued == 0  # its post was never sent, so there is no copy to edit yet
    await store.reports.change(2, actor_id=7, now=NOW, retraction_reason="Withdrawn.")
    await store.reports.change(2, actor_id=7, now=NOW, status="report")  # None leaves the reasons alone

    store = await open_backend()  # a restart reads what was written
    first, second = await store.reports.visible_to(1)
    assert (first.retracted, first.retraction_reason, first.retraction_reason_ko) == (
        True,
        "The outlet took it down.",
        "매체가 기사를 내렸다.",
    )
    assert (second.retracted, second.retraction_reason, second.retraction_reason_ko) == (True, "Withdrawn.", "")
    assert (await store.reports.get(1)).retraction_reason_ko == "매체가 기사를 내렸다."
    # the post a worker would send now renders the retraction from these rows
    later = NOW.timestamp() + 1
    jobs = await store.outbox.claim(await store.outbox.due(later, limit=5), now=later)
    assert sorted((j.report.id, j.report.retraction_reason_ko) for j in jobs if j.report is not None) == [
        (1, "매체가 기사를 내렸다."),
        (2, ""),
    ]


async def test_a_database_from_before_reason_ko_upgrades_keeping_its_retractions(tmp_path):
    path = tmp_path / "old.db"
    before = list(itertools.takewhile(lambda m: "retraction_reason_ko" not in m.sql, migrations("sqlite")))
    with sqlite3.connect(path) as raw:
        for migration in before:
            raw.executescript(migration.sql)
        raw.execute(
            "INSERT INTO news_reports (scope, origin_guild_id, author_id, outlet, claim, status, reported_on,"
            " created_at, retracted_at, retraction_reason) VALUES ('network', 1, 7, 'Soompi', 'An old report.',"
            " 'rumor', '2026-01-01', ?, ?, 'Withdrawn.')",
            (NOW.isoformat(), NOW.isoformat()),
        )
        raw.execute(f"PRAGMA user_version = {before[-1].version}")
    store = await open_store(f"sqlite:///{path}")
    try:
        old = await store.reports.get(1)
        assert (old.retracted, old.retraction_reason, old.retraction_reason_ko) == (True, "Withdrawn.", "")
    finally:
        await store.close()
