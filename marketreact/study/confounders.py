"""Confounding events in an event window: market-wide shocks and user-supplied dated events.

An abnormal return on a day when the whole market moved 10% says little about
the news. :func:`market_shocks` marks the event-window sessions on which a
listing's benchmark moved by more than ``threshold`` of its own
estimation-window standard deviations; :func:`overlapping_events` lists
user-supplied events (earnings dates and the like) that fall inside a
listing's event window. Both describe; neither changes any return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from marketreact._parse import parse_date, parse_window
from marketreact.data.prices import SourceSpec, load_prices, to_returns
from marketreact.errors import InsufficientEstimationData, InvalidParameter, UnknownSymbol
from marketreact.reference.calendars import BarsCalendar
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = [
    "event_window_sessions",
    "market_shocks",
    "overlap_warning",
    "overlapping_events",
    "shock_warning",
]


def event_window_sessions(
    symbol: str,
    day0: Any,
    event_window: Any = (-10, 10),
    *,
    mic: str | None = None,
    dates: pd.DatetimeIndex | None = None,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """The exchange sessions of ``symbol``'s event window, from its own calendar.

    A symbol whose venue is unknown (an index outside the security master)
    takes ``dates``, its own rows, as sessions. ``reference`` places the symbol
    and gives the calendars (the bundled reference data by default).

    Returns
    -------
    DataFrame
        Columns ``date`` and ``relative_day`` (day 0 = ``day0``), one row per session.

    Raises
    ------
    InvalidParameter
        When ``day0`` is not a session of the listing's exchange, or the window
        runs past the calendar's range.
    """
    day = parse_date(day0, "day0")
    a, b = parse_window(event_window, "event_window")
    ref = default_reference(reference)
    venue = mic or ref.mic_for(symbol)
    if venue is None and dates is None:
        raise UnknownSymbol(symbol, "the security master", "give its exchange as mic='XNYS' (--calendar MIC)")
    sessions = pd.DatetimeIndex(
        ref.calendar(venue).sessions if venue is not None else BarsCalendar(dates, symbol).sessions  # type: ignore[arg-type]
    )
    if day not in sessions:
        following = sessions[int(sessions.searchsorted(day))] if day < sessions[-1] else None
        hint = f"day0 must be a session of {venue} for {symbol}"
        raise InvalidParameter(
            "day0", day0, hint + (f"; the next one is {following.date()}" if following is not None else "")
        )
    i0 = int(sessions.searchsorted(day))  # day is a session (checked above)
    if i0 + a < 0 or i0 + b >= len(sessions):
        raise InvalidParameter(
            "event_window", event_window, f"the {venue} calendar does not cover it around {day.date()}"
        )
    return pd.DataFrame({"date": sessions[i0 + a : i0 + b + 1], "relative_day": np.arange(a, b + 1)})


def market_shocks(
    benchmark: str,
    day0: Any,
    event_window: Any = (-10, 10),
    estimation_window: Any = (-250, -11),
    threshold: float = 3.0,
    returns: pd.DataFrame | None = None,
    *,
    source: SourceSpec = "snapshot",
    mic: str | None = None,
    min_estimation: int = 30,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Mark event-window sessions on which the benchmark itself moved extremely.

    z_t = (r_t - mean_est) / sd_est, with r the benchmark's simple returns
    (:func:`marketreact.data.prices.to_returns`), mean_est and sd_est (``ddof=1``)
    over its estimation window; a session is a shock when ``|z_t| > threshold``.
    Offsets count the benchmark's own exchange sessions. Returns spanning a
    missing session (``gap``) are left out of the estimation statistics and
    keep their flag in the output.

    Parameters
    ----------
    benchmark : str
        Yahoo symbol of the benchmark (``SPY``, ``^N225``).
    day0 : date-like
        Day 0, a session of the benchmark's exchange.
    event_window, estimation_window : (int, int)
        Inclusive session offsets; the estimation window must end before the
        event window starts.
    threshold : float
        In estimation-window standard deviations.
    returns : DataFrame, optional
        Output of :func:`to_returns` holding ``benchmark``; loaded from
        ``source`` when omitted.
    mic : str, optional
        Venue whose calendar counts the sessions (default: the security master's).
    min_estimation : int
        Fewest usable estimation returns accepted.
    reference : ReferenceData, optional
        Places the benchmark on its venue and gives the calendars (the bundled
        reference data by default).

    Returns
    -------
    DataFrame
        One row per event-window session: ``date``, ``relative_day``,
        ``return`` (NaN when the benchmark has no row: reported, not filled),
        ``z``, ``shock`` (bool) and ``gap``. ``attrs`` holds ``benchmark``,
        ``mean_est``, ``sd_est``, ``n_est`` and ``threshold``.

    Raises
    ------
    InsufficientEstimationData
        Fewer than ``min_estimation`` usable estimation-window returns.
    """
    if not isinstance(threshold, int | float) or isinstance(threshold, bool) or not threshold > 0:
        raise InvalidParameter(
            "threshold", threshold, "give a positive number of standard deviations, e.g. 3"
        )
    event = parse_window(event_window, "event_window")
    est = parse_window(estimation_window, "estimation_window")
    if est[1] >= event[0]:
        raise InvalidParameter(
            "estimation_window", estimation_window, f"it must end before event_window={event} starts"
        )
    own_dates = None
    if returns is not None and benchmark in returns.index.get_level_values("symbol"):
        own_dates = pd.DatetimeIndex(returns.xs(benchmark, level="symbol").index)
    sessions = event_window_sessions(
        benchmark, day0, (est[0], event[1]), mic=mic, dates=own_dates, reference=reference
    )
    if returns is None:
        first, last = sessions["date"].iloc[0], sessions["date"].iloc[-1]
        prices = load_prices(
            benchmark, first - pd.Timedelta(days=15), last, source=source, reference=reference
        )
        returns = to_returns(prices, mics={benchmark: mic} if mic else None, reference=reference)
    if benchmark not in returns.index.get_level_values("symbol"):
        raise InvalidParameter("returns", benchmark, f"the returns frame has no rows for {benchmark}")
    own = returns.xs(benchmark, level="symbol")
    if "gap" not in own:  # a user's returns frame may hold the returns alone
        own = own.assign(gap=False)
    frame = sessions.join(own[["return", "gap"]], on="date")
    in_est = (
        frame["relative_day"].between(*est)
        & frame["return"].notna()
        & ~frame["gap"].fillna(True).astype(bool)
    )
    sample = frame.loc[in_est, "return"].to_numpy(dtype=float)
    if len(sample) < min_estimation:
        raise InsufficientEstimationData(benchmark, len(sample), min_estimation)
    mean, sd = float(sample.mean()), float(sample.std(ddof=1))
    out = frame[frame["relative_day"].between(*event)].reset_index(drop=True)
    out["z"] = (out["return"] - mean) / sd
    out["shock"] = out["z"].abs() > threshold
    out["gap"] = out["gap"].astype("boolean")
    out.attrs.update(
        benchmark=benchmark, mean_est=mean, sd_est=sd, n_est=len(sample), threshold=float(threshold)
    )
    return out[["date", "relative_day", "return", "z", "shock", "gap"]]


def shock_warning(shocks: pd.DataFrame) -> str | None:
    """Plain-language warning for the shocks in :func:`market_shocks` output, or None when there are none.

    Example: "the event window contains a market-wide shock: SPY +10.5% on
    2025-04-09 (day +0, z = 8.1)".
    """
    # Plain arrays, not frame operations: a study of thousands of days 0 asks this of each one,
    # and every pandas operation on a frame with attrs deep-copies them.
    flags = shocks["shock"].to_numpy()
    hit = np.flatnonzero([v is True or (isinstance(v, np.bool_) and bool(v)) for v in flags])
    ret = shocks["return"].to_numpy(dtype=float)
    missing = int(np.isnan(ret).sum())
    name = shocks.attrs.get("benchmark", "the benchmark")
    note = f" ({missing} session(s) without a {name} return could not be checked)" if missing else ""
    if hit.size == 0:
        return f"no market-wide shock in the event window, but {note[2:-1]}" if missing else None
    dates, days, z = shocks["date"].to_numpy(), shocks["relative_day"].to_numpy(), shocks["z"].to_numpy()
    moves = [
        f"{name} {ret[i] * 100:+.1f}% on {pd.Timestamp(dates[i]).date()} "
        f"(day {int(days[i]):+d}, z = {z[i]:.1f})"
        for i in hit
    ]
    noun = "a market-wide shock" if len(moves) == 1 else f"{len(moves)} market-wide shocks"
    return f"the event window contains {noun}: " + "; ".join(moves) + note


def overlapping_events(
    user_events: Iterable[Sequence[Any]], listing_sessions: Mapping[str, pd.DataFrame]
) -> pd.DataFrame:
    """User-supplied dated events that fall inside listings' event windows.

    Parameters
    ----------
    user_events : iterable of (date, label) or (date, label, symbol)
        Earnings releases, index rebalances, other news. An event with a symbol
        concerns that listing only; without one (or ``None``) every listing.
    listing_sessions : mapping
        ``{symbol: frame}`` with the frame's ``date`` and ``relative_day`` columns
        as returned by :func:`event_window_sessions`.

    Returns
    -------
    DataFrame
        Columns ``symbol``, ``event_date``, ``session`` (the first session on or
        after the event date: an event on a weekend or holiday is first traded
        then), ``relative_day``, ``label``. Zero rows means no event falls in
        any window.
    """
    events = []
    for i, item in enumerate(user_events):
        if isinstance(item, str) or not 2 <= len(item) <= 3:
            raise InvalidParameter("user_events", item, "give (date, label) or (date, label, symbol) tuples")
        symbol = item[2] if len(item) == 3 else None
        events.append((parse_date(item[0], f"user_events[{i}]"), str(item[1]), symbol))
    rows = []
    for listing, frame in listing_sessions.items():
        if not {"date", "relative_day"} <= set(frame.columns) or frame.empty:
            raise InvalidParameter(
                "listing_sessions", listing, "pass event_window_sessions(symbol, day0, window) frames"
            )
        dates = pd.DatetimeIndex(frame["date"])
        for when, label, symbol in events:
            if symbol not in (None, listing) or when > dates[-1] or when < dates[0]:
                continue
            pos = int(dates.searchsorted(when))
            rows.append((listing, when, dates[pos], int(frame["relative_day"].iloc[pos]), label))
    return pd.DataFrame(rows, columns=["symbol", "event_date", "session", "relative_day", "label"])


def overlap_warning(overlaps: pd.DataFrame) -> str | None:
    """Plain-language warning for :func:`overlapping_events` output, or None when nothing overlaps."""
    if overlaps.empty:
        return None
    items = [
        f"{r['label']} on {pd.Timestamp(r['event_date']).date()} ({r['symbol']} day {int(r['relative_day']):+d})"
        for _, r in overlaps.iterrows()
    ]
    return "other dated events fall inside the event window: " + "; ".join(items)
