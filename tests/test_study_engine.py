"""EventStudy data assembly and result API on SYNTHETIC returns (windows, skips, quality, output)."""

from __future__ import annotations

import json
import math

import matplotlib.axes
import numpy as np
import pandas as pd
import pytest

from marketreact.errors import EventOutsideData, InsufficientEstimationData, InvalidParameter
from marketreact.reference.calendars import calendar
from marketreact.study import EventStudy

# SYNTHETIC symbols without a security-master row trade on XNYS (no suffix): dates are its sessions.
DATES = calendar("XNYS").sessions_in_range("2024-01-02", "2025-12-31")[:200]


def _returns(symbols: dict[str, int], drop_market: list[int] | None = None) -> pd.DataFrame:
    """SYNTHETIC returns: symbol -> number of rows (from the first date); market 'SYNM' on all dates."""
    rng = np.random.default_rng(7)
    frames = []
    market = rng.normal(0, 0.01, len(DATES))
    for sym, n in [*symbols.items(), ("SYNM", len(DATES))]:
        r = market if sym == "SYNM" else 1.2 * market + rng.normal(0, 0.01, len(DATES))
        idx = pd.MultiIndex.from_arrays([[sym] * n, DATES[:n]], names=["symbol", "date"])
        frames.append(
            pd.DataFrame({"return": r[:n], "sessions_spanned": 1.0, "gap": False, "basis": "adjusted"}, idx)
        )
    out = pd.concat(frames)
    for i in drop_market or []:
        out = out.drop(("SYNM", DATES[i]))
    return out


def _study(**kw: object) -> EventStudy:
    base: dict[str, object] = {
        "estimation_window": (-120, -11),
        "event_windows": [(0, 0), (-1, 1), (0, 5)],
        "min_estimation": 80,
        "benchmark": "SYNM",
    }
    return EventStudy(**(base | kw))  # type: ignore[arg-type]


def test_overlapping_windows_rejected_naming_both() -> None:
    with pytest.raises(
        InvalidParameter, match=r"estimation_window=\(-250, -11\): it overlaps event window \(-20,0\)"
    ):
        EventStudy(event_windows=[(0, 0), (-20, 0)])
    with pytest.raises(InvalidParameter, match="model"):
        EventStudy(model="fama_french")


def test_insufficient_estimation_raises_alone_and_skips_in_a_group() -> None:
    returns = _returns({"SYNA": 200, "SYNB": 200})
    # Day 0 at row 100: the window (-120,-11) needs rows -20..89, only rows 0..89 exist -> 90 < 95.
    with pytest.raises(InsufficientEstimationData, match=r"SYNB: only 90 usable .* min_estimation=95"):
        _study(min_estimation=95).fit([{"symbol": "SYNB", "day0": DATES[100]}], returns=returns)
    res = _study(min_estimation=95).fit(
        [{"symbol": "SYNA", "day0": DATES[150]}, {"symbol": "SYNB", "day0": DATES[100]}], returns=returns
    )
    assert list(res.car.index) == ["SYNA"]
    assert res.skipped["SYNB"].startswith("InsufficientEstimationData: SYNB: only 90")
    assert any(w.startswith("SYNB skipped") for w in res.warnings)


def test_event_after_data_end_skipped_and_partial_windows_nan() -> None:
    returns = _returns({"SYNA": 200, "SYNC": 152, "SYND": 150})
    events = [{"symbol": s, "day0": DATES[150]} for s in ("SYNA", "SYNC", "SYND")]
    res = _study().fit(events, returns=returns)
    assert "EventOutsideData" in res.skipped["SYND"] and str(DATES[149].date()) in res.skipped["SYND"]
    # SYNC has day 0 and day +1 only: (0,0) and (-1,1) computable, (0,5) NaN with its reason.
    car = res.car.loc["SYNC"]
    assert np.isfinite(car["(0,0)"]) and np.isfinite(car["(-1,1)"]) and math.isnan(car["(0,5)"])
    assert res.tests.loc[("SYNC", "(0,5)"), "note"].startswith("EventOutsideData: no session in the data")
    with pytest.raises(EventOutsideData):
        _study().fit([{"symbol": "SYND", "day0": DATES[150]}], returns=returns)


def test_day0_must_be_a_session() -> None:
    returns = _returns({"SYNA": 200})
    with pytest.raises(InvalidParameter, match="not a trading session"):
        _study().fit([{"symbol": "SYNA", "day0": "2024-06-15"}], returns=returns)  # a Saturday


def test_missing_benchmark_day_excluded_from_estimation_and_nan_in_event() -> None:
    returns = _returns({"SYNA": 200}, drop_market=[100, 151])
    res = _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=returns)
    q = res.quality.loc["SYNA"]
    assert q["benchmark_missing_sessions"] == 1 and q["n_estimation"] == 109  # 110 - 1, not zero-filled
    assert math.isnan(res.abnormal_returns.loc[1, "SYNA"]) and math.isnan(res.car.loc["SYNA", "(-1,1)"])
    assert f"benchmark SYNM has no return on {DATES[151].date()}" in res.tests.loc[("SYNA", "(0,5)"), "note"]
    assert np.isfinite(res.car.loc["SYNA", "(0,0)"])


def test_offsets_count_exchange_sessions_not_rows() -> None:
    returns = _returns({"SYNA": 200})
    # A missing row of the listing (a real data gap) on the XNYS session just before day 0; the
    # next return spans two sessions, as to_returns would flag it.
    returns = returns.drop(("SYNA", DATES[149]))
    returns.loc[("SYNA", DATES[150]), ["sessions_spanned", "gap"]] = [2.0, True]
    res = _study(event_windows=[(-3, 3)]).fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=returns)
    ar = res.abnormal_returns["SYNA"]
    # Day -1 is the SESSION DATES[149]: no row -> NaN, never filled, never taken from DATES[148].
    assert math.isnan(ar.loc[-1]) and "has no row on day -1" in res.tests.loc[("SYNA", "(-3,3)"), "note"]
    # Day 0's return spans the missing session: NaN too (not a one-day return).
    assert math.isnan(ar.loc[0]) and np.isfinite(ar.loc[1])
    # Day -2 is still DATES[148]: the gap does not shift the offsets before it.
    manual = (
        returns.loc[("SYNA", DATES[148]), "return"]
        - res.params.loc["SYNA", "alpha"]
        - (res.params.loc["SYNA", "beta"] * returns.loc[("SYNM", DATES[148]), "return"])
    )
    assert ar.loc[-2] == pytest.approx(manual)
    # The estimation window (-120,-11) = sessions 30..139 is unchanged: all 110 usable.
    assert res.quality.loc["SYNA", "n_estimation"] == 110


def test_missing_session_in_estimation_window_counted_not_shifted() -> None:
    returns = _returns({"SYNA": 200}).drop(("SYNA", DATES[100]))
    res = _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=returns)
    q = res.quality.loc["SYNA"]
    # Sessions 30..139: one has no row -> 109 usable; a row-based count would have reached back to 29.
    assert q["listing_missing_sessions"] == 1 and q["n_estimation"] == 109 and q["estimation_rows"] == 109
    full = _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=_returns({"SYNA": 200}))
    # The event window is untouched by an estimation-window gap.
    assert res.abnormal_returns["SYNA"].notna().all()
    assert res.params.loc["SYNA", "n_estimation"] == full.params.loc["SYNA", "n_estimation"] - 1


def test_day0_session_without_row_fits_with_nan_day0() -> None:
    returns = _returns({"SYNA": 200}).drop(("SYNA", DATES[150]))
    res = _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=returns)
    assert math.isnan(res.abnormal_returns.loc[0, "SYNA"]) and math.isnan(res.car.loc["SYNA", "(0,0)"])
    assert "has no row on day 0" in res.tests.loc[("SYNA", "(0,0)"), "note"]
    assert np.isfinite(res.abnormal_returns.loc[2, "SYNA"])
    assert any("(0,0)" in w and "no row on day 0" in w for w in res.warnings)


def test_rows_off_the_calendar_left_out_and_reported() -> None:
    returns = _returns({"SYNA": 200})
    extra = pd.DataFrame(
        {"return": [0.5], "sessions_spanned": [1.0], "gap": [False], "basis": ["adjusted"]},
        index=pd.MultiIndex.from_tuples([("SYNA", pd.Timestamp("2024-07-06"))], names=["symbol", "date"]),
    )  # a Saturday row: not an XNYS session
    res = _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=pd.concat([returns, extra]))
    assert res.quality.loc["SYNA", "rows_off_calendar"] == 1
    assert any("not XNYS sessions were left out" in w for w in res.warnings)


def test_result_outputs() -> None:
    returns = _returns({"SYNA": 200, "SYNB": 200, "SYNC": 200})
    res = _study().fit(
        pd.DataFrame({"symbol": ["SYNA", "SYNB", "SYNC"], "day0": [DATES[150]] * 3}), returns=returns
    )
    d = res.to_json_dict()
    assert {"listings", "group", "warnings", "skipped"} <= set(d)
    first = d["listings"][0]
    assert {
        "symbol",
        "benchmark",
        "day0",
        "alpha",
        "beta",
        "sigma",
        "n_estimation",
        "windows",
        "quality",
    } <= set(first)
    assert first["windows"][1]["window"] == [-1, 1] and set(first["windows"][1]) >= {"car", "bhar", "t", "p"}
    assert set(d["group"][0]["tests"]["patell"]) == {"statistic", "p"}
    json.dumps(d, allow_nan=False)
    assert any("cross-sectional tests" in w for w in res.warnings)  # 3 < 10 listings
    assert list(res.summary().columns[:4]) == ["n", "caar", "brown_warner", "brown_warner_p"]
    tidy = res.to_frame()
    assert list(tidy.columns) == ["level", "symbol", "window", "measure", "value"]
    assert set(tidy["level"]) == {"listing", "group"}
    assert isinstance(res.plot(), matplotlib.axes.Axes)
    assert "Per-listing CAR" in str(res) and "<table" in res._repr_html_()
    assert res.group_tests.loc[("(0,0)", "wilcoxon"), "n"] == 3
