"""``conventions="estudy2"``: toy tests, worked by hand on SYNTHETIC numbers (no estudy2 data needed).

The formulas are those of the R package estudy2 0.10.0 (``R/parametric_tests.R``,
``R/nonparametric_tests.R``); tests/test_study_estudy2.py checks them against the numbers its vignette
prints when the vignette's data are staged. Every expected value below is worked in the comments.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from marketreact.errors import InvalidParameter
from marketreact.study import EventStudy
from marketreact.study.conventions import CONVENTIONS, apply_conventions, conventions_table
from marketreact.study.core import run_batch
from marketreact.study.estudy2_tests import ESTUDY2_TESTS, estudy2_group_tests
from marketreact.study.extra_tests import ExtraInputs, prepare_extra
from marketreact.study.models import fit_batch
from marketreact.study.significance import standardized_ranks
from marketreact.study.windows import Windows

NAN = float("nan")
# SYNTHETIC: two events, four estimation days (event B misses day 0, as a late listing would) and one
# event day. AAR_est = [1, 0, 1, 0]; positive estimation ARs: A 2 of 4, B 2 of 3.
RESID = np.array([[1.0, -1.0, 3.0, -1.0], [NAN, 1.0, -1.0, 1.0]])
AR_SPAN = np.array([[2.0], [2.0]])
CAR = AR_SPAN[:, 0]
N_EST = np.array([4, 3])
X_EST = np.array([[0.0, 1.0, 2.0, 3.0], [NAN, 1.0, 2.0, 3.0]])[:, :, None]  # market, masked like the AR
X_EV = np.array([[[4.0]], [[4.0]]])


def _tests(
    x_est: np.ndarray | None = None,
    x_ev: np.ndarray | None = None,
    *,
    resid: np.ndarray = RESID,
    ar_span: np.ndarray = AR_SPAN,
    sigma2: np.ndarray | None = None,
    n_est: np.ndarray = N_EST,
    pre: ExtraInputs | None = None,
    u: np.ndarray | None = None,
    r_bar: float = NAN,
) -> dict[str, tuple[float, float, float]]:
    n = resid.shape[0]
    return estudy2_group_tests(
        ar_span.sum(axis=1),
        np.ones(n) if sigma2 is None else sigma2,
        n_est,
        n_est - 1.0,
        resid,
        ar_span,
        slice(0, ar_span.shape[1]),
        standardized_ranks(resid, ar_span) if u is None else u,
        prepare_extra(resid, ar_span, x_est) if pre is None else pre,
        x_est,
        x_ev,
        True,
        r_bar,
    )


def test_lamb_uses_the_mean_estimation_length() -> None:
    # sd(AAR_est = [1, 0, 1, 0], ddof 1) = sqrt(1/3); AAR on the day = 2; mean n = (4 + 3) / 2 = 3.5.
    # No regressor: c = 1 + 1/3.5 = 9/7 (the default form has 1 + 1/M, M = 4 days) -> z = 2 / sqrt(3/7).
    z = _tests()["lamb"][0]
    assert z == pytest.approx(2.0 / math.sqrt((1.0 / 3.0) * (9.0 / 7.0)), rel=1e-12)
    # One market: x̄_est = [0, 1, 2, 3], mean 1.5, sum of squares 5, day's market 4:
    # c = 1 + 1/3.5 + (4 - 1.5)^2 / 5 = 71/28.
    z, p, df = _tests(X_EST, X_EV)["lamb"]
    assert z == pytest.approx(2.0 / math.sqrt((1.0 / 3.0) * (71.0 / 28.0)), rel=1e-12)
    assert p == pytest.approx(math.erfc(abs(z) / math.sqrt(2.0)), rel=1e-12) and math.isnan(df)


def test_generalized_sign_pools_the_estimation_cells() -> None:
    # p̂ = (2 + 2) / (4 + 3) = 4/7 (the default, mean of shares, is 7/12); w = 2 of N = 2 CARs positive:
    # z = (2 - 8/7) / sqrt(2 * 4/7 * 3/7) = (6/7) / sqrt(24/49) = 6 / sqrt(24).
    assert _tests()["generalized_sign"][0] == pytest.approx(6.0 / math.sqrt(24.0), rel=1e-12)


def test_corrado_sign_and_modified_rank_use_mean_cells_and_n_times_mean_day_totals() -> None:
    # Signs over 2 estimation days + the event day; B has no day 0. N_t = [1, 2, 2], day means [1, 0, 1],
    # estudy2's day totals T_t = N x mean = [2, 0, 2] (the plain sum of day 0 would be 1); cells per event
    # 3 and 2, mean 2.5: S^2 = (2^2/1 + 0 + 2^2/2) / 2.5 = 2.4 and z = 2 / (sqrt(2) sqrt(2.4)).
    g = np.array([[1.0, -1.0, 1.0], [0.0, 1.0, 1.0]])
    finite = np.array([[True, True, True], [False, True, True]])
    resid = np.array([[0.5, -0.5], [NAN, 0.5]])
    pre = ExtraInputs(g, finite, np.full((2, 2), NAN))
    # Ranks: day means [0.3, 0, 0.2] -> T_t = [0.6, 0, 0.4]; S^2 = (0.36 + 0 + 0.16/2) / 2.5 = 0.176.
    u = np.array([[0.3, -0.1, 0.2], [NAN, 0.1, 0.2]])
    out = _tests(resid=resid, ar_span=np.ones((2, 1)), n_est=np.array([2, 1]), pre=pre, u=u)
    assert out["corrado_zivney_sign"][0] == pytest.approx(2.0 / math.sqrt(2.0 * 2.4), rel=1e-12)
    assert out["corrado_rank"][0] == pytest.approx(0.4 / math.sqrt(2.0 * 0.176), rel=1e-12)


def test_patell_bmp_and_kolari_pynnonen_standardise_day_by_day() -> None:
    # Three events without a regressor: f_i = 1 + 1/n_i = [5/4, 5/4, 10/9]; sigma^2 f = [1, 4, 1], so
    # SAR = [1, 2, -1] / [1, 2, 1] = [1, 1, -1]. df = n - 1 = [3, 3, 8]: sum df/(df - 2) = 3 + 3 + 4/3 = 22/3,
    # Patell = 1 / sqrt(22/3). BMP: mean 1/3, sd sqrt(4/3) -> sqrt(3) (1/3) / sqrt(4/3) = 1/2.
    # Kolari-Pynnönen with r = 0.1: 0.5 sqrt(0.9 / 1.2).
    resid = np.array([[1.0, -1.0], [2.0, -2.0], [1.0, -1.0]])
    ar_span = np.array([[1.0], [2.0], [-1.0]])
    out = _tests(
        resid=resid, ar_span=ar_span, sigma2=np.array([0.8, 3.2, 0.9]), n_est=np.array([4, 4, 9]), r_bar=0.1
    )
    assert out["patell"][0] == pytest.approx(math.sqrt(3.0 / 22.0), rel=1e-12)
    assert out["bmp"][0] == pytest.approx(0.5, rel=1e-12) and out["bmp"][2] == 2.0
    assert out["kolari_pynnonen"][0] == pytest.approx(0.5 * math.sqrt(0.75), rel=1e-12)


def test_patell_forecast_factor_takes_the_portfolio_market() -> None:
    # The factor's market moments come from x̄_est = [0, 1, 2, 3] even for B, which misses day 0:
    # f_i = 1 + 1/n_i + (4 - 1.5)^2 / 5 -> f = [2.5, 1/3 + 2.25]; sigma^2 = 1, SAR_i = 2 / sqrt(f_i).
    sar = [2.0 / math.sqrt(2.5), 2.0 / math.sqrt(1.0 + 1.0 / 3.0 + 1.25)]
    # df = n - 1 = [3, 2]: B has df <= 2, so Patell is not defined (as in the default form).
    out = _tests(X_EST, X_EV)
    assert math.isnan(out["patell"][0])
    bmp = math.sqrt(2.0) * np.mean(sar) / np.std(sar, ddof=1)
    assert out["bmp"][0] == pytest.approx(bmp, rel=1e-12)


def test_sigma_is_ssr_over_n_minus_1_and_j1_is_brown_warner_1980() -> None:
    # Market model on x = [0, 1, 2, 3]: A y = [0, 2, 2, 4] -> beta 1.2, alpha 0.2, residuals
    # [-0.2, 0.6, -0.6, 0.2]; B y = [1, 1, 3, 3] -> beta 0.8, alpha 0.8, residuals [0.2, -0.6, 0.6, -0.2].
    # SSR = 0.8 for both: sigma^2 = 0.8/2 (clm), 0.8/4 (simple), 0.8/3 (estudy2).
    x = np.array([[0.0, 1.0, 2.0, 3.0]] * 2)[:, :, None]
    y = np.array([[0.0, 2.0, 2.0, 4.0], [1.0, 1.0, 3.0, 3.0]])
    x_ev, y_ev = np.full((2, 1, 1), 4.0), np.array([[6.0], [5.0]])  # normal 5.0 and 4.0: AR = 1 and 1
    fit = fit_batch("market", y, x, y_ev, x_ev)
    assert apply_conventions(fit, "estudy2").sigma2 == pytest.approx([0.8 / 3.0] * 2, rel=1e-12)
    assert apply_conventions(fit, "estudy2").xtx_inv is None
    assert fit.sigma2 == pytest.approx([0.4, 0.4], rel=1e-12)  # the default is untouched
    windows = Windows.parse((-4, -1), [(0, 0)])
    batch = run_batch("market", windows, y, x, y_ev, x_ev, conventions="estudy2")
    stats = batch.stats[(0, 0)]
    assert stats.var_car == pytest.approx([0.8 / 3.0] * 2, rel=1e-12)  # L sigma^2, no estimation-error term
    # j1 = CAAR / sqrt(sum_i sigma_i^2 / N^2) = 1 / sqrt(2 (0.8/3) / 4) = sqrt(7.5) (estudy2 bw_1980)
    assert batch.group[(0, 0)]["j1"][0] == pytest.approx(math.sqrt(7.5), rel=1e-12)
    assert set(ESTUDY2_TESTS) <= set(batch.group[(0, 0)])


def test_estudy2_is_a_named_preset() -> None:
    assert "estudy2" in CONVENTIONS
    study = EventStudy(conventions="estudy2")
    assert "conventions='estudy2'" in repr(study)
    table = conventions_table("market", "estudy2")
    assert table.loc["sigma2", "variance"] == "SSR / (n - 1)" and table.loc["sigma2", "ddof"] == "1"
    assert "mean_i(n_i)" in table.loc["lamb", "variance"]
    assert "pooled" in table.loc["generalized_sign", "variance"]
    assert "pooled" not in conventions_table("market", "clm").loc["generalized_sign", "variance"]
    with pytest.raises(InvalidParameter) as err:
        EventStudy(conventions="estudy")
    assert err.value.param == "conventions" and "estudy2" in str(err.value)


def test_preset_changes_only_its_tests_and_says_so() -> None:
    # The SYNTHETIC reference returns of tests/reference (seed 20250409), fitted under both presets.
    ref = Path(__file__).resolve().parent / "reference"
    meta = json.loads((ref / "expected_market.json").read_text())["meta"]
    returns = pd.read_csv(ref / "synthetic_returns.csv", parse_dates=["date"]).set_index(["symbol", "date"])
    events = [{"symbol": s, "day0": d, "benchmark": "SYNMKT"} for s, d in meta["day0"].items()]

    def fit(conventions: str) -> pd.DataFrame:
        study = EventStudy(
            estimation_window=tuple(meta["estimation_window"]),
            event_windows=[tuple(w) for w in meta["event_windows"]],
            min_estimation=100,
            conventions=conventions,
        )
        res = study.fit(events, returns=returns)
        if conventions == "estudy2":
            text = str(res)
            assert "Conventions (estudy2)" in text and "(L sigma^2, SSR/(n - 1) variance)" in text
        return res.group_tests["statistic"].unstack("test")

    clm, e2 = fit("clm"), fit("estudy2")
    # grank uses sigma_i and the CAR variance, so it moves with sigma^2 too; nothing else may move.
    moved = set(ESTUDY2_TESTS) | {"j1", "grank"}
    same = [t for t in clm.columns if t not in moved]
    assert "brown_warner" in same and "cross_sectional_t" in same and "wilcoxon_w_plus" in same
    pd.testing.assert_frame_equal(clm[same], e2[same])
    changed = sorted(moved - {"grank"})  # grank ranks; its ranks need not change with sigma^2
    assert (clm[changed] != e2[changed]).all().all()
