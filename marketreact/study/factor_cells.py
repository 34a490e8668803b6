"""Factor regressors and risk-free rates for many events at once (the vectorised factor path).

:func:`marketreact.study.event_setup.factor_regressors` resolves one listing's factor table and
reindexes it to that listing's sessions; over thousands of events that per-event pandas work
cost hundreds of times the batch fit. Here events that share a venue and a window span resolve
their table once, and each table's rows are matched to every cell's date with one
``searchsorted``. The result equals the per-event one cell for cell
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

__all__ = ["FactorCells", "factor_cells"]


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


def _resolve(
    source: FactorSource, symbol: str, mic: str, start: pd.Timestamp, end: pd.Timestamp
) -> tuple[FactorTable, str | None]:
    """The listing's table and its fallback note, the warning re-issued as the per-event path does."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MarketReactWarning)
        table = source.resolve(symbol, mic, start, end)
    note = None
    for item in caught:
        note = str(item.message)
        warnings.warn(item.message, stacklevel=5)
    return table, note


def factor_cells(
    source: FactorSource,
    symbols: Sequence[str],
    mics: Sequence[str],
    cell_ns: np.ndarray,
    start_ns: np.ndarray,
    end_ns: np.ndarray,
    kind: str,
) -> FactorCells:
    """Every event's factor regressors and RF on its cells (dates ``cell_ns``, (n, T) in ns).

    ``start_ns``/``end_ns`` bound the dates each event's windows need (its estimation start
    and event-window end): they choose the table as :meth:`FactorSource.resolve` does. RF is
    ``log(1 + RF)`` for log returns.
    """
    n, width = cell_ns.shape
    k = source.n_factors
    x = np.full((n, width, k), np.nan)
    rf = np.full((n, width), np.nan)
    names: list[str | None] = [None] * n
    notes: list[str | None] = [None] * n
    errors: dict[int, MarketReactError] = {}
    groups: dict[tuple[str, int, int], list[int]] = {}
    for i, key in enumerate(zip(mics, start_ns.tolist(), end_ns.tolist(), strict=True)):
        groups.setdefault(key, []).append(i)
    tables: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}  # id(table): days, values, RF
    by_table: dict[int, list[int]] = {}
    for (mic, start, end), members in groups.items():
        lo, hi = pd.Timestamp(start), pd.Timestamp(end)
        try:
            # One resolution for the group; a fallback warning names the symbol, so then each
            # member resolves (and warns) on its own, as the per-event path does.
            table, note = _resolve(source, symbols[members[0]], mic, lo, hi)
            resolved = [(i, table, note) for i in members[:1]]
            if note is not None:
                resolved += [(i, *_resolve(source, symbols[i], mic, lo, hi)) for i in members[1:]]
            else:
                resolved += [(i, table, None) for i in members[1:]]
        except MarketReactError:  # same venue and span: every member fails alike, each naming itself
            for i in members:
                try:
                    _resolve(source, symbols[i], mic, lo, hi)
                except MarketReactError as exc:
                    errors[i] = exc
            continue
        for i, table, note in resolved:
            names[i], notes[i] = table.name, note
            by_table.setdefault(id(table), []).append(i)
            if id(table) not in tables:
                frame = table.frame
                days = pd.DatetimeIndex(frame.index).as_unit("ns").asi8
                values = frame[list(table.columns)].to_numpy(dtype=float)
                if "RF" in frame:
                    rates = frame["RF"].to_numpy(dtype=float)
                else:  # raw factors: RF 0 where the table has a row (see FactorTable.place)
                    rates = np.where(np.isnan(values[:, 0]), np.nan, 0.0)
                tables[id(table)] = (days, values, rates)
    for tid, members in by_table.items():
        days, values, rates = tables[tid]
        idx = np.array(members, np.int64)
        at = np.searchsorted(days, cell_ns[idx])
        clipped = np.minimum(at, len(days) - 1)
        found = days[clipped] == cell_ns[idx]
        x[idx] = np.where(found[:, :, None], values[clipped], np.nan)
        rf[idx] = np.where(found, rates[clipped], np.nan)
    if kind == "log":
        rf = np.log1p(rf)
    return FactorCells(x, rf, names, notes, errors)
