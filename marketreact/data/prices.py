"""One price API: :func:`load_prices` and :func:`to_returns`.

Prices come back in *long* form, indexed by ``(symbol, date)`` where ``date``
is the listing's own exchange-local session date: listings on different
exchanges never share a date axis, so nothing is aligned (or filled) behind
the caller's back.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from marketreact._parse import parse_date, parse_symbols
from marketreact.data.sources import SourceSpec, YahooSource, resolve_source
from marketreact.errors import DataQualityWarning, InvalidParameter, OutOfRange
from marketreact.reference.calendars import BarsCalendar, uncovered_sessions
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = ["PRICE_COLUMNS", "SourceSpec", "load_prices", "to_returns", "total_return_close"]

PRICE_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume", "dividends", "tr_close", "basis")


def total_return_close(bars: pd.DataFrame) -> tuple[pd.Series, str]:
    """The close series to take returns from, and its basis.

    * ``"adjusted"``: the source's dividend-adjusted close, where every row has one;
    * ``"dividends"``: built from ``close`` and the cash ``dividends`` column,
      r_t = (close_t + dividend_t) / close_{t-1} - 1, scaled so that the last
      row equals its close (Yahoo's convention);
    * ``"price"``: dividends are unknown (price indices, some ETFs): the
      traded close, labelled as such.
    """
    if bars["adj_close"].notna().all():
        return bars["adj_close"].rename("tr_close"), "adjusted"
    if bars["dividends"].notna().all():
        close = bars["close"].to_numpy()
        growth = np.ones(len(close))
        growth[1:] = (close[1:] + bars["dividends"].to_numpy()[1:]) / close[:-1]
        level = np.cumprod(growth)
        level = level * close[-1] / level[-1]
        return pd.Series(level, index=bars.index, name="tr_close"), "dividends"
    return bars["close"].rename("tr_close"), "price"


def load_prices(
    symbols: str | Iterable[str],
    start: Any = None,
    end: Any = None,
    source: SourceSpec = "snapshot",
    *,
    on_partial: Literal["warn", "raise"] = "warn",
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Daily bars for one or more listings.

    Parameters
    ----------
    symbols : str or iterable of str
        Yahoo symbols (``"AAPL"``, ``"7201.T"``, ``"^N225"``).
    start, end : date-like, optional
        Inclusive range of session dates; the whole series when omitted.
    source : str, path, DataFrame or PriceSource
        ``"snapshot"`` reads the bundled offline data (default); ``"yahoo"``
        uses the on-disk cache or downloads through yfinance; ``"auto"`` tries
        the cache, then the snapshot, then Yahoo; a folder path reads your own
        files (see :mod:`marketreact.data.sources`).
    on_partial : {"warn", "raise"}
        What to do when the data cover only part of the requested range
        (sessions at either end are missing): warn with
        :class:`DataQualityWarning`, or raise :class:`OutOfRange`.
    reference : ReferenceData, optional
        Venues and calendars (the bundled reference data by default); a Yahoo source
        without its own ``reference`` uses this one for the venues' time zones.

    Returns
    -------
    DataFrame
        Index ``(symbol, date)``; columns ``open high low close adj_close
        volume dividends`` as stored (NaN = unknown), ``tr_close`` (the close
        returns are taken from) and ``basis`` (see :func:`total_return_close`).

    Raises
    ------
    UnknownSymbol
        The symbol is not available from ``source``.
    OutOfRange
        No row falls in the requested range.
    """
    names = parse_symbols(symbols)
    src = resolve_source(source)
    ref = default_reference(reference)
    if reference is not None and isinstance(src, YahooSource) and src.reference is None:
        src = dataclasses.replace(src, reference=reference)  # Yahoo's bars are labelled in the venue's zone
    if on_partial not in ("warn", "raise"):
        raise InvalidParameter("on_partial", on_partial, "use 'warn' or 'raise'")
    lo = parse_date(start, "start") if start is not None else None
    hi = parse_date(end, "end") if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise InvalidParameter("end", end, f"end must not be before start={start!r}")
    frames = []
    for symbol in names:
        bars = src.bars(symbol, lo, hi)
        tr_close, basis = total_return_close(bars)
        bars = bars.assign(tr_close=tr_close, basis=basis)
        first, last = bars.index[0], bars.index[-1]
        window = bars.loc[(lo or first) : (hi or last)]
        req = ((lo or first).date().isoformat(), (hi or last).date().isoformat())
        if window.empty:
            raise OutOfRange(
                symbol,
                *req,
                first.date().isoformat(),
                last.date().isoformat(),
                "ask for dates inside the data, or fetch them with source='yahoo' (--source yahoo)",
            )
        _check_partial(symbol, bars, lo, hi, req, on_partial, ref)
        frames.append(window.assign(symbol=symbol).set_index("symbol", append=True).swaplevel())
    out = pd.concat(frames)
    return out[list(PRICE_COLUMNS)]


def _check_partial(
    symbol: str,
    bars: pd.DataFrame,
    lo: pd.Timestamp | None,
    hi: pd.Timestamp | None,
    req: tuple[str, str],
    on_partial: str,
    ref: ReferenceData,
) -> None:
    first, last = bars.index[0], bars.index[-1]
    before, after = uncovered_sessions(
        ref.calendar_for(symbol, pd.DatetimeIndex(bars.index))
        or BarsCalendar(pd.DatetimeIndex(bars.index), symbol),
        first,
        last,
        lo,
        hi,
        until=pd.Timestamp.today().normalize(),
    )
    uncovered: list[str] = []
    if before:
        uncovered.append(f"{before} session(s) before {first.date()}")
    if after:
        uncovered.append(f"{after} session(s) after {last.date()}")
    if not uncovered:
        return
    message = (
        f"{symbol}: data cover {first.date()}..{last.date()}, so {' and '.join(uncovered)} "
        f"of the requested {req[0]}..{req[1]} have no rows (not filled)"
    )
    if on_partial == "raise":
        raise OutOfRange(symbol, *req, str(first.date()), str(last.date()), "narrow the range")
    warnings.warn(message, DataQualityWarning, stacklevel=3)


def to_returns(
    prices: pd.DataFrame,
    kind: Literal["simple", "log"] = "simple",
    *,
    mics: Mapping[str, str] | None = None,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Close-to-close returns per listing, with gaps flagged.

    Parameters
    ----------
    prices : DataFrame
        Output of :func:`load_prices`.
    kind : {"simple", "log"}
    mics : mapping, optional
        ``{symbol: MIC}`` overriding the security master's venue (which decides
        the calendar used to detect missing sessions). A symbol with no known
        venue takes its own rows as its sessions (no gap can then be seen).
    reference : ReferenceData, optional
        Venues and calendars (the bundled reference data by default): each listing's
        calendar, against which missing sessions are detected.

    Returns
    -------
    DataFrame
        Index ``(symbol, date)`` (each listing's first row has no return and is
        not included; ``attrs["kind"]`` records ``kind``); columns ``return``, ``basis``, ``sessions_spanned`` (the
        number of exchange sessions the return covers: 1 normally, more when a
        session between the two rows is missing) and ``gap`` (``sessions_spanned
        != 1``). A return across a gap is kept and flagged, never bridged or
        split.
    """
    if kind not in ("simple", "log"):
        raise InvalidParameter("kind", kind, "use 'simple' or 'log'")
    missing = {"tr_close", "basis"} - set(prices.columns)
    if missing or prices.index.names != ["symbol", "date"]:
        raise InvalidParameter("prices", type(prices).__name__, "pass the frame returned by load_prices()")
    ref = default_reference(reference)
    frames = []
    for symbol, bars in prices.groupby(level="symbol", sort=False):
        bars = bars.droplevel("symbol")
        if len(bars) < 2:
            raise InvalidParameter(
                "prices", str(symbol), "a return needs at least two rows per symbol; widen the date range"
            )
        level = bars["tr_close"].to_numpy(dtype=float)
        ratio = level[1:] / level[:-1]
        values = np.log(ratio) if kind == "log" else ratio - 1.0
        cal = ref.calendar_for(str(symbol), pd.DatetimeIndex(bars.index), mics)
        assert cal is not None  # rows were given, so their own dates are the fallback
        sessions = cal.sessions_in_range(bars.index[0], bars.index[-1])
        position = sessions.get_indexer(bars.index)
        spanned = np.diff(position).astype(float)
        # A row dated on a non-session (position -1) cannot be placed on the calendar.
        spanned[(position[1:] < 0) | (position[:-1] < 0)] = np.nan
        frame = pd.DataFrame(
            {
                "return": values,
                "basis": bars["basis"].to_numpy()[1:],
                "sessions_spanned": spanned,
                "gap": spanned != 1,
            },
            index=pd.MultiIndex.from_arrays(
                [[symbol] * (len(bars) - 1), bars.index[1:]], names=["symbol", "date"]
            ),
        )
        frames.append(frame)
    out = pd.concat(frames)
    out.attrs["kind"] = kind  # lets consumers refuse returns of the wrong kind
    return out
