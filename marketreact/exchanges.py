"""The exchange table: MIC, time zone, currency, trading calendar, Yahoo suffix.

One immutable table serves the price loader (which calendar a symbol trades
on), the article step (which exchange a tag prefix such as ``TYO`` means) and
the event study (which session is day 0). Calendars come from
``exchange_calendars``; they are built lazily and memoised per process.

Real closures that ``exchange_calendars`` does not know (a typhoon day, say)
are recorded in ``data/calendar_overrides.csv`` with their source and applied
here as extra holidays, so every module sees the same sessions.
"""

from __future__ import annotations

import csv
import functools
import warnings
from dataclasses import dataclass

import exchange_calendars as xcals
import pandas as pd

from marketreact import _paths
from marketreact.errors import UnknownExchange

__all__ = ["EXCHANGES", "US_MICS", "Exchange", "calendar", "closures", "exchange", "exchange_for_suffix"]


@dataclass(frozen=True)
class Exchange:
    """One trading venue.

    Attributes
    ----------
    mic : str
        ISO 10383 market identifier (``XTKS``); ``OTCM`` for US OTC markets.
    name : str
    timezone : str
        IANA zone of the venue's sessions.
    currency : str
        ISO 4217 code of the prices quoted there (``GBp`` for London pence).
    calendar : str
        ``exchange_calendars`` calendar name used for its sessions.
    yahoo_suffix : str
        Suffix Yahoo appends to local codes (``.T``); empty for US venues.
    benchmark : str
        Default local benchmark (Yahoo symbol) for listings on this venue.
    """

    mic: str
    name: str
    timezone: str
    currency: str
    calendar: str
    yahoo_suffix: str
    benchmark: str


EXCHANGES: dict[str, Exchange] = {
    e.mic: e
    for e in (
        Exchange("XNYS", "New York Stock Exchange", "America/New_York", "USD", "XNYS", "", "SPY"),
        Exchange("XNAS", "Nasdaq", "America/New_York", "USD", "XNYS", "", "SPY"),
        Exchange("ARCX", "NYSE Arca", "America/New_York", "USD", "XNYS", "", "SPY"),
        Exchange("OTCM", "OTC Markets (US)", "America/New_York", "USD", "XNYS", "", "SPY"),
        Exchange("XTKS", "Tokyo Stock Exchange", "Asia/Tokyo", "JPY", "XTKS", ".T", "^N225"),
        Exchange("XSHG", "Shanghai Stock Exchange", "Asia/Shanghai", "CNY", "XSHG", ".SS", "000300.SS"),
        # exchange_calendars has no Shenzhen calendar; Shenzhen keeps Shanghai's sessions.
        Exchange("XSHE", "Shenzhen Stock Exchange", "Asia/Shanghai", "CNY", "XSHG", ".SZ", "000300.SS"),
        Exchange("XTAI", "Taiwan Stock Exchange", "Asia/Taipei", "TWD", "XTAI", ".TW", "^TWII"),
        Exchange("XHKG", "Hong Kong Exchanges", "Asia/Hong_Kong", "HKD", "XHKG", ".HK", "^HSI"),
        Exchange("XLON", "London Stock Exchange", "Europe/London", "GBp", "XLON", ".L", "^FTSE"),
        Exchange("XETR", "Deutsche Boerse Xetra", "Europe/Berlin", "EUR", "XETR", ".DE", "^GDAXI"),
        Exchange("XFRA", "Frankfurt Stock Exchange", "Europe/Berlin", "EUR", "XFRA", ".F", "^GDAXI"),
        Exchange("XPAR", "Euronext Paris", "Europe/Paris", "EUR", "XPAR", ".PA", "^FCHI"),
        Exchange("XAMS", "Euronext Amsterdam", "Europe/Amsterdam", "EUR", "XAMS", ".AS", "^AEX"),
        Exchange("XMIL", "Borsa Italiana", "Europe/Rome", "EUR", "XMIL", ".MI", "FTSEMIB.MI"),
        Exchange("XSWX", "SIX Swiss Exchange", "Europe/Zurich", "CHF", "XSWX", ".SW", "^SSMI"),
        Exchange("XTSE", "Toronto Stock Exchange", "America/Toronto", "CAD", "XTSE", ".TO", "^GSPTSE"),
        Exchange("XASX", "Australian Securities Exchange", "Australia/Sydney", "AUD", "XASX", ".AX", "^AXJO"),
        Exchange("XKRX", "Korea Exchange", "Asia/Seoul", "KRW", "XKRX", ".KS", "^KS11"),
        Exchange("XBOM", "BSE (Bombay)", "Asia/Kolkata", "INR", "XBOM", ".BO", "^BSESN"),
    )
}

# Venues trading on US hours (the NYSE calendar): tags, ADR rules and claims treat them as one market.
US_MICS = frozenset(mic for mic, e in EXCHANGES.items() if e.calendar == "XNYS")


def exchange(mic: str) -> Exchange:
    """Return the :class:`Exchange` for ``mic``; raise :class:`UnknownExchange` otherwise."""
    try:
        return EXCHANGES[mic]
    except KeyError:
        known = ", ".join(sorted(EXCHANGES))
        raise UnknownExchange(mic, f"known MICs: {known}") from None


def exchange_for_suffix(symbol: str) -> Exchange:
    """Guess the venue of a Yahoo symbol from its suffix (``7201.T`` -> XTKS).

    Symbols without a known suffix are taken as US-listed (XNYS hours), which is
    Yahoo's own convention; indices (``^N225``) need the security master.
    """
    if "." in symbol:
        suffix = "." + symbol.rsplit(".", 1)[1]
        for e in EXCHANGES.values():
            if e.yahoo_suffix and e.yahoo_suffix.upper() == suffix.upper():
                return e
        raise UnknownExchange(suffix, f"no exchange with Yahoo suffix {suffix!r} (symbol {symbol!r})")
    return EXCHANGES["XNYS"]


def closures(calendar_name: str) -> dict[pd.Timestamp, str]:
    """Closures of ``calendar_name`` recorded in ``data/calendar_overrides.csv``: ``{date: note}``."""
    path = _paths.data_dir() / "calendar_overrides.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {
            pd.Timestamp(row["date"]): row["note"]
            for row in csv.DictReader(fh)
            if row["calendar"] == calendar_name and row["status"] == "closed"
        }


@functools.cache
def calendar(mic: str) -> xcals.ExchangeCalendar:
    """The ``exchange_calendars`` calendar of venue ``mic`` (memoised), with recorded closures applied.

    The calendar starts in 2000 and ends where ``exchange_calendars`` ends it
    (about a year ahead, or the last year whose holidays it records).
    """
    name = exchange(mic).calendar
    with warnings.catch_warnings():
        # exchange_calendars trips pandas' own deprecation warnings while building; not ours to fix.
        # (pandas' Pandas4Warning is a DeprecationWarning subclass.)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=FutureWarning)
        base = xcals.get_calendar(name, start="2000-01-03")
        extra = closures(name)
        if not extra:
            return base

        class _WithClosures(type(base)):  # type: ignore[misc]
            @property
            def adhoc_holidays(self) -> list[pd.Timestamp]:
                return [*super().adhoc_holidays, *extra]

        return _WithClosures(start="2000-01-03")
