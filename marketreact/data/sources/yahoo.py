"""Daily bars from Yahoo Finance through yfinance: the only module that imports yfinance.

:func:`fetch_prices` returns exactly the shape of
:func:`marketreact.data.snapshot.read_snapshot_file`: index ``date`` (tz-naive,
exchange-local session date), float64 columns ``open high low close adj_close
volume dividends``. ``close`` is Yahoo's split-adjusted traded close,
``adj_close`` Yahoo's dividend-adjusted ``adjclose`` and ``dividends`` the cash
amount on ex-dates, 0.0 elsewhere (Yahoo's actions are complete for a fetched
range).

yfinance is called through ``Ticker.history`` with every default spelled out
(``auto_adjust=False, back_adjust=False, actions=True, repair=False,
keepna=False, interval="1d", prepost=False, rounding=False``); ``progress`` and
``multi_level_index`` belong to ``yf.download``, which is not used because it
swallows per-ticker errors into a log. yfinance's own error handling logs and
returns an empty frame for every failure (network errors included), so the
call runs with ``yf.config.debug.hide_exceptions = False`` (restored afterwards)
and its exceptions are mapped to :class:`NoDataReturned`, :class:`FetchFailed`
and, after exponential back-off, :class:`RateLimited`.

Order of sources: the download cache (:mod:`marketreact.data.cache`), then (with
``prefer_snapshot``) the bundled snapshot when it covers the whole range, then
the network. A cache hit makes no network call.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from marketreact._parse import parse_date, parse_symbols
from marketreact.data import cache
from marketreact.data.snapshot import COLUMNS, read_snapshot_file
from marketreact.errors import (
    DataQualityWarning,
    FetchFailed,
    InvalidParameter,
    MarketReactError,
    NoDataReturned,
    RateLimited,
    UnknownExchange,
    UnknownSymbol,
)
from marketreact.reference.calendars import uncovered_sessions
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = ["BACKOFF_SECONDS", "fetch_many", "fetch_prices"]

SOURCE = "Yahoo Finance"
#: First back-off delay after an HTTP 429; doubled on every further attempt.
BACKOFF_SECONDS = 2.0
_PUBLIC = list(COLUMNS[1:])  # open high low close adj_close volume dividends
_YF_COLUMNS = {
    "Open": "open",
    "High": "high",
    "Low": "low",
    "Close": "close",
    "Adj Close": "adj_close",
    "Volume": "volume",
    "Dividends": "dividends",
    "Stock Splits": "stock_splits",
}


def _yf_version() -> str:
    try:
        return version("yfinance")
    except PackageNotFoundError:  # pragma: no cover - yfinance is a hard dependency
        return "unknown"


def _timezone(symbol: str, ref: ReferenceData) -> str | None:
    """The exchange time zone ``ref`` knows for ``symbol``; None lets yfinance look it up."""
    try:
        return ref.exchange(ref.require_mic(symbol)).timezone
    except (UnknownSymbol, UnknownExchange):
        return None


@contextmanager
def _yfinance_raises() -> Iterator[Any]:
    """Import yfinance and make it raise instead of logging, for the duration of one call."""
    import yfinance as yf  # lazy: importing yfinance takes about a second

    debug = yf.config.debug
    previous = debug.hide_exceptions
    debug.hide_exceptions = False
    # Every failure reaches the caller as a typed error; yfinance's own log lines
    # would only repeat it (and break the CLI's one-line error).
    logger = logging.getLogger("yfinance")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield yf
    finally:
        debug.hide_exceptions = previous
        logger.setLevel(level)


def _classify(exc: Exception, symbol: str, start: str, end: str) -> MarketReactError:
    """Map an exception escaping ``Ticker.history`` to the project's error."""
    from yfinance.exceptions import YFDataException, YFTickerMissingError

    if isinstance(exc, YFTickerMissingError):
        # YFPricesMissingError (empty/absent chart result, or Yahoo's own chart.error
        # description, e.g. "No data found, symbol may be delisted") and YFTzMissingError.
        reason = getattr(exc, "yahoo_reason", None) or getattr(exc, "rationale", "") or str(exc)
        return NoDataReturned(symbol, start, end, SOURCE, str(reason))
    if isinstance(exc, YFDataException):  # "*** YAHOO! FINANCE IS CURRENTLY DOWN! ***"
        return FetchFailed(symbol, SOURCE, str(exc))
    if isinstance(exc, ValueError):  # body is not JSON: an HTTP error page
        return FetchFailed(symbol, SOURCE, f"Yahoo answered with something other than chart JSON ({exc})")
    # OSError covers requests' and curl_cffi's connection, timeout and HTTP errors.
    kind = "network error" if isinstance(exc, OSError) else "yfinance error"
    return FetchFailed(symbol, SOURCE, f"{kind}: {type(exc).__name__}: {exc}")


def _download(
    symbol: str,
    start: pd.Timestamp | None,
    end: pd.Timestamp | None,
    *,
    session: Any,
    max_retries: int,
    sleep: Callable[[float], Any],
    timeout: float,
    ref: ReferenceData,
) -> pd.DataFrame:
    """One symbol's bars in ``[start, end]`` from Yahoo, normalised, with 429 back-off."""
    # yfinance's end is exclusive: to include session ``end`` ask up to the next midnight.
    # With no end, two days ahead of UTC today reaches today's session in every time zone.
    today = pd.Timestamp.now("UTC").tz_localize(None).normalize()
    end_exclusive = (end if end is not None else today + pd.Timedelta(days=1)) + pd.Timedelta(days=1)
    req = (
        start.date().isoformat() if start is not None else "first",
        (end if end is not None else today).date().isoformat(),
    )
    tz = _timezone(symbol, ref)
    for attempt in range(1, max_retries + 2):
        with _yfinance_raises() as yf:
            from yfinance.data import YfData
            from yfinance.exceptions import YFRateLimitError

            # yfinance memoises past-range responses in-process (YfData.cache_get), errors
            # included; our own cache is on disk, so start every attempt clean.
            YfData.cache_get.cache_clear()
            ticker = yf.Ticker(symbol, session=session)
            if tz is not None:
                # Skips yfinance's extra time-zone request (and its quoteSummary fallback).
                ticker._tz = tz
            try:
                raw = ticker.history(
                    period="max" if start is None else None,
                    interval="1d",
                    start=None if start is None else start.date().isoformat(),
                    end=end_exclusive.date().isoformat(),
                    prepost=False,
                    actions=True,
                    auto_adjust=False,
                    back_adjust=False,
                    repair=False,
                    keepna=False,
                    rounding=False,
                    timeout=timeout,
                )
            except YFRateLimitError:
                if attempt > max_retries:
                    raise RateLimited(symbol, SOURCE, attempt) from None
                sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
                continue
            except Exception as exc:
                raise _classify(exc, symbol, *req) from exc
        frame = _normalise(raw, symbol)
        _blank_foreign_dividends(frame, ticker, symbol)
        if frame.empty:
            raise NoDataReturned(symbol, *req, SOURCE, "yfinance returned an empty frame")
        return frame
    raise AssertionError("unreachable")  # pragma: no cover


def _normalise(raw: pd.DataFrame, symbol: str) -> pd.DataFrame:
    """yfinance's frame -> the cache's columns, indexed by tz-naive exchange-local session date."""
    if raw is None or raw.empty:
        return pd.DataFrame(columns=list(cache.CACHE_COLUMNS), dtype="float64")
    if isinstance(raw.columns, pd.MultiIndex):  # defensive: yf.download-style columns
        raw = raw.droplevel([n for n in range(raw.columns.nlevels) if n != 0], axis=1)
    missing = {"Open", "High", "Low", "Close", "Volume"} - set(raw.columns)
    if missing:
        raise FetchFailed(symbol, SOURCE, f"yfinance returned no {sorted(missing)} columns")
    index = raw.index
    if isinstance(index, pd.DatetimeIndex) and index.tz is not None:
        index = index.tz_localize(None)  # 1d bars are labelled at local midnight
    days = pd.DatetimeIndex(index).strftime("%Y-%m-%d")
    out = pd.DataFrame(
        {
            new: raw[old].to_numpy(dtype="float64") if old in raw.columns else 0.0
            for old, new in _YF_COLUMNS.items()
        },
        index=pd.DatetimeIndex(pd.to_datetime(pd.Series(days, dtype=str), format="%Y-%m-%d"), name="date"),
    )
    if "Adj Close" not in raw.columns:
        out["adj_close"] = float("nan")  # unknown, never the close
    out = out[~out.index.duplicated(keep="last")].sort_index()
    # yfinance adds a price-less row for a dividend dated outside the bars: report, never fill.
    priceless = out["close"].isna()
    if priceless.any():
        dropped = ", ".join(d.date().isoformat() for d in out.index[priceless])
        warnings.warn(
            f"{symbol}: Yahoo rows without a close dropped (not filled): {dropped}",
            DataQualityWarning,
            stacklevel=4,
        )
        out = out[~priceless]
    return out


def _blank_foreign_dividends(frame: pd.DataFrame, ticker: Any, symbol: str) -> None:
    """Set to NaN (unknown) the dividends Yahoo paid in another currency than the prices.

    With ``repair=False`` yfinance drops Yahoo's per-dividend ``currency`` and merges
    the amount as is (scrapers/history.py), so e.g. a GBP dividend would sit beside
    GBp prices, off by 100. Its record survives in ``_price_history._dividends``.
    """
    dividends = getattr(getattr(ticker, "_price_history", None), "_dividends", None)
    if not isinstance(dividends, pd.DataFrame) or "currency" not in dividends.columns:
        return
    price_currency = ticker.get_history_metadata().get("currency")
    foreign = dividends[dividends["currency"] != price_currency]
    days = pd.to_datetime(pd.Series(foreign.index.strftime("%Y-%m-%d"), dtype=str), format="%Y-%m-%d")
    hit = frame.index.isin(days)
    if not hit.any():
        return
    frame.loc[hit, "dividends"] = float("nan")
    listed = ", ".join(f"{d:%Y-%m-%d} {c}" for d, c in zip(foreign.index, foreign["currency"], strict=True))
    warnings.warn(
        f"{symbol}: Yahoo paid dividends in another currency than the prices ({price_currency}): "
        f"{listed}; set to NaN (unknown), not converted. adj_close is unaffected",
        DataQualityWarning,
        stacklevel=4,
    )


def _snapshot_covering(
    symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None, ref: ReferenceData
) -> pd.DataFrame | None:
    """The bundled snapshot's bars when they cover every session of ``[start, end]``, else None."""
    if start is None or end is None:
        return None  # open-ended requests ask for the source of record
    try:
        bars = read_snapshot_file(symbol)
    except UnknownSymbol:
        return None
    first, last = bars.index[0], bars.index[-1]
    if start < first or end > last:
        try:
            cal = ref.calendar(ref.require_mic(symbol))
        except MarketReactError:
            return None
        if start < cal.first_session or end > cal.last_session:
            return None  # beyond the calendar: nothing says the snapshot covers it
        if any(uncovered_sessions(cal, first, last, start, end)):
            return None
    return bars


def _window(
    frame: pd.DataFrame, symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None, where: str
) -> pd.DataFrame:
    out = frame.loc[start:end, _PUBLIC]
    if out.empty:
        first = start.date().isoformat() if start is not None else "first"
        last = end.date().isoformat() if end is not None else "latest"
        raise NoDataReturned(symbol, first, last, where, "no session in the range")
    return out


def fetch_prices(
    symbol: str,
    start: Any = None,
    end: Any = None,
    *,
    prefer_snapshot: bool = False,
    cache_dir: str | Path | None = None,
    refresh: bool = False,
    session: Any = None,
    max_retries: int = 4,
    sleep: Callable[[float], Any] = time.sleep,
    timeout: float = 10.0,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Daily bars of one Yahoo symbol from the cache, the snapshot or Yahoo.

    Parameters
    ----------
    symbol : str
        Yahoo symbol (``"AAPL"``, ``"7201.T"``, ``"^N225"``).
    start, end : date-like, optional
        Inclusive range of session dates; ``start=None`` is the whole history,
        ``end=None`` the latest session (never served from the cache).
    prefer_snapshot : bool
        After a cache miss, use the bundled snapshot when it covers every
        session of the range (``load_prices(source="auto")``).
    cache_dir : path, optional
        Cache base directory (entries go to its ``yahoo/``); by default
        ``MARKETREACT_CACHE_DIR`` or the user cache directory.
    refresh : bool
        Ignore the cache and download; the download replaces the cache entry.
    session : requests or curl_cffi Session, optional
        Passed to yfinance (which keeps it for later calls: it is a singleton).
    max_retries : int
        Retries after HTTP 429, sleeping 2, 4, 8, ... seconds between attempts.
    sleep : callable
        The sleep function (injectable so that tests do not wait).
    timeout : float
        Per-request timeout in seconds.
    reference : ReferenceData, optional
        The symbol's venue: its time zone labels Yahoo's bars and its calendar
        says whether the snapshot covers the range (the bundled reference data by default).

    Returns
    -------
    DataFrame
        Index ``date``; float64 columns ``open high low close adj_close volume
        dividends``, as :func:`marketreact.data.snapshot.read_snapshot_file`.

    Raises
    ------
    NoDataReturned
        Yahoo answered but has no bars for the symbol and range.
    RateLimited
        HTTP 429 on every attempt.
    FetchFailed
        Yahoo could not be reached or answered with an error.
    CacheError
        The cache entry is damaged (the message says how to clear it).
    """
    lo = parse_date(start, "start") if start is not None else None
    hi = parse_date(end, "end") if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise InvalidParameter("end", end, f"end must not be before start={start!r}")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InvalidParameter("max_retries", max_retries, "give a whole number >= 0, e.g. 4")
    root = Path(cache_dir) if cache_dir is not None else None
    ref = default_reference(reference)
    if not refresh:
        hit = cache.lookup(symbol, lo, hi, root)
        if hit is not None:
            return _window(hit, symbol, lo, hi, f"{SOURCE} (cache)")
    if prefer_snapshot:
        snap = _snapshot_covering(symbol, lo, hi, ref)
        if snap is not None:
            return _window(snap, symbol, lo, hi, "the bundled snapshot")
    fetch_lo, fetch_hi = lo, hi
    meta = None if refresh else cache.read_meta(symbol, root)
    if meta is not None:
        # Refetch the union in one request: adj_close from two fetches would mix adjustment bases.
        fetch_lo = None if lo is None or meta.start is None else min(lo, pd.Timestamp(meta.start))
        fetch_hi = None if hi is None else max(hi, pd.Timestamp(meta.end))
    frame = _download(
        symbol,
        fetch_lo,
        fetch_hi,
        session=session,
        max_retries=max_retries,
        sleep=sleep,
        timeout=timeout,
        ref=ref,
    )
    # Only sessions before the UTC fetch date are final everywhere (live bars change).
    final = pd.Timestamp(dt.datetime.now(dt.UTC).date()) - pd.Timedelta(days=1)
    covered_end = final if fetch_hi is None else min(fetch_hi, final)
    if not frame.loc[fetch_lo:covered_end].empty:
        cache.write(symbol, frame, fetch_lo, covered_end, yfinance_version=_yf_version(), root=root)
    return _window(frame, symbol, lo, hi, SOURCE)


def fetch_many(symbols: str | Iterable[str], start: Any, end: Any, **kw: Any) -> dict[str, pd.DataFrame]:
    """:func:`fetch_prices` for several symbols, with a progress bar on a terminal.

    The first error stops the loop and propagates (nothing is skipped silently).

    Returns
    -------
    dict
        ``{symbol: bars}`` in the order given.
    """
    names = parse_symbols(symbols)
    quiet = len(names) <= 1 or not sys.stderr.isatty()
    out: dict[str, pd.DataFrame] = {}
    with tqdm(names, desc="Yahoo", unit="symbol", disable=quiet) as bar:
        for name in bar:
            bar.set_postfix_str(name)
            out[name] = fetch_prices(name, start, end, **kw)
    return out
