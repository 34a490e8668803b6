"""Market-shock frames for many (benchmark, day 0) pairs at once: each benchmark placed on its sessions once.

:func:`marketreact.study.confounders.market_shocks` looks its benchmark up in the returns frame
and rebuilds the session axis on every call; :meth:`EventStudy.fit` calls it once per
(benchmark, day 0), thousands of times in a corpus. :func:`batch_shocks` gives the same frames
(``tests/test_study_gather.py`` compares them) from one placement per benchmark; a pair it cannot
do on the fast path (day 0 not a session, a window past the calendar, a venue-less benchmark)
goes through ``market_shocks`` itself, so errors read the same.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from marketreact.errors import InsufficientEstimationData, MarketReactError
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.study.confounders import market_shocks
from marketreact.study.gather import SymbolBlocks, Unsupported
from marketreact.study.windows import Windows

__all__ = ["batch_shocks"]

_MIN_ESTIMATION = 30  # market_shocks' default, which flag_confounders uses


def batch_shocks(
    pairs: Sequence[tuple[str, pd.Timestamp]],
    windows: Windows,
    returns: pd.DataFrame,
    threshold: float,
    blocks: SymbolBlocks | None = None,
    *,
    reference: ReferenceData | None = None,
) -> dict[tuple[str, pd.Timestamp], pd.DataFrame | MarketReactError]:
    """``market_shocks(bench, day0, windows.span, windows.estimation, threshold, returns=returns)`` per pair.

    Returns the frame, or the error ``market_shocks`` raises for that pair.
    ``reference`` places each benchmark and gives its calendar (the bundled
    reference data by default), as it does for ``market_shocks``.
    """
    ref = default_reference(reference)
    est, ev = windows.estimation, windows.span
    out: dict[tuple[str, pd.Timestamp], pd.DataFrame | MarketReactError] = {}
    slow: list[tuple[str, pd.Timestamp]] = []
    try:
        blocks = blocks if blocks is not None else SymbolBlocks(returns)
    except Unsupported:  # e.g. tz-aware dates: every pair through market_shocks itself
        blocks, slow = None, list(pairs)
        pairs = []
    parts: list[tuple[tuple[str, pd.Timestamp], dict[str, Any], dict[Hashable, Any]]] = []
    by_bench: dict[str, list[pd.Timestamp]] = {}
    for bench, day0 in pairs:
        by_bench.setdefault(bench, []).append(day0)
    for bench, days in by_bench.items():
        mic = ref.mic_for(bench)
        if mic is None or blocks is None or bench not in blocks.bounds:
            slow += [(bench, d) for d in days]
            continue
        sessions = ref.calendar(mic).sessions
        ses_ns = sessions.as_unit("ns").asi8
        a, b = blocks.bounds[bench]
        pos = np.searchsorted(ses_ns, blocks.ns[a:b])
        on = ses_ns[np.minimum(pos, len(ses_ns) - 1)] == blocks.ns[a:b]
        ret = np.full(len(ses_ns), np.nan)
        ret[pos[on]] = blocks.ret[a:b][on]
        # The gap column after the join: NaN (no row), else the row's flag.
        gap = np.full(len(ses_ns), np.nan)
        gap[pos[on]] = blocks.gap[a:b][on] if blocks.gap is not None else 0.0
        for day0 in days:
            i0 = int(np.searchsorted(ses_ns, day0.value))
            if i0 >= len(ses_ns) or ses_ns[i0] != day0.value or i0 + est[0] < 0 or i0 + ev[1] >= len(ses_ns):
                slow.append((bench, day0))
                continue
            e = slice(i0 + est[0], i0 + est[1] + 1)
            keep = ~np.isnan(ret[e]) & (gap[e] == 0)
            sample = ret[e][keep]
            if len(sample) < _MIN_ESTIMATION:
                out[(bench, day0)] = InsufficientEstimationData(bench, len(sample), _MIN_ESTIMATION)
                continue
            mean, sd = float(sample.mean()), float(sample.std(ddof=1))
            w = slice(i0 + ev[0], i0 + ev[1] + 1)
            r = ret[w]
            with np.errstate(invalid="ignore", divide="ignore"):
                z = (r - mean) / sd
            cols = {
                "date": sessions[w],
                "relative_day": np.arange(ev[0], ev[1] + 1),
                "return": r,
                "z": z,
                "shock": np.abs(z) > threshold,
                "gap": gap[w],
            }
            attrs: dict[Hashable, Any] = {
                "benchmark": bench,
                "mean_est": mean,
                "sd_est": sd,
                "n_est": len(sample),
                "threshold": float(threshold),
            }
            parts.append(((bench, day0), cols, attrs))
    if parts:
        # One frame for every pair, then a slice each: a frame per pair built from scratch costs more.
        big = pd.DataFrame(
            {
                name: np.concatenate([np.asarray(c[name]) for _, c, _ in parts])
                for name in ("date", "relative_day", "return", "z", "shock")
            }
        )
        gaps = np.concatenate([np.asarray(c["gap"], dtype=float) for _, c, _ in parts])
        big["gap"] = pd.array(np.where(np.isnan(gaps), False, gaps == 1), dtype="boolean")
        big.loc[np.isnan(gaps), "gap"] = pd.NA
        n = ev[1] - ev[0] + 1
        for k, (key, _, attrs) in enumerate(parts):
            frame = big.iloc[k * n : (k + 1) * n].reset_index(drop=True)
            frame.attrs = dict(attrs)
            out[key] = frame
    for bench, day0 in slow:
        try:
            out[(bench, day0)] = market_shocks(
                bench, day0, windows.span, windows.estimation, threshold, returns=returns, reference=ref
            )
        except MarketReactError as exc:
            out[(bench, day0)] = exc
    return out
