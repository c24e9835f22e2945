"""Checking what a moderator typed before anything is written; each refusal is a sentence they can act on."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from bot.errors import UserFacingError
from bot.news.ledger import ReportStatus
from bot.news.model import ReportDraft

# A post is one embed: the claim is its description, the outlet sits in its title and fields. These leave room
# for the status line, the retraction note and the footer inside Discord's 4,096 / 6,000 character limits.
MAX_OUTLET = 100
MAX_CLAIM = 3000
MAX_URL = 500
MAX_REASON = 500
MAX_TITLE = 200
MAX_MESSAGE = 3500


def clean_text(value: str | None, *, field: str, limit: int) -> str:
    """Trimmed text, refused when blank or longer than `limit` characters."""
    text = (value or "").strip()
    if not text:
        raise UserFacingError(key="news.blank", field=field)
    if len(text) > limit:
        raise UserFacingError(key="news.too_long", field=field, limit=limit, length=len(text))
    return text


def clean_url(value: str | None) -> str:
    """'' when not given; otherwise an http(s) URL with a host."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) > MAX_URL:
        raise UserFacingError(key="news.too_long", field="url", limit=MAX_URL, length=len(text))
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise UserFacingError(key="news.bad_url", url=text[:100])
    return text


def clean_date(value: str | None, *, today: dt.date) -> dt.date:
    """YYYY-MM-DD, a real calendar day; today when not given."""
    text = (value or "").strip()
    if not text:
        return today
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserFacingError(key="news.bad_date", value=text[:40]) from None


def clean_status(value: str) -> str:
    try:
        return ReportStatus(value.strip().lower()).value
    except ValueError:
        raise UserFacingError(key="news.bad_status", value=value[:40]) from None


def report_draft(
    *, outlet: str, claim: str, status: str, url: str | None, reported_on: str | None, today: dt.date
) -> ReportDraft:
    """A validated report, or a UserFacingError naming the first thing to fix."""
    return ReportDraft(
        outlet=clean_text(outlet, field="outlet", limit=MAX_OUTLET),
        claim=clean_text(claim, field="claim", limit=MAX_CLAIM),
        status=clean_status(status),
        url=clean_url(url),
        reported_on=clean_date(reported_on, today=today),
    )
