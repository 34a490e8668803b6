"""Trading calendars per venue, recorded closures, and session arithmetic.

Calendars come from ``exchange_calendars``; they are built lazily, memoised per
process and pickled in the user cache dir (keyed by the library versions). Real closures that ``exchange_calendars`` does not know (a typhoon
day, say) are recorded in ``data/calendar_overrides.csv`` with their source and
applied here as extra holidays, so every module sees the same sessions.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib
import pickle
import re
import warnings
from pathlib import Path
from typing import Any, Protocol

import exchange_calendars as xcals
import numpy as np
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


# Part of the disk-cache key: bump when what is pickled changes.
_FORMAT = 3
_START = pd.Timestamp("2000-01-03")


@functools.cache
def calendar(mic: str) -> xcals.ExchangeCalendar:
    """The ``exchange_calendars`` calendar of venue ``mic``, with recorded closures applied.

    The calendar starts in 2000 (or at the calendar's own first year, if later) and ends
    where ``exchange_calendars`` ends it (about a year ahead, or the last year whose holidays
    it records). Building one computes decades of holiday rules (two seconds for Korea's
    lunar calendar), so each is built once per library version and kept: in memory per
    process (venues sharing a calendar share the object) and pickled in the user cache dir.
    """
    return _named(exchange(mic).calendar)


@functools.cache
def _named(name: str) -> xcals.ExchangeCalendar:
    extra = closures(name)
    digest = hashlib.sha256(repr(sorted(extra.items())).encode()).hexdigest()[:10]
    key = f"{name}-xcals{xcals.__version__}-pandas{pd.__version__}-{digest}-v{_FORMAT}"
    path = _paths.cache_dir() / "calendars" / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', key)}.pickle"
    try:
        with path.open("rb") as fh, _paths.no_gc():
            cached = _restore(pickle.load(fh))
        if cached.name == name:
            return cached
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        KeyError,
    ):
        pass  # no cache yet, or one from another environment: build below
    cal = _build(name, extra)
    _save(path, cal)
    return cal


def _factory(name: str) -> type[xcals.ExchangeCalendar]:
    """The calendar class of ``name``, without building a calendar over the default range."""
    factories = getattr(xcals.calendar_utils, "_default_calendar_factories", {})
    cls = factories.get(name)
    return cls if cls is not None else type(xcals.get_calendar(name))


def _build(name: str, extra: dict[pd.Timestamp, str]) -> xcals.ExchangeCalendar:
    with warnings.catch_warnings():
        # exchange_calendars trips pandas' own deprecation warnings while building; not ours to fix.
        # (pandas' Pandas4Warning is a DeprecationWarning subclass.)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=FutureWarning)
        cls = _closures_class(name) if extra else _factory(name)
        # Some calendars start later than 2000 (XSAU: 2021); start at the later of the two.
        bound = cls.bound_min()
        start = max(_START, bound) if bound is not None else _START
        return cls(start=start)


def _closures_class(name: str) -> type[xcals.ExchangeCalendar]:
    """``name``'s class with its recorded closures as extra ad hoc holidays.

    A module-level name (``_WithClosures_<name>``, resolved by :func:`__getattr__`), so that
    pickle finds the class again in a new process.
    """
    if name in _CLASSES:
        return _CLASSES[name]
    base = _factory(name)
    extra = list(closures(name))

    def adhoc_holidays(self: xcals.ExchangeCalendar) -> list[pd.Timestamp]:
        return [*base.adhoc_holidays.fget(self), *extra]

    cls = type(f"_WithClosures_{name}", (base,), {"adhoc_holidays": property(adhoc_holidays)})
    cls.__module__ = __name__
    _CLASSES[name] = cls
    return cls


_CLASSES: dict[str, type[xcals.ExchangeCalendar]] = {}


def __getattr__(attr: str) -> type[xcals.ExchangeCalendar]:
    if attr.startswith("_WithClosures_"):
        return _closures_class(attr.removeprefix("_WithClosures_"))
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


def _payload(cal: xcals.ExchangeCalendar) -> dict[str, Any]:
    """The calendar's state as plain arrays, for the disk cache.

    The business-day offset (``day``, also the sessions' ``freq``) pickles as thousands of
    separate holiday objects, most of the load time; it is stored as one array and rebuilt.
    """
    state = dict(vars(cal))
    day = state["day"]
    out = {"class": (type(cal).__module__, type(cal).__qualname__), "state": state}
    if type(day) is pd.offsets.CustomBusinessDay:  # others (Korea's weekmask history) pickle as they are
        del state["day"]
        schedule = state["schedule"].copy(deep=False)
        schedule.index = pd.DatetimeIndex(schedule.index.to_numpy())  # without the offset as freq
        state["schedule"] = schedule
        out.update(holidays=np.asarray(day.holidays, dtype="datetime64[D]"), weekmask=day.weekmask)
    return out


def _restore(payload: dict[str, Any]) -> xcals.ExchangeCalendar:
    module, qualname = payload["class"]
    cls = getattr(importlib.import_module(module), qualname)
    cal = cls.__new__(cls)  # the saved state is the built calendar: __init__ would rebuild it
    state = payload["state"]
    if "holidays" in payload:
        day = pd.offsets.CustomBusinessDay(holidays=payload["holidays"], weekmask=payload["weekmask"])
        state["day"] = day
        state["schedule"].index = pd.DatetimeIndex(state["schedule"].index, freq=day)
    vars(cal).update(state)
    if not isinstance(cal, xcals.ExchangeCalendar):
        raise TypeError(type(cal).__name__)
    return cal


def _save(path: Path, cal: xcals.ExchangeCalendar) -> None:
    try:
        content = pickle.dumps(_payload(cal), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return  # an unpicklable calendar only costs speed
    _paths.write_cache(path, content)


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
