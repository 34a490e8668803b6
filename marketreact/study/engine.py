"""``EventStudy``: assemble each listing's windows from its own sessions, then run the batch core.

Data assembly (this module) is a loop over listings that only slices arrays;
all estimation and testing happens once, for all listings, in
:func:`marketreact.study.core.run_batch`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from marketreact._parse import parse_date
from marketreact.errors import (
    EventOutsideData,
    InsufficientEstimationData,
    InvalidParameter,
    MarketReactError,
    UnknownSymbol,
)
from marketreact.study.core import run_batch
from marketreact.study.flags import flag_confounders
from marketreact.study.models import MODELS, n_regressors
from marketreact.study.result import EventStudyResult, ListingInfo
from marketreact.study.windows import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS, Windows

__all__ = ["EventStudy"]


@dataclass
class _Prepared:
    info: ListingInfo
    y_est: np.ndarray
    x_est: np.ndarray
    y_ev: np.ndarray
    x_ev: np.ndarray
    dates: np.ndarray
    notes: dict[int, str] = field(default_factory=dict)


def _parse_events(events: Any) -> list[dict[str, Any]]:
    rows: list[Mapping[str, Any]]
    if isinstance(events, pd.DataFrame):
        rows = events.to_dict("records")  # type: ignore[assignment]
    elif isinstance(events, Iterable) and not isinstance(events, str | bytes | Mapping):
        rows = list(events)
    else:
        raise InvalidParameter("events", type(events).__name__, "give a DataFrame or list of dicts")
    hint = "each event needs 'symbol' and 'day0', e.g. {'symbol': 'AAPL', 'day0': '2025-04-09'}"
    out = []
    for row in rows:
        if not isinstance(row, Mapping) or "symbol" not in row or "day0" not in row:
            raise InvalidParameter("events", row, hint)
        symbol = row["symbol"]
        if not isinstance(symbol, str) or not symbol.strip():
            raise InvalidParameter("events", row, hint)
        bench = row.get("benchmark")
        bench = bench.strip() if isinstance(bench, str) and bench.strip() else None
        out.append({"symbol": symbol.strip(), "day0": parse_date(row["day0"], "day0"), "benchmark": bench})
    if not out:
        raise InvalidParameter("events", events, "give at least one event; " + hint)
    return out


class EventStudy:
    """Event study of daily returns around each listing's own day 0.

    Parameters
    ----------
    model : {"market", "constant_mean", "market_adjusted", "dimson"}
        Normal-return model (see :mod:`marketreact.study.models`).
    estimation_window : (int, int)
        Inclusive offsets in the listing's own sessions, default (-250, -11).
    event_windows : iterable of (int, int)
        Default (0,0), (-1,1), (0,1), (0,5), (-5,5), (-10,10).
    min_estimation : int
        Fewest usable estimation returns; fewer raises (one listing) or skips
        the listing (several) with :class:`InsufficientEstimationData`.
    benchmark : str, optional
        Benchmark for every listing, overriding the security master (a per-event
        ``benchmark`` overrides this in turn).
    kind : {"simple", "log"}
    thin_threshold : float
        Share of zero estimation returns above which thin trading is warned.
    shock_threshold : float or None
        Flag event-window sessions where a listing's benchmark moved more than
        this many estimation-window standard deviations (a market-wide shock
        the abnormal return must be read against); None turns the check off.
    other_events : iterable of (date, label) or (date, label, symbol), optional
        Other dated events (earnings, rebalances, other news) to flag when they
        fall inside a listing's event window.

    Examples
    --------
    >>> res = EventStudy().fit([{"symbol": "AAPL", "day0": "2025-04-09"}])  # doctest: +SKIP
    >>> res.car  # doctest: +SKIP
    """

    def __init__(
        self,
        model: str = "market",
        estimation_window: Any = DEFAULT_ESTIMATION_WINDOW,
        event_windows: Iterable[Any] = DEFAULT_EVENT_WINDOWS,
        min_estimation: int = 120,
        benchmark: str | None = None,
        kind: str = "simple",
        thin_threshold: float = 0.2,
        shock_threshold: float | None = 3.0,
        other_events: Iterable[Any] = (),
    ) -> None:
        if model not in MODELS:
            raise InvalidParameter("model", model, f"use one of {', '.join(MODELS)}")
        if kind not in ("simple", "log"):
            raise InvalidParameter("kind", kind, "use 'simple' or 'log'")
        if isinstance(min_estimation, bool) or not isinstance(min_estimation, int) or min_estimation < 3:
            raise InvalidParameter("min_estimation", min_estimation, "give a whole number >= 3, e.g. 120")
        if not 0.0 <= thin_threshold <= 1.0:
            raise InvalidParameter("thin_threshold", thin_threshold, "give a share between 0 and 1, e.g. 0.2")
        self.model = model
        self.windows = Windows.parse(estimation_window, event_windows)
        self.min_estimation = min_estimation
        self.benchmark = benchmark
        self.kind = kind
        self.thin_threshold = thin_threshold
        if shock_threshold is not None and (
            isinstance(shock_threshold, bool)
            or not isinstance(shock_threshold, int | float)
            or shock_threshold <= 0
        ):
            raise InvalidParameter(
                "shock_threshold", shock_threshold, "give a positive number, e.g. 3, or None"
            )
        self.shock_threshold = shock_threshold
        self.other_events = list(other_events)

    def __repr__(self) -> str:
        w = self.windows
        return (
            f"EventStudy(model={self.model!r}, estimation_window={w.estimation}, "
            f"event_windows={list(w.events)}, min_estimation={self.min_estimation}, "
            f"benchmark={self.benchmark!r}, kind={self.kind!r})"
        )

    def fit(
        self,
        events: Any,
        returns: pd.DataFrame | None = None,
        prices: pd.DataFrame | None = None,
        source: str = "snapshot",
    ) -> EventStudyResult:
        """Estimate and test every event.

        Parameters
        ----------
        events : DataFrame or list of dict
            Rows with ``symbol``, ``day0`` (a session of the listing's exchange)
            and optional ``benchmark``.
        returns : DataFrame, optional
            Output of :func:`marketreact.to_returns` holding every listing and
            benchmark; loaded with ``load_prices(..., source)`` when omitted.
        prices : DataFrame, optional
            Output of :func:`marketreact.load_prices`, used for zero-volume counts.
        source : {"snapshot", "yahoo", "auto"}

        Raises
        ------
        MarketReactError
            When every event fails (the first event's error); a failing event
            among several is listed in ``result.skipped`` instead.
        """
        rows = _parse_events(events)
        for row in rows:
            row["benchmark"] = row["benchmark"] or self.benchmark or _master_benchmark(row["symbol"])
        if returns is None:
            returns, prices = _load(rows, self.model, self.kind, source, prices)
        _check_returns(returns)
        prepared: list[_Prepared] = []
        skipped: dict[str, str] = {}
        errors: list[MarketReactError] = []
        labels = _labels(rows)
        for label, row in zip(labels, rows, strict=True):
            try:
                prepared.append(self._prepare(label, row, returns, prices))
            except MarketReactError as exc:
                skipped[label] = f"{type(exc).__name__}: {exc}"
                errors.append(exc)
        if not prepared:
            raise errors[0]
        batch = run_batch(
            self.model,
            self.windows,
            np.stack([p.y_est for p in prepared]),
            np.stack([p.x_est for p in prepared]),
            np.stack([p.y_ev for p in prepared]),
            np.stack([p.x_ev for p in prepared]),
            est_dates=np.stack([p.dates for p in prepared]),
            kind=self.kind,
        )
        infos = [p.info for p in prepared]
        shocks, overlaps, flag_notes = flag_confounders(
            infos, self.windows, returns, self.shock_threshold, self.other_events
        )
        return EventStudyResult(
            study=repr(self),
            model=self.model,
            kind=self.kind,
            windows=self.windows,
            listings=[p.info for p in prepared],
            batch=batch,
            skipped=skipped,
            cell_notes=[p.notes for p in prepared],
            shocks=shocks,
            overlaps=overlaps,
            flag_notes=flag_notes,
        )

    def _prepare(
        self, label: str, row: dict[str, Any], returns: pd.DataFrame, prices: pd.DataFrame | None
    ) -> _Prepared:
        symbol, day0, bench = row["symbol"], row["day0"], row["benchmark"]
        own = _series(returns, symbol)
        dates = pd.DatetimeIndex(own.index)
        pos = int(dates.get_indexer(pd.DatetimeIndex([day0]))[0])
        if pos < 0:
            _raise_day0(symbol, day0, dates)
        est_a, est_b = self.windows.estimation
        ev_a, ev_b = self.windows.span
        est_pos = np.arange(pos + est_a, pos + est_b + 1)
        ev_pos = np.arange(pos + ev_a, pos + ev_b + 1)
        y_all = own["return"].to_numpy(dtype=float)
        gap = own["gap"].to_numpy(dtype=bool) if "gap" in own else np.zeros(len(own), bool)
        spanned = own["sessions_spanned"].to_numpy(dtype=float) if "sessions_spanned" in own else None
        own_span = spanned if spanned is not None else np.where(gap, np.nan, 1.0)
        m = n_regressors(self.model)
        x_all = np.empty((len(own), 0))
        bench_missing = np.zeros(len(own), bool)
        bench_span = np.ones(len(own))
        if m:
            if bench is None:
                raise UnknownSymbol(symbol, "the security master", "give a benchmark for this event")
            bser = _series(returns, bench)
            x_all, bench_missing, bench_span = _regressors(bser, dates, m)
        inside_est = (est_pos >= 0) & (est_pos < len(own))
        take = np.clip(est_pos, 0, len(own) - 1)
        usable = inside_est & ~gap[take] & ~bench_missing[take] & (bench_span[take] == 1)
        usable &= np.isfinite(y_all[take])
        usable &= np.isfinite(x_all[take]).all(axis=1)
        n_used = int(usable.sum())
        if n_used < self.min_estimation:
            raise InsufficientEstimationData(symbol, n_used, self.min_estimation)
        y_est = np.where(usable, y_all[take], np.nan)
        x_est = np.where(usable[:, None], x_all[take], np.nan)
        inside_ev = (ev_pos >= 0) & (ev_pos < len(own))
        tev = np.clip(ev_pos, 0, len(own) - 1)
        notes: dict[int, str] = {}
        ev_ok = inside_ev.copy()
        for i, rel in enumerate(range(ev_a, ev_b + 1)):
            row_i = tev[i]
            if not inside_ev[i]:
                edge = dates[-1] if ev_pos[i] >= len(own) else dates[0]
                notes[rel] = f"EventOutsideData: no session in the data (data end at {edge.date()})"
            elif bench_missing[row_i] or not np.isfinite(x_all[row_i]).all():
                ev_ok[i] = False
                notes[rel] = f"benchmark {bench} has no return on {dates[row_i].date()}"
            elif (gap[row_i] or bench_span[row_i] != 1) and own_span[row_i] != bench_span[row_i]:
                # Both spanning the same closure (e.g. a typhoon day) is fine; unequal spans are not.
                ev_ok[i] = False
                notes[rel] = f"{symbol} and {bench} returns on {dates[row_i].date()} span different sessions"
            elif not np.isfinite(y_all[row_i]):
                notes[rel] = f"{symbol} has no return on {dates[row_i].date()}"
        y_ev = np.where(ev_ok, y_all[tev], np.nan)
        x_ev = np.where(ev_ok[:, None], x_all[tev], np.nan)
        est_dates = np.where(inside_est, dates[take].to_numpy().astype("datetime64[D]").astype(np.int64), -1)
        window_rows = own.iloc[take[inside_est]]
        finite = np.isfinite(y_all[take]) & inside_est
        zero_share = float((y_all[take][finite] == 0).mean()) if finite.any() else float("nan")
        quality = {
            "n_estimation": n_used,
            "estimation_rows": int(inside_est.sum()),
            "estimation_window_sessions": self.windows.estimation_length,
            "listing_gap_rows_excluded": int((gap[take] & inside_est).sum()),
            "listing_missing_sessions": int(np.nansum(spanned[take][inside_est] - 1))
            if spanned is not None
            else 0,
            "benchmark_missing_sessions": int((bench_missing[take] & inside_est).sum()),
            "benchmark_gap_rows_excluded": int(((bench_span[take] != 1) & inside_est).sum()),
            "zero_return_share": zero_share,
            "thin_trading": bool(zero_share > self.thin_threshold),
            "zero_volume_days": _zero_volume(prices, symbol, window_rows.index),
            "event_cells_missing": len(notes),
            "basis": _basis(own),
            "benchmark": bench if m else None,
            "benchmark_basis": _basis(_series(returns, bench)) if m and bench else None,
        }
        info = ListingInfo(label, symbol, day0, bench if m else None, quality)
        return _Prepared(info, y_est, x_est, y_ev, x_ev, est_dates, notes)


def _labels(rows: list[dict[str, Any]]) -> list[str]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["symbol"]] = counts.get(row["symbol"], 0) + 1
    return [r["symbol"] if counts[r["symbol"]] == 1 else f"{r['symbol']}@{r['day0'].date()}" for r in rows]


def _master_benchmark(symbol: str) -> str | None:
    from marketreact.securities import load_master

    listing = load_master().listings.get(symbol)
    return listing.benchmark or None if listing else None


def _load(
    rows: list[dict[str, Any]], model: str, kind: str, source: str, prices: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    from marketreact.prices import load_prices, to_returns

    names = list(dict.fromkeys(r["symbol"] for r in rows))
    if n_regressors(model):
        names += [b for b in dict.fromkeys(r["benchmark"] for r in rows) if b and b not in names]
    frames = []
    for name in names:  # one at a time: an unknown symbol must not sink the others
        try:
            frames.append(load_prices(name, source=source))  # type: ignore[arg-type]
        except MarketReactError:
            continue  # reported per listing as UnknownSymbol by _series
    if not frames:
        raise UnknownSymbol(names[0], f"source {source!r}", "check the symbols")
    loaded = pd.concat(frames)
    return to_returns(loaded, kind=kind), (prices if prices is not None else loaded)  # type: ignore[arg-type]


def _check_returns(returns: pd.DataFrame) -> None:
    if not isinstance(returns, pd.DataFrame) or "return" not in returns or returns.index.nlevels != 2:
        raise InvalidParameter(
            "returns", type(returns).__name__, "pass to_returns(load_prices(...)): index (symbol, date)"
        )


def _series(returns: pd.DataFrame, symbol: str) -> pd.DataFrame:
    if symbol not in returns.index.get_level_values(0):
        raise UnknownSymbol(symbol, "the returns given", "load its prices too (benchmarks included)")
    out = returns.xs(symbol, level=0)
    assert isinstance(out, pd.DataFrame)
    return out.sort_index()


def _regressors(
    bser: pd.DataFrame, dates: pd.DatetimeIndex, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Benchmark regressors matched by date to the listing's rows, the missing mask and sessions spanned."""
    ret = bser["return"].astype(float)
    cols = [ret] if m == 1 else [ret.shift(1), ret, ret.shift(-1)]  # lags on the benchmark's own axis
    x = np.column_stack([c.reindex(dates).to_numpy(dtype=float) for c in cols])
    missing = ~dates.isin(bser.index)
    if "sessions_spanned" in bser:
        span = bser["sessions_spanned"].astype(float)
    else:
        span = bser["gap"].astype(bool).map({True: np.nan, False: 1.0}) if "gap" in bser else ret * 0 + 1
    spans = span.reindex(dates).to_numpy(dtype=float, copy=True)
    spans[missing] = 1.0  # a missing benchmark row is reported through ``missing``, not as a gap
    return x, missing, spans


def _raise_day0(symbol: str, day0: pd.Timestamp, dates: pd.DatetimeIndex) -> None:
    first, last = str(dates[0].date()), str(dates[-1].date())
    iso = str(day0.date())
    if day0 > dates[-1] or day0 < dates[0]:
        raise EventOutsideData(
            symbol,
            iso,
            iso,
            first,
            last,
            "day 0 lies outside the listing's data; refresh with source='yahoo'",
        )
    try:
        from marketreact.exchanges import calendar
        from marketreact.securities import mic_for_symbol

        is_session = bool(calendar(mic_for_symbol(symbol)).is_session(day0))
    except MarketReactError:
        is_session = False
    if not is_session:
        raise InvalidParameter(
            "day0", iso, f"{iso} is not a trading session of {symbol}'s exchange; use a session date"
        )
    raise EventOutsideData(symbol, iso, iso, first, last, "the data have no row on day 0 (missing session)")


def _basis(frame: pd.DataFrame) -> str | None:
    if "basis" not in frame:
        return None
    return "/".join(sorted(set(frame["basis"].astype(str))))


def _zero_volume(prices: pd.DataFrame | None, symbol: str, dates: pd.Index) -> int | None:
    if prices is None or "volume" not in prices or symbol not in prices.index.get_level_values(0):
        return None
    vol = prices.xs(symbol, level=0)["volume"].reindex(dates)
    return int((vol == 0).sum())
