"""How a resend recognises its own earlier post, and which failures leave the outcome unknown."""

from __future__ import annotations

import discord
import pytest

from bot.news.model import Delivery, DeliveryKind, DeliveryState, Job
from bot.ui.news_delivery import classify, post_marker


def job(*, report_id: int | None = None, announcement_id: int | None = None) -> Job:
    delivery = Delivery(1, DeliveryKind.POST, DeliveryState.PENDING, 1, 2, 1, 0.0, None, "", report_id, announcement_id)
    return Job(delivery=delivery, report=None, announcement=None, subscription=None, channel_id=delivery.channel_id)


@pytest.mark.parametrize(
    ("footer", "found"),
    [
        ("Report #1 · every subscribed server", True),
        ("보도 #1 · 모든 구독 서버 · 수정됨", True),  # another language, and edited since
        ("Report #12 · every subscribed server", False),
        ("Report #11 · this server only", False),
        ("Announcement from the moderators · #A1", False),
        ("Report #… · every subscribed server", False),
    ],
)
def test_a_report_post_is_recognised_by_its_label_alone(footer, found):
    assert bool(post_marker(job(report_id=1)).search(footer)) is found


def test_an_announcement_post_is_recognised_by_its_label():
    marker = post_marker(job(announcement_id=3))
    assert marker.search("Announcement from the moderators · #A3")
    assert not marker.search("Announcement from the moderators · #A31")
    assert not marker.search("Report #3 · every subscribed server")


class _Response:
    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "test"


@pytest.mark.parametrize(("status", "maybe_sent"), [(429, False), (500, True), (503, True), (504, True)])
def test_only_a_429_says_for_sure_that_nothing_was_posted(status, maybe_sent):
    failure = classify(discord.HTTPException(_Response(status), "boom"))
    assert failure.maybe_sent is maybe_sent


def test_a_timeout_leaves_the_outcome_unknown():
    assert classify(TimeoutError()).maybe_sent
