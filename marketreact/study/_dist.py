"""Tail probabilities of the test statistics without importing :mod:`scipy.stats` at start-up.

Importing scipy.stats costs about half a second (it builds the docstring of every distribution),
more than the whole study of one article. The t and normal tails come from :mod:`scipy.special`,
the same routines ``scipy.stats.t`` and ``scipy.stats.norm`` call (``stdtr``, ``ndtr``,
``stdtrit``). The Wilcoxon signed-rank p-value uses the exact null distribution, as
``scipy.stats.wilcoxon`` does by default for untied, non-zero differences; any other input (ties,
zeros, NaN, more than :data:`EXACT_MAX` differences) is handed to scipy.stats, imported then.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.special import ndtr, stdtr, stdtrit

__all__ = ["EXACT_MAX", "t_quantile", "two_sided_t", "two_sided_z", "wilcoxon"]

#: Largest number of differences whose signed-rank distribution is tabulated here (the counts of
#: subsets of 1..n stay exact in float64 below 2**53).
EXACT_MAX = 50


def two_sided_t(stat: np.ndarray | float, df: np.ndarray | float) -> np.ndarray:
    """``2 * P(T_df > |stat|)``, as ``2 * scipy.stats.t.sf(abs(stat), df)``; NaN where ``df <= 0``."""
    stat, df = np.asarray(stat, dtype=float), np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(df > 0, 2.0 * stdtr(np.where(df > 0, df, 1.0), -np.abs(stat)), np.nan)


def two_sided_z(stat: np.ndarray | float) -> np.ndarray:
    """``2 * P(Z > |stat|)`` for a standard normal ``Z``."""
    return np.asarray(2.0 * ndtr(-np.abs(np.asarray(stat, dtype=float))))


def t_quantile(q: float, df: float) -> float:
    """The ``q`` quantile of Student's t with ``df`` degrees of freedom (``scipy.stats.t.ppf``)."""
    return float(stdtrit(df, q)) if df > 0 else float("nan")


@lru_cache(maxsize=EXACT_MAX)
def _signed_rank_cdf(n: int) -> np.ndarray:
    """``P(W+ <= k)`` for k = 0 .. n(n+1)/2 under the null: W+ is the sum of a random subset of 1..n."""
    counts = np.zeros(n * (n + 1) // 2 + 1)
    counts[0] = 1.0
    for rank in range(1, n + 1):
        # Each rank joins the subset or not: the counts shift by the rank and add up.
        counts[rank:] = counts[rank:] + counts[:-rank].copy()
    return np.cumsum(counts) / 2.0**n


def wilcoxon(c: np.ndarray) -> tuple[float, float]:
    """Two-sided Wilcoxon signed-rank test of ``c`` against zero: ``(min(W+, W-), p)``.

    Equal to ``scipy.stats.wilcoxon(c)`` (statistic and p-value): the exact null distribution
    when the differences are finite, non-zero, untied and at most :data:`EXACT_MAX`; otherwise
    scipy decides (normal approximation or permutation, per its version).
    """
    c = np.asarray(c, dtype=float)
    absolute = np.abs(c)
    n = c.size
    if 0 < n <= EXACT_MAX and np.all(np.isfinite(c)) and np.all(c != 0):
        order = np.sort(absolute)
        if np.all(np.diff(order) > 0):
            ranks = np.searchsorted(order, absolute) + 1
            w_plus = int(ranks[c > 0].sum())
            stat = min(w_plus, n * (n + 1) // 2 - w_plus)
            # The null is symmetric about n(n+1)/4: both tails equal P(W+ <= min(W+, W-)).
            return float(stat), float(min(1.0, 2.0 * _signed_rank_cdf(n)[stat]))
    from scipy import stats  # ties, zeros or a long sample: scipy's own rules

    res = stats.wilcoxon(c)
    return float(res.statistic), float(res.pvalue)
