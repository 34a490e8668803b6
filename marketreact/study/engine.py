"""``EventStudy``: assemble each listing's windows on its exchange's sessions, then run the batch core.

Data assembly (:mod:`marketreact.study.assemble`) is a loop over listings that only slices arrays;
all estimation and testing happens once, for all listings, in
:func:`marketreact.study.core.run_batch`.

Offsets count the sessions of the listing's exchange calendar between its
first and last row: a session without a row is a NaN cell (reported as a
missing session, never filled), so a data gap never shifts the offsets.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from marketreact.data.sources import SourceSpec, resolve_source
from marketreact.errors import (
    InsufficientEstimationData,
    InvalidParameter,
    MarketReactError,
    UnknownSymbol,
)
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.study.assemble import (
    OWN_BARS,
    _basis,
    _check_returns,
    _is_real,
    _labels,
    _load,
    _master_benchmark,
    _other_events,
    _parse_events,
    _raise_day0,
    _regressors,
    _series,
    _session_axis,
    _zero_volume,
    shared_events_note,
    span_note,
)
from marketreact.study.conventions import CONVENTIONS
from marketreact.study.core import run_batch
from marketreact.study.event_setup import event_estimation_windows, factor_regressors, union_windows
from marketreact.study.factors import FactorSource
from marketreact.study.flags import flag_confounders
from marketreact.study.gather import Gathered, Unsupported, gather, zero_volume_counter
from marketreact.study.models import FACTOR_MODELS, MODELS, n_parameters, n_regressors
from marketreact.study.result import EventStudyResult, ListingInfo
from marketreact.study.windows import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS, Windows

__all__ = ["EventStudy"]


@dataclass
class _Prepared:
    info: ListingInfo
    y_est: np.ndarray
    x_est: np.ndarray
    y_ev: np.ndarray
    x_ev: np.ndarray
    dates: np.ndarray
    notes: dict[int, str] = field(default_factory=dict)
    calendars: tuple[str, str | None] = ("", None)
    rf_ev: np.ndarray | None = None  # factor models: risk-free return over the event span


class EventStudy:
    """Event study of daily returns around each listing's own day 0.

    Parameters
    ----------
    model : {"market", "constant_mean", "market_adjusted", "dimson", "scholes_williams", \
"capm", "ff3", "ff5", "carhart", "factors"}
        Normal-return model (see :mod:`marketreact.study.models`). The factor
        models regress excess returns on factor returns (``factors``).
    estimation_window : (int, int)
        Inclusive offsets in the listing's exchange sessions, default (-250, -11);
        must end before day 0 and before every event window. An events table
        may override it per event with an ``estimation_window`` column.
    event_windows : (int, int) or iterable of (int, int)
        Default (0,0), (-1,1), (0,1), (0,5), (-5,5), (-10,10). One window may be
        given alone, as ``(-1, 1)`` or ``"-1,1"``.
    min_estimation : int
        Fewest usable estimation returns; fewer raises (one listing) or skips
        the listing (several) with :class:`InsufficientEstimationData`. Must
        exceed the model's parameter count (coefficients plus the variance).
        A per-event estimation window shorter than this skips that event.
    benchmark : str, optional
        Benchmark for every listing, overriding the security master (a per-event
        ``benchmark`` overrides this in turn).
    kind : {"simple", "log"}
    thin_threshold : float
        Share of zero estimation returns above which thin trading is warned.
    shock_threshold : float or None
        Flag event-window sessions where a listing's benchmark moved more than
        this many estimation-window standard deviations (a market-wide shock
        the abnormal return must be read against); None turns the check off.
    other_events : iterable of (date, label) or (date, label, symbol), optional
        Other dated events (earnings, rebalances, other news) to flag when they
        fall inside a listing's event window.
    factors : DataFrame, str or None
        Factor models only. None: the bundled Fama/French tables of each
        listing's region (:mod:`marketreact.study.factors`). A DataFrame of
        DECIMAL factor returns indexed by date (with ``RF`` for excess returns),
        or the path of a French Data Library daily CSV.
    factor_columns : sequence of str, optional
        The regressors of ``model="factors"`` (default: every column but RF).
    conventions : {"clm", "simple", "estudy2"}
        Variance conventions (:mod:`marketreact.study.conventions`): "clm"
        (SSR/(n-k), estimation-error term), "simple" (SSR/n, L sigma^2) or
        "estudy2" (SSR/(n-1), L sigma^2, and the R package estudy2's forms of
        several group tests, docs/conventions.md).

    Raises
    ------
    InvalidParameter
        Naming the first argument that is malformed or out of its domain.

    Examples
    --------
    >>> res = EventStudy().fit([{"symbol": "AAPL", "day0": "2025-04-09"}])  # doctest: +SKIP
    >>> res.car  # doctest: +SKIP
    """

    def __init__(
        self,
        model: str = "market",
        estimation_window: Any = DEFAULT_ESTIMATION_WINDOW,
        event_windows: Any = DEFAULT_EVENT_WINDOWS,
        min_estimation: int = 120,
        benchmark: str | None = None,
        kind: str = "simple",
        thin_threshold: float = 0.2,
        shock_threshold: float | None = 3.0,
        other_events: Iterable[Any] | None = (),
        factors: Any = None,
        factor_columns: Iterable[str] | None = None,
        conventions: str = "clm",
    ) -> None:
        if not isinstance(model, str) or model not in MODELS:
            raise InvalidParameter("model", model, f"use one of {', '.join(MODELS)}")
        if not isinstance(conventions, str) or conventions not in CONVENTIONS:
            raise InvalidParameter("conventions", conventions, f"use one of {', '.join(CONVENTIONS)}")
        if model not in FACTOR_MODELS and (factors is not None or factor_columns is not None):
            raise InvalidParameter(
                "factors", type(factors).__name__, f"factors apply to {', '.join(FACTOR_MODELS)} only"
            )
        self.factor_source: FactorSource | None = (
            FactorSource(model, factors, list(factor_columns) if factor_columns is not None else None)
            if model in FACTOR_MODELS
            else None
        )
        self.conventions: str = conventions
        n_factors = self.factor_source.n_factors if self.factor_source is not None else None
        if not isinstance(kind, str) or kind not in ("simple", "log"):
            raise InvalidParameter("kind", kind, "use 'simple' or 'log'")
        if not isinstance(min_estimation, numbers.Integral) or isinstance(min_estimation, bool):
            raise InvalidParameter("min_estimation", min_estimation, "give a whole number, e.g. 120")
        needed = max(3, n_parameters(model, n_factors) + 1)
        if min_estimation < needed:
            n_par = n_parameters(model, n_factors)
            raise InvalidParameter(
                "min_estimation",
                min_estimation,
                f"model={model!r} estimates {n_par} parameter(s) ({n_par - 1} coefficient(s) and a variance), "
                f"so it is not estimable with {min_estimation} observations; give at least {needed}, e.g. 120",
            )
        if benchmark is not None and (not isinstance(benchmark, str) or not benchmark.strip()):
            raise InvalidParameter("benchmark", benchmark, "give a symbol such as 'SPY', or None")
        if not _is_real(thin_threshold) or not 0.0 <= float(thin_threshold) <= 1.0:
            raise InvalidParameter("thin_threshold", thin_threshold, "give a share between 0 and 1, e.g. 0.2")
        if shock_threshold is not None and (not _is_real(shock_threshold) or float(shock_threshold) <= 0):
            raise InvalidParameter(
                "shock_threshold", shock_threshold, "give a positive number, e.g. 3, or None"
            )
        self.model: str = model
        self.windows: Windows = Windows.parse(estimation_window, event_windows)
        self.min_estimation: int = int(min_estimation)
        self.benchmark: str | None = benchmark.strip() if benchmark is not None else None
        self.kind: str = kind
        self.thin_threshold: float = float(thin_threshold)
        self.shock_threshold: float | None = float(shock_threshold) if shock_threshold is not None else None
        self.other_events: list[Any] = _other_events(other_events)

    def __repr__(self) -> str:
        w = self.windows
        return (
            f"EventStudy(model={self.model!r}, estimation_window={w.estimation}, "
            f"event_windows={list(w.events)}, min_estimation={self.min_estimation}, "
            f"benchmark={self.benchmark!r}, kind={self.kind!r}"
            + (f", conventions={self.conventions!r})" if self.conventions != "clm" else ")")
        )

    def fit(
        self,
        events: Any,
        returns: pd.DataFrame | None = None,
        prices: pd.DataFrame | None = None,
        source: SourceSpec = "snapshot",
        *,
        reference: ReferenceData | None = None,
        mics: Mapping[str, str] | None = None,
    ) -> EventStudyResult:
        """Estimate and test every event.

        Parameters
        ----------
        events : DataFrame or list of dict
            Rows with ``symbol``, ``day0`` (a session of the listing's exchange)
            and optional ``benchmark``, ``id`` (e.g. the article; several ids may
            share a (symbol, day0): they are reported as clustered events) and
            ``mic`` (the venue whose sessions the listing trades on).
        returns : DataFrame, optional
            Output of :func:`marketreact.to_returns` holding every listing and
            benchmark, of the study's ``kind``; loaded with
            ``load_prices(symbol, start, end, source)`` over the range the
            windows need (plus a margin) when omitted.
        prices : DataFrame, optional
            Output of :func:`marketreact.load_prices`, used for zero-volume counts.
        source : str, path, DataFrame or PriceSource
            Where prices come from when ``returns`` is omitted: a registered
            name (``"snapshot"``, ``"yahoo"``, ``"auto"``), a folder of your own
            price files, a DataFrame of prices or a
            :class:`~marketreact.data.sources.PriceSource`.
        reference : ReferenceData, optional
            Security master, venues and calendars (the bundled ones by default).
        mics : mapping, optional
            ``{symbol: MIC}``: the venue of symbols the security master does not
            know (``"ACME": "XTKS"``). A symbol with no known venue takes its own
            rows as sessions, which the result notes.

        Raises
        ------
        MarketReactError
            When every event fails (the first event's own error, e.g.
            :class:`FetchFailed` or :class:`EventOutsideData`); a failing event
            among several is listed in ``result.skipped`` with its error instead.
        """
        ref = default_reference(reference)
        if isinstance(events, Iterator):
            events = list(events)  # read twice below (events, then their estimation windows)
        rows = _parse_events(events)
        own_windows = event_estimation_windows(events, self.windows)
        axis = union_windows(own_windows, self.windows)
        for row, own in zip(rows, own_windows, strict=True):
            row["estimation_window"] = own
        venue_of = dict(mics or {})
        for row in rows:
            row["benchmark"] = row["benchmark"] or self.benchmark or _master_benchmark(row["symbol"], ref)
            if row["mic"]:
                venue_of[row["symbol"]] = row["mic"]
        for mic in venue_of.values():
            ref.exchange(mic)  # an unknown MIC fails here, naming the known ones
        notes: list[str] = []
        failed: dict[str, MarketReactError] = {}
        if returns is None:
            src = resolve_source(source)
            returns, prices, failed, notes = _load(
                rows, self.model, self.kind, axis, src, prices, ref, venue_of
            )
        else:
            _check_returns(returns)
            given = returns.attrs.get("kind")
            if given is not None and given != self.kind:
                raise InvalidParameter(
                    "returns",
                    f"{given} returns",
                    f"the study uses kind={self.kind!r}: pass to_returns(prices, kind={self.kind!r}) "
                    f"or EventStudy(kind={given!r})",
                )
        st, skipped, errors, rf_ev = self._assemble(rows, returns, prices, failed, ref, venue_of, axis)
        if not st.infos:
            raise errors[0]
        shared = shared_events_note(rows)
        if shared:
            notes.append(shared)
        own_bars = sorted({i.symbol for i, c in zip(st.infos, st.calendars, strict=True) if c[0] == OWN_BARS})
        own_bars += sorted(
            {
                i.benchmark
                for i, c in zip(st.infos, st.calendars, strict=True)
                if c[1] == OWN_BARS and i.benchmark
            }
        )
        names = {n for i in st.infos for n in (i.symbol, i.benchmark) if n}
        assumed = sorted(n for n in names if ref.venue_assumed(n, venue_of))
        if assumed:
            notes.append(
                f"{', '.join(assumed)}: not in the security master, so taken as US-listed (XNYS sessions, "
                "Yahoo's convention for a plain ticker); give mics={symbol: MIC} (--calendar MIC) otherwise"
            )
        if own_bars:
            notes.append(
                f"{', '.join(dict.fromkeys(own_bars))}: venue unknown, so sessions are the series' own rows (a missing "
                "session cannot be detected); give mics={symbol: MIC} (--calendar MIC) to use an exchange calendar"
            )
        for info, (own_cal, bench_cal) in zip(st.infos, st.calendars, strict=True):
            if bench_cal is not None and bench_cal != own_cal:
                notes.append(
                    f"{info.symbol} ({own_cal}) against {info.benchmark} ({bench_cal}): returns are "
                    "matched by date across calendars; consider model='dimson' or a local benchmark"
                )
        notes += [str(i.quality["factor_note"]) for i in st.infos if i.quality.get("factor_note")]
        batch = run_batch(
            self.model,
            self.windows,
            st.y_est,
            st.x_est,
            st.y_ev,
            st.x_ev,
            est_dates=st.dates,
            kind=self.kind,
            rf_ev=rf_ev,
            conventions=self.conventions,
        )
        infos = st.infos
        shocks, overlaps, flag_notes = flag_confounders(
            infos, self.windows, returns, self.shock_threshold, self.other_events, st.blocks, reference=ref
        )
        return EventStudyResult(
            study=repr(self),
            model=self.model,
            kind=self.kind,
            windows=self.windows,
            listings=infos,
            batch=batch,
            skipped=skipped,
            cell_notes=st.notes,
            shocks=shocks,
            overlaps=overlaps,
            flag_notes=flag_notes,
            data_notes=list(dict.fromkeys(notes)),
            conventions=self.conventions,
        )

    def _assemble(
        self,
        rows: list[dict[str, Any]],
        returns: pd.DataFrame,
        prices: pd.DataFrame | None,
        failed: Mapping[str, MarketReactError],
        ref: ReferenceData,
        mics: Mapping[str, str],
        axis: Windows,
    ) -> tuple[Gathered, dict[str, str], list[MarketReactError], np.ndarray | None]:
        """Every event's arrays, in event order: vectorised (:func:`gather`), else one by one.

        Events the vectorised pass hands back (a failed load, an unknown symbol, day 0 off
        the data) go through :meth:`_prepare`, which raises the error reported in ``skipped``;
        tz-aware dates send every event there. The risk-free event returns of a factor model
        come back as the fourth item.
        """
        labels = _labels(rows)
        everything = Gathered([], [], *(np.empty(0),) * 5, [], [], list(range(len(rows))), {})
        try:
            g = gather(
                rows,
                labels,
                returns,
                self.model,
                self.windows,
                self.min_estimation,
                self.thin_threshold,
                failed,
                ref,
                mics,
                zero_volume_counter(prices),
                factors=self.factor_source,
                kind=self.kind,
                axis=axis,
            )
        except Unsupported:  # tz-aware dates: the per-event path handles (or rejects) them
            g = everything
        slow: dict[int, _Prepared] = {}
        errs: dict[int, MarketReactError] = dict(g.errors)
        for i in g.rest:
            try:
                slow[i] = self._prepare(
                    labels[i], rows[i], returns, prices, failed, ref, mics, axis.estimation
                )
            except MarketReactError as exc:
                errs[i] = exc
        skipped = {labels[i]: f"{type(e).__name__}: {e}" for i, e in sorted(errs.items())}
        errors = [e for _, e in sorted(errs.items())]
        if not slow:
            return g, skipped, errors, g.rf_ev
        # Merge the one-by-one events back in event order.
        order = sorted([*((i, k) for k, i in enumerate(g.done)), *((i, -1) for i in slow)])
        parts: dict[str, list[Any]] = {"infos": [], "notes": [], "calendars": []}
        arrays: dict[str, list[np.ndarray]] = {a: [] for a in ("y_est", "x_est", "y_ev", "x_ev", "dates")}
        for i, k in order:
            p = slow.get(i) if k < 0 else None
            parts["infos"].append(p.info if p else g.infos[k])
            parts["notes"].append(p.notes if p else g.notes[k])
            parts["calendars"].append(p.calendars if p else g.calendars[k])
            for a in arrays:
                arrays[a].append(getattr(p, a) if p else getattr(g, a)[k])
        stacked = {a: np.stack(v) if v else np.empty(0) for a, v in arrays.items()}
        merged = Gathered(
            [i for i, _ in order],
            parts["infos"],
            stacked["y_est"],
            stacked["x_est"],
            stacked["y_ev"],
            stacked["x_ev"],
            stacked["dates"],
            parts["notes"],
            parts["calendars"],
            [],
            {},
            g.blocks,
        )
        rf_ev = None
        if self.factor_source is not None:
            rf_rows = []
            for i, k in order:
                r = slow[i].rf_ev if k < 0 else (None if g.rf_ev is None else g.rf_ev[k])
                assert r is not None  # a factor model gives every event its risk-free rates
                rf_rows.append(r)
            rf_ev = np.stack(rf_rows)
        return merged, skipped, errors, rf_ev

    def _prepare(
        self,
        label: str,
        row: dict[str, Any],
        returns: pd.DataFrame,
        prices: pd.DataFrame | None,
        failed: Mapping[str, MarketReactError],
        ref: ReferenceData,
        mics: Mapping[str, str],
        axis: tuple[int, int] | None = None,
    ) -> _Prepared:
        symbol, day0, bench = row["symbol"], row["day0"], row["benchmark"]
        m = n_regressors(self.model)
        for name in (symbol, bench if m else None):
            if name is not None and name in failed:
                raise failed[name]  # the real loading error (FetchFailed, ChecksumMismatch, ...)
        ax = _session_axis(returns, symbol, ref, mics)
        sessions, n_ses = ax.sessions, len(ax.sessions)
        pos = int(sessions.get_indexer(pd.DatetimeIndex([day0]))[0]) if n_ses else -1
        if pos < 0:
            _raise_day0(symbol, day0, ax)
        est_a, est_b = axis or self.windows.estimation  # the stacked (union) estimation axis
        own_a, own_b = row.get("estimation_window") or self.windows.estimation  # this event's window
        ev_a, ev_b = self.windows.span
        est_pos = np.arange(pos + est_a, pos + est_b + 1)
        in_own = (est_pos >= pos + own_a) & (est_pos <= pos + own_b)
        ev_pos = np.arange(pos + ev_a, pos + ev_b + 1)
        has = ax.has_row
        y_all = y_raw = ax.place("return", np.nan)
        gap = ax.place("gap", False, bool) if "gap" in ax.rows else np.zeros(n_ses, bool)
        spanned = ax.place("sessions_spanned", np.nan) if "sessions_spanned" in ax.rows else None
        own_span = spanned if spanned is not None else np.where(gap, np.nan, 1.0)
        x_all = np.empty((n_ses, 0))
        bench_missing = np.zeros(n_ses, bool)
        bench_span = np.ones(n_ses)
        bench_cal: str | None = None
        if m:
            if bench is None:
                raise UnknownSymbol(symbol, "the security master", "give a benchmark for this event")
            bax = _session_axis(returns, bench, ref, mics)
            bench_cal = bax.calendar
            x_all, bench_missing, bench_span = _regressors(bax, sessions, m)
        factor_name, factor_note, rf_all = None, None, None
        if self.factor_source is not None:
            x_all, rf_all, factor_name, factor_note = factor_regressors(
                self.factor_source,
                symbol,
                ref.mic_for(symbol, mics) or "",
                sessions,
                pos + own_a,
                pos + ev_b,
                self.kind,
            )
            y_all = y_all - rf_all  # excess returns; NaN where the factor table has no row
        inside_est = (est_pos >= 0) & (est_pos < n_ses) & in_own
        take = np.clip(est_pos, 0, n_ses - 1)
        usable = inside_est & has[take] & ~gap[take] & ~bench_missing[take] & (bench_span[take] == 1)
        usable &= np.isfinite(y_all[take])
        usable &= np.isfinite(x_all[take]).all(axis=1)
        n_used = int(usable.sum())
        if n_used < self.min_estimation:
            raise InsufficientEstimationData(symbol, n_used, self.min_estimation)
        y_est = np.where(usable, y_all[take], np.nan)
        x_est = np.where(usable[:, None], x_all[take], np.nan)
        inside_ev = (ev_pos >= 0) & (ev_pos < n_ses)
        tev = np.clip(ev_pos, 0, n_ses - 1)
        notes: dict[int, str] = {}
        ev_ok = inside_ev.copy()
        for i, rel in enumerate(range(ev_a, ev_b + 1)):
            r = tev[i]
            day = sessions[r].date()
            if not inside_ev[i]:
                edge = (
                    f"data end at {ax.dates[-1].date()}"
                    if ev_pos[i] >= n_ses
                    else (f"data start at {ax.dates[0].date()}")
                )
                notes[rel] = f"EventOutsideData: no session in the data ({edge})"
            elif not has[r]:
                ev_ok[i] = False
                what = "day 0" if rel == 0 else f"day {rel:+d}"
                notes[rel] = (
                    f"{symbol} has no row on {what} ({day}, a {ax.calendar} session): missing, not filled"
                )
            elif factor_name is not None and not np.isfinite(x_all[r]).all():
                ev_ok[i] = False
                notes[rel] = f"the {factor_name} factors have no row on {day}"
            elif bench_missing[r]:
                ev_ok[i] = False
                notes[rel] = f"benchmark {bench} has no return on {day}"
            elif not np.isfinite(x_all[r]).all():
                ev_ok[i] = False
                notes[rel] = f"benchmark {bench} has no return on a session next to {day} (lead/lag)"
            elif (gap[r] or bench_span[r] != 1) and own_span[r] != bench_span[r]:
                # Both spanning the same closure is fine; unequal spans are not.
                ev_ok[i] = False
                notes[rel] = span_note(symbol, bench if m else None, day)
            elif not np.isfinite(y_all[r]):
                notes[rel] = f"{symbol} has no return on {day}"
        y_ev = np.where(ev_ok, y_all[tev], np.nan)
        x_ev = np.where(ev_ok[:, None], x_all[tev], np.nan)
        est_dates = np.where(
            inside_est, sessions[take].to_numpy().astype("datetime64[D]").astype(np.int64), -1
        )
        with_row = inside_est & has[take]
        # Thin trading shows in the listing's own returns (a zero excess return is no untraded day).
        raw = y_raw[take]
        finite = np.isfinite(raw) & with_row
        zero_share = float((raw[finite] == 0).mean()) if finite.any() else float("nan")
        quality = {
            "n_estimation": n_used,
            "estimation_rows": int(with_row.sum()),
            "estimation_window_sessions": own_b - own_a + 1,
            "calendar": ax.calendar,
            "listing_gap_rows_excluded": int((gap[take] & with_row).sum()),
            "listing_missing_sessions": int((inside_est & ~has[take]).sum()),
            "rows_off_calendar": len(ax.off_calendar),
            "benchmark_missing_sessions": int((bench_missing[take] & inside_est).sum()),
            "benchmark_gap_rows_excluded": int(((bench_span[take] != 1) & inside_est).sum()),
            "zero_return_share": zero_share,
            "thin_trading": bool(zero_share > self.thin_threshold),
            "zero_volume_days": _zero_volume(prices, symbol, sessions[take[with_row]]),
            "event_cells_missing": len(notes),
            "basis": _basis(ax.rows),
            "benchmark": bench if m else None,
            "benchmark_basis": _basis(_series(returns, bench)) if m and bench else None,
        }
        if self.factor_source is not None:
            quality["factors"] = factor_name
            quality["factor_note"] = factor_note
        if (own_a, own_b) != self.windows.estimation:
            quality["estimation_window"] = f"{own_a},{own_b}"
        info = ListingInfo(label, symbol, day0, bench if m else None, quality, row.get("id"))
        rf_ev = np.where(ev_ok, rf_all[tev], np.nan) if rf_all is not None else None
        return _Prepared(info, y_est, x_est, y_ev, x_ev, est_dates, notes, (ax.calendar, bench_cal), rf_ev)
