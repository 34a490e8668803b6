"""Boundary parsing: every error names the parameter and shows an example."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketreact._parse import parse_date, parse_symbols, parse_timestamp, parse_window, parse_windows
from marketreact.errors import InvalidParameter


def test_parse_date_accepts_common_types() -> None:
    expected = pd.Timestamp("2025-04-09")
    assert parse_date("2025-04-09", "d") == expected
    assert parse_date(dt.date(2025, 4, 9), "d") == expected
    assert parse_date(pd.Timestamp("2025-04-09 23:00", tz="Asia/Tokyo"), "d") == expected


@pytest.mark.parametrize("bad", ["9 April 2025", "2025-13-01", "", None, 20250409, True])
def test_parse_date_rejects_with_param_name(bad: object) -> None:
    with pytest.raises(InvalidParameter, match=r"invalid start=.*ISO date such as '2025-04-09'") as info:
        parse_date(bad, "start")
    assert info.value.param == "start"


def test_parse_timestamp_rules() -> None:
    ts, date_only = parse_timestamp("2025-04-09T09:00+09:00", "published")
    assert ts == pd.Timestamp("2025-04-09 00:00", tz="UTC") and not date_only
    ts, date_only = parse_timestamp("2025-04-09", "published")
    assert date_only and ts == pd.Timestamp("2025-04-09")
    with pytest.raises(InvalidParameter, match="no zone"):
        parse_timestamp("2025-04-09T09:00", "published")
    with pytest.raises(InvalidParameter, match="published"):
        parse_timestamp("yesterday", "published")


def test_parse_window_forms() -> None:
    assert parse_window("-1,1", "w") == (-1, 1)
    assert parse_window("[-250, -11]", "w") == (-250, -11)
    assert parse_window((0, 5), "w") == (0, 5)
    assert parse_windows(["0,0", (0, 0), "-1,1"], "w") == [(0, 0), (-1, 1)]
    for bad in ["1,-1", "a,b", "1", (0.5, 1), 3]:
        with pytest.raises(InvalidParameter, match="event_window"):
            parse_window(bad, "event_window")


def test_parse_symbols() -> None:
    assert parse_symbols("AAPL") == ["AAPL"]
    assert parse_symbols([" AAPL", "AAPL", "7201.T"]) == ["AAPL", "7201.T"]
    with pytest.raises(InvalidParameter, match="symbols"):
        parse_symbols([])


@given(st.integers(-500, 500), st.integers(0, 500))
def test_parse_window_round_trips(a: int, width: int) -> None:
    assert parse_window(f"{a},{a + width}", "w") == (a, a + width)
