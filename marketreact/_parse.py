"""Parse user input once, at the boundary.

Every public function converts its raw arguments with these helpers, so that
the rest of the code only ever sees validated values and every error names the
parameter that was wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from marketreact.errors import InvalidParameter

__all__ = ["parse_date", "parse_symbols", "parse_timestamp", "parse_window", "parse_windows"]

_DATE_EXAMPLE = "give an ISO date such as '2025-04-09'"
_TS_EXAMPLE = "give an ISO time with zone such as '2025-04-09T09:00+09:00', or a date '2025-04-09'"


def parse_date(value: Any, param: str) -> pd.Timestamp:
    """Return ``value`` as a tz-naive midnight :class:`pandas.Timestamp` (a calendar date).

    Accepts ``datetime.date``, ``datetime.datetime`` (its date is taken; a
    tz-aware value keeps its own local date), ``pandas.Timestamp`` and ISO
    strings. Raises :class:`InvalidParameter` naming ``param`` otherwise.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidParameter(param, value, _DATE_EXAMPLE)
    if isinstance(value, dt.datetime | pd.Timestamp):
        return pd.Timestamp(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            return pd.Timestamp(dt.date.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise InvalidParameter(param, value, _DATE_EXAMPLE)


def parse_timestamp(value: Any, param: str) -> tuple[pd.Timestamp, bool]:
    """Parse a publication time.

    Returns
    -------
    (timestamp, date_only)
        ``timestamp`` is tz-aware when a time was given; for a date-only value
        it is tz-naive midnight and ``date_only`` is True.

    Raises
    ------
    InvalidParameter
        When the value is unparseable, or has a time of day but no zone
        (a zone-less time is ambiguous across exchanges: add ``+09:00``,
        ``Z`` or similar).
    """
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is None:
            raise InvalidParameter(param, value, "the time has no zone; " + _TS_EXAMPLE)
        return ts, False
    if isinstance(value, dt.date):
        return pd.Timestamp(value), True
    if not isinstance(value, str) or not value.strip():
        raise InvalidParameter(param, value, _TS_EXAMPLE)
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parse_date(text, param), True
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}", text):
        raise InvalidParameter(param, value, _TS_EXAMPLE)
    try:
        ts = pd.Timestamp(text)
    except (ValueError, TypeError) as exc:
        raise InvalidParameter(param, value, _TS_EXAMPLE) from exc
    if ts.tzinfo is None:
        raise InvalidParameter(
            param, value, "the time has no zone, so the exchange-local day is ambiguous; " + _TS_EXAMPLE
        )
    return ts, False


def parse_window(value: Any, param: str) -> tuple[int, int]:
    """Parse an inclusive trading-day window such as ``(-1, 1)``, ``[-1, 1]`` or ``"-1,1"``."""
    hint = "give two whole trading-day offsets 'a,b' with a <= b, e.g. '-1,1' or (-250, -11)"
    pair: Sequence[Any]
    if isinstance(value, str):
        pair = [p.strip() for p in value.strip().strip("[]()").split(",")]
    elif isinstance(value, Sequence):
        pair = value
    else:
        raise InvalidParameter(param, value, hint)
    if len(pair) != 2:
        raise InvalidParameter(param, value, hint)
    out: list[int] = []
    for item in pair:
        if isinstance(item, bool):
            raise InvalidParameter(param, value, hint)
        try:
            number = int(item)
        except (TypeError, ValueError) as exc:
            raise InvalidParameter(param, value, hint) from exc
        if isinstance(item, float) and not item.is_integer():
            raise InvalidParameter(param, value, hint)
        out.append(number)
    if out[0] > out[1]:
        raise InvalidParameter(param, value, hint)
    return out[0], out[1]


def parse_windows(values: Iterable[Any], param: str) -> list[tuple[int, int]]:
    """Parse several windows, dropping exact duplicates but keeping order."""
    result: list[tuple[int, int]] = []
    for item in values:
        window = parse_window(item, param)
        if window not in result:
            result.append(window)
    if not result:
        raise InvalidParameter(param, values, "give at least one window, e.g. [(0, 0), (-1, 1)]")
    return result


def parse_symbols(value: Any, param: str = "symbols") -> list[str]:
    """Accept one symbol or an iterable of symbols; strip, keep order, drop duplicates."""
    items = [value] if isinstance(value, str) else list(value) if value is not None else []
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidParameter(param, value, "give Yahoo symbols such as 'AAPL' or ['7201.T', '^N225']")
        sym = item.strip()
        if sym not in out:
            out.append(sym)
    if not out:
        raise InvalidParameter(param, value, "give at least one symbol, e.g. 'AAPL'")
    return out
