"""The fitted-model record shared by every normal-return model, and the batched inverse they use.

Kept apart from :mod:`marketreact.study.models` so that model implementations in
their own modules (Scholes-Williams) import it without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FloatArray = np.ndarray

__all__ = ["BatchFit", "_inv"]


@dataclass(frozen=True)
class BatchFit:
    """Fitted normal-return model for N events.

    Attributes
    ----------
    model : str
    coef : (N, k) array
        OLS coefficients, intercept first (empty for market_adjusted).
    alpha, beta : (N,) arrays
        Intercept and (summed) slope; beta is NaN for constant_mean, 1 for market_adjusted.
    sigma2 : (N,) array
        Residual variance, SSR / (n - k).
    n : (N,) int array
        Estimation observations used.
    df : (N,) array
        Degrees of freedom n - k (n - 1 for market_adjusted).
    xtx_inv : (N, k, k) array or None
        (X'X)^-1 of the estimation design (None for market_adjusted).
    resid : (N, L1) array
        Estimation-window residuals (abnormal returns), NaN where excluded.
    ar : (N, L2) array
        Event-span abnormal returns, NaN where a return or regressor is missing.
    normal : (N, L2) array
        Event-span normal (expected) returns.
    x_ev : (N, L2, m) array or None
        Event-span regressors; the design X* is [1, x_ev] (None for market_adjusted).
    singular : (N,) bool array
        Events whose estimation design X'X is rank-deficient (e.g. a constant
        benchmark): the slope is not identified and the coefficients come from
        the pseudo-inverse (minimum-norm solution).
    """

    model: str
    coef: FloatArray
    alpha: FloatArray
    beta: FloatArray
    sigma2: FloatArray
    n: np.ndarray
    df: FloatArray
    xtx_inv: FloatArray | None
    resid: FloatArray
    ar: FloatArray
    normal: FloatArray
    x_ev: FloatArray | None
    singular: np.ndarray


def _inv(xtx: FloatArray, ok: np.ndarray) -> tuple[FloatArray, np.ndarray]:
    """Batched (X'X)^-1 and the mask of events whose X'X is rank-deficient.

    Only the rank-deficient events get the pseudo-inverse; the others keep the
    exact inverse. NaN rows (too few observations) are neither.
    """
    k = xtx.shape[1]
    safe = np.where(ok[:, None, None], xtx, np.eye(k))
    # Rank from the singular values with numpy's default tolerance (relative to the largest).
    singular = ok & (np.linalg.matrix_rank(safe) < k)
    inv = np.empty_like(safe)
    if singular.any():
        inv[singular] = np.linalg.pinv(safe[singular])
    inv[~singular] = np.linalg.inv(safe[~singular])
    inv[~ok] = np.nan
    return inv, singular
