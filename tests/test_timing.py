"""Day 0 per exchange. Every expected session below was worked out by hand from the exchanges'
published hours and holiday lists (Tokyo close 15:00 -> 15:30 from 2024-11-05; NYSE 16:00 and
13:00 on the day after Thanksgiving; Qingming 2025-04-04 in Shanghai; Golden Week 2025-05-05/06)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from marketreact.errors import InvalidParameter, UnknownExchange
from marketreact.events.day0 import event_day, plan_events
from marketreact.text.article import parse_article
from marketreact.text.mentions import SelectedListing

D = pd.Timestamp


@pytest.mark.parametrize("mic", ["XTKS", "XSHG", "XTAI", "XNYS", "XNAS", "OTCM"])
def test_flagship_morning_tokyo_is_day0_9_april_everywhere(mic: str) -> None:
    # 09:00 JST = 08:00 Shanghai/Taipei (before the close) = 20:00 EDT on 8 April (after the close).
    assert event_day("2025-04-09T09:00+09:00", mic).day0 == D("2025-04-09")


@pytest.mark.parametrize(
    ("mic", "day0"), [("XTKS", "2025-04-10"), ("XNYS", "2025-04-09"), ("OTCM", "2025-04-09")]
)
def test_flagship_at_16_jst(mic: str, day0: str) -> None:
    # 16:00 JST: after Tokyo's 15:30 close; 03:00 EDT on 9 April, before the New York session.
    assert event_day("2025-04-09T16:00+09:00", mic).day0 == D(day0)


def test_us_view_of_the_flagship_time() -> None:
    ev = event_day("2025-04-09T09:00+09:00", "XNYS")
    assert ev.published_local == D("2025-04-08T20:00", tz="America/New_York")
    assert ev.day0.tzinfo is None
    assert "after" in ev.rule and "16:00" in ev.rule and "next session" in ev.rule


@pytest.mark.parametrize(
    ("published", "day0"),
    [
        ("2024-11-01T15:15+09:00", "2024-11-05"),  # old 15:00 close; 4 Nov 2024 was a holiday
        ("2024-11-05T15:15+09:00", "2024-11-05"),  # new 15:30 close
        ("2025-04-09T15:29+09:00", "2025-04-09"),
        ("2025-04-09T15:30+09:00", "2025-04-10"),  # at the close -> next session
        ("2025-04-09T06:30Z", "2025-04-10"),  # 15:30 JST written in UTC
        ("2025-04-12T10:00+09:00", "2025-04-14"),  # Saturday
        ("2025-05-05T10:00+09:00", "2025-05-07"),  # Children's Day + substitute holiday
    ],
)
def test_tokyo(published: str, day0: str) -> None:
    assert event_day(published, "XTKS").day0 == D(day0)


def test_shanghai_lunch_break_and_holiday() -> None:
    assert event_day("2025-04-09T12:00+08:00", "XSHG").day0 == D("2025-04-09")
    assert event_day("2025-04-04T10:00+08:00", "XSHG").day0 == D("2025-04-07")  # Qingming


def test_new_york_half_day_and_good_friday() -> None:
    # 29 Nov 2024 closed at 13:00; 14:00 is after the close.
    assert event_day("2024-11-29T14:00-05:00", "XNYS").day0 == D("2024-12-02")
    assert event_day("2024-11-29T12:59-05:00", "XNYS").day0 == D("2024-11-29")
    ev = event_day("2025-04-18", "XNYS")
    assert ev.day0 == D("2025-04-21") and ev.date_only and "holiday" in ev.rule


def test_date_only() -> None:
    ev = event_day("2024-12-18", "XTKS")
    assert (ev.day0, ev.date_only) == (D("2024-12-18"), True)
    assert event_day(dt.date(2024, 12, 21), "XNYS").day0 == D("2024-12-23")  # Saturday
    # date_only=True uses the timestamp's own calendar date, ignoring the time.
    assert event_day(D("2025-04-09T23:00+09:00"), "XTKS", date_only=True).day0 == D("2025-04-09")


def test_tariff_pause_afternoon_in_new_york() -> None:
    # 13:18 EDT 9 April = 02:18 JST / 01:18 Taipei on 10 April.
    assert event_day("2025-04-09T13:18-04:00", "XNYS").day0 == D("2025-04-09")
    assert event_day("2025-04-09T13:18-04:00", "XTKS").day0 == D("2025-04-10")
    assert event_day("2025-04-09T13:18-04:00", "XTAI").day0 == D("2025-04-10")


def test_errors() -> None:
    with pytest.raises(InvalidParameter, match="no zone"):
        event_day("2025-04-09T09:00", "XTKS")
    with pytest.raises(InvalidParameter) as info:
        event_day(dt.datetime(2025, 4, 9, 9), "XTKS")
    assert info.value.param == "published"
    with pytest.raises(UnknownExchange):
        event_day("2025-04-09T09:00+09:00", "XXXX")
    with pytest.raises(InvalidParameter, match="calendar covers"):
        event_day("2040-01-02T09:00+09:00", "XTKS")


def test_plan_events_per_listing() -> None:
    art = parse_article("Nissan.", published="2025-04-09T16:00+09:00")
    rows = [
        SelectedListing("7201.T", "nissan", "XTKS", "JPY", "Asia/Tokyo", "^N225", "primary", "r"),
        SelectedListing(None, "zf", None, None, None, None, "unlisted", "unlisted (private)"),
    ]
    plan = plan_events(art, [*rows, "HMC"])
    assert [(p.symbol, p.mic, p.day0) for p in plan] == [
        ("7201.T", "XTKS", D("2025-04-10")),
        ("HMC", "XNYS", D("2025-04-09")),
    ]


def test_plan_events_date_only_article() -> None:
    art = parse_article("published: 2024-12-21\n\nHonda.")
    (ev,) = plan_events(art, ["7267.T"])
    assert ev.day0 == D("2024-12-23") and ev.date_only
