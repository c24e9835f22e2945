"""The ledger's reading of sequel reports: official status, newer buzz, timeline order."""

from __future__ import annotations

import datetime as dt

from bot.knowledge.loader import load_knowledge
from bot.news.ledger import Report, ReportStatus, seed_reports, summarize


def _report(day: str, status: str, outlet: str = "X", **kw) -> Report:
    return Report(outlet=outlet, claim="c", status=ReportStatus(status), reported_on=dt.date.fromisoformat(day), **kw)


def test_seeded_ledger_official_status_is_netflix_under_review():
    status = summarize(seed_reports(load_knowledge()))
    assert status.official is not None
    assert status.official.status == ReportStatus.STATEMENT
    assert status.official.reported_on == dt.date(2025, 9, 23)
    assert "Netflix" in status.official.outlet
    assert status.buzz is not None and status.buzz.reported_on == dt.date(2026, 6, 22)
    assert status.buzz.status == ReportStatus.RUMOR


def test_same_day_answer_is_newer_than_the_morning_report():
    timeline = summarize(seed_reports(load_knowledge())).timeline
    same_day = [r.outlet for r in timeline if r.reported_on == dt.date(2025, 9, 23)]
    assert same_day[0].startswith("Netflix") and "Xportsnews" in same_day[1]


def test_buzz_must_be_newer_than_the_official_word():
    reports = [_report("2025-01-01", "rumor"), _report("2025-02-01", "statement"), _report("2025-02-01", "report")]
    status = summarize(reports)
    assert status.official is reports[1]
    assert status.buzz is None  # same day as the statement is not newer
    later = summarize([*reports, _report("2025-03-01", "confirmed"), _report("2025-04-01", "rumor", outlet="Y")])
    assert later.official.status == ReportStatus.CONFIRMED
    assert later.buzz.outlet == "Y"


def test_retracted_reports_drop_out():
    reports = [_report("2025-01-01", "statement"), _report("2025-06-01", "cancelled", retracted=True)]
    status = summarize(reports)
    assert status.official is reports[0]
    assert len(status.timeline) == 1
