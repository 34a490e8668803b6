"""More group tests of H0: mean CAR = 0 for one window (batch numpy, no per-event loop).

Same inputs and alignment as :func:`marketreact.study.significance.group_tests`
(events by relative day; only events with a finite CAR in the window). Every
test returns ``(statistic, two-sided p, df or NaN)``.

``j1``
    Brown & Warner (1980) / Campbell, Lo & MacKinlay (1997, eq. 4.4.22) J1:
    CAAR / sqrt(sum_i var(CAR_i) / N^2), N(0,1); var(CAR_i) is the per-listing
    CAR variance of the study's conventions (CLM with the estimation-error
    term by default).
``lamb``
    Lamb (1995) portfolio test as implemented in the R package estudy2
    (``lamb``/``car_lamb``): per day z_t = AAR_t / (sd(AAR_est) sqrt(c_t)) with
    sd ddof = 1 and c_t = 1 + x_t'(Xbar'Xbar)^-1 x_t the forecast-error factor
    of the portfolio design Xbar = [1, cross-event mean regressors by relative
    day] (= 1 + 1/M + (Rm_t - mean Rm)^2 / sum (Rm - mean Rm)^2 for one market;
    1 + 1/M for constant_mean; 1 for market_adjusted); window statistic
    sum_t z_t / sqrt(L), N(0,1). estudy2 itself puts the mean estimation length
    of the events for M (``conventions="estudy2"``, :mod:`marketreact.study.estudy2_tests`).
``sign``
    Simple sign test on the CARs: w = #{CAR_i > 0}; (w - N/2) / sqrt(N/4), N(0,1).
``corrado_zivney_sign``
    Corrado & Zivney (1992) sign test: G_it = sign(AR_it - median_i) over the
    estimation window and the event span (the cells the rank test ranks);
    S^2 = (1/T) sum_t (sum_i G_it)^2 / N_t over the T days with any G;
    z_t = sum_i G_it / (sqrt(N_t) S); window sum_t z_t / sqrt(L), N(0,1)
    (estudy2's ``corrado_sign_test`` per day).
``grank``
    Kolari & Pynnönen (2011) generalised rank test (GRANK-T): SAR_it =
    AR_it / sigma_i on estimation days; the window's SCAR_i = CAR_i / sd(CAR_i)
    rescaled by its cross-sectional sd (ddof 1) is the "event day" cell;
    U_it = rank_i / (T_i + 1) - 1/2 over the T_i cells of event i;
    Z = Ubar_0 / S_U, S_U^2 = (1/T) sum_t (N_t/N) Ubar_t^2 over the T = L1 + 1
    days; t = Z sqrt((T - 2) / (T - 1 - Z^2)), t(T - 2).
``wilcoxon_w_plus`` / ``wilcoxon_w_minus``
    The signed-rank sums W+ and W- of the CARs (zeros dropped, average ranks
    for ties), with scipy's two-sided p; ``wilcoxon`` (in the main table) is
    scipy's statistic min(W+, W-).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marketreact.study._dist import two_sided_t, two_sided_z, wilcoxon
from marketreact.study.significance import _row_ranks, nan_column_mean

__all__ = ["EXTRA_TESTS", "ExtraInputs", "extra_group_tests", "prepare_extra"]

EXTRA_TESTS: tuple[str, ...] = (
    "j1",
    "lamb",
    "sign",
    "corrado_zivney_sign",
    "grank",
    "wilcoxon_w_plus",
    "wilcoxon_w_minus",
)
_NAN3 = (float("nan"), float("nan"), float("nan"))


def _z(stat: float) -> tuple[float, float, float]:
    if not np.isfinite(stat):
        return _NAN3
    return float(stat), float(two_sided_z(stat)), float("nan")


def _xbar(x: np.ndarray) -> np.ndarray:
    """Cross-event mean of each regressor by relative day, (L, k)."""
    return np.stack([nan_column_mean(x[:, :, j]) for j in range(x.shape[2])], axis=1)


def _lamb(
    aar_est: np.ndarray,
    aar_win: np.ndarray,
    xbar: np.ndarray | None,
    x_win: np.ndarray | None,
    intercept: bool,
) -> tuple[float, float, float]:
    """Lamb (1995) with the portfolio forecast-error factor (see module notes)."""
    keep = np.isfinite(aar_est)
    if xbar is not None:
        keep &= np.isfinite(xbar).all(axis=1)
    if keep.sum() < 3:
        return _NAN3
    sd = aar_est[keep].std(ddof=1)
    length = aar_win.size
    if not intercept:  # market_adjusted: nothing estimated, no forecast-error term
        c = np.ones(length)
    else:
        design = np.ones((int(keep.sum()), 1))
        ev = np.ones((length, 1))
        if xbar is not None and x_win is not None:
            design = np.column_stack([design, xbar[keep]])
            ev = np.column_stack([ev, _xbar(x_win)])
        inv = np.linalg.pinv(design.T @ design)
        c = 1.0 + np.einsum("tk,kj,tj->t", ev, inv, ev)
    with np.errstate(invalid="ignore", divide="ignore"):
        z_day = aar_win / (sd * np.sqrt(c))
    return _z(float(z_day.sum() / np.sqrt(length)))


@dataclass(frozen=True)
class ExtraInputs:
    """Window-independent, per-event pieces of the rank/sign tests (rows can be subset by event).

    Attributes
    ----------
    g : (N, L1 + L2) array
        Corrado-Zivney signs sign(AR - median) over estimation + span, 0 where missing.
    g_finite : (N, L1 + L2) bool array
    est_rank : (N, L1) array
        Average ranks of each event's estimation ARs among themselves (NaN where missing).
    xbar_est : (L1, k) array or None
        Cross-event mean design regressors by estimation day, over ALL events (Lamb).
    """

    g: np.ndarray
    g_finite: np.ndarray
    est_rank: np.ndarray
    xbar_est: np.ndarray | None = None


def prepare_extra(resid: np.ndarray, ar_span: np.ndarray, x_est: np.ndarray | None = None) -> ExtraInputs:
    """Signs and ranks shared by every window: one sort per event, not one per window."""
    combined = np.concatenate([resid, ar_span], axis=1)
    finite = np.isfinite(combined)
    ordered = np.sort(combined, axis=1)  # NaN sorts last
    count = finite.sum(axis=1)
    lo, hi = np.maximum((count - 1) // 2, 0), np.maximum(count // 2, 0)
    rows = np.arange(combined.shape[0])
    with np.errstate(invalid="ignore"):
        med = np.where(count > 0, (ordered[rows, lo] + ordered[rows, hi]) / 2.0, np.nan)
        g = np.where(finite, np.sign(combined - med[:, None]), 0.0)
    est_finite = np.isfinite(resid)
    est_rank = np.where(est_finite, _row_ranks(np.where(est_finite, resid, np.inf)), np.nan)
    xbar = _xbar(x_est) if x_est is not None and x_est.shape[2] else None
    return ExtraInputs(g, finite, est_rank, xbar)


def _cz_sign(g: np.ndarray, finite: np.ndarray, win: slice) -> tuple[float, float, float]:
    n_t = finite.sum(axis=0)
    s_t = g.sum(axis=0)
    days = n_t > 0
    if not days.any():
        return _NAN3
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.sqrt(np.mean(s_t[days] ** 2 / n_t[days]))
        z_day = s_t[win] / (np.sqrt(n_t[win]) * s)
    return _z(float(z_day.sum() / np.sqrt(z_day.size)))


def _grank(
    resid: np.ndarray, est_rank: np.ndarray, sigma: np.ndarray, scar: np.ndarray
) -> tuple[float, float, float]:
    n = scar.size
    sd_scar = scar.std(ddof=1)
    if n < 2 or not np.isfinite(sd_scar) or sd_scar == 0:
        return _NAN3
    # The event cell in AR units: ranking SAR = AR / sigma_i within an event equals ranking AR.
    cell = (scar / sd_scar) * sigma
    cell_ok = np.isfinite(cell)
    finite = np.isfinite(resid)
    n_est = finite.sum(axis=1)
    with np.errstate(invalid="ignore"):
        greater = resid > cell[:, None]
        tied = resid == cell[:, None]
    n_greater, n_tied = greater.sum(axis=1), tied.sum(axis=1)
    # Adding one cell to a ranked row: it ranks 1 + #below + #tied/2; each cell above it moves up
    # by 1 and each tie by 1/2 (average ranks), exactly as ranking the whole row again.
    cell_rank = 1.0 + (n_est - n_greater - n_tied) + 0.5 * n_tied
    weight = 1.0 / (n_est + cell_ok + 1.0)  # U = rank / (T_i + 1) - 1/2
    shift = np.where(cell_ok, weight, 0.0)
    # Column sums of U over the estimation days without building the (N, L1 + 1) rank matrix.
    sum_u = weight @ np.where(finite, est_rank, 0.0) + shift @ greater + 0.5 * (shift @ tied)
    n_t = finite.sum(axis=0)
    sum_u = sum_u - 0.5 * n_t
    u0 = cell_rank[cell_ok] * weight[cell_ok] - 0.5
    n_t = np.append(n_t, u0.size)
    days = n_t > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ubar = np.append(sum_u / n_t[:-1], u0.mean() if u0.size else np.nan)
    t_days = int(days.sum())
    s_u = np.sqrt(np.sum((n_t[days] / n) * ubar[days] ** 2) / t_days)
    z = ubar[-1] / s_u
    if t_days <= 2 or not np.isfinite(z) or t_days - 1 - z * z <= 0:
        return _NAN3
    t = z * np.sqrt((t_days - 2) / (t_days - 1 - z * z))
    return float(t), float(two_sided_t(t, t_days - 2)), float(t_days - 2)


def _wilcoxon_sums(c: np.ndarray) -> tuple[float, float, float]:
    d = c[c != 0]
    if d.size == 0:
        return float("nan"), float("nan"), float("nan")
    ranks = _row_ranks(np.abs(d)[None, :])[0]
    w_plus = float(ranks[d > 0].sum())
    w_minus = float(ranks[d < 0].sum())
    return w_plus, w_minus, wilcoxon(c)[1]


def extra_group_tests(
    car: np.ndarray,
    var_car: np.ndarray,
    sigma2: np.ndarray,
    resid: np.ndarray,
    ar_span: np.ndarray,
    cols: slice,
    x_est: np.ndarray | None,
    x_ev: np.ndarray | None,
    intercept: bool,
    pre: ExtraInputs | None = None,
) -> dict[str, tuple[float, float, float]]:
    """The tests of :data:`EXTRA_TESTS` for one window.

    Parameters
    ----------
    car, var_car, sigma2 : (N,) arrays
        Per-event CAR, its variance and the residual variance.
    resid : (N, L1) array
        Estimation-window abnormal returns by relative day.
    ar_span : (N, L2) array
        Event-span abnormal returns by relative day.
    cols : slice
        The window's columns in ``ar_span``.
    x_est, x_ev : (N, L1, k) and (N, L2, k) arrays or None
        The model's design regressors without the intercept (for Lamb); None when the
        model has none.
    intercept : bool
        False for market_adjusted (nothing estimated).
    pre : ExtraInputs, optional
        From :func:`prepare_extra` on the same ``resid``/``ar_span`` (computed here when omitted;
        pass it to sort once for many windows).
    """
    out = dict.fromkeys(EXTRA_TESTS, _NAN3)
    ok = np.isfinite(car)
    n = int(ok.sum())
    if n < 2:
        return out
    pre = pre if pre is not None else prepare_extra(resid, ar_span, x_est)
    everyone = n == car.size

    def sub(a: np.ndarray) -> np.ndarray:  # no fancy-index copies of the big arrays in the common case
        return a if everyone else a[ok]

    c, v, s2 = sub(car), sub(var_car), sub(sigma2)
    res, ars = sub(resid), sub(ar_span)
    out["j1"] = _z(float(c.mean() / np.sqrt(v.sum() / n**2)))
    has_x = x_est is not None and x_est.shape[2] > 0
    xbar = (pre.xbar_est if everyone else _xbar(x_est[ok])) if has_x and x_est is not None else None
    xw = sub(x_ev)[:, cols] if x_ev is not None and x_ev.shape[2] else None
    out["lamb"] = _lamb(nan_column_mean(res), nan_column_mean(ars[:, cols]), xbar, xw, intercept)
    wins = int((c > 0).sum())
    out["sign"] = _z((wins - n / 2.0) / np.sqrt(n / 4.0))
    lo = res.shape[1]
    out["corrado_zivney_sign"] = _cz_sign(
        sub(pre.g), sub(pre.g_finite), slice(lo + cols.start, lo + cols.stop)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        scar = c / np.sqrt(v)
    out["grank"] = _grank(res, sub(pre.est_rank), np.sqrt(s2), scar)
    w_plus, w_minus, p = _wilcoxon_sums(c)
    out["wilcoxon_w_plus"] = (w_plus, p, float("nan"))
    out["wilcoxon_w_minus"] = (w_minus, p, float("nan"))
    return out
