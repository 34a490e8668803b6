"""Hand-computable toy checks of every statistic (arithmetic written out in each test).

All arrays are SYNTHETIC and tiny; the expected numbers were worked out by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from marketreact.study.models import fit_batch, window_stats
from marketreact.study.significance import group_tests, mean_pairwise_correlation


def _one(values: list[float]) -> np.ndarray:
    return np.array([values], dtype=float)


def test_market_model_ols_and_clm_variance_by_hand() -> None:
    # Estimation: x = [-1, 0, 1, 0], y = [-2, 1, 2, -1]; xbar = ybar = 0, Sxx = 2, Sxy = 2 + 2 = 4
    # -> beta = 2, alpha = 0; residuals y - 2x = [0, 1, 0, -1], SSR = 2, sigma^2 = 2 / (4 - 2) = 1.
    # Event span: x* = [1, 1], y* = [3, 1] -> AR = [1, -1].
    fit = fit_batch(
        "market",
        _one([-2, 1, 2, -1]),
        _one([-1, 0, 1, 0])[:, :, None],
        _one([3, 1]),
        _one([1, 1])[:, :, None],
    )
    assert fit.beta[0] == pytest.approx(2.0) and fit.alpha[0] == pytest.approx(0.0, abs=1e-15)
    assert fit.sigma2[0] == pytest.approx(1.0) and fit.df[0] == 2
    np.testing.assert_allclose(fit.ar[0], [1.0, -1.0])
    # One day: var = sigma^2 (1 + 1/n + (x* - xbar)^2 / Sxx) = 1 + 1/4 + 1/2 = 1.75; t = 1/sqrt(1.75).
    day = window_stats(fit, _one([3, 1]), slice(0, 1))
    assert day.var_car[0] == pytest.approx(1.75)
    assert day.t[0] == pytest.approx(1 / math.sqrt(1.75))
    # p: two-sided t with 2 df: t(2) cdf has closed form 1/2 + t / (2 sqrt(2 + t^2)).
    t = 1 / math.sqrt(1.75)
    assert day.p[0] == pytest.approx(2 * (0.5 - t / (2 * math.sqrt(2 + t * t))))
    # Two days: (X'X)^-1 = diag(1/4, 1/2); every cell of X*(X'X)^-1X*' is 1/4 + 1/2 = 3/4,
    # so 1'V1 = sigma^2 (2 + 4 * 3/4) = 5 (the off-diagonal 3/4 + 3/4 are included); CAR = 0.
    two = window_stats(fit, _one([3, 1]), slice(0, 2))
    assert two.var_car[0] == pytest.approx(5.0) and two.car[0] == pytest.approx(0.0)


def test_constant_mean_by_hand() -> None:
    # y = [1, 2, 3]: mean 2, sigma^2 = (1 + 0 + 1) / 2 = 1; event y* = 4 -> AR = 2;
    # var = sigma^2 (1 + 1/3) = 4/3; t = 2 / sqrt(4/3) = sqrt(3).
    empty = np.empty((1, 3, 0))
    fit = fit_batch("constant_mean", _one([1, 2, 3]), empty, _one([4]), np.empty((1, 1, 0)))
    ws = window_stats(fit, _one([4]), slice(0, 1))
    assert (fit.alpha[0], fit.sigma2[0], fit.df[0]) == pytest.approx((2.0, 1.0, 2.0))
    assert ws.var_car[0] == pytest.approx(4 / 3) and ws.t[0] == pytest.approx(math.sqrt(3))


def test_market_adjusted_by_hand() -> None:
    # Estimation ARs y - x = [1, -1, 1, -1]: sample variance (ddof 1) = 4/3, df = 3, no estimation error.
    # Event ARs [1, 1]: CAR = 2, var = 2 * 4/3 = 8/3, t = 2 / sqrt(8/3) = 1.2247.
    x = np.zeros((1, 4, 1))
    fit = fit_batch(
        "market_adjusted", _one([1, -1, 1, -1]), x, _one([1.5, 0.5]), _one([0.5, -0.5])[:, :, None]
    )
    ws = window_stats(fit, _one([1.5, 0.5]), slice(0, 2))
    assert fit.sigma2[0] == pytest.approx(4 / 3) and fit.df[0] == 3
    assert ws.car[0] == pytest.approx(2.0) and ws.t[0] == pytest.approx(2 / math.sqrt(8 / 3))


def test_bhar_by_hand() -> None:
    # Returns +10% then -10% with zero normal returns: CAR = 0 but BHAR = 1.1 * 0.9 - 1 = -0.01.
    fit = fit_batch(
        "market_adjusted", _one([1, -1, 1]), np.zeros((1, 3, 1)), _one([0.1, -0.1]), np.zeros((1, 2, 1))
    )
    ws = window_stats(fit, _one([0.1, -0.1]), slice(0, 2))
    assert ws.car[0] == pytest.approx(0.0) and ws.bhar[0] == pytest.approx(-0.01)
    # Log returns are compounded as exp(r) - 1: ln(1.1) + ln(0.9) -> 1.1 * 0.9 - 1 again.
    logs = np.log(_one([1.1, 0.9]))
    fit_log = fit_batch("market_adjusted", _one([1, -1, 1]), np.zeros((1, 3, 1)), logs, np.zeros((1, 2, 1)))
    assert window_stats(fit_log, logs, slice(0, 2), "log").bhar[0] == pytest.approx(-0.01)


def test_missing_cell_makes_window_nan_not_partial() -> None:
    fit = fit_batch(
        "market_adjusted", _one([1, -1, 1]), np.zeros((1, 3, 1)), _one([0.1, np.nan]), np.zeros((1, 2, 1))
    )
    assert math.isnan(window_stats(fit, _one([0.1, np.nan]), slice(0, 2)).car[0])
    assert window_stats(fit, _one([0.1, np.nan]), slice(0, 1)).car[0] == pytest.approx(0.1)


def _toy_group(r_bar: float = 0.5) -> dict[str, tuple[float, float, float]]:
    # Three firms, identical estimation residuals [1, -1, 1, -1], event-day ARs (= CARs) 1, 2, 3,
    # var(CAR) = 1 and df = 12 for each.
    resid = np.tile([1.0, -1.0, 1.0, -1.0], (3, 1))
    ar_span = np.array([[1.0], [2.0], [3.0]])
    car = ar_span[:, 0]
    return group_tests(car, np.ones(3), np.full(3, 12.0), resid, ar_span, slice(0, 1), r_bar)


def test_cross_sectional_patell_bmp_kp_by_hand() -> None:
    g = _toy_group(0.5)
    # Cross-sectional: mean 2, sd 1 -> t = 2 / (1/sqrt 3) = 2 sqrt 3.
    assert g["cross_sectional_t"][0] == pytest.approx(2 * math.sqrt(3))
    # Patell: SCAR = [1, 2, 3], each with variance 12/10 -> Z = 6 / sqrt(3.6).
    assert g["patell"][0] == pytest.approx(6 / math.sqrt(3.6))
    # BMP: sqrt(3) * mean(SCAR) / sd(SCAR) = sqrt(3) * 2 / 1.
    assert g["bmp"][0] == pytest.approx(2 * math.sqrt(3))
    # KP: r = 0.5, N = 3 -> factor sqrt((1 - .5) / (1 + 2 * .5)) = 1/2.
    assert g["kolari_pynnonen"][0] == pytest.approx(math.sqrt(3))


def test_brown_warner_sign_rank_wilcoxon_by_hand() -> None:
    g = _toy_group()
    # Brown-Warner: AAR_est = [1, -1, 1, -1], sd (ddof 1) = sqrt(4/3); event AAR = 2, L = 1
    # -> t = 2 / sqrt(4/3) = sqrt 3, df = 3.
    assert g["brown_warner"][0] == pytest.approx(math.sqrt(3)) and g["brown_warner"][2] == 3
    # Generalized sign: p-hat = 2/4 = 0.5, w = 3 positive CARs -> Z = (3 - 1.5) / sqrt(3 * .25).
    assert g["generalized_sign"][0] == pytest.approx(1.5 / math.sqrt(0.75))
    # Corrado: firm 1 cells [1, -1, 1, -1, 1] -> ranks -1: 1.5, 1: 4; firms 2, 3 cells [.., c>1]
    # -> -1: 1.5, 1: 3.5, c: 5. U = K/6 - 1/2. Ubar on days with 1: (1/6 + 1/12 + 1/12)/3 = 1/9;
    # days with -1: -1/4; event day: (1/6 + 1/3 + 1/3)/3 = 5/18.
    s_u = math.sqrt((2 * (1 / 9) ** 2 + 2 * (1 / 4) ** 2 + (5 / 18) ** 2) / 5)
    assert g["corrado_rank"][0] == pytest.approx((5 / 18) / s_u)
    # Wilcoxon: CARs 1, 2, 3 all positive -> W- = 0; exact two-sided p = 2 / 2^3 = 0.25.
    assert g["wilcoxon"][:2] == pytest.approx((0.0, 0.25))


def test_group_tests_need_two_events() -> None:
    g = group_tests(
        np.array([1.0, np.nan]),
        np.ones(2),
        np.full(2, 12.0),
        np.zeros((2, 4)),
        np.ones((2, 1)),
        slice(0, 1),
        0.0,
    )
    assert all(math.isnan(v[0]) for v in g.values())


def test_mean_pairwise_correlation_by_hand() -> None:
    # a = t, b = t, c = -t over 40 dates: r_ab = 1, r_ac = r_bc = -1 -> mean -1/3 (fast path).
    t = np.arange(40.0)
    resid = np.vstack([t, t, -t])
    assert mean_pairwise_correlation(resid)[0] == pytest.approx(-1 / 3)
    # Drop one date of c: pairwise-complete correlations are still +-1 (masked path).
    holed = resid.copy()
    holed[2, 5] = np.nan
    assert mean_pairwise_correlation(holed) == pytest.approx((-1 / 3, 3))
    # Calendar dates: c lives on dates 30..69, overlapping a and b on only 10 (< 30) dates,
    # so only the pair (a, b) counts: r = 1.
    dates = np.vstack([np.arange(40), np.arange(40), np.arange(30, 70)])
    assert mean_pairwise_correlation(resid, dates) == pytest.approx((1.0, 1))
