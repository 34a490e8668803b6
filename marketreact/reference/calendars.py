"""Trading calendars per venue, recorded closures, and session arithmetic.

Calendars come from ``exchange_calendars``; they are built lazily and memoised
per process. Real closures that ``exchange_calendars`` does not know (a typhoon
day, say) are recorded in ``data/calendar_overrides.csv`` with their source and
applied here as extra holidays, so every module sees the same sessions.
"""

from __future__ import annotations

import csv
import functools
import warnings
from typing import Protocol

import exchange_calendars as xcals
import pandas as pd

from marketreact.reference import paths as _paths
from marketreact.reference.venues import exchange

__all__ = ["BarsCalendar", "SessionCalendar", "calendar", "closures", "uncovered_sessions"]


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
        # Some calendars start later than 2000 (XSAU: 2021); start at the later of the two.
        bound = type(xcals.get_calendar(name)).bound_min()
        start = max(pd.Timestamp("2000-01-03"), bound) if bound is not None else pd.Timestamp("2000-01-03")
        base = xcals.get_calendar(name, start=start)
        extra = closures(name)
        if not extra:
            return base

        class _WithClosures(type(base)):  # type: ignore[misc]
            @property
            def adhoc_holidays(self) -> list[pd.Timestamp]:
                return [*super().adhoc_holidays, *extra]

        return _WithClosures(start=start)


class SessionCalendar(Protocol):
    """What marketreact asks of a calendar: an ``exchange_calendars`` calendar or a :class:`BarsCalendar`."""

    @property
    def sessions(self) -> pd.DatetimeIndex: ...

    @property
    def first_session(self) -> pd.Timestamp: ...

    @property
    def last_session(self) -> pd.Timestamp: ...

    def is_session(self, date: pd.Timestamp) -> bool: ...

    def sessions_in_range(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex: ...


class BarsCalendar:
    """Sessions taken from a listing's own bars, for a symbol whose venue marketreact does not know.

    Every dated row is a session, so a missing session cannot be detected: the
    study says so once in its output.
    """

    def __init__(self, dates: pd.DatetimeIndex, name: str) -> None:
        self._sessions = pd.DatetimeIndex(sorted(set(pd.DatetimeIndex(dates).normalize())))
        self.name = name

    @property
    def sessions(self) -> pd.DatetimeIndex:
        return self._sessions

    @property
    def first_session(self) -> pd.Timestamp:
        return self._sessions[0]

    @property
    def last_session(self) -> pd.Timestamp:
        return self._sessions[-1]

    def is_session(self, date: pd.Timestamp) -> bool:
        return pd.Timestamp(date) in self._sessions

    def sessions_in_range(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
        return self._sessions[(self._sessions >= start) & (self._sessions <= end)]


def uncovered_sessions(
    cal: SessionCalendar,
    first: pd.Timestamp,
    last: pd.Timestamp,
    lo: pd.Timestamp | None,
    hi: pd.Timestamp | None,
    *,
    until: pd.Timestamp | None = None,
) -> tuple[int, int]:
    """Sessions of ``cal`` in the request ``[lo, hi]`` that data spanning ``first..last`` lack.

    Returns ``(before, after)``: sessions in ``[lo, first)`` and in ``(last, hi]``,
    the latter also cut at ``until`` (e.g. today: future sessions are not missing).
    The request is clamped to the calendar's bounds rather than failing.
    """
    day = pd.Timedelta(days=1)
    before = after = 0
    if lo is not None and lo < first:
        lo = max(lo, cal.first_session)
        before = len(cal.sessions_in_range(lo, first - day)) if lo < first else 0
    if hi is not None and hi > last:
        end = min(hi, cal.last_session) if until is None else min(hi, until, cal.last_session)
        after = len(cal.sessions_in_range(last + day, end)) if end > last else 0
    return before, after
