"""Group (cross-event) significance tests for CAR over one event window, batch numpy.

Notation: N events with a finite CAR in the window, window length L, SCAR_i =
CAR_i / sd(CAR_i) where sd(CAR_i) is the square root of the Campbell-Lo-MacKinlay
forecast-error variance including the estimation-error term (see
:mod:`marketreact.study.models`), df_i = L1_i - k the model's degrees of freedom.

Alignment. All tests align events by relative day (event time). Two quantities
need calendar time and say so: the Kolari-Pynnönen mean residual correlation is
computed on pairwise-overlapping *calendar dates* (each listing's own session
date label; a Tokyo and a New York row with the same date label count as
overlapping), and the Brown-Warner portfolio series is formed by relative day,
which equals calendar time when the events share day 0 on one exchange calendar
(across calendars, relative day k may map to dates a few days apart).
"""

from __future__ import annotations

import numpy as np

from marketreact.study._dist import two_sided_t, two_sided_z, wilcoxon

__all__ = ["TESTS", "group_tests", "mean_pairwise_correlation", "nan_column_mean", "standardized_ranks"]

TESTS: tuple[str, ...] = (
    "cross_sectional_t",
    "brown_warner",
    "patell",
    "bmp",
    "kolari_pynnonen",
    "corrado_rank",
    "generalized_sign",
    "wilcoxon",
)
MIN_OVERLAP = 30  # fewer common dates than this: the pair is left out of r-bar


def nan_column_mean(a: np.ndarray) -> np.ndarray:
    """Column means over finite cells; NaN (silently) for a column with none."""
    finite = np.isfinite(a)
    count = finite.sum(axis=0)
    total = np.where(finite, a, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _two_sided_t(stat: float, df: float) -> float:
    return float(two_sided_t(stat, df)) if np.isfinite(stat) and df > 0 else float("nan")


def _two_sided_z(stat: float) -> float:
    return float(two_sided_z(stat)) if np.isfinite(stat) else float("nan")


def _calendar_grid(resid: np.ndarray, dates: np.ndarray | None) -> np.ndarray:
    """Residuals on a common calendar-date axis, (N, T) with NaN where absent."""
    if dates is None:
        return resid
    finite = np.isfinite(resid)
    day = dates[finite].astype(np.int64)
    lo = int(day.min()) if day.size else 0
    present = np.bincount(day - lo) > 0  # calendar days are a short integer range: no sort needed
    position = np.cumsum(present) - 1
    out = np.full((resid.shape[0], int(present.sum())), np.nan)
    rows = np.nonzero(finite)
    out[rows[0], position[day - lo]] = resid[finite]
    return out


def mean_pairwise_correlation(
    resid: np.ndarray, dates: np.ndarray | None = None, *, max_patterns: int = 300, block: int = 512
) -> tuple[float, int]:
    """Mean Pearson correlation of estimation residuals over all pairs (i < j).

    Each pair's correlation uses only the calendar dates both series have
    (pairwise-complete observations); pairs with fewer than ``MIN_OVERLAP``
    common dates, or a constant series on them, are left out.

    Events are grouped by their pattern of available dates. For two groups g, h
    every pair shares the same overlap O_gh, so with rows standardised on O_gh
    (population sd) the sum of their correlations is (sum_g z)·(sum_h z) / |O_gh|
    (within a group: (|sum z|^2 - sum |z|^2) / 2|O|), which is exact. The
    per-overlap means and sds of every row, and the group sums of z, come from
    matrix products (see :func:`_pattern_sums`), O(G N T) for G patterns. With
    more than ``max_patterns`` patterns a blocked O(N^2 T) pairwise computation
    is used instead.

    Returns
    -------
    (r_bar, pairs)
        NaN and 0 when no pair qualifies.
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
    if patterns.shape[0] > max_patterns:
        return _pairwise_blocked(e, w, block)
    return _pattern_sums(e, w, patterns, inverse.ravel())


_CONSTANT_TOL = 1e-12  # variance below this share of the mean square is rounding noise: a constant row
_CROSS_CELLS = 1 << 21  # cells per (G, T, columns) block of group sums, bounds memory at ~16 MiB each


def _pattern_sums(
    e: np.ndarray, w: np.ndarray, patterns: np.ndarray, inverse: np.ndarray
) -> tuple[float, int]:
    """Pattern-pair sums of correlations with BLAS products (no per-pair standardising).

    Rows are centred on their own mean over their own dates (correlations are
    unchanged; it keeps the one-pass variance below well conditioned) and set to
    0 off their dates, giving D (N x T). With P the (G x T) pattern matrix, row
    i of group g has S1 = D @ P.T and S2 = (D*D) @ P.T summed over O_gh for every
    h, so m_ih = S1/|O_gh| and s_ih = sqrt(S2/|O_gh| - m_ih^2). Rows constant on
    O_gh (s = 0 up to rounding) or overlaps under ``MIN_OVERLAP`` get weight 0.
    The sum over the rows of g of z_it on O_gh is then
    Zg_h(t) = sum_i d_it / s_ih - sum_i m_ih / s_ih = U_g[t, h] - B[g, h] with
    U_g = D_g.T @ (1/s) (0 where excluded). Zg_h is non-zero off O_gh only where
    Zh_g is zero, so sum_t Zg_h(t) Zh_g(t) is the sum over O_gh.
    """
    n_groups, n_dates = patterns.shape
    order = np.argsort(inverse, kind="stable")
    group = inverse[order]
    bounds = np.searchsorted(group, np.arange(n_groups + 1))
    e, w = e[order], w[order]
    count = w.sum(axis=1, keepdims=True)
    centre = np.where(w, e, 0.0).sum(axis=1, keepdims=True) / count
    d = np.where(w, e - centre, 0.0)
    p = patterns.astype(float)
    size = p @ p.T  # |O_gh|, exact integers
    row_size = size[group]
    s1, s2 = d @ p.T, (d * d) @ p.T
    with np.errstate(invalid="ignore", divide="ignore"):
        mean, msq = s1 / row_size, s2 / row_size
        var = msq - mean * mean
        valid = (row_size >= MIN_OVERLAP) & (var > _CONSTANT_TOL * msq)
        inv_sd = np.where(valid, 1.0 / np.sqrt(np.where(valid, var, 1.0)), 0.0)
    starts = bounds[:-1]
    b = np.add.reduceat(mean * inv_sd, starts, axis=0)  # B[g, h] (mean is finite wherever inv_sd != 0)
    n_valid = np.add.reduceat(valid.astype(np.int64), starts, axis=0)  # rows of g usable on O_gh

    def group_z(g: int, cols: slice) -> np.ndarray:  # (T, len(cols)): Zg_h(t) for h in cols
        rows = slice(bounds[g], bounds[g + 1])
        return d[rows].T @ inv_sd[rows, cols] - b[g, cols] * (p[g][:, None] * p[cols].T)

    cross = np.empty((n_groups, n_groups))
    width = max(1, min(n_groups, _CROSS_CELLS // (n_groups * n_dates)))
    for j0 in range(0, n_groups, width):
        cols = slice(j0, min(n_groups, j0 + width))
        x = np.stack([group_z(h, cols) for h in range(n_groups)])  # x[h, t, j] = Zh_{j0+j}(t)
        # y[j, t, h] = Z(j0+j)_h(t): the same array when one block holds every column
        y = x if width == n_groups else np.stack([group_z(g, slice(None)) for g in range(j0, cols.stop)])
        cross[cols] = np.einsum("jth,htj->jh", y, x)
    usable = size >= MIN_OVERLAP
    upper = np.triu(usable, 1)
    total = float((cross[upper] / size[upper]).sum())
    pairs = int((n_valid * n_valid.T)[upper].sum())
    diag = np.diag(usable)
    n_d, size_d = np.diag(n_valid)[diag], np.diag(size)[diag]
    # within a group: sum_t sum_i z_it^2 = n_valid |O| exactly (population sd)
    total += float(((np.diag(cross)[diag] - n_d * size_d) / (2.0 * size_d)).sum())
    pairs += int((n_d * (n_d - 1) // 2).sum())
    return (total / pairs if pairs else float("nan")), pairs


def _pairwise_blocked(e: np.ndarray, w: np.ndarray, block: int) -> tuple[float, int]:
    n = e.shape[0]
    x = np.where(w, e, 0.0)
    wf = w.astype(float)
    corr_sum, pairs = 0.0, 0
    for start in range(0, n, block):  # blocks bound memory at block x N
        xb, wb = x[start : start + block], wf[start : start + block]
        cnt = wb @ wf.T
        sx, sy = xb @ wf.T, wb @ x.T
        sxx, syy = (xb * xb) @ wf.T, wb @ (x * x).T
        sxy = xb @ x.T
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (cnt * sxy - sx * sy) / np.sqrt((cnt * sxx - sx**2) * (cnt * syy - sy**2))
        i = np.arange(start, start + xb.shape[0])[:, None]
        upper = (np.arange(n)[None, :] > i) & (cnt >= MIN_OVERLAP) & np.isfinite(r)
        corr_sum += float(r[upper].sum())
        pairs += int(upper.sum())
    return (corr_sum / pairs if pairs else float("nan")), pairs


def standardized_ranks(resid: np.ndarray, ar_span: np.ndarray) -> np.ndarray:
    """U_it = K_it / (1 + M_i) - 1/2: each event's AR ranks over estimation window + event span.

    K_it are average ranks among the event's M_i finite cells (Corrado 1989;
    Corrado & Zivney 1992); missing cells stay NaN.
    """
    combined = np.concatenate([resid, ar_span], axis=1)
    finite = np.isfinite(combined)
    ranks = _row_ranks(np.where(finite, combined, np.inf))  # NaN cells rank last, dropped below
    count = finite.sum(axis=1, keepdims=True)
    return np.where(finite, ranks / (1.0 + count) - 0.5, np.nan)


def _row_ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (1-based, ties averaged) along each row, as scipy.stats.rankdata(x, axis=1).

    One argsort, then tie runs found on the flattened sorted array (a run never
    crosses a row boundary) and averaged with bincount: no per-row loop.
    """
    n_rows, n_cols = x.shape
    order = np.argsort(x, axis=1)
    xs = np.take_along_axis(x, order, axis=1)
    new_run = np.ones_like(xs, dtype=bool)
    new_run[:, 1:] = xs[:, 1:] != xs[:, :-1]
    run_id = np.cumsum(new_run.ravel()) - 1
    ordinal = np.tile(np.arange(1.0, n_cols + 1.0), n_rows)
    mean_rank = np.bincount(run_id, weights=ordinal) / np.bincount(run_id)
    ranks = np.empty_like(xs)
    np.put_along_axis(ranks, order, mean_rank[run_id].reshape(n_rows, n_cols), axis=1)
    return ranks


def group_tests(
    car: np.ndarray,
    var_car: np.ndarray,
    df: np.ndarray,
    resid: np.ndarray,
    ar_span: np.ndarray,
    cols: slice,
    r_bar: float,
    u: np.ndarray | None = None,
    column_means: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, tuple[float, float, float]]:
    """All group tests of H0: mean CAR = 0 for one window.

    Parameters
    ----------
    car, var_car, df : (N,) arrays
        Per-event CAR, its CLM variance and the model's degrees of freedom;
        events with NaN CAR are left out of every test.
    resid : (N, L1) array
        Estimation-window abnormal returns (NaN = excluded), by relative day.
    ar_span : (N, L2) array
        Abnormal returns over the whole event span, by relative day (ranked with
        ``resid`` by the rank test).
    cols : slice
        The window's columns within ``ar_span``.
    r_bar : float
        Mean pairwise residual correlation (:func:`mean_pairwise_correlation`).
    u : (N, L1 + L2) array, optional
        Standardised ranks from :func:`standardized_ranks` (computed here when omitted;
        pass them to rank once for many windows).
    column_means : (aar_est, ubar), optional
        Column means of ``resid`` and ``u`` over ALL events (used only when every
        event has a CAR in this window, to skip recomputing them per window).

    Returns
    -------
    dict
        test name -> (statistic, two-sided p-value, degrees of freedom or NaN).

    Notes
    -----
    * ``cross_sectional_t``: mean(CAR) / (sd(CAR)/sqrt N), t(N-1)
      (Campbell, Lo & MacKinlay 1997, sec. 4.4.3; Brown & Warner 1985).
    * ``brown_warner``: portfolio test with the crude dependence adjustment
      (Brown & Warner 1985, sec. 3): AAR_t = mean_i AR_it by relative day;
      sd(AAR) from its estimation-window series (ddof=1); stat = sum_{t in W} AAR_t /
      (sqrt(L) sd(AAR)), t(M-1) with M estimation days.
    * ``patell``: Z = sum_i SCAR_i / sqrt(sum_i df_i/(df_i-2)), N(0,1)
      (Patell 1976; multi-day SCAR as in Mikkelson & Partch 1988 and Kolari &
      Pynnönen 2010, eq. 4).
    * ``bmp``: sqrt(N) mean(SCAR) / sd(SCAR), t(N-1) (Boehmer, Musumeci &
      Poulsen 1991; Kolari & Pynnönen 2010, eq. 5).
    * ``kolari_pynnonen``: bmp * sqrt((1 - r) / (1 + (N-1) r)), t(N-1)
      (Kolari & Pynnönen 2010, eq. 16).
    * ``corrado_rank``: ranks K_it of each event's ARs over the estimation
      window plus the event span, standardised U_it = K_it/(1+M_i) - 1/2
      (Corrado 1989; Corrado & Zivney 1992 for missing days); Ubar_t = mean_i U_it;
      S = sqrt(mean_t Ubar_t^2) over all ranked days; stat = sum_{t in W} Ubar_t /
      (sqrt(L) S), N(0,1) (multi-day form of Cowan 1992 / Campbell & Wasley 1993).
    * ``generalized_sign``: p-hat = mean_i (share of positive estimation ARs);
      w = #{CAR_i > 0}; Z = (w - N p-hat)/sqrt(N p-hat (1 - p-hat)), N(0,1) (Cowan 1992).
    * ``wilcoxon``: scipy.stats.wilcoxon signed-rank test of the CARs (two-sided).
    """
    nan = float("nan")
    ok = np.isfinite(car)
    n = int(ok.sum())
    out = dict.fromkeys(TESTS, (nan, nan, nan))
    if n < 2:
        return out
    everyone = n == car.size  # no fancy-index copies of the big arrays in the common case
    c, v, d = (car, var_car, df) if everyone else (car[ok], var_car[ok], df[ok])
    res, ars = (resid, ar_span) if everyone else (resid[ok], ar_span[ok])
    arw = ars[:, cols]
    length = arw.shape[1]

    t_cs = c.mean() / (c.std(ddof=1) / np.sqrt(n))
    out["cross_sectional_t"] = (float(t_cs), _two_sided_t(t_cs, n - 1), float(n - 1))

    aar_est = column_means[0] if everyone and column_means else nan_column_mean(res)
    aar_est = aar_est[np.isfinite(aar_est)]
    m = aar_est.size
    if m > 2:
        t_bw = arw.mean(axis=0).sum() / (np.sqrt(length) * aar_est.std(ddof=1))
        out["brown_warner"] = (float(t_bw), _two_sided_t(t_bw, m - 1), float(m - 1))

    with np.errstate(invalid="ignore", divide="ignore"):
        # A degenerate variance (e.g. a singular design, already warned about) gives NaN, reported as such.
        scar = c / np.sqrt(v)
    good = d > 2
    if good.all():
        z_patell = scar.sum() / np.sqrt((d / (d - 2.0)).sum())
        out["patell"] = (float(z_patell), _two_sided_z(z_patell), nan)
    t_bmp = np.sqrt(n) * scar.mean() / scar.std(ddof=1)
    out["bmp"] = (float(t_bmp), _two_sided_t(t_bmp, n - 1), float(n - 1))
    if np.isfinite(r_bar):
        t_kp = t_bmp * np.sqrt((1.0 - r_bar) / (1.0 + (n - 1) * r_bar))
        out["kolari_pynnonen"] = (float(t_kp), _two_sided_t(t_kp, n - 1), float(n - 1))

    if everyone and column_means:
        ubar = column_means[1]
    else:
        u_all = standardized_ranks(resid, ar_span) if u is None else u
        ubar = nan_column_mean(u_all if everyone else u_all[ok])
    s_u = np.sqrt(np.nanmean(ubar**2))
    z_rank = ubar[res.shape[1] :][cols].sum() / (np.sqrt(length) * s_u)
    out["corrado_rank"] = (float(z_rank), _two_sided_z(z_rank), nan)

    pos_share = (res > 0).sum(axis=1) / np.isfinite(res).sum(axis=1)
    p_hat = float(pos_share.mean())
    wins = int((c > 0).sum())
    if 0.0 < p_hat < 1.0:
        z_sign = (wins - n * p_hat) / np.sqrt(n * p_hat * (1.0 - p_hat))
        out["generalized_sign"] = (float(z_sign), _two_sided_z(z_sign), nan)

    if np.any(c != 0):
        w_stat, w_p = wilcoxon(c)
        out["wilcoxon"] = (w_stat, w_p, nan)
    return out
