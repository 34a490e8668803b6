"""The study engine against independent computations committed in tests/reference/.

Provenance: ``tests/reference/make_reference.py`` generated the SYNTHETIC
dataset ``synthetic_returns.csv`` (seed 20250409) and computed the expected
values WITHOUT marketreact: statsmodels OLS (params, scale, cov_params,
get_prediction) for alpha/beta/sigma and the CLM CAR variance, scipy for
p-values, the cross-sectional t and Wilcoxon, and plain loops from the papers
(Brown & Warner 1985; Patell 1976; Boehmer, Musumeci & Poulsen 1991; Kolari &
Pynnönen 2010 with pandas pairwise-complete correlations; Corrado 1989 / Cowan
1992 ranks; Cowan 1992 generalized sign) for the rest.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from marketreact.study import EventStudy, EventStudyResult

REF = Path(__file__).resolve().parent / "reference"
# Tolerances: everything is double-precision arithmetic on the same inputs in a different order.
TOL = {"alpha": 1e-12, "beta": 1e-10, "sigma": 1e-12, "car": 1e-12, "bhar": 1e-12, "var_car": 1e-9, "t": 1e-9}


def _expected(model: str) -> dict[str, Any]:
    return json.loads((REF / f"expected_{model}.json").read_text())


def _fit(model: str) -> EventStudyResult:
    meta = _expected("market")["meta"]
    returns = pd.read_csv(REF / "synthetic_returns.csv", parse_dates=["date"]).set_index(["symbol", "date"])
    events = [{"symbol": s, "day0": d, "benchmark": "SYNMKT"} for s, d in meta["day0"].items()]
    study = EventStudy(
        model=model,
        estimation_window=tuple(meta["estimation_window"]),
        event_windows=[tuple(w) for w in meta["event_windows"]],
        min_estimation=100,
    )
    return study.fit(events, returns=returns)


@pytest.mark.parametrize("model", ["market", "constant_mean", "dimson", "market_adjusted"])
def test_per_listing_matches_statsmodels(model: str) -> None:
    expected = _expected(model)["listings"]
    res = _fit(model)
    params, tests = res.params, res.tests
    for sym, exp in expected.items():
        assert params.loc[sym, "n_estimation"] == exp["n_estimation"]
        assert params.loc[sym, "sigma"] == pytest.approx(exp["sigma"], rel=TOL["sigma"])
        if "alpha" in exp:
            assert params.loc[sym, "alpha"] == pytest.approx(exp["alpha"], rel=1e-9, abs=TOL["alpha"])
        if exp.get("beta") is not None:
            assert params.loc[sym, "beta"] == pytest.approx(exp["beta"], rel=TOL["beta"])
        for window, w in exp["windows"].items():
            row = tests.loc[(sym, window)]
            assert row["car"] == pytest.approx(w["car"], abs=TOL["car"])
            assert row["bhar"] == pytest.approx(w["bhar"], abs=TOL["bhar"])
            assert row["se"] ** 2 == pytest.approx(w["var_car"], rel=TOL["var_car"])
            assert row["t"] == pytest.approx(w["t"], rel=TOL["t"], abs=1e-12)
            assert row["p"] == pytest.approx(w["p"], rel=1e-8, abs=1e-14)


def test_dataset_quirks_are_reflected() -> None:
    """The reference dataset has a gap row (SYN2), a missing row (SYN5) and a missing market day."""
    res = _fit("market")
    q = res.quality
    assert q.loc["SYN2", "listing_gap_rows_excluded"] == 1
    assert q.loc["SYN5", "listing_missing_sessions"] == 1
    assert (q["benchmark_missing_sessions"] == 1).all()
    assert q.loc["SYN1", "n_estimation"] == 139  # 140 sessions - 1 missing market day


def test_group_tests_match_reference() -> None:
    expected = _expected("market")["group"]
    res = _fit("market")
    assert res.batch.r_bar == pytest.approx(expected["r_bar"], rel=1e-10)
    g = res.group_tests
    for window, tests in expected.items():
        if window == "r_bar":
            continue
        assert res.caar[window] == pytest.approx(tests.pop("caar")[0], abs=1e-13)
        for test, (stat, p) in tests.items():
            assert g.loc[(window, test), "statistic"] == pytest.approx(stat, rel=1e-9, abs=1e-12), test
            assert g.loc[(window, test), "p"] == pytest.approx(p, rel=1e-8, abs=1e-14), test


def test_reference_files_carry_provenance() -> None:
    script = (REF / "make_reference.py").read_text()
    assert "import marketreact" not in script and "from marketreact" not in script
    meta = _expected("market")["meta"]
    assert meta["seed"] == 20250409 and not math.isnan(_expected("market")["group"]["r_bar"])
