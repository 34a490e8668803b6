"""Group tests in the forms of the R package estudy2 (``conventions="estudy2"``).

estudy2 (Rudnytskyi, 0.10.0; R sources ``R/parametric_tests.R`` and
``R/nonparametric_tests.R``) computes its tests day by day; a window of L days is
aggregated here as in its ``car_lamb``/``car_brown_warner_1985``: the sum of the
daily statistics over sqrt(L). Where it differs from the library's default forms:

``lamb``
    c_t = 1 + 1/n̄ + (x̄_t - m)'(X̃'X̃)^-1 (x̄_t - m): the 1/M term uses n̄, the MEAN
    estimation length of the events (estudy2's ``mean(delta)``), not the number of
    estimation days M of the portfolio; m and X̃ (centred) are the mean and rows of
    the cross-event mean regressors over the estimation days (for one market:
    1 + 1/n̄ + (Rm_t - R̄m)^2 / sum (Rm - R̄m)^2).
``generalized_sign``
    p̂ pools every estimation cell: (number of positive ARs) / (number of ARs),
    not the mean of the per-event shares.
``corrado_zivney_sign``
    S^2 = (1/D̄) sum_t T_t^2 / N_t with D̄ the MEAN number of signed cells per event
    (estimation + event span), not the number of days T, and T_t = N mean_i G_it the
    day total as estudy2 forms it (N times the mean of the N_t signs present: the sum
    when no event misses the day, scaled up to N events otherwise).
``corrado_rank``
    estudy2's ``modified_rank_test`` (Corrado & Zivney 1992 ranks
    U_it = K_it / (1 + M_i) - 1/2): z_t = T_t / (sqrt(N_t) S),
    S^2 = (1/D̄) sum_t T_t^2 / N_t, T_t = N mean_i U_it and D̄ as above.
``patell`` / ``bmp`` / ``kolari_pynnonen``
    SAR_it = AR_it / (sigma_i sqrt(f_it)), f_it = 1 + 1/n_i + (x_it - m)'(X̃'X̃)^-1 (x_it - m)
    with sigma_i^2 = SSR/(n_i - 1) and the market moments m, X̃ of the estimation
    days of the whole portfolio (estudy2 takes the regressor over the whole
    estimation window, also on days a late-listed firm has no return);
    SCAR_i = sum_t SAR_it / sqrt(L); Patell sum_i SCAR_i / sqrt(sum_i df_i/(df_i - 2));
    BMP sqrt(N) mean(SCAR) / sd(SCAR), t(N - 1); Kolari-Pynnönen = BMP scaled as usual.

``j1`` (estudy2's ``brown_warner_1980``) and the per-listing t need no code here:
:func:`marketreact.study.conventions.apply_conventions` sets sigma^2 = SSR/(n - 1)
and var(CAR) = L sigma^2 for this preset.
"""

from __future__ import annotations

import numpy as np

from marketreact.study.extra_tests import _NAN3, ExtraInputs, _xbar, _z
from marketreact.study.significance import _two_sided_t, nan_column_mean

__all__ = ["ESTUDY2_TESTS", "estudy2_group_tests"]

ESTUDY2_TESTS: tuple[str, ...] = (
    "lamb",
    "generalized_sign",
    "corrado_zivney_sign",
    "corrado_rank",
    "patell",
    "bmp",
    "kolari_pynnonen",
)

Moments = tuple[np.ndarray, np.ndarray]


def _moments(xbar: np.ndarray | None, keep: np.ndarray) -> Moments | None:
    """Mean m and (X̃'X̃)^-1 of the centred portfolio regressors over the kept estimation days."""
    if xbar is None:
        return None
    rows = xbar[keep]
    mean = rows.mean(axis=0)
    centred = rows - mean
    return mean, np.linalg.pinv(centred.T @ centred)


def _factor(x: np.ndarray | None, inv_n: np.ndarray | float, moments: Moments | None) -> np.ndarray:
    """1 + 1/n + (x - m)'A(x - m) over the last axis of ``x`` (1 + 1/n without regressors)."""
    if x is None or moments is None:
        return 1.0 + np.asarray(inv_n, dtype=float)
    d = x - moments[0]
    return 1.0 + inv_n + np.einsum("...k,kj,...j->...", d, moments[1], d)


def _lamb(
    res: np.ndarray,
    arw: np.ndarray,
    xbar: np.ndarray | None,
    x_win: np.ndarray | None,
    mean_n: float,
    intercept: bool,
) -> tuple[float, float, float]:
    aar_est = nan_column_mean(res)
    keep = np.isfinite(aar_est)
    if xbar is not None:
        keep &= np.isfinite(xbar).all(axis=1)
    if keep.sum() < 3:
        return _NAN3
    sd = aar_est[keep].std(ddof=1)
    aar_win = nan_column_mean(arw)
    if intercept:
        xw = _xbar(x_win) if x_win is not None and xbar is not None else None
        c = _factor(xw, 1.0 / mean_n, _moments(xbar, keep)) * np.ones(aar_win.size)
    else:  # market_adjusted: nothing estimated, no forecast-error term
        c = np.ones(aar_win.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        z_day = aar_win / (sd * np.sqrt(c))
    return _z(float(z_day.sum() / np.sqrt(aar_win.size)))


def _pooled_days(values: np.ndarray, finite: np.ndarray, win: slice) -> tuple[float, float, float]:
    """z_t = T_t / (sqrt(N_t) S), S^2 = (1/D̄) sum_t T_t^2 / N_t; window sum_t z_t / sqrt(L).

    T_t is estudy2's day total ``rowMeans(x, na.rm = TRUE) * ncol(x)``: N times the
    mean over the N_t events present that day, which is the sum only when every event
    has the day (a day with cells missing is scaled up to N events). The printed
    vignette values need this form.
    """
    n_t = finite.sum(axis=0)
    days = n_t > 0
    mean_cells = finite.sum(axis=1).mean()  # estudy2's mean(delta_full)
    if not days.any() or mean_cells == 0:
        return _NAN3
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(finite, values, 0.0).sum(axis=0) / n_t * values.shape[0]
        s = np.sqrt(np.sum(total[days] ** 2 / n_t[days]) / mean_cells)
        z_day = total[win] / (np.sqrt(n_t[win]) * s)
    return _z(float(z_day.sum() / np.sqrt(z_day.size)))


def _standardised_tests(
    arw: np.ndarray,
    sigma2: np.ndarray,
    n_est: np.ndarray,
    df: np.ndarray,
    x_win: np.ndarray | None,
    moments: Moments | None,
    intercept: bool,
    r_bar: float,
) -> dict[str, tuple[float, float, float]]:
    """Patell, BMP and Kolari-Pynnönen on estudy2's day-by-day standardised ARs."""
    n_events, length = arw.shape
    inv_n = (1.0 / n_est)[:, None]
    f = _factor(x_win, inv_n, moments) if intercept else np.ones_like(arw)
    with np.errstate(invalid="ignore", divide="ignore"):
        scar = (arw / np.sqrt(sigma2[:, None] * f)).sum(axis=1) / np.sqrt(length)
    out = dict.fromkeys(("patell", "bmp", "kolari_pynnonen"), _NAN3)
    if (df > 2).all():
        out["patell"] = _z(float(scar.sum() / np.sqrt((df / (df - 2.0)).sum())))
    t_bmp = np.sqrt(n_events) * scar.mean() / scar.std(ddof=1)
    out["bmp"] = (float(t_bmp), _two_sided_t(t_bmp, n_events - 1), float(n_events - 1))
    if np.isfinite(r_bar):
        t_kp = t_bmp * np.sqrt((1.0 - r_bar) / (1.0 + (n_events - 1) * r_bar))
        out["kolari_pynnonen"] = (float(t_kp), _two_sided_t(t_kp, n_events - 1), float(n_events - 1))
    return out


def estudy2_group_tests(
    car: np.ndarray,
    sigma2: np.ndarray,
    n_est: np.ndarray,
    df: np.ndarray,
    resid: np.ndarray,
    ar_span: np.ndarray,
    cols: slice,
    u: np.ndarray,
    pre: ExtraInputs,
    x_est: np.ndarray | None,
    x_ev: np.ndarray | None,
    intercept: bool,
    r_bar: float,
) -> dict[str, tuple[float, float, float]]:
    """The tests of :data:`ESTUDY2_TESTS` in estudy2's forms, for one window.

    Parameters
    ----------
    car, sigma2, n_est, df : (N,) arrays
        Per-event CAR, residual variance (SSR/(n - 1) under the preset), estimation
        observations and degrees of freedom; events without a finite CAR are left out.
    resid, ar_span : (N, L1) and (N, L2) arrays
        Estimation and event-span abnormal returns by relative day.
    cols : slice
        The window's columns in ``ar_span``.
    u : (N, L1 + L2) array
        Standardised ranks (:func:`marketreact.study.significance.standardized_ranks`).
    pre : ExtraInputs
        Signs of :func:`marketreact.study.extra_tests.prepare_extra` on the same arrays.
    x_est, x_ev : (N, L1, k) and (N, L2, k) arrays or None
        Design regressors without the intercept (None when the model has none).
    intercept : bool
        False for market_adjusted (nothing estimated: every forecast factor is 1).
    r_bar : float
        Mean pairwise residual correlation (Kolari-Pynnönen).
    """
    out = dict.fromkeys(ESTUDY2_TESTS, _NAN3)
    ok = np.isfinite(car)
    n = int(ok.sum())
    if n < 2:
        return out
    c, res, ars = car[ok], resid[ok], ar_span[ok]
    has_x = x_est is not None and x_est.shape[2] > 0 and x_ev is not None
    # The portfolio's market: the cross-event mean regressor of ALL events by estimation day, so a
    # late-listed event does not shorten it (estudy2 uses the regressor over the whole window).
    xbar = pre.xbar_est if has_x else None
    x_win = x_ev[ok][:, cols] if has_x and x_ev is not None else None
    out["lamb"] = _lamb(res, ars[:, cols], xbar, x_win, float(n_est[ok].mean()), intercept)

    positive, cells = int((res > 0).sum()), int(np.isfinite(res).sum())
    p_hat = positive / cells if cells else float("nan")
    if 0.0 < p_hat < 1.0:
        out["generalized_sign"] = _z(((c > 0).sum() - n * p_hat) / np.sqrt(n * p_hat * (1.0 - p_hat)))

    lo = res.shape[1]
    win = slice(lo + cols.start, lo + cols.stop)
    out["corrado_zivney_sign"] = _pooled_days(pre.g[ok], pre.g_finite[ok], win)
    u_ok = u[ok]
    out["corrado_rank"] = _pooled_days(u_ok, np.isfinite(u_ok), win)

    keep = np.isfinite(xbar).all(axis=1) & np.isfinite(nan_column_mean(resid)) if xbar is not None else None
    moments = _moments(xbar, keep) if xbar is not None and keep is not None else None
    out |= _standardised_tests(
        ars[:, cols], sigma2[ok], n_est[ok].astype(float), df[ok], x_win, moments, intercept, r_bar
    )
    return out
