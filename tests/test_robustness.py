"""marketreact.study.robustness on SYNTHETIC returns built so that every expected number is hand-computable."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from marketreact.errors import InvalidParameter
from marketreact.study.robustness import compare_models, compare_specs, compare_summary, fit_specs

DATES = pd.bdate_range("2024-01-02", periods=160)  # weekdays: XNYS sessions except holidays, see below
DAY0 = 140
SHOCK = 0.05


def _returns() -> pd.DataFrame:
    """SYNTHETIC: market m_t = +-0.01 alternating (period 2); listing SYNA = m_t + e_t with
    e_t = +-0.001 in blocks of two (period 4), plus SHOCK on day 0; SYNM2 = 2 m_t.

    Over an estimation window of 104 sessions (a multiple of 4), m and e have mean 0 and
    sum(m e) = 0, so OLS gives beta = 1 and alpha = 0 exactly.
    """
    t = np.arange(len(DATES))
    market = 0.01 * np.where(t % 2 == 0, 1.0, -1.0)
    noise = 0.001 * np.where(t % 4 < 2, 1.0, -1.0)
    listing = market + noise
    listing[DAY0] += SHOCK
    frames = []
    for sym, r in (("SYNA", listing), ("SYNM", market), ("SYNM2", 2 * market)):
        idx = pd.MultiIndex.from_arrays([[sym] * len(DATES), DATES], names=["symbol", "date"])
        frames.append(
            pd.DataFrame({"return": r, "sessions_spanned": 1.0, "gap": False, "basis": "adjusted"}, idx)
        )
    return pd.concat(frames)


EVENTS = [{"symbol": "SYNA", "day0": DATES[DAY0], "benchmark": "SYNM"}]
COMMON = {"estimation_window": (-114, -11), "min_estimation": 80, "shock_threshold": None}


def test_compare_models_by_hand() -> None:
    returns = _returns()
    table = compare_models(
        EVENTS, ["market", "market_adjusted", "constant_mean"], [(0, 0)], returns=returns, **COMMON
    )
    car = table["car"].xs(("SYNA", "(0,0)"), level=("symbol", "window"))
    # market (beta 1, alpha 0) and market_adjusted: AR_0 = R_0 - m_0 = e_0 + SHOCK.
    # constant_mean: mean of R over the window is 0, so AR_0 = R_0 = m_0 + e_0 + SHOCK.
    m0 = 0.01 if DAY0 % 2 == 0 else -0.01
    e0 = 0.001 if DAY0 % 4 < 2 else -0.001
    assert car["market"] == pytest.approx(e0 + SHOCK, abs=1e-12)
    assert car["market_adjusted"] == pytest.approx(e0 + SHOCK, abs=1e-12)
    assert car["constant_mean"] == pytest.approx(m0 + e0 + SHOCK, abs=1e-12)
    # market_adjusted: sigma^2 = sample variance of e (ddof 1) = 104 * 1e-6 / 103; no estimation error.
    t = table.loc[("market_adjusted", "SYNA", "(0,0)"), "t"]
    assert t == pytest.approx((e0 + SHOCK) / math.sqrt(104e-6 / 103))
    assert list(table.index.get_level_values("spec").unique()) == [
        "market",
        "market_adjusted",
        "constant_mean",
    ]


def test_benchmark_mapping_and_summary() -> None:
    returns = _returns()
    results = fit_specs(
        EVENTS,
        {
            "own": {"model": "market_adjusted"},
            "doubled": {"model": "market_adjusted", "benchmarks": {"SYNM": "SYNM2"}},
        },
        [(0, 0), (0, 1)],
        returns=returns,
        **COMMON,
    )
    table = compare_specs(results)
    assert table.loc[("doubled", "SYNA", "(0,0)"), "benchmark"] == "SYNM2"
    # Against 2 m_t: AR_0 = m_0 + e_0 + SHOCK - 2 m_0 = e_0 - m_0 + SHOCK.
    m0, e0 = (0.01 if DAY0 % 2 == 0 else -0.01), (0.001 if DAY0 % 4 < 2 else -0.001)
    assert table.loc[("doubled", "SYNA", "(0,0)"), "car"] == pytest.approx(e0 - m0 + SHOCK, abs=1e-12)
    # A symbol key wins over a benchmark key.
    by_symbol = fit_specs(
        EVENTS, {"s": {"benchmarks": {"SYNA": "SYNM2", "SYNM": "SYNM"}}}, [(0, 0)], returns=returns, **COMMON
    )
    assert by_symbol["s"].params.loc["SYNA", "benchmark"] == "SYNM2"
    summary = compare_summary(results, tests=("brown_warner",))
    assert list(summary.columns) == ["n", "caar", "brown_warner", "brown_warner_p"]
    # One listing: CAAR = its CAR.
    assert summary.loc[("own", "(0,0)"), "caar"] == pytest.approx(e0 + SHOCK, abs=1e-12)


def test_bad_specs_rejected() -> None:
    with pytest.raises(InvalidParameter, match="models"):
        compare_models(EVENTS, ["fama_french"])
    with pytest.raises(InvalidParameter, match="windows="):
        fit_specs(EVENTS, {"x": {"event_windows": [(0, 0)]}}, returns=_returns())
    with pytest.raises(InvalidParameter, match="specs"):
        fit_specs(EVENTS, {})
    with pytest.raises(InvalidParameter, match="events"):
        fit_specs([], {"x": {}})
