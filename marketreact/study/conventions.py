"""Variance conventions of the per-listing and group statistics, stated and switchable.

``conventions="clm"`` (default)
    sigma^2 = SSR / (n - k) (ddof = k, the number of coefficients; ddof = 1 for
    market_adjusted), var(CAR) = sigma^2 (L + s'(X'X)^-1 s): the full
    Campbell-Lo-MacKinlay forecast-error variance with the estimation-error term.
``conventions="simple"``
    sigma^2 = SSR / n (ddof = 0) and var(CAR) = L sigma^2 with no
    estimation-error term, as several peers print (e.g. the i·sigma^2 form of
    day-by-day cumulation). Degrees of freedom stay n - k.
``conventions="estudy2"``
    The forms of the R package estudy2 (0.10.0): sigma^2 = SSR / (n - 1) (R's
    ``sd`` of the estimation residuals), var(CAR) = L sigma^2 with no
    estimation-error term (so ``j1`` is estudy2's ``brown_warner_1980``), and
    Lamb, the generalised sign, Corrado-Zivney sign, Corrado rank (estudy2's
    modified rank), Patell, BMP and Kolari-Pynnönen in estudy2's forms
    (:mod:`marketreact.study.estudy2_tests`). Degrees of freedom stay n - k.

The switch changes ``sigma2`` (hence ``params['sigma']``), every CAR variance,
t and p, and every group test built on them (Patell, BMP, Kolari-Pynnönen, J1,
GRANK); the portfolio and rank/sign tests do not use them.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import numpy as np
import pandas as pd

from marketreact.study.models import BatchFit

__all__ = ["CONVENTIONS", "Conventions", "apply_conventions", "conventions_table"]

Conventions = Literal["clm", "simple", "estudy2"]
CONVENTIONS: tuple[str, ...] = ("clm", "simple", "estudy2")


def apply_conventions(fit: BatchFit, conventions: str) -> BatchFit:
    """The fit under ``conventions`` ("clm": unchanged)."""
    if conventions == "clm":
        return fit
    if conventions not in ("simple", "estudy2"):
        raise ValueError(f"unknown conventions {conventions!r}")
    ddof = 0 if conventions == "simple" else 1
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = fit.sigma2 * fit.df / (fit.n - ddof)  # SSR/(n-k) -> SSR/n or SSR/(n-1)
    # No (X'X)^-1: window_stats then uses var(CAR) = L sigma^2.
    return dataclasses.replace(fit, sigma2=sigma2, xtx_inv=None)


# estudy2's forms (marketreact/study/estudy2_tests.py); a window sums its daily z over sqrt(L).
_F = "f_it = 1 + 1/n_i + (x_it - m)'(X~'X~)^-1 (x_it - m), m, X~ from the portfolio's estimation regressors"
_ESTUDY2_ROWS = [
    ("j1", "sum_i L sigma_i^2 / N^2 (estudy2 brown_warner_1980)", "1", "-", "N(0,1)"),
    (
        "lamb",
        "sd(AAR_est)^2 c_t, c_t = 1 + 1/mean_i(n_i) + (x_t - m)'(X~'X~)^-1 (x_t - m); sum_t z_t / sqrt(L)",
        "1",
        "-",
        "N(0,1)",
    ),
    (
        "patell",
        f"sum_i df_i / (df_i - 2); SCAR_i = sum_t AR_it / (sigma_i sqrt(f_it)) / sqrt(L), {_F}",
        "1",
        "-",
        "N(0,1)",
    ),
    ("bmp", "sd(SCAR_i) across listings (SCAR as in patell)", "1", "N - 1", "t"),
    ("kolari_pynnonen", "bmp x sqrt((1 - r) / (1 + (N - 1) r))", "1", "N - 1", "t"),
    (
        "corrado_rank",
        "(1/mean_i D_i) sum_t (sum_i U_it)^2 / N_t, D_i = ranked cells of event i (estudy2 modified rank)",
        "0",
        "-",
        "N(0,1)",
    ),
    (
        "corrado_zivney_sign",
        "(1/mean_i D_i) sum_t (sum_i G_it)^2 / N_t, D_i = signed cells of event i",
        "0",
        "-",
        "N(0,1)",
    ),
    (
        "generalized_sign",
        "N p (1 - p), p = share of positive ARs over all estimation cells (pooled)",
        "-",
        "-",
        "N(0,1)",
    ),
]


def conventions_table(model: str, conventions: str) -> pd.DataFrame:
    """Per statistic: variance formula, ddof, degrees of freedom and reference distribution."""
    k = "k (coefficients incl. intercept)" if model != "market_adjusted" else "1"
    if conventions == "simple":
        sigma, ddof = "SSR / n", "0"
        var_car = "L sigma^2 (no estimation-error term)"
    elif conventions == "estudy2":
        sigma, ddof = "SSR / (n - 1)", "1"
        var_car = "L sigma^2 (no estimation-error term)"
    else:
        sigma, ddof = f"SSR / (n - {k.split(' ')[0]})", k
        var_car = (
            "L sigma^2 (market_adjusted)"
            if model == "market_adjusted"
            else "sigma^2 (L + s'(X'X)^-1 s), s = sum of the window's design rows (CLM 4.4.8-14)"
        )
    rows = [
        ("sigma2", sigma, ddof, "-", "-"),
        ("car t (per listing)", var_car, ddof, "n - k", "t"),
        ("cross_sectional_t", "sd(CAR_i) across listings", "1", "N - 1", "t"),
        ("brown_warner", "L sd(AAR_est)^2 (time series of the estimation AAR)", "1", "M - 1", "t"),
        ("j1", "sum_i var(CAR_i) / N^2 (var(CAR_i) as in 'car t')", ddof, "-", "N(0,1)"),
        (
            "lamb",
            "sd(AAR_est)^2 c_t, c_t = 1 + x_t'(Xbar'Xbar)^-1 x_t; sum_t z_t / sqrt(L)",
            "1",
            "-",
            "N(0,1)",
        ),
        ("patell", "sum_i df_i / (df_i - 2) of SCAR_i = CAR_i / sd(CAR_i)", ddof, "-", "N(0,1)"),
        ("bmp", "sd(SCAR_i) across listings", "1", "N - 1", "t"),
        ("kolari_pynnonen", "bmp x sqrt((1 - r) / (1 + (N - 1) r))", "1", "N - 1", "t"),
        ("corrado_rank", "mean_t Ubar_t^2 over all ranked days", "0", "-", "N(0,1)"),
        ("corrado_zivney_sign", "(1/T) sum_t (sum_i G_it)^2 / N_t", "0", "-", "N(0,1)"),
        ("grank", "(1/T) sum_t (N_t/N) Ubar_t^2; SCAR rescaled by its cross-sectional sd", "1", "T - 2", "t"),
        ("generalized_sign", "N p (1 - p), p = mean share of positive estimation ARs", "-", "-", "N(0,1)"),
        ("sign", "N / 4", "-", "-", "N(0,1)"),
        ("wilcoxon", "signed-rank, statistic min(W+, W-) (= scipy.stats.wilcoxon)", "-", "-", "exact/normal"),
        ("wilcoxon_w_plus / _w_minus", "rank sums of positive / negative CARs", "-", "-", "as wilcoxon"),
    ]
    if conventions == "estudy2":
        replaced = dict((row[0], row) for row in _ESTUDY2_ROWS)
        rows = [replaced.get(row[0], row) for row in rows]
    frame = pd.DataFrame(rows, columns=["statistic", "variance", "ddof", "df", "distribution"])
    return frame.set_index("statistic")
