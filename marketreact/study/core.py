"""The batch engine core: fit, per-window statistics and group tests for N events at once.

Both :class:`marketreact.study.EventStudy` (real data) and
``benchmarks/bench_batch.py`` (10,000 synthetic events) call :func:`run_batch`;
its hot path has no per-event Python loop (only a loop over the few windows).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from marketreact.study.conventions import apply_conventions
from marketreact.study.estudy2_tests import estudy2_group_tests
from marketreact.study.extra_tests import extra_group_tests, prepare_extra
from marketreact.study.models import BatchFit, WindowStats, fit_batch, window_stats
from marketreact.study.significance import (
    group_tests,
    mean_pairwise_correlation,
    nan_column_mean,
    standardized_ranks,
)
from marketreact.study.windows import Windows

__all__ = ["BatchResult", "run_batch"]


@dataclass(frozen=True)
class BatchResult:
    """Output of :func:`run_batch`.

    Attributes
    ----------
    fit : BatchFit
    windows : Windows
    stats : dict
        event window -> :class:`WindowStats` (arrays over events).
    group : dict
        event window -> {test: (statistic, p, df)}.
    r_bar : float
        Mean pairwise estimation-residual correlation (Kolari-Pynnönen), NaN if no pair qualifies.
    r_pairs : int
        Number of pairs it averages.
    """

    fit: BatchFit
    windows: Windows
    stats: dict[tuple[int, int], WindowStats]
    group: dict[tuple[int, int], dict[str, tuple[float, float, float]]]
    r_bar: float
    r_pairs: int


def run_batch(
    model: str,
    windows: Windows,
    y_est: np.ndarray,
    x_est: np.ndarray,
    y_ev: np.ndarray,
    x_ev: np.ndarray,
    *,
    est_dates: np.ndarray | None = None,
    kind: str = "simple",
    rf_ev: np.ndarray | None = None,
    conventions: str = "clm",
) -> BatchResult:
    """Fit ``model`` and compute every per-event and group statistic.

    Parameters
    ----------
    model : str
        See :func:`marketreact.study.models.fit_batch`.
    windows : Windows
        ``y_est`` columns are the estimation window's relative days, ``y_ev``
        columns the event span's.
    y_est, x_est, y_ev, x_ev : arrays
        Stacked returns and regressors, NaN = unusable cell.
    est_dates : (N, L1) int array, optional
        Calendar date of each estimation cell (e.g. days since 1970-01-01), used
        for the Kolari-Pynnönen correlation on pairwise-overlapping dates. When
        omitted, cells are matched by relative day.
    kind : {"simple", "log"}
        Return kind (BHAR compounds simple returns).
    rf_ev : (N, L2) array, optional
        Risk-free return over the event span when ``y_*`` are EXCESS returns (factor models):
        added back to the normal returns so BHAR compounds raw returns; AR is unchanged.
    conventions : {"clm", "simple", "estudy2"}
        Variance conventions (:mod:`marketreact.study.conventions`); "estudy2" also
        replaces several group tests by estudy2's forms (:mod:`marketreact.study.estudy2_tests`).
    """
    fit = apply_conventions(fit_batch(model, y_est, x_est, y_ev, x_ev), conventions)
    if rf_ev is not None:
        fit = dataclasses.replace(fit, normal=fit.normal + rf_ev)
        y_ev = y_ev + rf_ev
    x_design = _design_regressors(model, x_est)
    pre = prepare_extra(fit.resid, fit.ar, x_design)
    r_bar, pairs = mean_pairwise_correlation(fit.resid, est_dates)
    u = standardized_ranks(fit.resid, fit.ar)
    means = (nan_column_mean(fit.resid), nan_column_mean(u))
    per_window: dict[tuple[int, int], WindowStats] = {}
    group: dict[tuple[int, int], dict[str, tuple[float, float, float]]] = {}
    for window in windows.events:
        cols = windows.columns(window)
        ws = window_stats(fit, y_ev, cols, kind)
        per_window[window] = ws
        group[window] = group_tests(ws.car, ws.var_car, ws.df, fit.resid, fit.ar, cols, r_bar, u, means)
        group[window] |= extra_group_tests(
            ws.car,
            ws.var_car,
            fit.sigma2,
            fit.resid,
            fit.ar,
            cols,
            x_design,
            fit.x_ev if x_design is not None else None,
            model != "market_adjusted",
            pre,
        )
        if conventions == "estudy2":
            group[window] |= estudy2_group_tests(
                ws.car,
                fit.sigma2,
                fit.n,
                fit.df,
                fit.resid,
                fit.ar,
                cols,
                u,
                pre,
                x_design,
                fit.x_ev if x_design is not None else None,
                model != "market_adjusted",
                r_bar,
            )
    return BatchResult(fit, windows, per_window, group, r_bar, pairs)


def _design_regressors(model: str, x_est: np.ndarray) -> np.ndarray | None:
    """The estimation design's regressors without the intercept (Lamb's portfolio design)."""
    if model == "market_adjusted" or x_est.shape[2] == 0:
        return None
    if model == "scholes_williams":
        return x_est[:, :, 1:2]  # the design is [1, M_t]; lag and lead only enter the beta
    return x_est


def synthetic_batch(
    n_events: int, windows: Windows, *, seed: int = 0, model: str = "market"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """SYNTHETIC stacked arrays (market-model returns with a common market factor), for benchmarks.

    Returns ``y_est, x_est, y_ev, x_ev`` shaped for :func:`run_batch`.
    """
    rng = np.random.default_rng(seed)
    l1, l2 = windows.estimation_length, windows.span_length
    market = rng.normal(0.0004, 0.01, size=(1, l1 + l2))
    beta = rng.normal(1.0, 0.3, size=(n_events, 1))
    noise = rng.normal(0.0, 0.02, size=(n_events, l1 + l2))
    y = 0.0002 + beta * market + noise
    x = np.broadcast_to(market, (n_events, l1 + l2))[:, :, None].copy()
    if model in ("dimson", "scholes_williams"):
        x = np.concatenate([np.roll(x, 1, axis=1), x, np.roll(x, -1, axis=1)], axis=2)
    if model == "constant_mean":
        x = x[:, :, :0]
    if model in ("ff3", "carhart", "ff5"):
        # SYNTHETIC factors: the market column plus independent long-short factors with small loadings.
        k = {"ff3": 2, "carhart": 3, "ff5": 4}[model]
        extra = rng.normal(0.0, 0.006, size=(1, l1 + l2, k))
        loads = rng.normal(0.0, 0.3, size=(n_events, 1, k))
        y = y + (loads * extra).sum(axis=2)
        x = np.concatenate([x, np.broadcast_to(extra, (n_events, l1 + l2, k))], axis=2)
    return y[:, :l1], x[:, :l1], y[:, l1:], x[:, l1:]
