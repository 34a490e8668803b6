"""Vectorised data assembly for :meth:`EventStudy.fit`: every event's cells in a few array passes.

:meth:`EventStudy._prepare <marketreact.study.engine.EventStudy._prepare>` builds one event's
arrays with pandas look-ups; over thousands of events that loop cost far more than the batch
core (a per-listing ``.xs``, a session axis and benchmark regressors rebuilt for every event).
Here the returns frame is split into per-symbol blocks once, every symbol is placed on its
calendar's sessions once (one ``searchsorted`` per calendar), and the estimation and event
cells of all events are gathered with fancy indexing. The result is cell-for-cell what
``_prepare`` gives (``tests/test_study_gather.py`` checks it); an event that fails (unknown
symbol, day 0 off the axis, a failed load) is handed back so that ``_prepare`` raises its
usual error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from marketreact.errors import InsufficientEstimationData, MarketReactError
from marketreact.reference.calendars import SessionCalendar
from marketreact.reference.refdata import ReferenceData
from marketreact.study.assemble import OWN_BARS, blocks_sorted, span_note
from marketreact.study.factor_cells import factor_cells
from marketreact.study.factors import FactorSource
from marketreact.study.models import n_regressors
from marketreact.study.result import ListingInfo
from marketreact.study.windows import Windows

__all__ = ["Gathered", "SymbolBlocks", "Unsupported", "gather", "zero_volume_counter"]

_NS_PER_DAY = 86_400 * 10**9


class Unsupported(Exception):
    """Input the vectorised path does not handle (tz-aware dates): use the per-event path."""


@dataclass
class Gathered:
    """Stacked arrays of the events that were assembled, plus the row numbers left to ``_prepare``.

    ``done`` are the event row numbers (into ``rows``) assembled here, in order, aligned with
    the first axis of every array; ``rest`` the row numbers that need the per-event path
    (their error, or an InsufficientEstimationData in ``errors``).
    """

    done: list[int]
    infos: list[ListingInfo]
    y_est: np.ndarray
    x_est: np.ndarray
    y_ev: np.ndarray
    x_ev: np.ndarray
    dates: np.ndarray
    notes: list[dict[int, str]]
    calendars: list[tuple[str, str | None]]
    rest: list[int]
    errors: dict[int, MarketReactError]
    blocks: SymbolBlocks | None = None
    rf_ev: np.ndarray | None = None  # factor models: the risk-free rate on the event cells


class SymbolBlocks:
    """A returns frame split once into per-symbol blocks, dates in ns, sorted within each block.

    Parameters
    ----------
    returns : DataFrame
        Index (symbol, date) with a ``return`` column; optional ``gap``,
        ``sessions_spanned`` and ``basis``.
    """

    def __init__(self, returns: pd.DataFrame) -> None:
        index = returns.index
        assert isinstance(index, pd.MultiIndex)
        codes = np.asarray(index.codes[0], dtype=np.int64)
        dates = pd.DatetimeIndex(index.get_level_values(1))
        if dates.tz is not None:
            raise Unsupported("tz-aware dates")  # the caller falls back to the per-event path
        ns = dates.as_unit("ns").asi8
        order = np.lexsort((ns, codes)) if not blocks_sorted(codes, ns) else None
        take = (lambda a: a[order]) if order is not None else (lambda a: a)
        self.codes = take(codes)
        self.ns = take(ns)
        self.ret = take(returns["return"].to_numpy(dtype=float))
        self.gap = take(returns["gap"].to_numpy(dtype=bool)) if "gap" in returns else None
        self.spanned = (
            take(returns["sessions_spanned"].to_numpy(dtype=float)) if "sessions_spanned" in returns else None
        )
        if "basis" in returns:
            basis_codes, self.basis_names = pd.factorize(returns["basis"].astype(str))
            self.basis: np.ndarray | None = take(np.asarray(basis_codes))
        else:
            self.basis = None
        starts = np.flatnonzero(np.r_[True, self.codes[1:] != self.codes[:-1]])
        ends = np.r_[starts[1:], len(self.codes)]
        levels = index.levels[0].tolist()  # a list: indexing a pandas Index costs microseconds per symbol
        self.bounds: dict[str, tuple[int, int]] = {
            str(levels[c]): (a, b)
            for c, a, b in zip(self.codes[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)
        }

    def dates(self, symbol: str) -> pd.DatetimeIndex:
        a, b = self.bounds[symbol]
        return pd.DatetimeIndex(self.ns[a:b].view("datetime64[ns]"))

    def basis_of(self, symbol: str, rows: np.ndarray | None = None) -> str | None:
        """``_basis``: the distinct basis values of the symbol's rows (``rows``: a mask over its block)."""
        if self.basis is None:
            return None
        a, b = self.bounds[symbol]
        codes = self.basis[a:b] if rows is None else self.basis[a:b][rows]
        return "/".join(sorted({str(self.basis_names[c]) for c in np.unique(codes)}))


@dataclass
class _Placed:
    """Every needed symbol on its own calendar's sessions, first row .. last row, concatenated.

    Per symbol (arrays in ``index`` order): its calendar number, first and last axis positions
    in that calendar (``a1 < a0``: an empty axis), where its axis starts in the concatenated
    arrays, and how many of its rows fall on no session.
    """

    index: dict[str, int]
    cal_ns: list[np.ndarray]  # per calendar: sessions in ns
    cal_of: np.ndarray
    a0: np.ndarray
    a1: np.ndarray
    offset: np.ndarray
    n_off: np.ndarray
    on: np.ndarray  # per row of the needed symbols (block order): on a session
    row_start: np.ndarray  # per symbol: its first row in ``on``
    y: np.ndarray
    has: np.ndarray
    gap: np.ndarray
    span: np.ndarray  # sessions spanned (NaN: unknown / gap); 1 without the columns

    def on_rows(self, symbol: str) -> np.ndarray:
        i = self.index[symbol]
        return self.on[self.row_start[i] : self.row_start[i + 1]]


def _place(blocks: SymbolBlocks, symbols: Sequence[str], cals: Mapping[str, SessionCalendar]) -> _Placed:
    """One ``searchsorted`` per calendar places every row of every symbol."""
    cal_ids: dict[int, int] = {}
    cal_ns: list[np.ndarray] = []
    cal_of = np.empty(len(symbols), np.int64)
    for i, sym in enumerate(symbols):
        cal = cals[sym]
        if id(cal) not in cal_ids:
            cal_ids[id(cal)] = len(cal_ns)
            cal_ns.append(pd.DatetimeIndex(cal.sessions).as_unit("ns").asi8)
        cal_of[i] = cal_ids[id(cal)]
    bounds = np.array([blocks.bounds[s] for s in symbols], np.int64).reshape(-1, 2)
    lengths = bounds[:, 1] - bounds[:, 0]
    row_start = np.r_[0, np.cumsum(lengths)]
    sym_of_row = np.repeat(np.arange(len(symbols)), lengths)
    # The needed symbols in block order and covering every row (the common case): no gather.
    whole = (
        len(symbols) > 0 and bool((bounds[:, 0] == row_start[:-1]).all()) and row_start[-1] == len(blocks.ns)
    )
    rows: Any = (
        slice(None) if whole else np.arange(int(row_start[-1])) + (bounds[:, 0] - row_start[:-1])[sym_of_row]
    )
    ns = blocks.ns[rows]
    pos, on = np.empty(len(ns), np.int64), np.zeros(len(ns), bool)
    a0 = np.empty(len(symbols), np.int64)
    a1 = np.empty(len(symbols), np.int64)
    first_ns, last_ns = blocks.ns[bounds[:, 0]], blocks.ns[bounds[:, 1] - 1]
    for c, days in enumerate(cal_ns):
        if len(cal_ns) == 1:  # one calendar: no masks, no copies
            pos = np.searchsorted(days, ns)
            on = days[np.minimum(pos, len(days) - 1)] == ns
        else:
            mine = cal_of[sym_of_row] == c
            at = np.searchsorted(days, ns[mine])
            pos[mine] = at
            on[mine] = days[np.minimum(at, len(days) - 1)] == ns[mine]
        sel = cal_of == c
        lo, hi = np.maximum(first_ns[sel], days[0]), np.minimum(last_ns[sel], days[-1])
        a0[sel] = np.searchsorted(days, lo, "left")
        a1[sel] = np.where(lo <= hi, np.searchsorted(days, hi, "right") - 1, a0[sel] - 1)
    n_ses = np.maximum(a1 - a0 + 1, 0)
    offset = np.r_[0, np.cumsum(n_ses)[:-1]] if len(symbols) else np.empty(0, np.int64)
    total = int(n_ses.sum())
    filled = whole and total == len(ns) and bool(on.all())
    if filled:
        # Every row on a session and as many rows as sessions: each symbol's rows fill its axis in
        # order, so the axis arrays are the blocks' own (read only below; no scatter).
        y, has = blocks.ret, np.ones(total, bool)
        gap = blocks.gap if blocks.gap is not None else np.zeros(total, bool)
        spanned = blocks.spanned
    else:
        where = (offset[sym_of_row] + pos - a0[sym_of_row])[on]
        src = np.flatnonzero(on) if whole else rows[on]
        y = np.full(total, np.nan)
        y[where] = blocks.ret[src]
        has = np.zeros(total, bool)
        has[where] = True
        gap = np.zeros(total, bool)
        if blocks.gap is not None:
            gap[where] = blocks.gap[src]
        spanned = None
        if blocks.spanned is not None:
            spanned = np.full(total, np.nan)
            spanned[where] = blocks.spanned[src]
    if spanned is not None:
        span = spanned
    elif blocks.gap is not None:
        span = np.where(gap, np.nan, 1.0)
    else:
        span = np.ones(total)
    n_off = np.bincount(sym_of_row[~on], minlength=len(symbols))
    index = {s: i for i, s in enumerate(symbols)}
    return _Placed(index, cal_ns, cal_of, a0, a1, offset, n_off, on, row_start, y, has, gap, span)


def gather(
    rows: Sequence[dict[str, Any]],
    labels: Sequence[str],
    returns: pd.DataFrame,
    model: str,
    windows: Windows,
    min_estimation: int,
    thin_threshold: float,
    failed: Mapping[str, MarketReactError],
    ref: ReferenceData,
    mics: Mapping[str, str],
    zero_volume: Any = None,
    *,
    factors: FactorSource | None = None,
    kind: str = "simple",
    axis: Windows | None = None,
) -> Gathered:
    """Assemble every event that the vectorised path can; see the module docstring.

    ``zero_volume(symbol, dates_ns)`` gives the ``zero_volume_days`` quality entry (None without prices).
    ``factors``: a factor model's source (regressors from its tables, excess returns); ``axis``: the
    union of the events' own estimation windows (a row's ``estimation_window``; default the study's).
    """
    m = n_regressors(model)
    axis = axis or windows
    blocks = SymbolBlocks(returns)
    cals: dict[str, SessionCalendar] = {}
    cal_names: dict[str, str] = {}
    ok: list[int] = []
    rest: list[int] = []
    for i, row in enumerate(rows):
        names = [row["symbol"]] + ([row["benchmark"]] if m else [])
        if any(n is None or n in failed or n not in blocks.bounds for n in names):
            rest.append(i)
            continue
        try:
            for n in names:
                if n not in cals:
                    mic = ref.mic_for(n, mics)
                    cal = ref.calendar_for(n, blocks.dates(n) if mic is None else None, mics)
                    assert cal is not None
                    cals[n] = cal
                    cal_names[n] = ref.exchange(mic).calendar if mic is not None else OWN_BARS
        except MarketReactError:
            rest.append(i)
            continue
        ok.append(i)
    placed = _place(blocks, sorted(cals, key=lambda n: blocks.bounds[n][0]), cals)
    # Day 0 on each listing's axis; an event whose day 0 is not there goes to the per-event path.
    sym = [rows[i]["symbol"] for i in ok]
    si = np.array([placed.index[s] for s in sym], np.int64)
    day0 = np.array([rows[i]["day0"].value for i in ok], dtype=np.int64)
    pos = np.full(len(ok), -1, np.int64)
    ev_cal = placed.cal_of[si]
    for c, sessions in enumerate(placed.cal_ns):
        mine = ev_cal == c
        at = np.searchsorted(sessions, day0[mine])
        good = (at >= placed.a0[si[mine]]) & (at <= placed.a1[si[mine]])
        good &= sessions[np.minimum(at, len(sessions) - 1)] == day0[mine]
        pos[mine] = np.where(good, at, -1)
    keep = pos >= 0
    rest += [i for i, good in zip(ok, keep.tolist(), strict=True) if not good]
    ok = [i for i, good in zip(ok, keep.tolist(), strict=True) if good]
    sym = [s for s, good in zip(sym, keep.tolist(), strict=True) if good]
    pos, si, ev_cal = pos[keep], si[keep], ev_cal[keep]
    n = len(ok)
    # Estimation cells, then event-span cells (days between the two windows are not needed).
    rel = np.r_[
        np.arange(axis.estimation[0], axis.estimation[1] + 1),
        np.arange(windows.span[0], windows.span[1] + 1),
    ]
    n_est = axis.estimation_length
    own = np.array([rows[i].get("estimation_window") or windows.estimation for i in ok], np.int64)
    own = own.reshape(-1, 2)
    a0 = placed.a0[si][:, None]
    a1 = placed.a1[si][:, None]
    off = placed.offset[si][:, None]
    gp = pos[:, None] + rel[None, :]
    inside = (gp >= a0) & (gp <= a1)
    # Estimation cells outside an event's own window are treated as outside the data.
    inside[:, :n_est] &= (rel[:n_est] >= own[:, :1]) & (rel[:n_est] <= own[:, 1:])
    clipped = np.clip(gp, a0, a1)
    cell = off + clipped - a0
    y = y_raw = placed.y[cell]
    has = placed.has[cell]
    gap = placed.gap[cell]
    own_span = placed.span[cell]
    if len(placed.cal_ns) == 1:  # one calendar (the common case): no masks, no copies
        cell_ns = placed.cal_ns[0][clipped]
    else:
        cell_ns = np.empty((n, len(rel)), np.int64)
        for c, sessions_ns in enumerate(placed.cal_ns):
            sel = ev_cal == c
            if sel.any():
                cell_ns[sel] = sessions_ns[clipped[sel]]
    if m:
        x, bench_missing, bench_span = _bench_cells(
            [rows[i]["benchmark"] for i in ok], clipped, ev_cal, placed, m
        )
    else:
        x = np.empty((n, len(rel), 0))
        bench_missing = np.zeros((n, len(rel)), bool)
        bench_span = np.ones((n, len(rel)))
    est, ev = slice(0, n_est), slice(n_est, None)
    fc = None
    if factors is not None:
        # Each event's table is chosen by the dates its own estimation start .. event end need.
        # (cells hold their session clipped to the listing's axis, as _prepare clips its positions)
        start_ns = cell_ns[np.arange(n), own[:, 0] - axis.estimation[0]]
        venues = [ref.mic_for(s, mics) or "" for s in sym]
        fc = factor_cells(
            factors, sym, venues, clipped, ev_cal, placed.cal_ns, start_ns, cell_ns[:, -1], kind
        )
        x = fc.x
        y = y - fc.rf  # excess returns; NaN where the factor table has no row
    x_fin = np.isfinite(x).all(axis=2)
    e_, v_ = (slice(None), est), (slice(None), ev)
    ok_cell = inside & has & ~bench_missing & np.isfinite(y) & x_fin
    usable = ok_cell[e_] & ~gap[e_] & (bench_span[e_] == 1)
    n_used = usable.sum(axis=1)
    errors: dict[int, MarketReactError] = {}
    short = n_used < min_estimation
    for j in np.flatnonzero(short).tolist():
        errors[ok[j]] = InsufficientEstimationData(sym[j], int(n_used[j]), min_estimation)
    if fc is not None:
        for j, exc in fc.errors.items():  # _prepare raises the factor error before counting
            errors[ok[j]] = exc
            short[j] = True
    # Event cells: the first failing condition, in _prepare's order, decides the note.
    g_v, bs_v = gap[v_], bench_span[v_]
    span_differs = (g_v | (bs_v != 1)) & (own_span[v_] != bs_v)
    no_factor = ~x_fin[v_] if fc is not None else np.zeros_like(g_v)
    conditions = [
        ~inside[v_],
        ~has[v_],
        no_factor,
        bench_missing[v_],
        ~x_fin[v_],
        span_differs,
        ~np.isfinite(y[v_]),
    ]
    why = np.select(conditions, [1, 2, 7, 3, 4, 5, 6], 0)
    ev_ok = (why == 0) | (why == 6)
    y_ev = np.where(ev_ok, y[v_], np.nan)
    x_ev = np.where(ev_ok[:, :, None], x[:, ev], np.nan)
    y_est = np.where(usable, y[e_], np.nan)
    x_est = np.where(usable[:, :, None], x[:, est], np.nan)
    days = cell_ns[:, est] // _NS_PER_DAY
    est_dates = np.where(inside[:, est], days, -1)
    with_row = (inside & has)[:, est]
    # Thin trading shows in the listing's own returns (a zero excess return is no untraded day).
    finite = np.isfinite(y_raw[:, est]) & with_row
    n_finite = finite.sum(axis=1)
    zeros = ((y_raw[:, est] == 0) & finite).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        zero_share = np.where(n_finite > 0, zeros / np.maximum(n_finite, 1), np.nan)
    q_rows = with_row.sum(axis=1).tolist()
    q_gap = (gap[:, est] & with_row).sum(axis=1).tolist()
    q_missing = (inside[:, est] & ~has[:, est]).sum(axis=1).tolist()
    q_bmiss = (bench_missing[:, est] & inside[:, est]).sum(axis=1).tolist()
    q_bgap = ((bench_span[:, est] != 1) & inside[:, est]).sum(axis=1).tolist()
    n_notes = (why > 0).sum(axis=1).tolist()
    n_off = placed.n_off[si].tolist()
    shares = zero_share.tolist()
    used = n_used.tolist()
    short_l = short.tolist()
    own_l = [tuple(w) for w in own.tolist()]
    basis_cache: dict[str, str | None] = {}
    bench_basis: dict[str | None, str | None] = {}
    out = Gathered([], [], *(np.empty(0),) * 5, [], [], rest, errors, blocks)
    keep_rows = []
    for k, i in enumerate(ok):
        if short_l[k]:
            continue
        row, s = rows[i], sym[k]
        bench = row["benchmark"] if m else None
        if s not in basis_cache:
            basis_cache[s] = blocks.basis_of(s, placed.on_rows(s))
        if bench not in bench_basis:
            bench_basis[bench] = blocks.basis_of(bench) if bench is not None else None
        notes = (
            _notes(
                why[k],
                cell_ns[k, ev],
                gp[k, ev] > a1[k, 0],
                s,
                bench,
                blocks,
                cal_names[s],
                windows,
                fc.names[k] if fc is not None else None,
            )
            if n_notes[k]
            else {}
        )
        zshare = shares[k]
        zero_days = zero_volume(s, cell_ns[k, est][with_row[k]]) if zero_volume else None
        quality = {
            "n_estimation": used[k],
            "estimation_rows": q_rows[k],
            "estimation_window_sessions": own_l[k][1] - own_l[k][0] + 1,
            "calendar": cal_names[s],
            "listing_gap_rows_excluded": q_gap[k],
            "listing_missing_sessions": q_missing[k],
            "rows_off_calendar": n_off[k],
            "benchmark_missing_sessions": q_bmiss[k],
            "benchmark_gap_rows_excluded": q_bgap[k],
            "zero_return_share": zshare,
            "thin_trading": bool(zshare > thin_threshold),
            "zero_volume_days": zero_days,
            "event_cells_missing": n_notes[k],
            "basis": basis_cache[s],
            "benchmark": bench,
            "benchmark_basis": bench_basis[bench],
        }
        if fc is not None:
            quality["factors"] = fc.names[k]
            quality["factor_note"] = fc.notes[k]
        if own_l[k] != windows.estimation:
            quality["estimation_window"] = f"{own_l[k][0]},{own_l[k][1]}"
        out.done.append(i)
        out.infos.append(ListingInfo(labels[i], s, row["day0"], bench, quality, row.get("id")))
        out.notes.append(notes)
        out.calendars.append((cal_names[s], cal_names[bench] if bench is not None else None))
        keep_rows.append(k)
    sel = np.array(keep_rows, np.int64)
    out.y_est, out.x_est, out.y_ev, out.x_ev = y_est[sel], x_est[sel], y_ev[sel], x_ev[sel]
    out.dates = est_dates[sel]
    if fc is not None:
        out.rf_ev = np.where(ev_ok, fc.rf[v_], np.nan)[sel]
    return out


def _bench_cells(
    benches: Sequence[str], clipped: np.ndarray, ev_cal: np.ndarray, placed: _Placed, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Benchmark regressors, missing mask and sessions spanned, matched by date (``_regressors``).

    ``clipped`` holds each cell's session position in its listing's calendar (``ev_cal``); one
    map per (listing calendar, benchmark) turns it into the benchmark calendar's position of the
    same date (-1: not a benchmark session). Dimson lags and leads are the neighbouring sessions
    on the benchmark's own axis.
    """
    n, width = clipped.shape
    x = np.full((n, width, m), np.nan)
    missing = np.ones((n, width), bool)
    spans = np.ones((n, width))
    groups: dict[tuple[str, int], list[int]] = {}
    for k, (b, c) in enumerate(zip(benches, ev_cal.tolist(), strict=True)):
        groups.setdefault((b, c), []).append(k)
    for (b, c), members in groups.items():
        # One group holding every event (one benchmark, one calendar) is the common case: a slice, no copies.
        idx: Any = slice(None) if len(members) == n else np.array(members, np.int64)
        j = placed.index[b]
        b0, b1, boff = int(placed.a0[j]), int(placed.a1[j]), int(placed.offset[j])
        n_ax = b1 - b0 + 1
        if n_ax <= 0:
            continue  # an empty axis: every cell missing, no regressor
        listing_days, bench_days = placed.cal_ns[c], placed.cal_ns[int(placed.cal_of[j])]
        if listing_days is bench_days:
            to_bench = np.arange(len(listing_days))
        else:
            to_bench = np.searchsorted(bench_days, listing_days)
            same = bench_days[np.minimum(to_bench, len(bench_days) - 1)] == listing_days
            to_bench = np.where(same, to_bench, -1)
        q = to_bench[clipped[idx]]
        on_axis = (q >= b0) & (q <= b1)
        k_ax = np.clip(q, b0, b1) - b0
        at = boff + k_ax
        ret = np.where(on_axis, placed.y[at], np.nan)
        has = on_axis & placed.has[at]
        if m == 1:
            x[idx, :, 0] = ret
        else:
            lag = np.where(on_axis & (k_ax >= 1), placed.y[np.maximum(at - 1, boff)], np.nan)
            last = boff + n_ax - 1
            lead = np.where(on_axis & (k_ax + 1 <= n_ax - 1), placed.y[np.minimum(at + 1, last)], np.nan)
            x[idx] = np.stack([lag, ret, lead], axis=2)
        missing[idx] = ~has
        spans[idx] = np.where(has, placed.span[at], 1.0)
    return x, missing, spans


def _notes(
    why: np.ndarray,
    cell_ns: np.ndarray,
    past_end: np.ndarray,
    symbol: str,
    bench: str | None,
    blocks: SymbolBlocks,
    calendar: str,
    windows: Windows,
    factor_name: str | None = None,
) -> dict[int, str]:
    """``_prepare``'s per-cell notes, for the few event cells that need one."""
    notes: dict[int, str] = {}
    for j in np.flatnonzero(why):
        rel = windows.span[0] + int(j)
        day = pd.Timestamp(int(cell_ns[j])).date()
        code = int(why[j])
        if code == 1:
            dates = blocks.dates(symbol)
            edge = f"data end at {dates[-1].date()}" if past_end[j] else f"data start at {dates[0].date()}"
            notes[rel] = f"EventOutsideData: no session in the data ({edge})"
        elif code == 2:
            what = "day 0" if rel == 0 else f"day {rel:+d}"
            notes[rel] = f"{symbol} has no row on {what} ({day}, a {calendar} session): missing, not filled"
        elif code == 3:
            notes[rel] = f"benchmark {bench} has no return on {day}"
        elif code == 4:
            notes[rel] = f"benchmark {bench} has no return on a session next to {day} (lead/lag)"
        elif code == 7:
            notes[rel] = f"the {factor_name} factors have no row on {day}"
        elif code == 5:
            notes[rel] = span_note(symbol, bench, day)
        else:
            notes[rel] = f"{symbol} has no return on {day}"
    return notes


def zero_volume_counter(prices: pd.DataFrame | None) -> Any:
    """``f(symbol, dates_ns)``: how many of ``dates_ns`` are zero-volume rows of ``symbol`` in ``prices``.

    None without prices or a ``volume`` column; ``f`` gives None for a symbol ``prices`` lacks
    (the ``zero_volume_days`` quality entry is then unknown, not zero).
    """
    if prices is None or "volume" not in prices:
        return None
    symbols = prices.index.get_level_values(0)
    present = set(symbols.unique())
    zero = (prices["volume"] == 0).to_numpy()
    dates = pd.DatetimeIndex(prices.index.get_level_values(1)[zero]).as_unit("ns").asi8
    by_symbol: dict[str, np.ndarray] = {}
    for name, d in pd.Series(dates).groupby(symbols[zero].to_numpy(), sort=False):
        by_symbol[str(name)] = d.to_numpy()

    def count(symbol: str, cell_dates: np.ndarray) -> int | None:
        if symbol not in present:
            return None
        zeros = by_symbol.get(symbol)
        return int(np.isin(cell_dates, zeros).sum()) if zeros is not None else 0

    return count
