"""The added group tests, Scholes-Williams, the "simple" conventions and per-event estimation windows.

Reference values: ``tests/reference/make_reference_extra.py`` (plain loops from the papers,
scipy/statsmodels only for ranks, distributions and OLS; no marketreact) wrote
``expected_extra.json`` from the SYNTHETIC ``synthetic_returns.csv`` (seed 20250409).
Toy tests: numbers small enough to check by hand (worked in the comments).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from marketreact.errors import InvalidParameter
from marketreact.study import EventStudy, EventStudyResult
from marketreact.study.extra_tests import EXTRA_TESTS, extra_group_tests

REF = Path(__file__).resolve().parent / "reference"
EXTRA = json.loads((REF / "expected_extra.json").read_text())


def _fit(model: str = "market", events_extra: dict[str, Any] | None = None, **kw: Any) -> EventStudyResult:
    meta = json.loads((REF / "expected_market.json").read_text())["meta"]
    returns = pd.read_csv(REF / "synthetic_returns.csv", parse_dates=["date"]).set_index(["symbol", "date"])
    events = [
        {"symbol": s, "day0": d, "benchmark": "SYNMKT"} | (events_extra or {}).get(s, {})
        for s, d in meta["day0"].items()
    ]
    kw.setdefault("min_estimation", 100)
    study = EventStudy(
        model=model,
        estimation_window=tuple(meta["estimation_window"]),
        event_windows=[tuple(w) for w in meta["event_windows"]],
        **kw,
    )
    return study.fit(events, returns=returns)


# ------------------------------------------------------------------ reference values
def test_extra_group_tests_match_reference() -> None:
    g = _fit().group_tests
    for window, tests in EXTRA["group_market"].items():
        for test, (stat, p) in tests.items():
            assert g.loc[(window, test), "statistic"] == pytest.approx(stat, rel=1e-9, abs=1e-12), test
            assert g.loc[(window, test), "p"] == pytest.approx(p, rel=1e-8, abs=1e-14), test


def test_scholes_williams_matches_reference() -> None:
    res = _fit("scholes_williams")
    for sym, exp in EXTRA["scholes_williams"].items():
        assert res.params.loc[sym, "beta"] == pytest.approx(exp["beta"], rel=1e-10)
        assert res.params.loc[sym, "alpha"] == pytest.approx(exp["alpha"], rel=1e-9, abs=1e-13)
        assert res.params.loc[sym, "sigma"] == pytest.approx(exp["sigma"], rel=1e-11)
        assert res.params.loc[sym, "n_estimation"] == exp["n_estimation"]
        for window, w in exp["windows"].items():
            row = res.tests.loc[(sym, window)]
            assert row["car"] == pytest.approx(w["car"], abs=1e-12)
            assert row["se"] ** 2 == pytest.approx(w["var_car"], rel=1e-9)
            assert row["p"] == pytest.approx(w["p"], rel=1e-8, abs=1e-14)


def test_simple_conventions_match_reference() -> None:
    res = _fit(conventions="simple")
    for sym, exp in EXTRA["simple_market"].items():
        assert res.params.loc[sym, "sigma"] == pytest.approx(exp["sigma"], rel=1e-11)
        for window, w in exp["windows"].items():
            row = res.tests.loc[(sym, window)]
            assert row["se"] ** 2 == pytest.approx(w["var_car"], rel=1e-10)
            assert row["t"] == pytest.approx(w["t"], rel=1e-9)
            assert row["p"] == pytest.approx(w["p"], rel=1e-8, abs=1e-14)
    assert "conventions='simple'" in res.study
    table = res.summary().attrs["conventions"]
    assert table["sigma2"]["ddof"] == "0" and table["sigma2"]["variance"] == "SSR / n"
    assert "conventions (simple)" in str(res).lower()


def test_per_event_estimation_windows_match_reference() -> None:
    own = EXTRA["meta"]["own_windows"]
    extra = {
        "SYN1": {"estimation_window": tuple(own["SYN1"])},
        "SYN4": {"estimation_window": "{},{}".format(*own["SYN4"])},
    }
    res = _fit(events_extra=extra, min_estimation=50)
    for sym, exp in EXTRA["own_windows_market"].items():
        assert res.params.loc[sym, "n_estimation"] == exp["n_estimation"], sym
        assert res.params.loc[sym, "beta"] == pytest.approx(exp["beta"], rel=1e-10)
        for window, w in exp["windows"].items():
            assert res.tests.loc[(sym, window), "se"] ** 2 == pytest.approx(w["var_car"], rel=1e-9)
    q = res.quality
    assert q.loc["SYN1", "estimation_window_sessions"] == 110
    assert q.loc["SYN1", "estimation_window"] == "-120,-11"
    assert q.loc["SYN4", "estimation_window_sessions"] == 121


def test_per_event_window_from_dataframe_and_errors() -> None:
    returns = pd.read_csv(REF / "synthetic_returns.csv", parse_dates=["date"]).set_index(["symbol", "date"])
    events = pd.DataFrame(
        {"symbol": ["SYN1", "SYN2"], "day0": ["2024-10-14"] * 2, "benchmark": ["SYNMKT"] * 2,
         "estimation_window": ["-100,-11", None]}
    )  # fmt: skip
    res = EventStudy(estimation_window=(-150, -11), event_windows=[(0, 0)], min_estimation=50).fit(
        events, returns=returns
    )
    assert res.params.loc["SYN1", "n_estimation"] < res.params.loc["SYN2", "n_estimation"]
    bad = events.assign(estimation_window=["-10,2", None])
    with pytest.raises(InvalidParameter) as err:
        EventStudy(estimation_window=(-150, -11), event_windows=[(0, 0)]).fit(bad, returns=returns)
    assert err.value.param == "events[0].estimation_window"


# ------------------------------------------------------------------ toy tests by hand
def _toy(car: list[float], var: list[float], resid: np.ndarray, ar: np.ndarray, **kw: Any) -> dict[str, Any]:
    n = len(car)
    return extra_group_tests(
        np.array(car), np.array(var), kw.pop("sigma2", np.ones(n)), resid, ar, slice(0, ar.shape[1]),
        kw.pop("x_est", None), kw.pop("x_ev", None), kw.pop("intercept", True),
    )  # fmt: skip


def test_toy_j1_sign_and_wilcoxon_sums() -> None:
    # CARs 0.01, 0.03, -0.02, 0.04 with var 1e-4 each: CAAR = 0.015, sd = sqrt(4e-4/16) = 0.005 -> J1 = 3.
    # Three of four positive: sign z = (3 - 2) / sqrt(1) = 1.
    # |CAR| ranks: 0.01->1, 0.02->2, 0.03->3, 0.04->4: W+ = 1+3+4 = 8, W- = 2.
    resid = np.zeros((4, 3))
    ar = np.array([[0.01], [0.03], [-0.02], [0.04]])
    out = _toy([0.01, 0.03, -0.02, 0.04], [1e-4] * 4, resid, ar)
    assert out["j1"][0] == pytest.approx(3.0)
    assert out["sign"][0] == pytest.approx(1.0)
    assert out["sign"][1] == pytest.approx(2 * stats.norm.sf(1.0))
    assert out["wilcoxon_w_plus"][0] == 8.0 and out["wilcoxon_w_minus"][0] == 2.0
    assert set(out) == set(EXTRA_TESTS)


def test_toy_lamb_market_adjusted_and_constant_mean() -> None:
    # Two events, estimation ARs by day: (1, 3), (-1, -1), (0, 2) -> AAR_est = 2, -1, 1, sd = sqrt(7/3).
    # Event day ARs 2 and 4 -> AAR = 3. market_adjusted (nothing estimated): z = 3 / sqrt(7/3).
    resid = np.array([[1.0, -1.0, 0.0], [3.0, -1.0, 2.0]])
    ar = np.array([[2.0], [4.0]])
    out = _toy([2.0, 4.0], [1.0, 1.0], resid, ar, intercept=False)
    assert out["lamb"][0] == pytest.approx(3 / math.sqrt(7 / 3))
    # constant_mean: c = 1 + 1/M = 4/3.
    out = _toy([2.0, 4.0], [1.0, 1.0], resid, ar, x_est=np.zeros((2, 3, 0)), x_ev=np.zeros((2, 1, 0)))
    assert out["lamb"][0] == pytest.approx(3 / (math.sqrt(7 / 3) * math.sqrt(4 / 3)))


def test_toy_corrado_zivney_sign() -> None:
    # Event A cells (est, est, event): 1, 2, 5 -> median 2 -> signs -1, 0, +1.
    # Event B cells: 4, 0, 3 -> median 3 -> signs +1, -1, 0.
    # Day sums: 0, -1, 1 over N_t = 2 each: S^2 = (0 + 1/2 + 1/2) / 3 = 1/3.
    # Event day: z = 1 / (sqrt(2) sqrt(1/3)) = sqrt(3/2).
    resid = np.array([[1.0, 2.0], [4.0, 0.0]])
    ar = np.array([[5.0], [3.0]])
    out = _toy([5.0, 3.0], [1.0, 1.0], resid, ar)
    assert out["corrado_zivney_sign"][0] == pytest.approx(math.sqrt(1.5))


def test_toy_grank() -> None:
    # Two events, sigma = 1, estimation ARs A: .1, .2, .3; B: .3, .1, .2. SCAR = CAR/sqrt(var) = 4 and 2,
    # cross-sectional sd = sqrt(2): event cells 2.83 and 1.41, the largest cell of each event.
    # Ranks among 4 cells: A: 1,2,3,4 -> U = rank/5 - 1/2 = -.3,-.1,.1,.3; B: 3,1,2,4 -> .1,-.3,-.1,.3.
    # Ubar = -.1, -.2, 0, .3 (N_t = N). S^2 = (.01 + .04 + 0 + .09) / 4 = 0.035.
    # Z = 0.3 / sqrt(0.035); t = Z sqrt((4-2)/(4-1-Z^2)), df 2.
    resid = np.array([[0.1, 0.2, 0.3], [0.3, 0.1, 0.2]])
    ar = np.array([[4.0], [2.0]])
    out = _toy([4.0, 2.0], [1.0, 1.0], resid, ar)
    z = 0.3 / math.sqrt(0.035)
    assert out["grank"][0] == pytest.approx(z * math.sqrt(2 / (3 - z * z)))
    assert out["grank"][2] == 2.0


def test_toy_scholes_williams_beta() -> None:
    """Hand-checkable SW beta: a listing that reacts to the market one day late has beta ~ 1."""
    rng = np.random.default_rng(3)
    market = rng.normal(0, 0.01, 300)
    y = np.r_[0.0, market[:-1]]  # R_t = M_{t-1} exactly
    from marketreact.study.scholes_williams import fit_scholes_williams

    x = np.column_stack([np.r_[np.nan, market[:-1]], market, np.r_[market[1:], np.nan]])
    fit = fit_scholes_williams(y[None, :250], x[None, :250], y[None, 250:], x[None, 250:])
    # b_-1 = 1, b_0 = b_+1 ~ rho ~ 0 -> beta = (1 + ~0) / (1 + 2 ~0) ~ 1, while OLS on M_t gives ~0.
    assert fit.beta[0] == pytest.approx(1.0, abs=0.15)
    assert fit.df[0] == fit.n[0] - 2


def test_events_from_a_generator() -> None:
    returns = pd.read_csv(REF / "synthetic_returns.csv", parse_dates=["date"]).set_index(["symbol", "date"])
    rows = ({"symbol": s, "day0": "2024-10-14", "benchmark": "SYNMKT"} for s in ("SYN1", "SYN2"))
    res = EventStudy(estimation_window=(-150, -11), event_windows=[(0, 0)], min_estimation=50).fit(
        rows, returns=returns
    )
    assert res.n_listings == 2
