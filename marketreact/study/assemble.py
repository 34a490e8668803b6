"""Data assembly for :class:`~marketreact.study.engine.EventStudy`: events, loading, session axes.

Turns user events and return frames into per-listing arrays on each listing's own exchange
sessions; no estimation happens here.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from marketreact._parse import parse_date
from marketreact.data.sources import PriceSource
from marketreact.errors import (
    EventOutsideData,
    InvalidParameter,
    MarketReactError,
    MarketReactWarning,
    UnknownSymbol,
)
from marketreact.reference.refdata import ReferenceData
from marketreact.study.models import n_regressors
from marketreact.study.windows import Windows

# Calendar days loaded beyond the sessions a study needs on each side, so that a
# benchmark on another calendar (or a Dimson lead/lag) is still covered.
LOAD_MARGIN = pd.Timedelta(days=10)
#: Calendar name shown for a symbol whose sessions are its own rows (venue unknown).
OWN_BARS = "own bars"


@dataclass(frozen=True)
class _Axis:
    """One symbol's returns placed on its exchange calendar's sessions (first row .. last row).

    ``rows`` holds the input rows that fall on a session, ``pos`` their positions
    in ``sessions``; ``off_calendar`` the rows dated on days the calendar does
    not trade (left out and reported).
    """

    symbol: str
    calendar: str
    sessions: pd.DatetimeIndex
    rows: pd.DataFrame
    pos: np.ndarray
    dates: pd.DatetimeIndex
    off_calendar: pd.DatetimeIndex

    @property
    def has_row(self) -> np.ndarray:
        out = np.zeros(len(self.sessions), bool)
        out[self.pos] = True
        return out

    def place(self, column: str, fill: Any, dtype: Any = float) -> np.ndarray:
        """``column`` by session position, ``fill`` on sessions without a row."""
        out = np.full(len(self.sessions), fill, dtype=dtype)
        out[self.pos] = self.rows[column].to_numpy(dtype=dtype)
        return out

    def series(self, column: str) -> pd.Series:
        """``column`` indexed by every session (NaN without a row)."""
        return pd.Series(self.place(column, np.nan), index=self.sessions)


def _session_axis(
    returns: pd.DataFrame, symbol: str, ref: ReferenceData, mics: Mapping[str, str] | None = None
) -> _Axis:
    own = _series(returns, symbol)
    dates = pd.DatetimeIndex(own.index)
    mic = ref.mic_for(symbol, mics)
    cal = ref.calendar_for(symbol, dates, mics)
    assert cal is not None  # the symbol has rows, so its own dates are the fallback
    lo, hi = max(dates[0], cal.first_session), min(dates[-1], cal.last_session)
    sessions = cal.sessions_in_range(lo, hi) if lo <= hi else pd.DatetimeIndex([])
    pos = sessions.get_indexer(dates)
    on = pos >= 0
    name = ref.exchange(mic).calendar if mic is not None else OWN_BARS
    return _Axis(symbol, name, sessions, own.loc[on], pos[on], dates, pd.DatetimeIndex(dates[~on]))


_EVENT_COLUMNS = ("symbol", "day0", "benchmark", "id", "mic")


def _parse_events(events: Any) -> list[dict[str, Any]]:
    """Validated event rows: ``symbol``, ``day0``, optional ``benchmark``, ``id`` and ``mic``.

    The same (symbol, day0) may appear under several ids (several articles on
    one day); the same (id, symbol, day0) twice is an error.
    """
    rows: list[Mapping[str, Any]]
    if isinstance(events, pd.DataFrame):
        # Column lists zipped into dicts: a fraction of to_dict("records")'s per-cell boxing, and
        # only the columns read below (the per-event estimation_window is read by the engine).
        cols = [c for c in _EVENT_COLUMNS if c in events.columns]
        twice = [c for c in cols if list(events.columns).count(c) > 1]
        if twice:
            raise InvalidParameter(
                "events", list(events.columns), f"give each column once ({', '.join(twice)} twice)"
            )
        rows = [
            dict(zip(cols, vals, strict=True))
            for vals in zip(*(events[c].tolist() for c in cols), strict=True)
        ]
    elif isinstance(events, Iterable) and not isinstance(events, str | bytes | Mapping):
        rows = list(events)
    else:
        raise InvalidParameter("events", type(events).__name__, "give a DataFrame or list of dicts")
    hint = "each event needs 'symbol' and 'day0', e.g. {'symbol': 'AAPL', 'day0': '2025-04-09'}"
    out = []
    seen: set[tuple[str | None, str, pd.Timestamp]] = set()
    parsed: dict[Any, pd.Timestamp] = {}  # many events share a day 0 (one news day): parse it once
    for row in rows:
        if not (type(row) is dict or isinstance(row, Mapping)) or "symbol" not in row or "day0" not in row:
            raise InvalidParameter("events", row, hint)
        symbol = row["symbol"].strip() if isinstance(row["symbol"], str) else ""
        if not symbol:
            raise InvalidParameter("events", row, hint)
        get = row.get
        bench, event_id, mic = _text(get("benchmark")), _text(get("id")), _text(get("mic"))
        raw = row["day0"]
        # Only text and naive timestamps are cached: tz-aware values equal across zones (one
        # instant) can still be different local dates.
        cacheable = type(raw) is str or (type(raw) is pd.Timestamp and raw.tzinfo is None)
        day0 = parsed.get(raw) if cacheable else None
        if day0 is None:
            day0 = parse_date(raw, "day0")
            if cacheable:
                parsed[raw] = day0
        key = (event_id, symbol, day0)
        if key in seen:
            what = f"{key[1]}@{key[2].date()}" + (f" (id {event_id})" if event_id else "")
            raise InvalidParameter(
                "events",
                what,
                f"the event {what} is given twice; give each (id, symbol, day0) once, or distinct ids "
                "when several articles share a (symbol, day0)",
            )
        seen.add(key)
        out.append({"symbol": key[1], "day0": key[2], "benchmark": bench, "id": event_id, "mic": mic})
    if not out:
        raise InvalidParameter("events", events, "give at least one event; " + hint)
    return out


def span_note(symbol: str, bench: str | None, day: Any) -> str:
    """The note of an event cell whose return spans other sessions than its regressors' (or than
    the one-session normal return of a model without a benchmark)."""
    if bench is None:
        return (
            f"{symbol}'s return on {day} spans several sessions, unlike the model's one-session normal return"
        )
    return f"{symbol} and {bench} returns on {day} span different sessions"


def _text(value: Any) -> str | None:
    if type(value) is str:  # the common case first
        return value.strip() or None
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))


def _other_events(value: Any) -> list[Any]:
    hint = "give an iterable of (date, label) or (date, label, symbol) tuples, e.g. [('2025-04-10', 'CPI')]"
    if value is None:
        return []
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
        raise InvalidParameter("other_events", value, hint)
    items = list(value)
    for i, item in enumerate(items):
        if not isinstance(item, Sequence) or isinstance(item, str) or not 2 <= len(item) <= 3:
            raise InvalidParameter("other_events", item, hint)
        parse_date(item[0], f"other_events[{i}]")
    return items


def _labels(rows: list[dict[str, Any]]) -> list[str]:
    """Unique row labels: the symbol; ``symbol@day0`` when a symbol has several days 0; ``[id]`` added
    when several ids share one (symbol, day0)."""
    per_symbol: dict[str, set[pd.Timestamp]] = {}
    per_event: dict[tuple[str, pd.Timestamp], int] = {}
    for row in rows:
        per_symbol.setdefault(row["symbol"], set()).add(row["day0"])
        per_event[(row["symbol"], row["day0"])] = per_event.get((row["symbol"], row["day0"]), 0) + 1
    out = []
    for r in rows:
        label = r["symbol"] if len(per_symbol[r["symbol"]]) == 1 else f"{r['symbol']}@{r['day0'].date()}"
        if per_event[(r["symbol"], r["day0"])] > 1:
            label += f"[{r['id']}]"
        out.append(label)
    return out


def shared_events_note(rows: list[dict[str, Any]]) -> str | None:
    """The note a result carries when several ids share one (symbol, day 0)."""
    counts: dict[tuple[str, pd.Timestamp], int] = {}
    for row in rows:
        counts[(row["symbol"], row["day0"])] = counts.get((row["symbol"], row["day0"]), 0) + 1
    shared = {k: n for k, n in counts.items() if n > 1}
    if not shared:
        return None
    listed = ", ".join(f"{s}@{d.date()} x{n}" for (s, d), n in shared.items())
    return (
        f"{sum(shared.values())} events share a (symbol, day 0) with another id ({listed}): their abnormal "
        "returns are identical, so they are clustered, not independent; the cross-sectional tests overstate "
        "significance, while the Kolari-Pynnonen r-bar adjustment and the Brown-Warner portfolio test account "
        "for it"
    )


def _master_benchmark(symbol: str, ref: ReferenceData) -> str | None:
    listing = ref.listing(symbol)
    return listing.benchmark or None if listing else None


def _load_ranges(
    rows: list[dict[str, Any]], model: str, windows: Windows, ref: ReferenceData, mics: Mapping[str, str]
) -> tuple[dict[str, tuple[pd.Timestamp | None, pd.Timestamp | None]], dict[str, MarketReactError]]:
    """Date range to load per symbol (listings and benchmarks), from each listing's calendar.

    A symbol whose venue is unknown has no calendar to count sessions on: its
    whole series is loaded (``(None, None)``) and its own rows are its sessions.
    """
    needed: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
    whole: set[str] = set()
    failed: dict[str, MarketReactError] = {}
    for row in rows:
        names = [row["symbol"]] + ([row["benchmark"]] if n_regressors(model) and row["benchmark"] else [])
        try:
            cal = ref.calendar_for(row["symbol"], None, mics)
        except MarketReactError as exc:
            failed.setdefault(row["symbol"], exc)
            continue
        if cal is None:
            whole.update(names)
            continue
        sessions = cal.sessions
        i0 = int(sessions.searchsorted(row["day0"]))
        # One session more each side: the first return needs the previous close; Dimson lags/leads.
        lo = sessions[int(np.clip(i0 + windows.estimation[0] - 2, 0, len(sessions) - 1))]
        hi = sessions[int(np.clip(i0 + windows.span[1] + 1, 0, len(sessions) - 1))]
        for name in names:
            a, b = needed.get(name, (lo, hi))
            needed[name] = (min(a, lo), max(b, hi))
    ranges: dict[str, tuple[pd.Timestamp | None, pd.Timestamp | None]] = dict.fromkeys(whole, (None, None))
    for name, (lo, hi) in needed.items():
        if name in whole:
            continue
        try:
            bench_cal = ref.calendar_for(name, None, mics)
        except MarketReactError as exc:
            failed.setdefault(name, exc)
            continue
        if bench_cal is None:
            ranges[name] = (None, None)
            continue
        ranges[name] = (
            max(lo - LOAD_MARGIN, bench_cal.first_session),
            min(hi + LOAD_MARGIN, bench_cal.last_session),
        )
    return ranges, failed


def _load(
    rows: list[dict[str, Any]],
    model: str,
    kind: str,
    windows: Windows,
    source: PriceSource,
    prices: pd.DataFrame | None,
    ref: ReferenceData,
    mics: Mapping[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, MarketReactError], list[str]]:
    """Load every listing and benchmark over a bounded range, one symbol at a time.

    Returns the returns, the prices (``prices`` when given), the error of each
    symbol that could not be loaded and the data-quality warnings raised while
    loading (recorded for the result instead of printed).
    """
    from marketreact.data.prices import load_prices, to_returns

    ranges, failed = _load_ranges(rows, model, windows, ref, mics)
    frames = []
    notes: list[str] = []
    for name, (start, end) in ranges.items():  # one at a time: a failing symbol must not sink the others
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                lo, hi = (
                    (start.date() if start is not None else None),
                    (end.date() if end is not None else None),
                )
                frames.append(load_prices(name, lo, hi, source=source, reference=ref))
            except MarketReactError as exc:
                failed[name] = exc
        for w in caught:
            if issubclass(w.category, MarketReactWarning):
                notes.append(f"loading {name}: {w.message}")
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if not frames:
        first = rows[0]["symbol"]
        raise failed.get(first) or next(iter(failed.values()))
    loaded = pd.concat(frames)
    returns = to_returns(loaded, kind=kind, mics=mics, reference=ref)  # type: ignore[arg-type]
    return returns, (prices if prices is not None else loaded), failed, notes


def _check_returns(returns: pd.DataFrame) -> None:
    if not isinstance(returns, pd.DataFrame) or "return" not in returns or returns.index.nlevels != 2:
        raise InvalidParameter(
            "returns", type(returns).__name__, "pass to_returns(load_prices(...)): index (symbol, date)"
        )
    index = returns.index
    assert isinstance(index, pd.MultiIndex)
    dates = index.get_level_values(1)
    if isinstance(dates, pd.DatetimeIndex) and dates.tz is None:
        codes = np.asarray(index.codes[0], dtype=np.int64)
        if blocks_sorted(codes, dates.as_unit("ns").asi8):
            return  # each symbol's dates strictly increase: no (symbol, date) twice
    dup = returns.index.duplicated()
    if dup.any():
        raise InvalidParameter(
            "returns", returns.index[dup][0], "each (symbol, date) must appear once; drop the duplicate rows"
        )


def blocks_sorted(codes: np.ndarray, ns: np.ndarray) -> bool:
    """True when each symbol's rows (``codes``) are contiguous and dated (``ns``) in strictly increasing order."""
    if len(codes) < 2:
        return True
    change = codes[1:] != codes[:-1]
    starts = codes[np.r_[True, change]]
    if len(set(starts.tolist())) != len(starts):  # a symbol's rows come in two or more runs
        return False
    return bool(np.all((ns[1:] > ns[:-1]) | change))


def _series(returns: pd.DataFrame, symbol: str) -> pd.DataFrame:
    if symbol not in returns.index.get_level_values(0):
        raise UnknownSymbol(symbol, "the returns given", "load its prices too (benchmarks included)")
    out = returns.xs(symbol, level=0)
    assert isinstance(out, pd.DataFrame)
    return out.sort_index()


def _regressors(
    bench: _Axis, sessions: pd.DatetimeIndex, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Benchmark regressors matched by date to the listing's sessions, the missing mask and sessions spanned.

    Dimson lags and leads are taken on the benchmark's own sessions, so the lag
    of a day after a missing benchmark session is NaN, not an older return.
    """
    ret = bench.series("return")
    cols = [ret] if m == 1 else [ret.shift(1), ret, ret.shift(-1)]
    x = np.column_stack([c.reindex(sessions).to_numpy(dtype=float) for c in cols])
    present = bench.sessions[bench.has_row]
    missing = ~sessions.isin(present)
    if "sessions_spanned" in bench.rows:
        span = bench.series("sessions_spanned")
    elif "gap" in bench.rows:
        span = pd.Series(np.where(bench.place("gap", False, bool), np.nan, 1.0), index=bench.sessions)
    else:
        span = pd.Series(1.0, index=bench.sessions)
    spans = span.reindex(sessions).to_numpy(dtype=float, copy=True)
    spans[missing] = 1.0  # a missing benchmark row is reported through ``missing``, not as a gap
    return x, missing, spans


def _raise_day0(symbol: str, day0: pd.Timestamp, ax: _Axis) -> None:
    """Day 0 is not on the listing's session axis: outside its data, or not a session."""
    dates = ax.dates
    first, last = str(dates[0].date()), str(dates[-1].date())
    iso = str(day0.date())
    if day0 > dates[-1] or day0 < dates[0]:
        # The frame holds only the loaded span, so name the end that day 0 lies beyond.
        edge = f"the data end on {last}" if day0 > dates[-1] else f"the data start on {first}"
        raise EventOutsideData(
            symbol,
            iso,
            iso,
            first,
            last,
            f"day 0 lies outside the listing's data ({edge}); fetch newer data with source='yahoo' "
            "(--source yahoo)",
        )
    if day0 not in ax.sessions:
        raise InvalidParameter(
            "day0",
            iso,
            f"{iso} is not a trading session of {symbol}'s exchange ({ax.calendar}); use a session date",
        )
    raise EventOutsideData(
        symbol, iso, iso, first, last, f"none of the listing's rows falls on a {ax.calendar} session"
    )


def _basis(frame: pd.DataFrame) -> str | None:
    if "basis" not in frame:
        return None
    return "/".join(sorted(set(frame["basis"].astype(str))))


def _zero_volume(prices: pd.DataFrame | None, symbol: str, dates: pd.Index) -> int | None:
    if prices is None or "volume" not in prices or symbol not in prices.index.get_level_values(0):
        return None
    vol = prices.xs(symbol, level=0)["volume"].reindex(dates)
    return int((vol == 0).sum())
