"""Confounder flags carried by the study result (issue 6, part 3)."""

from __future__ import annotations

import csv

import pytest

from marketreact.errors import InvalidParameter
from marketreact.study import EventStudy
from tests.conftest import REPO


def _spy_adj_return(day: str, prev: str) -> float:
    """SPY's dividend-adjusted return read straight from the snapshot CSV (independent of the code)."""
    with (REPO / "data" / "prices" / "SPY.csv").open() as fh:
        adj = {row["date"]: float(row["adj_close"]) for row in csv.DictReader(fh)}
    return adj[day] / adj[prev] - 1


def test_us_listing_on_tariff_pause_day_carries_shock_warning() -> None:
    result = EventStudy().fit([{"symbol": "AAPL", "day0": "2025-04-09"}])
    spy = _spy_adj_return("2025-04-09", "2025-04-08")
    assert round(spy * 100, 1) == 10.5
    text = " ".join(result.warnings)
    assert "market-wide shock" in text and f"SPY {spy * 100:+.1f}% on 2025-04-09 (day +0" in text
    assert 0 in result.shock_days("AAPL")
    assert result.shocks["AAPL"].attrs["benchmark"] == "SPY"


def test_shock_check_can_be_turned_off_and_validates() -> None:
    result = EventStudy(shock_threshold=None).fit([{"symbol": "AAPL", "day0": "2025-04-09"}])
    assert not any("shock" in w for w in result.warnings)
    assert result.shock_days("AAPL") == []
    with pytest.raises(InvalidParameter, match="shock_threshold"):
        EventStudy(shock_threshold=-1)


def test_other_dated_events_are_flagged_inside_the_window_only() -> None:
    events = [("2025-04-10", "earnings (synthetic label)", "7201.T"), ("2025-01-06", "outside", None)]
    result = EventStudy(event_windows=[(0, 1)], other_events=events).fit(
        [{"symbol": "7201.T", "day0": "2025-04-09"}, {"symbol": "AAPL", "day0": "2025-04-09"}]
    )
    overlaps = result.overlaps
    assert overlaps[["symbol", "relative_day", "label"]].values.tolist() == [
        ["7201.T", 1, "earnings (synthetic label)"]
    ]
    assert any("earnings (synthetic label) on 2025-04-10 (7201.T day +1)" in w for w in result.warnings)
