"""Tail probabilities without scipy.stats at start-up (marketreact.study._dist).

Reference: scipy.stats itself (t.sf, norm.sf, t.ppf, wilcoxon with its defaults), imported here in
the test only; toy values of the signed-rank null counted by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from marketreact.study._dist import EXACT_MAX, t_quantile, two_sided_t, two_sided_z, wilcoxon


def test_signed_rank_toy_values() -> None:
    # n = 3, all positive: W+ = 6, W- = 0; P(W+ <= 0) = 1/8 (only the empty subset): p = 2/8.
    assert wilcoxon(np.array([0.1, 0.2, 0.3])) == (0.0, 0.25)
    # n = 4, ranks 1..4 with rank 2 negative: W+ = 8, W- = 2. Subsets of {1,2,3,4} summing to <= 2:
    # {}, {1}, {2}: 3 of 16, so p = 2 * 3/16.
    assert wilcoxon(np.array([0.01, -0.02, 0.03, 0.04])) == (2.0, 0.375)
    # Balanced: the p-value is capped at 1.
    assert wilcoxon(np.array([0.01, -0.02, -0.03, 0.04]))[1] == 1.0


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.floats(-0.5, 0.5, allow_nan=False).filter(lambda v: v != 0),
        min_size=1,
        max_size=EXACT_MAX,
        unique=True,
    )
)
def test_wilcoxon_equals_scipy_exact_path(values: list[float]) -> None:
    c = np.array(values)
    ref = stats.wilcoxon(c)
    got = wilcoxon(c)
    assert got[0] == float(ref.statistic)
    assert got[1] == pytest.approx(float(ref.pvalue), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    "c",
    [
        np.array([0.01, 0.01, -0.02, 0.03, 0.05]),  # a tie: scipy's own rules
        np.array([0.0, 0.01, -0.02, 0.03, 0.05, 0.07]),  # a zero
        np.random.default_rng(1).normal(0.001, 0.02, EXACT_MAX + 30),  # longer than the table
    ],
    ids=["tie", "zero", "long"],
)
def test_wilcoxon_hands_other_inputs_to_scipy(c: np.ndarray) -> None:
    ref = stats.wilcoxon(c)
    assert wilcoxon(c) == (float(ref.statistic), float(ref.pvalue))


@settings(max_examples=100, deadline=None)
@given(st.floats(-40, 40), st.floats(0.5, 500))
def test_t_and_normal_tails_equal_scipy_stats(stat: float, df: float) -> None:
    assert float(two_sided_t(stat, df)) == pytest.approx(2 * stats.t.sf(abs(stat), df), rel=1e-13)
    assert float(two_sided_z(stat)) == pytest.approx(2 * stats.norm.sf(abs(stat)), rel=1e-13)


def test_t_tails_vectorised_and_invalid_df() -> None:
    t = np.array([0.0, 1.96, np.nan, 2.0])
    df = np.array([10.0, 1e6, 10.0, 0.0])
    got = two_sided_t(t, df)
    assert got[0] == 1.0 and got[1] == pytest.approx(0.05, abs=1e-4)
    assert np.isnan(got[2]) and np.isnan(got[3])


def test_t_quantile_equals_scipy() -> None:
    for q, df in [(0.975, 5), (0.95, 239), (0.5, 3)]:
        assert t_quantile(q, df) == pytest.approx(stats.t.ppf(q, df), rel=1e-13)
    # Hand value from any t table: t(0.975, 5) = 2.571.
    assert t_quantile(0.975, 5) == pytest.approx(2.5706, abs=1e-4)
    assert np.isnan(t_quantile(0.975, 0))
