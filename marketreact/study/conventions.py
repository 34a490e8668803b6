"""Variance conventions of the per-listing and group statistics, stated and switchable.

``conventions="clm"`` (default)
    sigma^2 = SSR / (n - k) (ddof = k, the number of coefficients; ddof = 1 for
    market_adjusted), var(CAR) = sigma^2 (L + s'(X'X)^-1 s): the full
    Campbell-Lo-MacKinlay forecast-error variance with the estimation-error term.
``conventions="simple"``
    sigma^2 = SSR / n (ddof = 0) and var(CAR) = L sigma^2 with no
    estimation-error term, as several peers print (e.g. the i·sigma^2 form of
    day-by-day cumulation). Degrees of freedom stay n - k.

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

Conventions = Literal["clm", "simple"]
CONVENTIONS: tuple[str, ...] = ("clm", "simple")


def apply_conventions(fit: BatchFit, conventions: str) -> BatchFit:
    """The fit under ``conventions`` ("clm": unchanged)."""
    if conventions == "clm":
        return fit
    if conventions != "simple":
        raise ValueError(f"unknown conventions {conventions!r}")
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = fit.sigma2 * fit.df / fit.n  # SSR/(n-k) -> SSR/n
    # No (X'X)^-1: window_stats then uses var(CAR) = L sigma^2.
    return dataclasses.replace(fit, sigma2=sigma2, xtx_inv=None)


def conventions_table(model: str, conventions: str) -> pd.DataFrame:
    """Per statistic: variance formula, ddof, degrees of freedom and reference distribution."""
    k = "k (coefficients incl. intercept)" if model != "market_adjusted" else "1"
    if conventions == "simple":
        sigma, ddof = "SSR / n", "0"
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
        ("wilcoxon", "scipy signed-rank, statistic min(W+, W-)", "-", "-", "exact/normal"),
        ("wilcoxon_w_plus / _w_minus", "rank sums of positive / negative CARs", "-", "-", "as wilcoxon"),
    ]
    frame = pd.DataFrame(rows, columns=["statistic", "variance", "ddof", "df", "distribution"])
    return frame.set_index("statistic")
