"""Smoke test of the event study on the REAL bundled snapshot (flagship article, day 0 = 2025-04-09)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from marketreact import load_prices
from marketreact.study import EventStudy

SYMBOLS = [
    "AAPL",
    "NVDA",
    "HMC",
    "TM",
    "TSLA",
    "STLA",
    "7201.T",
    "7211.T",
    "7267.T",
    "7203.T",
    "601138.SS",
    "2317.TW",
    "NSANY",
    "MMTOF",
]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return EventStudy().fit([{"symbol": s, "day0": "2025-04-09"} for s in SYMBOLS])


def test_otc_lines_skipped_with_reason(result) -> None:  # type: ignore[no-untyped-def]
    # PROVENANCE.md: NSANY ends 2025-04-08, MMTOF ends 2025-04-07.
    assert set(result.skipped) == {"NSANY", "MMTOF"}
    assert "EventOutsideData" in result.skipped["NSANY"] and "2025-04-08" in result.skipped["NSANY"]
    assert "2025-04-07" in result.skipped["MMTOF"]
    assert len(result.car) == 12 and np.isfinite(result.car.to_numpy()).all()


def test_local_benchmarks_and_quality(result) -> None:  # type: ignore[no-untyped-def]
    bench = result.params["benchmark"]
    assert bench["AAPL"] == "SPY" and bench["7201.T"] == "^N225" and bench["601138.SS"] == "000300.SS"
    assert bench["2317.TW"] == "^TWII"
    q = result.quality
    # The 2024-10-31 typhoon closure: the 2024-11-01 return spans 2 sessions in 2317.TW and ^TWII -> excluded.
    # The 2024-10-31 Taiwan typhoon closure is recorded (data/calendar_overrides.csv), so no gap row remains.
    assert (q["n_estimation"] == 240).all() and (q["listing_gap_rows_excluded"] == 0).all()
    assert q.loc["7201.T", "basis"] == "dividends" and q.loc["7201.T", "benchmark_basis"] == "price"


def test_day0_abnormal_return_from_raw_prices(result) -> None:  # type: ignore[no-untyped-def]
    # AR_0 = R_AAPL - alpha - beta R_SPY with R from adj_close 2025-04-08 -> 2025-04-09, read independently.
    p = load_prices(["AAPL", "SPY"], "2025-04-08", "2025-04-09")["adj_close"]
    r = {s: p[(s, "2025-04-09")] / p[(s, "2025-04-08")] - 1 for s in ("AAPL", "SPY")}
    a, b = result.params.loc["AAPL", ["alpha", "beta"]]
    assert result.abnormal_returns.loc[0, "AAPL"] == pytest.approx(r["AAPL"] - a - b * r["SPY"], rel=1e-12)
    assert result.car.loc["AAPL", "(0,0)"] == pytest.approx(result.abnormal_returns.loc[0, "AAPL"])


def test_group_tests_and_small_n_not_triggered(result) -> None:  # type: ignore[no-untyped-def]
    g = result.group_tests
    assert g.loc[("(-1,1)", "patell"), "n"] == 12
    assert np.isfinite(g["statistic"]).all()
    assert not any("cross-sectional tests have few" in w for w in result.warnings)
    assert math.isfinite(result.batch.r_bar)


def test_thin_trading_warned_for_mmtof_estimation() -> None:
    # MMTOF (247/380 zero-volume rows) with an event inside its data: thin trading is flagged.
    res = EventStudy().fit([{"symbol": "MMTOF", "day0": "2025-03-03"}])
    assert res.quality.loc["MMTOF", "thin_trading"]
    assert res.quality.loc["MMTOF", "zero_volume_days"] > 100
    assert any("thin trading" in w for w in res.warnings)
