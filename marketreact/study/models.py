"""Normal-return models fitted to many events at once (batch numpy, no per-event loop).

Every event contributes one row to stacked arrays: ``y_est`` (N, L1) listing
returns in the estimation window, ``x_est`` (N, L1, m) benchmark regressors,
and the same over the event span (N, L2). A cell that must not be used (a gap
row, a session missing in the benchmark, a day outside the data) is NaN and is
masked out of the fit; nothing is ever zero-filled.

Models (Campbell, Lo & MacKinlay 1997, ch. 4; Dimson 1979):

``constant_mean``
    R_t = mu + e_t; design X = [1]; k = 1.
``market_adjusted``
    AR_t = R_t - Rm_t (beta fixed at 1, nothing estimated); sigma^2 is the
    sample variance (ddof=1) of the estimation-window ARs, df = L1 - 1, and
    var(CAR) = L sigma^2 has no estimation-error term.
``market``
    OLS market model R_t = alpha + beta Rm_t + e_t; X = [1, Rm]; k = 2.
``scholes_williams``
    Scholes & Williams (1977) beta for non-synchronous trading (see
    :mod:`marketreact.study.scholes_williams`); k = 2 (alpha, beta).
``capm`` / ``ff3`` / ``ff5`` / ``carhart`` / ``factors``
    OLS of EXCESS returns R_t - RF_t on the factor returns (Mkt-RF; + SMB, HML;
    + RMW, CMA; or + Mom; or the user's columns), X = [1, F]; k = 1 + #factors.
    ``beta`` is the first factor's loading (the market for the named models).
    The factors come from :mod:`marketreact.study.factors`, not a benchmark.
``dimson``
    Dimson (1979) lead/lag regression for thin or cross-time-zone trading:
    R_t = alpha + b_-1 Rm_{t-1} + b_0 Rm_t + b_+1 Rm_{t+1} + e_t; k = 4;
    beta = b_-1 + b_0 + b_+1. Lags and leads are taken on the benchmark's own
    session axis before matching by date.

For the OLS models the CAR variance is the full Campbell-Lo-MacKinlay forecast
covariance V = sigma^2 (I + X* (X'X)^-1 X*') summed over all window cells,
var(CAR) = 1'V1 = sigma^2 (L + s'(X'X)^-1 s) with s = X*'1 (CLM 1997, eq. 4.4.8-4.4.14).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from marketreact.study._dist import two_sided_t
from marketreact.study.batchfit import BatchFit, _inv

__all__ = [
    "MODELS",
    "BatchFit",
    "Model",
    "WindowStats",
    "fit_batch",
    "n_parameters",
    "n_regressors",
    "window_stats",
]

Model = Literal[
    "constant_mean",
    "market_adjusted",
    "market",
    "dimson",
    "scholes_williams",
    "capm",
    "ff3",
    "ff5",
    "carhart",
    "factors",
]
FACTOR_MODELS: tuple[str, ...] = ("capm", "ff3", "ff5", "carhart", "factors")
MODELS: tuple[str, ...] = (
    "constant_mean",
    "market_adjusted",
    "market",
    "dimson",
    "scholes_williams",
    *FACTOR_MODELS,
)
_N_FACTORS = {"capm": 1, "ff3": 3, "ff5": 5, "carhart": 4}

FloatArray = np.ndarray


def n_regressors(model: str) -> int:
    """Number of BENCHMARK columns the model needs (factor models take factors instead: 0)."""
    if model in FACTOR_MODELS:
        return 0
    return {"constant_mean": 0, "market_adjusted": 1, "market": 1, "dimson": 3, "scholes_williams": 3}[model]


def n_parameters(model: str, n_factors: int | None = None) -> int:
    """Parameters estimated from the estimation window: the k coefficients plus the variance.

    ``market_adjusted`` estimates only the variance (k = 0); the OLS models
    estimate an intercept and one slope per regressor. An estimation sample
    must exceed this count to leave degrees of freedom for the t-tests.
    ``n_factors`` gives the column count of ``model="factors"`` (user factors).
    """
    if model in FACTOR_MODELS:
        k = 1 + (n_factors if n_factors is not None else _N_FACTORS.get(model, 1))
    elif model == "scholes_williams":
        k = 2
    else:
        k = 0 if model == "market_adjusted" else n_regressors(model) + 1
    return k + 1


def fit_batch(
    model: str, y_est: FloatArray, x_est: FloatArray, y_ev: FloatArray, x_ev: FloatArray
) -> BatchFit:
    """Fit ``model`` to N events at once.

    Parameters
    ----------
    model : {"constant_mean", "market_adjusted", "market", "dimson"}
    y_est : (N, L1) array
        Listing returns in the estimation window (NaN = not usable).
    x_est : (N, L1, m) array
        Benchmark regressors (m from :func:`n_regressors`; NaN = missing).
    y_ev, x_ev : (N, L2) and (N, L2, m) arrays
        The same over the event span.

    Notes
    -----
    The k x k normal equations are built column pair by column pair (k <= 4),
    each pair one vectorised reduction over (N, L1): much faster than batched
    matmul on tiny matrices.
    """
    n_events = y_est.shape[0]
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}")
    if model == "scholes_williams":
        from marketreact.study.scholes_williams import fit_scholes_williams

        return fit_scholes_williams(y_est, x_est, y_ev, x_ev)
    if model == "market_adjusted":
        resid = y_est - x_est[:, :, 0]
        n = np.isfinite(resid).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nansum(resid, axis=1) / n
            sigma2 = np.nansum((resid - mean[:, None]) ** 2, axis=1) / (n - 1)
        return BatchFit(
            model,
            np.empty((n_events, 0)),
            np.zeros(n_events),
            np.ones(n_events),
            sigma2,
            n,
            (n - 1).astype(float),
            None,
            resid,
            y_ev - x_ev[:, :, 0],
            x_ev[:, :, 0].copy(),
            None,
            np.zeros(n_events, dtype=bool),
        )
    m = x_est.shape[2]
    k = m + 1
    valid = np.isfinite(y_est)
    for j in range(m):
        valid &= np.isfinite(x_est[:, :, j])
    w = valid.astype(float)
    cols = [w] + [np.where(valid, x_est[:, :, j], 0.0) for j in range(m)]
    yw = np.where(valid, y_est, 0.0)
    xtx = np.empty((n_events, k, k))
    xty = np.empty((n_events, k))
    for a in range(k):
        xty[:, a] = (cols[a] * yw).sum(axis=1)
        for b in range(a, k):
            xtx[:, a, b] = xtx[:, b, a] = (cols[a] * cols[b]).sum(axis=1)
    n = valid.sum(axis=1)
    ok = n > k
    inv, singular = _inv(xtx, ok)
    coef = np.einsum("nkj,nj->nk", inv, xty)
    fitted = coef[:, :1] + sum((coef[:, j + 1 : j + 2] * x_est[:, :, j] for j in range(m)), np.zeros(1))
    resid = np.where(valid, y_est - fitted, np.nan)
    dfree = (n - k).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = (np.where(valid, resid, 0.0) ** 2).sum(axis=1) / np.where(ok, dfree, np.nan)
    normal = coef[:, :1] + sum((coef[:, j + 1 : j + 2] * x_ev[:, :, j] for j in range(m)), np.zeros(1))
    normal = np.broadcast_to(normal, y_ev.shape).copy()
    if model in FACTOR_MODELS:
        beta = coef[:, 1].copy()  # the market (first) factor's loading; the others are in coef
    else:
        beta = coef[:, 1:].sum(axis=1) if k > 1 else np.full(n_events, np.nan)
    return BatchFit(
        model, coef, coef[:, 0], beta, sigma2, n, dfree, inv, resid, y_ev - normal, normal, x_ev, singular
    )


@dataclass(frozen=True)
class WindowStats:
    """Per-event statistics of one event window (arrays of length N)."""

    car: FloatArray
    var_car: FloatArray
    t: FloatArray
    df: FloatArray
    p: FloatArray
    bhar: FloatArray


def window_stats(fit: BatchFit, y_ev: FloatArray, cols: slice, kind: str = "simple") -> WindowStats:
    """CAR, its CLM variance, t, p and BHAR for the event-span columns ``cols``.

    A window with any NaN abnormal return has NaN CAR/BHAR (never a partial sum).
    The t-statistic uses the scipy t distribution with ``fit.df`` degrees of freedom.
    BHAR = prod(1 + R_t) - prod(1 + E[R_t]) on simple returns (log returns are
    converted with exp(r) - 1 first).
    """
    ar = fit.ar[:, cols]
    length = ar.shape[1]
    car = ar.sum(axis=1)  # NaN propagates: an incomplete window has no CAR
    if fit.x_ev is None or fit.xtx_inv is None:
        var_car = length * fit.sigma2
    else:
        s = np.concatenate(
            [np.full((ar.shape[0], 1), float(length)), fit.x_ev[:, cols, :].sum(axis=1)], axis=1
        )
        quad = np.einsum("nk,nkj,nj->n", s, fit.xtx_inv, s)
        var_car = fit.sigma2 * (length + quad)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = car / np.sqrt(var_car)
    p = two_sided_t(t, fit.df)
    rets, normal = y_ev[:, cols], fit.normal[:, cols]
    if kind == "log":
        rets, normal = np.expm1(rets), np.expm1(normal)
    bhar = np.prod(1.0 + rets, axis=1) - np.prod(1.0 + normal, axis=1)
    bhar = np.where(np.isfinite(car), bhar, np.nan)
    return WindowStats(car, var_car, t, fit.df, p, bhar)
