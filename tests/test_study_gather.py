"""The vectorised assembly (study/gather.py) gives, cell for cell, what the per-event ``_prepare`` gives.

``_prepare`` is the reference implementation: one event at a time with pandas look-ups. Inputs are
SYNTHETIC returns with every irregularity the assembly handles (missing listing rows, a missing
benchmark row, a gap row, rows off the calendar, a listing ending inside the event window, a
benchmark on another calendar, several days 0 per listing, shared (symbol, day 0) under two ids),
plus the real flagship snapshot.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from marketreact.reference.calendars import calendar
from marketreact.reference.refdata import default_reference
from marketreact.study import EventStudy
from marketreact.study.assemble import _labels, _parse_events
from marketreact.study.gather import gather, zero_volume_counter

XNYS = calendar("XNYS").sessions_in_range("2023-01-03", "2024-12-31")
XTKS = calendar("XTKS").sessions_in_range("2023-01-04", "2024-12-30")


def _frame(symbol: str, dates: pd.DatetimeIndex, ret: np.ndarray, **cols: Any) -> pd.DataFrame:
    idx = pd.MultiIndex.from_arrays([[symbol] * len(dates), dates], names=["symbol", "date"])
    return pd.DataFrame({"return": ret, **cols}, index=idx)


def _synthetic() -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """SYNTHETIC returns with irregularities, and events touching each of them."""
    rng = np.random.default_rng(3)
    mkt = rng.normal(0, 0.01, len(XNYS))
    tk = rng.normal(0, 0.01, len(XTKS))
    frames = []
    # Market with one missing row (day 300) and one gap row (day 310 spans two sessions).
    keep = np.ones(len(XNYS), bool)
    keep[300] = False
    spans = np.ones(len(XNYS))
    spans[310] = 2.0
    frames.append(
        _frame(
            "GMKT", XNYS[keep], mkt[keep], gap=spans[keep] != 1, sessions_spanned=spans[keep], basis="price"
        )
    )
    # Listing A: complete; B: missing rows around 305 and a row on a Saturday; C: ends at day 402.
    for name, n in (("GA", len(XNYS)), ("GB", len(XNYS)), ("GC", 403)):
        r = 1.1 * mkt + rng.normal(0, 0.01, len(XNYS))
        dates, vals = XNYS[:n], r[:n]
        keep = np.ones(n, bool)
        if name == "GB":
            keep[[303, 305, 306]] = False
        sp = np.ones(keep.sum())
        f = _frame(name, dates[keep], vals[keep], gap=False, sessions_spanned=sp, basis="adjusted")
        if name == "GB":
            extra = _frame(
                name,
                pd.DatetimeIndex(["2024-03-02"]),
                np.array([0.0]),
                gap=False,
                sessions_spanned=1.0,
                basis="x",
            )
            f = pd.concat([f, extra])
        frames.append(f)
    # A Tokyo listing against the US market (cross-calendar, lead/lag in the Dimson model).
    frames.append(
        _frame(
            "7777.T",
            XTKS,
            0.8 * tk + rng.normal(0, 0.01, len(XTKS)),
            gap=False,
            sessions_spanned=1.0,
            basis="adjusted",
        )
    )
    returns = pd.concat(frames).sample(frac=1.0, random_state=1)  # unsorted on purpose
    events = [
        {"symbol": "GA", "day0": XNYS[305], "benchmark": "GMKT", "id": "a1"},
        {"symbol": "GA", "day0": XNYS[305], "benchmark": "GMKT", "id": "a2"},  # shared (symbol, day 0)
        {"symbol": "GA", "day0": XNYS[450], "benchmark": "GMKT", "id": "a3"},
        {"symbol": "GB", "day0": XNYS[305], "benchmark": "GMKT", "id": "a4"},
        {"symbol": "GB", "day0": XNYS[310], "benchmark": "GMKT", "id": "a5"},
        {"symbol": "GC", "day0": XNYS[400], "benchmark": "GMKT", "id": "a6"},  # data end at day +2
        {"symbol": "GC", "day0": XNYS[420], "benchmark": "GMKT", "id": "a7"},  # day 0 after the data
        {"symbol": "7777.T", "day0": XTKS[300], "benchmark": "GMKT", "id": "a8"},
        {"symbol": "GA", "day0": XNYS[20], "benchmark": "GMKT", "id": "a9"},  # too little estimation data
        {"symbol": "NOPE", "day0": XNYS[300], "benchmark": "GMKT", "id": "b1"},  # not in the returns
    ]
    return returns, events


def gather_for(
    study: EventStudy,
    rows: list[dict[str, Any]],
    labels: list[str],
    returns: pd.DataFrame,
    prices: Any = None,
    axis: Any = None,
) -> Any:
    """:func:`gather` with the study's settings (factor source, kind) and the bundled reference."""
    return gather(
        rows,
        labels,
        returns,
        study.model,
        study.windows,
        study.min_estimation,
        study.thin_threshold,
        {},
        default_reference(),
        {},
        zero_volume_counter(prices),
        factors=study.factor_source,
        kind=study.kind,
        axis=axis,
    )


def _compare(
    study: EventStudy, events: list[dict[str, Any]], returns: pd.DataFrame, prices: Any = None
) -> int:
    ref = default_reference()
    rows = _parse_events(events)
    for row in rows:
        row["benchmark"] = row["benchmark"] or study.benchmark
    labels = _labels(rows)
    g = gather_for(study, rows, labels, returns, prices)
    for k, i in enumerate(g.done):
        p = study._prepare(labels[i], rows[i], returns, prices, {}, ref, {})
        for name in ("y_est", "x_est", "y_ev", "x_ev", "dates"):
            np.testing.assert_array_equal(
                getattr(g, name)[k], getattr(p, name), err_msg=f"{labels[i]} {name}"
            )
        assert g.notes[k] == p.notes, labels[i]
        assert g.calendars[k] == p.calendars, labels[i]
        assert g.infos[k] == p.info, labels[i]
    for i in [*g.rest, *g.errors]:
        with pytest.raises(Exception) as exc:
            study._prepare(labels[i], rows[i], returns, prices, {}, ref, {})
        if i in g.errors:
            assert str(exc.value) == str(g.errors[i])
    return len(g.done)


@pytest.mark.parametrize("model", ["market", "dimson", "constant_mean", "market_adjusted"])
def test_gather_matches_prepare_on_irregular_synthetic_data(model: str) -> None:
    returns, events = _synthetic()
    study = EventStudy(model=model, estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)])
    done = _compare(study, events, returns)
    assert done == 7  # a7 (day 0 after the data), a9 (too little data), b1 (unknown) left to _prepare


def test_fit_result_skips_in_event_order_and_keeps_order() -> None:
    returns, events = _synthetic()
    res = EventStudy(estimation_window=(-250, -11)).fit(events, returns=returns)
    assert [i.event_id for i in res.listings] == ["a1", "a2", "a3", "a4", "a5", "a6", "a8"]
    assert list(res.skipped) == ["GC@" + str(XNYS[420].date()), "GA@" + str(XNYS[20].date()), "NOPE"]


def test_gather_matches_prepare_on_the_snapshot() -> None:
    from marketreact.data.prices import load_prices, to_returns

    symbols = ["7201.T", "7211.T", "7267.T", "^N225", "AAPL", "NVDA", "SPY", "2317.TW", "^TWII"]
    prices = pd.concat([load_prices(s, "2023-10-02", "2025-05-30") for s in symbols])
    returns = to_returns(prices)
    day0 = pd.Timestamp("2025-04-09")
    events = [
        {"symbol": s, "day0": day0, "benchmark": b}
        for s, b in [("7201.T", "^N225"), ("7211.T", "^N225"), ("7267.T", "^N225"), ("AAPL", "SPY")]
    ]
    events += [
        {"symbol": "NVDA", "day0": "2024-12-18", "benchmark": "SPY"},
        {"symbol": "2317.TW", "day0": day0},
    ]
    events[-1]["benchmark"] = "^TWII"
    for model in ("market", "dimson"):
        assert _compare(EventStudy(model=model), events, returns, prices) == 6


def test_batch_shocks_match_market_shocks() -> None:
    from marketreact.data.prices import load_prices, to_returns
    from marketreact.study.confounders import market_shocks
    from marketreact.study.shock_batch import batch_shocks
    from marketreact.study.windows import Windows

    synthetic, _ = _synthetic()
    real = to_returns(pd.concat([load_prices(s, "2023-10-02", "2025-05-30") for s in ("SPY", "^N225")]))
    returns = pd.concat([synthetic, real])
    windows = Windows.parse((-250, -11), [(-10, 10)])
    pairs = [
        ("GMKT", XNYS[305]),  # the missing row and the gap row inside the event window
        ("GMKT", XNYS[460]),  # ... inside the estimation window
        ("GMKT", XNYS[30]),  # too few estimation returns
        ("GMKT", pd.Timestamp("2024-03-02")),  # not a session: market_shocks' own error
        ("SPY", pd.Timestamp("2025-04-09")),
        ("^N225", pd.Timestamp("2025-04-09")),
    ]
    found = batch_shocks(pairs, windows, returns, 3.0)
    for bench, day0 in pairs:
        got = found[(bench, day0)]
        try:
            want = market_shocks(bench, day0, windows.span, windows.estimation, 3.0, returns=returns)
        except Exception as exc:
            assert isinstance(got, Exception) and str(got) == str(exc), (bench, day0)
            continue
        assert isinstance(got, pd.DataFrame), (bench, day0, got)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs == want.attrs
    assert found[("SPY", pd.Timestamp("2025-04-09"))]["shock"].any()  # the tariff-pause rally day
