"""What a moderator types is checked before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import UserFacingError
from bot.news.model import Delivery, DeliveryKind, DeliveryState
from bot.news.validation import clean_date, clean_url, report_draft

TODAY = dt.date(2026, 3, 1)


def test_a_good_report_is_trimmed_and_dated_today_by_default():
    draft = report_draft(
        outlet=" Netflix ", claim=" Confirmed. ", status="confirmed", url=None, reported_on=None, today=TODAY
    )
    assert (draft.outlet, draft.claim, draft.status, draft.url, draft.reported_on) == (
        "Netflix",
        "Confirmed.",
        "confirmed",
        "",
        TODAY,
    )


@pytest.mark.parametrize("url", ["https://example.com/a", "http://n.news.naver.com/x?y=1"])
def test_http_links_pass(url):
    assert clean_url(url) == url


@pytest.mark.parametrize("url", ["ftp://x.org", "javascript:alert(1)", "https://", "example.com", "https://a b.com"])
def test_other_links_are_refused(url):
    with pytest.raises(UserFacingError) as caught:
        clean_url(url)
    assert caught.value.key == "news.bad_url"


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "20260101"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(UserFacingError) as caught:
        clean_date(value, today=TODAY)
    assert caught.value.key == "news.bad_date"


def test_nonce_is_deterministic_short_and_distinct_per_row():
    def delivery(id_: int) -> Delivery:
        return Delivery(id_, DeliveryKind.POST, DeliveryState.PENDING, 1, 10**19 - 1, 0, 0.0, None, "", 10**6, None)

    assert delivery(7).nonce == delivery(7).nonce == "hoc7"
    assert delivery(7).nonce != delivery(8).nonce
    assert len(delivery(10**18).nonce) <= 25
