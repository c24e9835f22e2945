"""A news post stays inside every Discord limit with every moderator input at its longest, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.news.ledger import Report, ReportStatus, summarize
from bot.news.validation import MAX_CLAIM, MAX_OUTLET, MAX_REASON, MAX_URL
from bot.ui import limits
from bot.ui.news import report_post, report_preview

LONGEST = Report(
    id=99_999,
    outlet="O" * MAX_OUTLET,
    claim=" ".join(["word"] * (MAX_CLAIM // 5)),
    status=ReportStatus.RUMOR,
    reported_on=dt.date(2026, 1, 1),
    url="https://example.com/" + "p" * (MAX_URL - 20),
    edited=True,
)
OFFICIAL = Report(
    id=1,
    outlet="N" * MAX_OUTLET,
    claim="c" * MAX_CLAIM,
    status=ReportStatus.STATEMENT,
    reported_on=dt.date(2025, 1, 1),
)


@pytest.mark.parametrize("locale", ["en-US", "ko"])
@pytest.mark.parametrize("retracted", [False, True])
@pytest.mark.parametrize("status", list(ReportStatus))
def test_the_longest_post_fits(locale, retracted, status):
    report = Report(
        **{
            **{name: getattr(LONGEST, name) for name in LONGEST.__slots__},
            "status": status,
            "retracted": retracted,
            "retraction_reason": "r" * MAX_REASON if retracted else "",
            "retraction_reason_ko": "사" * MAX_REASON if retracted else "",
        }
    )
    embed = report_post(report, locale, summarize([OFFICIAL, report]))
    assert len(embed.title) <= limits.EMBED_TITLE
    assert len(embed.description) <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) == 4  # nothing dropped to make room
    assert all(
        len(f.name) <= limits.EMBED_FIELD_NAME and len(f.value) <= limits.EMBED_FIELD_VALUE for f in embed.fields
    )
    assert len(embed.footer.text) <= limits.EMBED_FOOTER
    assert len(embed) <= limits.EMBED_TOTAL
    if not retracted:
        assert embed.description == report.claim  # the claim itself is never cut


@pytest.mark.parametrize("locale", ["en-US", "ko"])
def test_the_longest_preview_in_both_languages_fits_one_message(locale):
    """Discord counts every embed of a message towards one 6,000: the second version yields the room."""
    report = Report(
        **{**{name: getattr(LONGEST, name) for name in LONGEST.__slots__}, "claim_ko": " ".join(["낱말"] * 1000)}
    )
    embeds, _line = report_preview(report, locale, summarize([OFFICIAL, report]))
    assert len(embeds) == 2
    assert sum(len(embed) for embed in embeds) <= limits.EMBED_TOTAL
    assert embeds[0].description == (report.claim_ko if locale == "ko" else report.claim)  # theirs, uncut
