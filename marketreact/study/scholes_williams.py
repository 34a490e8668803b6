"""Scholes-Williams (1977) beta for non-synchronous trading, batch numpy.

On the estimation cells where the listing's return and the benchmark's
previous, same-day and next-day returns all exist (one common sample):

    b_j   = cov(R_t, M_{t+j}) / var(M_{t+j})         j = -1, 0, +1 (three simple OLS slopes)
    rho   = corr(M_t, M_{t-1})                       (the benchmark's first-order autocorrelation)
    beta  = (b_-1 + b_0 + b_+1) / (1 + 2 rho)        (Scholes & Williams 1977, eq. 13)
    alpha = mean(R_t) - beta mean(M_t)

Abnormal returns are AR_t = R_t - alpha - beta M_t; sigma^2 = SSR / (n - 2),
df = n - 2. The CAR variance uses the market-model form
sigma^2 (L + s'(X'X)^-1 s) with X = [1, M_t]: exact for OLS coefficients, an
approximation of the estimation-error term for the Scholes-Williams ones
(stated in docs/conventions.md). Lags and leads are on the benchmark's own
sessions (see :func:`marketreact.study.assemble._regressors`).
"""

from __future__ import annotations

import numpy as np

from marketreact.study.batchfit import BatchFit, _inv

__all__ = ["fit_scholes_williams"]


def _masked_mean(a: np.ndarray, w: np.ndarray, n: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(w, a, 0.0).sum(axis=1) / n


def fit_scholes_williams(
    y_est: np.ndarray, x_est: np.ndarray, y_ev: np.ndarray, x_ev: np.ndarray
) -> BatchFit:
    """Fit the Scholes-Williams model to N events at once.

    Parameters
    ----------
    y_est : (N, L1) array
    x_est : (N, L1, 3) array
        Benchmark returns at t-1, t and t+1 (NaN = missing).
    y_ev, x_ev : (N, L2) and (N, L2, 3) arrays

    Returns
    -------
    BatchFit
        ``coef`` = [alpha, beta]; ``xtx_inv`` of the design [1, M_t]; ``x_ev`` the same-day
        benchmark column only.
    """
    n_events = y_est.shape[0]
    valid = np.isfinite(y_est) & np.isfinite(x_est).all(axis=2)
    n = valid.sum(axis=1)
    nf = n.astype(float)
    y_bar = _masked_mean(y_est, valid, nf)
    yc = np.where(valid, y_est - y_bar[:, None], 0.0)
    slopes = []
    centred = []
    for j in range(3):
        m = x_est[:, :, j]
        mc = np.where(valid, m - _masked_mean(m, valid, nf)[:, None], 0.0)
        centred.append(mc)
        with np.errstate(invalid="ignore", divide="ignore"):
            slopes.append((yc * mc).sum(axis=1) / (mc * mc).sum(axis=1))
    lag, cur = centred[0], centred[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (lag * cur).sum(axis=1) / np.sqrt((lag * lag).sum(axis=1) * (cur * cur).sum(axis=1))
        beta = (slopes[0] + slopes[1] + slopes[2]) / (1.0 + 2.0 * rho)
    alpha = y_bar - beta * _masked_mean(x_est[:, :, 1], valid, nf)
    resid = np.where(valid, y_est - alpha[:, None] - beta[:, None] * x_est[:, :, 1], np.nan)
    ok = n > 2
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = np.nansum(resid**2, axis=1) / np.where(ok, nf - 2.0, np.nan)
    m0 = np.where(valid, x_est[:, :, 1], 0.0)
    xtx = np.empty((n_events, 2, 2))
    xtx[:, 0, 0] = nf
    xtx[:, 0, 1] = xtx[:, 1, 0] = m0.sum(axis=1)
    xtx[:, 1, 1] = (m0 * m0).sum(axis=1)
    inv, singular = _inv(xtx, ok)
    singular = singular | (ok & ~np.isfinite(beta))
    x_now = x_ev[:, :, 1:2].copy()
    normal = alpha[:, None] + beta[:, None] * x_now[:, :, 0]
    coef = np.column_stack([alpha, beta])
    return BatchFit(
        "scholes_williams",
        coef,
        alpha,
        beta,
        sigma2,
        n,
        (n - 2).astype(float),
        inv,
        resid,
        y_ev - normal,
        normal,
        x_now,
        singular,
    )
