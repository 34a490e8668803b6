"""Checks of quoted figures that are not a session's close-to-close change.

Each kind of :mod:`marketreact.claims.kinds` has its own actual value on a
session ``t`` (``prev`` is the close of the row before ``t``):

========== ==================================================================
intraday   "as much as": the low (falls) or high (rises) vs ``prev``; other
           intraday quotes: must lie between low/prev - 1 and high/prev - 1
open       open_t / prev - 1
multi_day  close_t / close N rows earlier - 1 ("over three sessions"); or
           vs the last close before the week / month of ``t``
ytd        close_t / last close of the previous calendar year - 1
52_week    close_t / max(high) (or min(low)) of the year to ``t`` - 1
level      close_t itself ("closed at $212.40")
extended   not checkable: daily bars have no pre-market or after-hours prices
========== ==================================================================

None of these can "match" a session (only a close-to-close quote can):
agreement is reported as ``consistent`` (within half a unit of the last
printed digit) or ``close`` (within one unit: the writer may have truncated).
Prices are never filled: a session whose base row is missing is reported.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from marketreact.claims.kinds import compare
from marketreact.data.prices import SourceSpec, load_prices
from marketreact.errors import DataQualityWarning, MarketReactError
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = ["KindCheck", "check_kind"]

KindStatus = Literal["consistent", "close", "no_match", "no_data", "not_checkable"]


@dataclass(frozen=True)
class KindCheck:
    """The result of one non-close check: status, verdict, and the agreeing sessions."""

    status: KindStatus
    verdict: str
    hits: tuple[tuple[pd.Timestamp, float], ...] = ()
    closest: tuple[pd.Timestamp, float] | None = None


_WHAT = {
    "intraday": "an intraday level, not a close",
    "open": "the opening price vs the previous close",
    "multi_day": "a change over several sessions",
    "ytd": "the change since the previous year's last close",
    "52_week": "the distance from the 52-week extreme",
    "level": "the closing price level",
}


def _history_start(move: Any, first: pd.Timestamp) -> pd.Timestamp:
    if move.kind == "ytd":
        return pd.Timestamp(first.year - 1, 12, 1)
    if move.kind == "52_week":
        return first - pd.Timedelta(days=380)
    if move.kind == "multi_day" and (move.period or "").startswith("sessions:"):
        return first - pd.Timedelta(days=int(move.period.split(":")[1]) * 2 + 10)
    return first - pd.Timedelta(days=45)


def _actual(move: Any, bars: pd.DataFrame, pos: int, scale: float) -> float | tuple[float, float] | None:
    """The figure's actual value at row ``pos`` (a (low, high) range for a plain intraday quote)."""
    row, date = bars.iloc[pos], bars.index[pos]
    close = float(row["close"])
    if move.unit == "level":
        if move.kind == "intraday":  # a price during the session: between the day's low and high
            return (float(row["low"]) * scale, float(row["high"]) * scale)
        return close * scale
    if move.kind == "52_week":
        year = bars[(bars.index > date - pd.Timedelta(days=365)) & (bars.index <= date)]
        if year.index[0] > date - pd.Timedelta(days=358):
            return None  # less than a year of bars before t
        ref = float(year["high"].max()) if move.period == "high" else float(year["low"].min())
        return (close / ref - 1) * 100
    if move.kind in ("intraday", "open") or (
        move.kind == "multi_day" and move.period.startswith("sessions:")
    ):
        back = 1 if move.kind != "multi_day" else int(move.period.split(":")[1])
        if pos - back < 0:
            return None
        prev = float(bars["close"].iloc[pos - back])
        if move.kind == "open":
            return (float(row["open"]) / prev - 1) * 100
        if move.kind == "multi_day":
            return (close / prev - 1) * 100
        low, high = (float(row["low"]) / prev - 1) * 100, (float(row["high"]) / prev - 1) * 100
        if move.qualifier == "intraday":  # "as much as": the extreme in the quoted direction
            return low if move.sign < 0 else high
        return (low, high)
    if move.kind == "ytd":
        cut = pd.Timestamp(date.year, 1, 1)
    elif move.period == "week":
        cut = date - pd.Timedelta(days=date.day_of_week)
    elif move.period == "month":
        cut = pd.Timestamp(date.year, date.month, 1)
    else:
        return None
    base = bars[bars.index < cut]
    if base.empty or (cut - base.index[-1]).days > 10:
        return None  # the last close before the period is not in the data
    return (close / float(base["close"].iloc[-1]) - 1) * 100


def _agree(move: Any, actual: float | tuple[float, float]) -> tuple[str | None, float]:
    """(agreement, distance) of the quote with an actual value or range."""
    if isinstance(actual, tuple):
        low, high = actual
        tol = 0.5 * 10.0**-move.decimals
        if low - tol <= move.value <= high + tol:
            return "match", 0.0
        return None, min(abs(move.value - low), abs(move.value - high))
    if move.unit == "level":
        return compare(move.magnitude, actual, decimals=move.decimals, signed=False), abs(
            actual - move.magnitude
        )
    agreement = compare(move.value, actual, decimals=move.decimals, qualifier=move.qualifier)
    return agreement, abs(actual - move.value)


def _fmt(move: Any, actual: float | tuple[float, float]) -> str:
    if isinstance(actual, tuple):
        if move.unit == "level":
            return f"day's range {actual[0]:.2f} .. {actual[1]:.2f}"
        return f"range {actual[0]:+.2f}% .. {actual[1]:+.2f}% vs the previous close"
    return f"{actual:.{max(move.decimals, 2)}f}" if move.unit == "level" else f"{actual:+.2f}%"


def check_kind(
    move: Any,
    symbol: str,
    day0: pd.Timestamp,
    window: tuple[int, int],
    source: SourceSpec,
    *,
    reference: ReferenceData | None = None,
) -> KindCheck:
    """Check a non-close quote (``move.kind != "close"``) on every session of the window.

    ``reference`` gives the listing's venue, calendar and currency (bundled by default).
    """
    what = _WHAT.get(move.kind, move.kind)
    if move.kind == "extended":
        return KindCheck("not_checkable", "not checkable with daily bars: a pre-market or after-hours move")
    if move.kind == "multi_day" and move.period == "since":
        return KindCheck("not_checkable", "not checkable: the start of the 'since' period is not resolved")
    ref = default_reference(reference)
    mic = ref.require_mic(symbol)
    sessions = ref.calendar(mic).sessions
    i0 = sessions.get_loc(day0)
    lo, hi = max(i0 + window[0], 0), min(i0 + window[1], len(sessions) - 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)  # gaps are reported per session below
            loaded = load_prices(
                symbol, _history_start(move, sessions[lo]), sessions[hi], source=source, reference=ref
            )
        bars = pd.DataFrame(loaded.xs(symbol))
    except MarketReactError as exc:
        return KindCheck("no_data", f"no data: {exc}")
    scale = 0.01 if ref.exchange(mic).currency == "GBp" and move.currency == "£" else 1.0
    hits: list[tuple[pd.Timestamp, float, str]] = []
    best: tuple[float, pd.Timestamp, float | tuple[float, float]] | None = None
    missing: list[str] = []
    for i in range(lo, hi + 1):
        date = sessions[i]
        pos = bars.index.get_indexer(pd.DatetimeIndex([date]))[0]
        actual = _actual(move, bars, pos, scale) if pos >= 0 else None
        if actual is None:
            missing.append(date.date().isoformat())
            continue
        agreement, off = _agree(move, actual)
        point = actual if isinstance(actual, float) else float("nan")
        if agreement:
            hits.append((date, point, agreement))
        if best is None or off < best[0]:
            best = (off, date, actual)

    def day(d: pd.Timestamp) -> str:
        return f"{d.date().isoformat()} (day {sessions.get_loc(d) - i0:+d})"

    exact = [(d, a) for d, a, g in hits if g == "match"]
    near = [(d, a) for d, a, g in hits if g == "close"]
    closest = (best[1], best[2] if isinstance(best[2], float) else float("nan")) if best else None
    gaps = f"; no data to check {', '.join(missing)}" if missing else ""
    if exact:
        return KindCheck(
            "consistent",
            f"consistent with {what} on {' and '.join(day(d) for d, _ in exact)}{gaps}",
            tuple(exact),
            closest,
        )
    if near:
        return KindCheck(
            "close",
            f"close to {what} on {' and '.join(day(d) for d, _ in near)} (within one unit of the last printed "
            f"digit: the writer may have truncated){gaps}",
            tuple(near),
            closest,
        )
    if best is None:
        return KindCheck("no_data", f"no data to check {what} on any session of the window{gaps}")
    status: KindStatus = "no_data" if missing else "no_match"
    verdict = (
        f"not consistent with {what} on any session (closest {day(best[1])}: {_fmt(move, best[2])}){gaps}"
    )
    return KindCheck(status, verdict, (), closest)
