"""The pacer, the per-channel buckets and the retry backoff, on a hand-driven clock."""

from __future__ import annotations

import random

import pytest

from bot.news.ratelimit import WINDOW, ChannelLimits, Pacer, Slot, backoff_delay


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def run(pacer: Pacer, clock: Clock, count: int, *, oversleep=lambda: 0.0, lag=lambda: 0.0) -> list[float]:
    """Start `count` requests as the worker does: sleep what the pacer says (waking a little late), take; each
    goes out `lag()` seconds later (the HTTP trace tells the pacer), while the worker goes on. Returns when each
    went out."""
    sent: list[float] = []
    going: list[tuple[float, Slot]] = []  # (when it goes out, its slot)
    while len(sent) < count:
        for when, slot in sorted((g for g in going if g[0] <= clock.now), key=lambda g: g[0]):
            saved, clock.now = clock.now, when
            pacer.left(slot)
            clock.now = saved
            going.remove((when, slot))
            sent.append(when)
        if len(sent) + len(going) >= count:
            clock.now = min((when for when, _ in going), default=clock.now)
            continue
        wait = pacer.delay()
        if wait:
            clock.now += wait + oversleep()
            continue
        going.append((clock.now + lag(), pacer.take()))
    return sorted(sent)


def most_in_one_second(starts: list[float], *, window: float = WINDOW) -> int:
    """The most requests in any window (the pacer's own second, a little longer than Discord's)."""
    return max(sum(1 for t in starts[i:] if t < start + window - 1e-9) for i, start in enumerate(starts))


def test_requests_are_evenly_spaced_at_the_rate():
    clock = Clock()
    starts = run(Pacer(40, clock=clock), clock, 200)
    assert starts[-1] - starts[0] == pytest.approx(199 * WINDOW / 40)
    assert most_in_one_second(starts) <= 40


def test_waking_late_is_credited_but_no_window_ever_holds_more_than_the_rate():
    clock = Clock()
    rng = random.Random(7)
    starts = run(Pacer(40, clock=clock), clock, 400, oversleep=lambda: rng.uniform(0, 0.004))
    assert most_in_one_second(starts) <= 40
    # without credit every late wake-up (2 ms on average) would add up: 400 * 2 ms = 0.8 s more
    assert starts[-1] - starts[0] < 399 * WINDOW / 40 + 0.05


def test_requests_that_go_out_late_never_crowd_one_window_however_late():
    # a busy machine: each request reaches the socket up to 80 ms after the pacer let it go (more than the
    # window's 50 ms margin), at random. Counted when they went out, no window holds more than the rate
    clock = Clock()
    rng = random.Random(3)
    sent = run(Pacer(10, clock=clock), clock, 200, lag=lambda: rng.choice((0.0, 0.0, 0.0, rng.uniform(0, 0.08))))
    assert most_in_one_second(sent) <= 10
    assert sent[-1] - sent[0] < 199 * WINDOW / 10 + 2.0  # the late ones cost only their own lateness


def test_a_request_let_go_but_not_gone_out_counts_as_going_out_now():
    clock = Clock()
    pacer = Pacer(2, clock=clock)
    first = pacer.take()
    clock.now += WINDOW / 2
    pacer.left(pacer.take())
    clock.now += 5.0  # the first is still on its way (a stalled process): it may yet go out at any moment
    assert pacer.delay() == 0
    pacer.left(pacer.take())  # with it, that makes two going out now
    assert pacer.delay() == pytest.approx(WINDOW)
    pacer.left(first)  # now it has
    assert pacer.delay() == pytest.approx(WINDOW)
    clock.now += WINDOW
    assert pacer.delay() == 0


def test_the_rate_is_capped_below_discords_limit_with_headroom():
    clock = Clock()
    pacer = Pacer(50, clock=clock)
    assert pacer.rate == 49  # NEWS_RATE_PER_SECOND=50 is accepted; one stays free for everything else
    assert most_in_one_second(run(pacer, clock, 300)) <= 49


def test_the_bots_other_requests_count_against_the_same_global_budget():
    clock = Clock()
    pacer = Pacer(49, clock=clock)
    for _ in range(40):
        pacer.saw()  # a burst of other REST calls
    starts = run(pacer, clock, 9)
    assert starts[-1] < 100.5
    assert pacer.delay() == pytest.approx(WINDOW - (starts[-1] - 100.0), abs=1e-6)  # 49 in this second already


def test_a_global_429_pauses_for_retry_after_slows_down_and_recovers_by_steps():
    clock = Clock()
    pacer = Pacer(40, clock=clock)
    run(pacer, clock, 10)
    pacer.rate_limited(2.0, shared_by_all=True)
    assert pacer.delay() == pytest.approx(2.0)
    assert pacer.rate == 36
    clock.now += 2.0
    starts = run(pacer, clock, 60)
    assert most_in_one_second(starts) <= 36
    later = run(pacer, clock, 600)
    assert pacer.rate == 40 and most_in_one_second(later) <= 40


def test_429s_in_quick_succession_slow_it_down_harder():
    clock = Clock()
    pacer = Pacer(20, clock=clock)
    pacer.rate_limited(0.02, shared_by_all=True)
    assert pacer.rate == 18  # one 429: perhaps a burst of jitter
    clock.now += 0.5
    pacer.rate_limited(0.02, shared_by_all=True)
    assert pacer.rate == pytest.approx(18 * 0.7)  # another one soon after: Discord allows less than this


def test_a_429_on_one_route_slows_without_pausing():
    clock = Clock()
    pacer = Pacer(20, clock=clock)
    pacer.rate_limited(5.0, shared_by_all=False)
    assert pacer.delay() == 0.0 and pacer.rate == 18


def test_a_channel_takes_five_messages_per_five_seconds_and_can_be_held():
    clock = Clock()
    channels = ChannelLimits(clock=clock)
    for _ in range(4):
        channels.take(7)
        clock.now += 0.5
    assert channels.blocked() == []
    channels.take(7)
    assert channels.blocked() == [7] and channels.next_free_in() == pytest.approx(5.0 - 2.0)
    clock.now += 3.0
    assert channels.blocked() == [] and channels.next_free_in() is None
    channels.hold(8, 1.5)  # Discord said so (a 429, or the bucket reported empty)
    assert channels.blocked() == [8]
    clock.now += 1.5
    assert channels.blocked() == []


def test_pacer_rejects_nonsense():
    with pytest.raises(ValueError):
        Pacer(0)


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    low = [backoff_delay(n, rng=lambda: 0.0) for n in range(1, 12)]
    high = [backoff_delay(n, rng=lambda: 1.0) for n in range(1, 12)]
    assert low[:4] == [1.0, 2.0, 4.0, 8.0] and high[:4] == [2.0, 4.0, 8.0, 16.0]
    assert max(high) == 300.0 and high[-1] == 300.0
    assert all(lo <= hi for lo, hi in zip(low, high, strict=True))


def test_backoff_honours_retry_after():
    assert backoff_delay(1, retry_after=30.0, rng=lambda: 0.0) == 30.0
    assert backoff_delay(1, retry_after=900.0, rng=lambda: 0.0) == 900.0  # the server knows best
