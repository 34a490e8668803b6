"""Mean pairwise residual correlation (Kolari-Pynnönen r-bar) on staggered calendars.

All arrays are SYNTHETIC. References: ``_reference_r_bar`` (the previous
pattern-pair implementation, kept verbatim as an independent reference), the
blocked O(N^2 T) path (``max_patterns=0``), a per-pair ``np.corrcoef`` loop,
and a toy whose correlations are worked out by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from marketreact.study import significance
from marketreact.study.significance import MIN_OVERLAP, _calendar_grid, mean_pairwise_correlation


def _standardise(x: np.ndarray) -> np.ndarray:
    """Rows centred and scaled by their population sd; constant rows become NaN (no correlation)."""
    centred = x - x.mean(axis=1, keepdims=True)
    sd = np.sqrt((centred * centred).mean(axis=1, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sd > 0, centred / sd, np.nan)


def _reference_r_bar(resid: np.ndarray, dates: np.ndarray | None = None) -> tuple[float, int]:
    """The previous implementation of ``mean_pairwise_correlation`` (pattern-pair loop), kept verbatim.

    It re-standardises every group's rows on every overlap O_gh with numpy
    fancy indexing (slow, but direct); only the ``max_patterns`` fallback is left out.
    """
    e = _calendar_grid(resid, dates)
    w = np.isfinite(e)
    keep = w.sum(axis=1) >= MIN_OVERLAP
    e, w = e[keep], w[keep]
    if e.shape[0] < 2:
        return float("nan"), 0
    if (w == w[0]).all():
        patterns, inverse = w[:1], np.zeros(w.shape[0], dtype=np.int64)
    else:
        packed = np.ascontiguousarray(np.packbits(w, axis=1))
        keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        patterns = w[first]
    members = [np.flatnonzero(inverse.ravel() == g) for g in range(patterns.shape[0])]
    total, pairs = 0.0, 0
    for g in range(patterns.shape[0]):
        for h in range(g, patterns.shape[0]):
            overlap = patterns[g] & patterns[h]
            size = int(overlap.sum())
            if size < MIN_OVERLAP:
                continue
            zg = _standardise(e[members[g]][:, overlap])
            zg = zg[np.isfinite(zg).all(axis=1)]
            if g == h:
                s = zg.sum(axis=0)
                total += float(s @ s - (zg * zg).sum()) / (2 * size)
                pairs += zg.shape[0] * (zg.shape[0] - 1) // 2
                continue
            zh = _standardise(e[members[h]][:, overlap])
            zh = zh[np.isfinite(zh).all(axis=1)]
            total += float(zg.sum(axis=0) @ zh.sum(axis=0)) / size
            pairs += zg.shape[0] * zh.shape[0]
    return (total / pairs if pairs else float("nan")), pairs


def _corrcoef_r_bar(resid: np.ndarray, dates: np.ndarray) -> tuple[float, int]:
    """Brute force: np.corrcoef for every pair on its common dates; constant series skipped."""
    finite = np.isfinite(resid)
    series = [
        dict(zip(dates[i][finite[i]].tolist(), resid[i][finite[i]].tolist(), strict=True))
        for i in range(resid.shape[0])
    ]
    series = [s for s in series if len(s) >= MIN_OVERLAP]
    rs = []
    for i in range(len(series)):
        for j in range(i + 1, len(series)):
            common = sorted(series[i].keys() & series[j].keys())
            if len(common) < MIN_OVERLAP:
                continue
            a = np.array([series[i][d] for d in common])
            b = np.array([series[j][d] for d in common])
            if np.ptp(a) == 0 or np.ptp(b) == 0:
                continue
            rs.append(np.corrcoef(a, b)[0, 1])
    return (float(np.mean(rs)) if rs else float("nan")), len(rs)


def _staggered(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """SYNTHETIC residuals with a common date factor on staggered calendars.

    Calendars start at offsets whose overlaps are 60-|shift| dates, so some
    pattern pairs overlap on fewer than MIN_OVERLAP = 30 dates (shift 35, 50).
    Also: NaN gaps (own patterns), an all-zero row, a row that is constant
    (0.5) on its first 35 dates (constant on its overlap with the -25 calendar
    only), a row with too few dates overall, and rows with a large mean.
    """
    rng = np.random.default_rng(seed)
    n, length = int(rng.integers(30, 70)), 60
    offsets = rng.choice([0, 5, 25, -25, 50], size=n)
    dates = offsets[:, None] + np.arange(length)[None, :]
    common = rng.normal(size=200)
    resid = 0.01 * (0.4 * common[dates + 50] + rng.normal(size=(n, length)))
    gappy = rng.random(n) < 0.2
    resid[gappy] = np.where(rng.random((int(gappy.sum()), length)) < 0.1, np.nan, resid[gappy])
    resid[0] = 0.0
    offsets[1] = 0
    dates[1] = np.arange(length)
    resid[1, :35] = 0.5
    offsets[2] = -25
    dates[2] = np.arange(-25, length - 25)
    resid[3, MIN_OVERLAP - 5 :] = np.nan
    resid[4:6] += 100.0
    return resid, dates


@pytest.mark.parametrize("seed", range(12))
def test_equals_reference_blocked_and_corrcoef(seed: int) -> None:
    resid, dates = _staggered(seed)
    r, pairs = mean_pairwise_correlation(resid, dates)
    ref_r, ref_pairs = _reference_r_bar(resid, dates)
    # The blocked path's uncentred one-pass sums lose ~1e-10 on the rows with mean 100 and sd ~0.01;
    # removing that level changes no correlation.
    level = resid.copy()
    level[4:6] -= 100.0
    blocked_r, blocked_pairs = mean_pairwise_correlation(level, dates, max_patterns=0)
    brute_r, brute_pairs = _corrcoef_r_bar(resid, dates)
    assert pairs == ref_pairs == blocked_pairs == brute_pairs > 0
    assert r == pytest.approx(ref_r, abs=1e-12)
    assert r == pytest.approx(blocked_r, abs=1e-12)
    assert r == pytest.approx(brute_r, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_blocks_of_group_sums_give_the_same_answer(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    resid, dates = _staggered(seed)
    whole = mean_pairwise_correlation(resid, dates)
    monkeypatch.setattr(significance, "_CROSS_CELLS", 1)  # one column of pattern pairs per block
    one_by_one = mean_pairwise_correlation(resid, dates)
    assert one_by_one[1] == whole[1]
    assert one_by_one[0] == pytest.approx(whole[0], abs=1e-12)


def test_single_pattern_matches_reference() -> None:
    rng = np.random.default_rng(7)
    resid = 0.01 * (0.3 * rng.normal(size=80)[None, :] + rng.normal(size=(25, 80)))
    resid[3] = 0.0  # constant: left out
    r, pairs = mean_pairwise_correlation(resid)
    assert pairs == 24 * 23 // 2
    assert (r, pairs) == pytest.approx(_reference_r_bar(resid), abs=1e-12)
    assert (r, pairs) == pytest.approx(mean_pairwise_correlation(resid, max_patterns=0), abs=1e-12)
    shared = np.broadcast_to(np.arange(80), resid.shape)
    assert (r, pairs) == pytest.approx(mean_pairwise_correlation(resid, shared), abs=1e-12)


def test_no_pair_with_enough_common_dates() -> None:
    rng = np.random.default_rng(3)
    resid = rng.normal(size=(2, 40))
    dates = np.vstack([np.arange(40), np.arange(20, 60)])  # 20 common dates < MIN_OVERLAP
    r, pairs = mean_pairwise_correlation(resid, dates)
    assert math.isnan(r) and pairs == 0


def test_toy_three_series_by_hand() -> None:
    """Three SYNTHETIC series on 4 common dates, tiled 8x to reach MIN_OVERLAP.

    a = [1, -1, 1, -1]: mean 0, population sd 1.
    b = [1, 1, -1, -1]: mean 0, sd 1.
    c = [3, 1, 1, -1]: mean 1, centred [2, 0, 0, -2], sd sqrt(8/4) = sqrt(2).
    r_ab = (1 - 1 - 1 + 1)/4 = 0
    r_ac = (1*2 + 0 + 0 + (-1)(-2))/4 / sqrt(2) = 1/sqrt(2)
    r_bc = (1*2 + 0 + 0 + (-1)(-2))/4 / sqrt(2) = 1/sqrt(2)
    r-bar = (0 + 2/sqrt(2)) / 3 = sqrt(2)/3 ~ 0.4714, over 3 pairs. Tiling leaves
    means, sds and cross moments unchanged. Each series also has 6 dates of its
    own (large values) that no other series has: they must not enter any pair.
    """
    block = np.array([[1.0, -1, 1, -1], [1, 1, -1, -1], [3, 1, 1, -1]])
    own = np.array([[9.0, -7, 5, 8, -6, 4], [-9, 7, 6, -8, 3, 2], [8, 8, -9, 1, 7, -5]])
    resid = np.hstack([np.tile(block, 8), own])
    common_dates = np.arange(32)
    dates = np.vstack([np.concatenate([common_dates, start + np.arange(6)]) for start in (100, 200, 300)])
    expected = math.sqrt(2) / 3
    assert mean_pairwise_correlation(resid, dates) == pytest.approx((expected, 3), abs=1e-12)
    assert mean_pairwise_correlation(np.tile(block, 8)) == pytest.approx((expected, 3), abs=1e-12)
