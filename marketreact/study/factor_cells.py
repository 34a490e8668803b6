"""Factor regressors and risk-free rates for many events at once (the vectorised factor path).

:func:`marketreact.study.event_setup.factor_regressors` resolves one listing's factor table and
reindexes it to that listing's sessions; over thousands of events that per-event pandas work
cost hundreds of times the batch fit. Here the events of one venue resolve their table once
when the venue's own table covers all their spans (else once per distinct span, so that each
fallback warns and is noted per listing as before), and each table's rows are matched to the
calendar's sessions once; the cells then take their rows by session position. The result equals the per-event one cell for cell
(``tests/test_study_factor_cells.py``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from marketreact.errors import MarketReactError, MarketReactWarning
from marketreact.study.factors import FactorSource, FactorTable

__all__ = ["FactorCells", "factor_cells", "resolve_noted"]


@dataclass
class FactorCells:
    """Per event: factor regressors ``x`` (n, T, k) and ``rf`` (n, T) on its cells (NaN: no row).

    ``names`` and ``notes`` are each event's table name and fallback warning (None when its own
    region's table applied); ``errors`` maps an event to the error its resolution raised
    (e.g. FactorsNotCovered), for the per-event path to raise again.
    """

    x: np.ndarray
    rf: np.ndarray
    names: list[str | None]
    notes: list[str | None]
    errors: dict[int, MarketReactError]


def resolve_noted(
    source: FactorSource, symbol: str, mic: str, start: pd.Timestamp, end: pd.Timestamp, stacklevel: int = 5
) -> tuple[FactorTable, str | None]:
    """The listing's table and its fallback note (the warning's text), the warning re-issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MarketReactWarning)
        table = source.resolve(symbol, mic, start, end)
    note = None
    for item in caught:
        note = str(item.message)
        warnings.warn(item.message, stacklevel=stacklevel)
    return table, note


def factor_cells(
    source: FactorSource,
    symbols: Sequence[str],
    mics: Sequence[str],
    cell_pos: np.ndarray,
    ev_cal: np.ndarray,
    cal_ns: Sequence[np.ndarray],
    start_ns: np.ndarray,
    end_ns: np.ndarray,
    kind: str,
) -> FactorCells:
    """Every event's factor regressors and RF on its cells.

    Event ``i``'s cells are the sessions ``cal_ns[ev_cal[i]][cell_pos[i]]`` of its listing's
    calendar. ``start_ns``/``end_ns`` bound the dates each event's windows need (its estimation
    start and event-window end): they choose the table as :meth:`FactorSource.resolve` does.
    RF is ``log(1 + RF)`` for log returns.
    """
    n, width = cell_pos.shape
    names: list[str | None] = [None] * n
    notes: list[str | None] = [None] * n
    errors: dict[int, MarketReactError] = {}
    tables: dict[int, FactorTable] = {}
    by_table: dict[tuple[int, int], list[int]] = {}  # (id(table), calendar): events
    cal_of = ev_cal.tolist()
    starts, ends = start_ns.tolist(), end_ns.tolist()
    by_venue: dict[str, list[int]] = {}
    for i, mic in enumerate(mics):
        by_venue.setdefault(mic, []).append(i)
    groups: dict[tuple[str, int, int], list[int]] = {}
    for mic, members in by_venue.items():
        # A table of the venue's own region covering every event's span covers each one: one
        # resolution then serves them all (events on thousands of news days, one look-up).
        lo, hi = pd.Timestamp(min(starts[i] for i in members)), pd.Timestamp(max(ends[i] for i in members))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", MarketReactWarning)  # a fallback: decide per span
                table = source.resolve(symbols[members[0]], mic, lo, hi)
        except (MarketReactError, MarketReactWarning):
            for i in members:
                groups.setdefault((mic, starts[i], ends[i]), []).append(i)
            continue
        tables[id(table)] = table
        for i in members:
            names[i] = table.name
            by_table.setdefault((id(table), cal_of[i]), []).append(i)
    for (mic, start, end), members in groups.items():
        lo, hi = pd.Timestamp(start), pd.Timestamp(end)
        try:
            # One resolution for the group; a fallback warning names the symbol, so then each
            # member resolves (and warns) on its own, as the per-event path does.
            table, note = resolve_noted(source, symbols[members[0]], mic, lo, hi)
            resolved = [(members[0], table, note)]
            if note is not None:
                resolved += [(i, *resolve_noted(source, symbols[i], mic, lo, hi)) for i in members[1:]]
        except MarketReactError:  # same venue and span: every member fails alike, each naming itself
            for i in members:
                try:
                    resolve_noted(source, symbols[i], mic, lo, hi)
                except MarketReactError as exc:
                    errors[i] = exc
            continue
        if note is None:  # the whole group shares the table
            resolved = [(i, table, None) for i in members]
        for i, table, note in resolved:
            names[i], notes[i] = table.name, note
            tables[id(table)] = table
            by_table.setdefault((id(table), cal_of[i]), []).append(i)
    k = source.n_factors
    whole = len(by_table) == 1 and not errors  # one table, one calendar: no per-event copies
    x = None if whole else np.full((n, width, k), np.nan)
    rf = None if whole else np.full((n, width), np.nan)
    for (tid, c), members in by_table.items():
        table = tables[tid]
        frame = table.frame
        days = pd.DatetimeIndex(frame.index).as_unit("ns").asi8
        # Each calendar session's table row (the extra last row, all NaN: no row that day).
        values = np.vstack([frame[list(table.columns)].to_numpy(dtype=float), np.full(k, np.nan)])
        if "RF" in frame:
            rates = np.r_[frame["RF"].to_numpy(dtype=float), np.nan]
        else:  # raw factors: RF 0 where the table has a row (see FactorTable.place)
            rates = np.where(np.isnan(values[:, 0]), np.nan, 0.0)
        sessions = cal_ns[c]
        at = np.minimum(np.searchsorted(days, sessions), len(days) - 1)
        row_of = np.where(days[at] == sessions, at, len(days))
        if whole:
            rows = row_of[cell_pos]
            x, rf = values[rows], rates[rows]
            break
        idx = np.array(members, np.int64)
        rows = row_of[cell_pos[idx]]
        x[idx], rf[idx] = values[rows], rates[rows]  # type: ignore[index]
    if x is None or rf is None:  # no event resolved a table
        x, rf = np.full((n, width, k), np.nan), np.full((n, width), np.nan)
    if kind == "log":
        rf = np.log1p(rf)
    return FactorCells(x, rf, names, notes, errors)
