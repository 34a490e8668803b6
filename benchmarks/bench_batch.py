"""Batch event-study core vs a naive per-event statsmodels loop (a script, not a test).

    .venv/bin/python benchmarks/bench_batch.py [--events 10000] [--naive 500]

Input: SYNTHETIC market-model returns (and, for the ff3 case, SYNTHETIC
three-factor returns: the market plus two independent long-short factors), N events x (250 estimation + 21 event)
days (estimation window (-250,-11) holds 240 of them; all six default event
windows). The batch run fits every event and computes every per-event and group
statistic. The naive loop fits statsmodels OLS per event and computes CAR,
its CLM variance, t and p for each window (no group tests, which favours the
naive side); it runs on a subset and is scaled linearly to N.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import statsmodels.api as sm
from scipy import stats

from marketreact.study.core import run_batch, synthetic_batch
from marketreact.study.windows import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS, Windows


def naive(
    windows: Windows, y_est: np.ndarray, x_est: np.ndarray, y_ev: np.ndarray, x_ev: np.ndarray
) -> float:
    total = 0.0
    for i in range(y_est.shape[0]):
        res = sm.OLS(y_est[i], sm.add_constant(x_est[i, :, 0])).fit()
        cov = res.cov_params()
        for w in windows.events:
            cols = windows.columns(w)
            xstar = sm.add_constant(x_ev[i, cols, 0], has_constant="add")
            ar = y_ev[i, cols] - xstar @ res.params
            var = len(ar) * res.scale + float((xstar @ cov @ xstar.T).sum())
            t = ar.sum() / np.sqrt(var)
            total += 2 * stats.t.sf(abs(t), res.df_resid)
    return total


def naive_predict(
    windows: Windows, y_est: np.ndarray, x_est: np.ndarray, y_ev: np.ndarray, x_ev: np.ndarray
) -> float:
    """The textbook statsmodels route: forecast standard errors from get_prediction().summary_frame()."""
    total = 0.0
    for i in range(y_est.shape[0]):
        res = sm.OLS(y_est[i], sm.add_constant(x_est[i, :, 0])).fit()
        for w in windows.events:
            cols = windows.columns(w)
            xstar = sm.add_constant(x_ev[i, cols, 0], has_constant="add")
            pred = res.get_prediction(xstar)
            ar = y_ev[i, cols] - pred.summary_frame()["mean"].to_numpy()
            mean_cov = xstar @ res.cov_params() @ xstar.T  # off-diagonal terms of 1'V1
            var = float((pred.se_obs**2).sum() + mean_cov.sum() - np.trace(mean_cov))
            t = ar.sum() / np.sqrt(var)
            total += 2 * stats.t.sf(abs(t), res.df_resid)
    return total


def per_listing_only(windows: Windows, arrays: tuple[np.ndarray, ...]) -> float:
    from marketreact.study.models import fit_batch, window_stats

    start = time.perf_counter()
    fit = fit_batch("market", *arrays)
    for w in windows.events:
        window_stats(fit, arrays[2], windows.columns(w))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    windows = Windows.parse(DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS)
    # The estimation window is 240 of the 250 pre-event days; the 10 days -10..-1 belong to the span.
    arrays = synthetic_batch(args.events, windows, seed=1)
    dates = np.broadcast_to(np.arange(windows.estimation_length), arrays[0].shape)  # one shared calendar
    # Fama-French 3-factor model (k = 4) on SYNTHETIC factors, same N and windows; its runs alternate
    # with the market model's so that a load spike on a shared machine hits both.
    ff3 = synthetic_batch(args.events, windows, seed=1, model="ff3")
    run_batch("market", windows, *arrays, est_dates=dates)  # warm-up (imports, caches)
    run_batch("ff3", windows, *ff3, est_dates=dates)
    times, ff3_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run_batch("market", windows, *arrays, est_dates=dates)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_batch("ff3", windows, *ff3, est_dates=dates)
        ff3_times.append(time.perf_counter() - start)
    tracemalloc.start()
    run_batch("market", windows, *arrays, est_dates=dates)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Same arrays, events on different calendars (no shared dates): the pairwise r-bar path.
    shifted = dates + (np.arange(args.events) % 50)[:, None]
    start = time.perf_counter()
    run_batch("market", windows, *arrays, est_dates=shifted)
    pairwise = time.perf_counter() - start

    sub = tuple(a[: args.naive] for a in arrays)
    start = time.perf_counter()
    naive(windows, *sub)
    naive_time = time.perf_counter() - start
    scaled = naive_time * args.events / args.naive
    start = time.perf_counter()
    naive_predict(windows, *sub)
    predict_scaled = (time.perf_counter() - start) * args.events / args.naive
    own = min(per_listing_only(windows, arrays) for _ in range(args.repeat))
    best = min(times)
    print(
        f"events: {args.events} x ({windows.estimation_length} estimation + {windows.span_length} event) days"
    )
    print(
        f"batch (all tests, shared calendar): best {best:.3f} s, median {np.median(times):.3f} s "
        f"over {args.repeat} runs; peak traced memory {peak / 2**20:.0f} MiB"
    )
    print(f"batch (all tests, 50 staggered calendars -> pairwise r-bar): {pairwise:.3f} s")
    print(
        f"batch ff3 (3 factors, all tests, shared calendar): best {min(ff3_times):.3f} s, "
        f"median {np.median(ff3_times):.3f} s -> {min(ff3_times) / best:.2f}x the market model"
    )
    print(
        f"naive statsmodels loop: {naive_time:.2f} s for {args.naive} events -> {scaled:.1f} s scaled to "
        f"{args.events}"
    )
    print(f"naive loop with get_prediction().summary_frame(): {predict_scaled:.1f} s scaled to {args.events}")
    print(f"batch per-listing statistics only (same work as the naive loop): {own:.3f} s")
    print(f"speed-up, batch with all group tests vs lean naive loop: {scaled / best:.0f}x")
    print(f"speed-up, batch with all group tests vs get_prediction loop: {predict_scaled / best:.0f}x")
    print(f"speed-up, like for like (per-listing statistics only) vs lean naive loop: {scaled / own:.0f}x")


if __name__ == "__main__":
    main()
