"""The public path vs the batch core: ``EventStudy.fit(events, returns=...)`` on N synthetic events.

    .venv/bin/python benchmarks/bench_fit.py [--events 2000] [--repeat 3] [--symbols 0] [--days 0] [--model market]

Input: SYNTHETIC returns (a market factor plus noise) for N listings on the XNYS calendar and one
benchmark ``MKT``; each event has its own day 0, drawn from 2019-2024 sessions, and its listing
holds returns from 270 sessions before to 15 after it. ``--symbols K`` puts the N events on K
listings (several days 0 per listing) instead of one listing per event; ``--days K`` draws the days 0
from K news days (events then share estimation dates, and the core's Kolari-Pynnönen r-bar takes
its cheap path: the hardest case for the ratio).

The core time is :func:`marketreact.study.core.run_batch` on exactly the arrays ``fit`` assembled
(captured by wrapping it), so the ratio is the cost of the public path (event parsing, grouping,
session axes, confounder flags, the result object) over the statistics themselves.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import numpy as np
import pandas as pd

import marketreact.study.engine as engine_mod
from marketreact.reference.calendars import calendar
from marketreact.study import EventStudy


def synthetic(
    n_events: int, n_symbols: int, seed: int = 0, n_days: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SYNTHETIC events and returns (index (symbol, date), columns ``return`` and ``gap``)."""
    rng = np.random.default_rng(seed)
    sessions = calendar("XNYS").sessions
    sessions = sessions[(sessions >= "2018-01-01") & (sessions <= "2025-06-30")]
    first = int(sessions.searchsorted(pd.Timestamp("2019-06-03")))
    last = int(sessions.searchsorted(pd.Timestamp("2024-12-02")))
    market = rng.normal(0.0004, 0.01, len(sessions))
    symbols = [f"S{i:05d}" for i in range(n_symbols)]
    day_pos = rng.integers(first, last, n_events)
    if n_days:  # events on n_days distinct news days (shared estimation dates: the cheap r-bar path)
        day_pos = rng.choice(rng.integers(first, last, n_days), n_events)
    sym_of = [symbols[i % n_symbols] for i in range(n_events)]
    span: dict[str, tuple[int, int]] = {}
    for sym, p in zip(sym_of, day_pos, strict=True):
        lo, hi = span.get(sym, (p, p))
        span[sym] = (min(lo, int(p)), max(hi, int(p)))
    frames = [
        pd.DataFrame({"return": market, "gap": False}, index=pd.MultiIndex.from_product([["MKT"], sessions]))
    ]
    for sym, (lo, hi) in span.items():
        idx = np.arange(lo - 270, hi + 16)
        beta = rng.normal(1.0, 0.3)
        ret = 0.0002 + beta * market[idx] + rng.normal(0, 0.02, len(idx))
        frames.append(
            pd.DataFrame(
                {"return": ret, "gap": False}, index=pd.MultiIndex.from_product([[sym], sessions[idx]])
            )
        )
    returns = pd.concat(frames)
    returns.index.names = ["symbol", "date"]
    events = pd.DataFrame(
        {
            "symbol": sym_of,
            "day0": sessions[day_pos],
            "benchmark": "MKT",
            "mic": "XNYS",
            "id": [f"a{i}" for i in range(n_events)],
        }
    )
    return events, returns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=[2000])
    parser.add_argument("--symbols", type=int, default=0, help="listings (0: one per event)")
    parser.add_argument("--days", type=int, default=0, help="distinct days 0 (0: drawn per event)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default="market", help="e.g. ff3 (bundled US factors: dates up to 2024)")
    args = parser.parse_args()
    real_core = engine_mod.run_batch
    captured: dict[str, Any] = {}

    def timed_core(*a: Any, **k: Any) -> Any:
        captured["args"], captured["kwargs"] = a, k
        start = time.perf_counter()
        out = real_core(*a, **k)
        captured["core"] = time.perf_counter() - start
        return out

    engine_mod.run_batch = timed_core  # type: ignore[assignment]
    study = EventStudy(model=args.model)
    calendar("XNYS")  # built (or read from its cache) before timing
    for n in args.events:
        events, returns = synthetic(n, args.symbols or n, n_days=args.days)
        study.fit(events.head(50), returns=returns)  # warm-up
        fits, cores = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            res = study.fit(events, returns=returns)
            fits.append(time.perf_counter() - start)
            # The core alone, on the same arrays, timed again outside fit.
            start = time.perf_counter()
            real_core(*captured["args"], **captured["kwargs"])
            cores.append(time.perf_counter() - start)
        fit_t, core_t = statistics.median(fits), statistics.median(cores)
        print(
            f"{args.model}: N={n:>6} events on {args.symbols or n} listings, {args.days or 'own'} days 0: fit {fit_t:.3f} s, batch core {core_t:.3f} s, "
            f"ratio {fit_t / core_t:.2f}x  (listings fitted: {res.n_listings}, skipped: {len(res.skipped)})"
        )


if __name__ == "__main__":
    main()
