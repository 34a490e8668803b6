"""Market-shock flags and overlapping user events (marketreact.study.confounders)."""

from __future__ import annotations

import csv
import itertools
import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from marketreact.errors import InsufficientEstimationData, InvalidParameter
from marketreact.reference.calendars import calendar
from marketreact.study.confounders import (
    event_window_sessions,
    market_shocks,
    overlap_warning,
    overlapping_events,
    shock_warning,
)

REPO = Path(__file__).resolve().parents[1]


def synthetic_returns(day0: str, values: dict[int, float]) -> pd.DataFrame:
    """SYNTHETIC benchmark "SYN" on XNYS sessions: {relative_day: return}; absent offsets have no row."""
    sessions = calendar("XNYS").sessions
    i0 = sessions.get_loc(pd.Timestamp(day0))
    dates = [sessions[i0 + k] for k in sorted(values)]
    index = pd.MultiIndex.from_arrays([["SYN"] * len(dates), dates], names=["symbol", "date"])
    return pd.DataFrame(
        {
            "return": [values[k] for k in sorted(values)],
            "basis": "price",
            "sessions_spanned": 1.0,
            "gap": False,
        },
        index=index,
    )


def test_toy_z_by_hand() -> None:
    """Estimation returns +1%, -1%, +1%, -1%: mean 0, sd (ddof=1) = 0.01 * sqrt(4/3) = 0.0115470.

    z(+5%) = 5 * sqrt(3) / 2 = 4.330127 (flagged); z(-2%) = -sqrt(3) = -1.732051; z(+3%) = 2.598076
    (not flagged at 3); z(0) = 0; day +2 has no row: reported with NaN, not filled.
    """
    rets = synthetic_returns(
        "2025-04-09", {-6: 0.01, -5: -0.01, -4: 0.01, -3: -0.01, -2: 0.0, -1: 0.05, 0: -0.02, 1: 0.03}
    )
    out = market_shocks("SYN", "2025-04-09", (-2, 2), (-6, -3), returns=rets, mic="XNYS", min_estimation=4)
    assert out["relative_day"].tolist() == [-2, -1, 0, 1, 2]
    assert out["z"].iloc[:4].tolist() == pytest.approx([0.0, 4.330127, -1.732051, 2.598076], abs=1e-6)
    assert out["shock"].tolist() == [False, True, False, False, False]
    assert np.isnan(out["return"].iloc[4]) and np.isnan(out["z"].iloc[4])
    assert out.attrs["sd_est"] == pytest.approx(0.0115470, abs=1e-7) and out.attrs["n_est"] == 4
    assert shock_warning(out) == (
        "the event window contains a market-wide shock: SYN +5.0% on 2025-04-08 (day -1, z = 4.3)"
        " (1 session(s) without a SYN return could not be checked)"
    )


def test_toy_gap_returns_are_left_out_of_estimation() -> None:
    rets = synthetic_returns("2025-04-09", {-6: 0.01, -5: -0.01, -4: 0.01, -3: -0.01, -2: 0.5, 0: 0.0})
    rets.loc[
        ("SYN", calendar("XNYS").sessions[calendar("XNYS").sessions.get_loc("2025-04-09") - 3]), "gap"
    ] = True
    with pytest.raises(InsufficientEstimationData, match="only 3 usable"):
        market_shocks("SYN", "2025-04-09", (-2, 2), (-6, -3), returns=rets, mic="XNYS", min_estimation=4)


def _spy_adj_close_returns() -> dict[str, float]:
    with (REPO / "data" / "prices" / "SPY.csv").open() as fh:
        rows = [(r["date"], float(r["adj_close"])) for r in csv.DictReader(fh)]
    return {d: b / a - 1 for (_, a), (d, b) in itertools.pairwise(rows)}


def test_spy_2025_04_09_is_a_shock() -> None:
    """Reference z computed here independently: csv + statistics.stdev over the 240 returns dated
    2024-04-10..2025-03-25 (SPY rows at offsets -250..-11 from 2025-04-09, no missing session)."""
    out = market_shocks("SPY", "2025-04-09")
    row = out.set_index("relative_day").loc[0]
    assert row["date"] == pd.Timestamp("2025-04-09") and bool(row["shock"])
    ref = _spy_adj_close_returns()
    dates = sorted(ref)
    est = dates[dates.index("2025-04-09") - 250 : dates.index("2025-04-09") - 10]
    assert est[0] == "2024-04-10" and est[-1] == "2025-03-25" and len(est) == 240
    sample = [ref[d] for d in est]
    z_ref = (ref["2025-04-09"] - statistics.fmean(sample)) / statistics.stdev(sample)
    assert row["return"] == pytest.approx(0.1050, abs=5e-4)  # +10.5 %
    assert row["z"] == pytest.approx(z_ref, rel=1e-9)
    assert "SPY +10.5% on 2025-04-09 (day +0, z = " in (shock_warning(out) or "")


def test_nikkei_shocks_around_tokyo_day0() -> None:
    """^N225 closes: 04-07 31136.580078125 / 04-04 33780.578125 - 1 = -7.827 %;
    04-10 34609.0 / 04-09 31714.029296875 - 1 = +9.128 % (price index, traded close)."""
    out = market_shocks("^N225", "2025-04-09", event_window=(-5, 5)).set_index("date")
    assert bool(out.loc["2025-04-07", "shock"]) and bool(out.loc["2025-04-10", "shock"])
    assert out.loc["2025-04-07", "return"] == pytest.approx(-0.07827, abs=5e-6)
    assert out.loc["2025-04-10", "return"] == pytest.approx(0.09128, abs=5e-6)
    assert not bool(out.loc["2025-04-09", "shock"])


def test_bad_inputs() -> None:
    with pytest.raises(InvalidParameter, match="a session of ARCX"):
        market_shocks("SPY", "2025-04-12")
    with pytest.raises(InvalidParameter, match="must end before"):
        market_shocks("SPY", "2025-04-09", (-10, 10), (-250, -5))
    with pytest.raises(InvalidParameter, match="threshold"):
        market_shocks("SPY", "2025-04-09", threshold=0)


def test_overlapping_events() -> None:
    windows = {
        "AAPL": event_window_sessions("AAPL", "2025-04-09", (-5, 5)),
        "7201.T": event_window_sessions("7201.T", "2025-04-09", (-5, 5)),
    }
    events = [
        ("2025-04-05", "weekend announcement"),  # Saturday: first traded on Monday 04-07
        ("2025-04-14", "Nissan briefing", "7201.T"),
        ("2025-05-01", "Apple earnings", "AAPL"),  # outside
        ("2025-04-10", "Apple event", "AAPL"),
    ]
    out = overlapping_events(events, windows)
    assert list(out.itertuples(index=False, name=None)) == [
        ("AAPL", pd.Timestamp("2025-04-05"), pd.Timestamp("2025-04-07"), -2, "weekend announcement"),
        ("AAPL", pd.Timestamp("2025-04-10"), pd.Timestamp("2025-04-10"), 1, "Apple event"),
        ("7201.T", pd.Timestamp("2025-04-05"), pd.Timestamp("2025-04-07"), -2, "weekend announcement"),
        ("7201.T", pd.Timestamp("2025-04-14"), pd.Timestamp("2025-04-14"), 3, "Nissan briefing"),
    ]
    assert (overlap_warning(out) or "").startswith(
        "other dated events fall inside the event window: weekend announcement on 2025-04-05 (AAPL day -2)"
    )
    assert overlap_warning(overlapping_events([("2025-06-01", "later")], windows)) is None
    with pytest.raises(InvalidParameter, match="user_events"):
        overlapping_events([("2025-04-10",)], windows)
