"""Tables and figures the notebooks show, derived from an analysis (no article-specific input).

Each function returns something a notebook can display as the last expression
of a cell: a DataFrame, a closed matplotlib Figure, or a :class:`Note` saying
in words why there is nothing to show. So a notebook runs to the end on any
article (no listing with data, one listing, twenty), and says what it could
not compute instead of failing.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from marketreact.data.prices import load_prices, to_returns
from marketreact.data.sources import SourceSpec, resolve_source
from marketreact.errors import DataQualityWarning, MarketReactError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from marketreact.events.plan import Plan
    from marketreact.reference.refdata import ReferenceData
    from marketreact.report.analysis import Analysis
    from marketreact.study.result import EventStudyResult

__all__ = [
    "Note",
    "alternative_benchmarks",
    "alternative_published",
    "benchmark_caveats",
    "benchmark_moves",
    "benchmark_specs",
    "beta_impact",
    "car_examples",
    "car_paths_figure",
    "day0_comparison",
    "estimation_ranges",
    "fit_each",
    "listings_table",
    "mentions_table",
    "price_paths_figure",
    "shock_tables",
    "shock_zscores",
    "timeline_figure",
    "timing_table",
]


@dataclass(frozen=True)
class Note:
    """A sentence shown in place of a table or chart that cannot be drawn (renders as Markdown)."""

    text: str

    def _repr_markdown_(self) -> str:
        return f"*{self.text}*"

    def __str__(self) -> str:
        return self.text


_NO_STUDY = Note("No event study was computed for this article, so there is nothing to show here.")


def mentions_table(plan: Plan) -> pd.DataFrame | Note:
    """One row per mention: text span, rule and the company or listing it resolved to."""
    if not plan.extraction.mentions:
        return Note("The text names no company, alias or exchange-tagged ticker the security master knows.")
    return pd.DataFrame([dataclasses.asdict(m) for m in plan.extraction.mentions])


def listings_table(plan: Plan) -> pd.DataFrame | Note:
    """Every listing the policy chose, with the reason (including those without prices)."""
    if not plan.listings:
        return Note("No listing was chosen: there is nothing to analyse.")
    return pd.DataFrame(
        [(x.symbol, x.company_id, x.mic, x.listing_type, x.benchmark, x.reason) for x in plan.listings],
        columns=["symbol", "company_id", "mic", "listing_type", "benchmark", "reason"],
    )


def timing_table(plan: Plan) -> pd.DataFrame | Note:
    """Day 0 of each analysed listing and the rule that chose it."""
    if not plan.timing:
        return Note("No listing is analysed, so no day 0 was set.")
    return pd.DataFrame(
        [(e.symbol, e.mic, e.published_local, e.day0.date(), e.rule) for e in plan.timing],
        columns=["symbol", "mic", "published_local", "day0", "rule"],
    )


def alternative_published(plan: Plan, *, reference: ReferenceData | None = None) -> str | None:
    """One minute after the first day-0 close that follows publication (ISO, the article's offset).

    Publication times of digests are often approximate; this is the nearest
    later time at which some listing's day 0 would change. None for a
    date-only article or when no listing is analysed. ``reference`` gives the
    venues' calendars (the bundled reference data by default).
    """
    from marketreact.reference.refdata import default_reference

    ref = default_reference(reference)

    art = plan.article
    if art.date_only or not plan.timing:
        return None
    closes = []
    for e in plan.timing:
        try:
            closes.append(pd.Timestamp(ref.calendar(e.mic).session_close(e.day0)))
        except (MarketReactError, KeyError, ValueError):
            continue  # a venue without a calendar (own-rows sessions) has no close time to cross
    later = [c for c in closes if c > art.published]
    if not later:
        return None
    when = (min(later) + pd.Timedelta(minutes=1)).tz_convert(art.published.tz)
    return when.isoformat(timespec="minutes")


def day0_comparison(base: Plan, alternative: Plan) -> pd.DataFrame | Note:
    """Day 0 of each listing as published and at the alternative time, with a ``moves`` flag."""
    if not base.timing:
        return Note("No listing is analysed, so there is no day 0 to compare.")
    alt = {e.symbol: e for e in alternative.timing}
    rows = []
    for e in base.timing:
        other = alt.get(e.symbol)
        rows.append(
            {
                "symbol": e.symbol,
                "mic": e.mic,
                "day0 as published": e.day0.date(),
                "day0 at the alternative time": other.day0.date() if other else None,
                "rule (alternative)": other.rule if other else "not planned",
            }
        )
    frame = pd.DataFrame(rows).set_index("symbol")
    frame["moves"] = frame["day0 as published"] != frame["day0 at the alternative time"]
    return frame


def timeline_figure(
    plan: Plan, skipped: Mapping[str, str] | None = None, *, reference: ReferenceData | None = None
) -> Figure | Note:
    """Every listing's sessions around day 0 on one UTC axis, with the publication time.

    ``reference`` gives the venues' calendars and time zones (the bundled reference data by default).
    """
    import matplotlib.pyplot as plt

    from marketreact.plots.paths import TimelineRow, plot_event_timeline
    from marketreact.report.charts import _timeline_note

    if not plan.rows:
        return Note("No listing is analysed, so there is no timeline to draw.")
    art = plan.article
    rows = [
        TimelineRow(r.symbol, r.mic, r.day0, note=_timeline_note(r.symbol, r.day0, skipped or {}))
        for r in plan.rows
    ]
    ax = plot_event_timeline(art.published, rows, date_only=art.date_only, reference=reference)
    fig = ax.figure
    plt.close(fig)  # type: ignore[arg-type]
    return fig  # type: ignore[return-value]


def price_paths_figure(analysis: Analysis) -> Figure | Note:
    """Each analysed listing's closes against its benchmark, one panel per listing."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from marketreact.plots._style import (
        NEUTRAL,
        PALETTE,
        add_source_line,
        chart_style,
        finish_grid,
        panel_grid,
    )
    from marketreact.plots.paths import plot_price_paths
    from marketreact.report.charts import _shock_patch, _small

    events, prices, study = analysis.plan.events, analysis.prices, analysis.study
    if events.empty or prices is None:
        return Note("No listing has price data here, so there are no price paths to draw.")
    have = set(prices.index.get_level_values("symbol"))
    rows = [r for r in analysis.plan.rows if r.symbol in have]
    if not rows:
        return Note("None of the analysed listings has bars from this source.")
    shock_days = {r.symbol: study.shock_days(r.symbol) if study is not None else [] for r in rows}
    fig, axes = panel_grid(len(rows), "Closes indexed to 100 on day −1")
    with chart_style():
        for r, ax in zip(rows, axes, strict=True):
            plot_price_paths(
                prices,
                r.symbol,
                r.day0,
                benchmark=r.benchmark,
                shock_days=shock_days[r.symbol],
                ax=ax,
                reference=analysis.reference,
            )
            _small(ax, f"{r.symbol} vs {r.benchmark} (day 0 {r.day0.date()})")
    handles = [
        Line2D([], [], color=PALETTE[0], lw=2.0, marker="o", ms=3, label="listing"),
        Line2D([], [], color=NEUTRAL, lw=1.4, ls="--", marker="o", ms=3, label="local benchmark"),
        *_shock_patch(any(shock_days.values())),
    ]
    finish_grid(fig, handles)
    add_source_line(fig, analysis.source_line())
    plt.close(fig)
    return fig


def benchmark_moves(analysis: Analysis, before: int = 7, after: int = 3) -> pd.DataFrame | Note:
    """Daily returns (%) of the analysed listings' benchmarks from ``before`` to ``after`` calendar days
    around day 0; each column keeps its own exchange's sessions (an empty cell is no session, not a zero).
    """
    events = analysis.plan.events
    if events.empty:
        return Note("No listing is analysed, so there are no benchmarks to tabulate.")
    benchmarks = [b for b in dict.fromkeys(events["benchmark"]) if isinstance(b, str) and b]
    lo, hi = pd.Timestamp(events["day0"].min()), pd.Timestamp(events["day0"].max())
    columns: dict[str, pd.Series] = {}
    missing = []
    for bench in benchmarks:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)  # the study reports coverage problems
            try:
                bars = load_prices(
                    bench,
                    lo - pd.Timedelta(days=before + 10),
                    hi + pd.Timedelta(days=after),
                    source=analysis.source,
                    reference=analysis.reference,
                )
            except MarketReactError as exc:
                missing.append(f"{bench} ({exc})")
                continue
        series = to_returns(bars, reference=analysis.reference)["return"].droplevel("symbol")
        columns[bench] = series.loc[lo - pd.Timedelta(days=before) :] * 100
    if not columns:
        return Note("No benchmark has data in this range: " + "; ".join(missing))
    frame = pd.DataFrame(columns).round(2)
    frame.index.name = "date"
    if missing:
        frame.attrs["missing"] = missing
    return frame


def estimation_ranges(analysis: Analysis) -> pd.DataFrame | Note:
    """First and last estimation session and their count, per studied listing."""
    from marketreact.study.confounders import event_window_sessions

    study = analysis.study
    if study is None:
        return _NO_STUDY
    out = {}
    for r in analysis.plan.rows:
        if r.symbol not in study.car.index:
            continue
        dates = event_window_sessions(
            r.symbol, r.day0, study.windows.estimation, mic=r.mic, reference=analysis.reference
        )["date"]
        out[r.symbol] = {"first": dates.iloc[0].date(), "last": dates.iloc[-1].date(), "sessions": len(dates)}
    return pd.DataFrame(out).T


def car_examples(study: EventStudyResult, n: int = 4) -> list[str]:
    """Up to ``n`` listings to draw in detail: the smallest p-value in any window first."""
    best = study.tests["p"].groupby(level="symbol", sort=False).min()
    ordered = best.sort_values(na_position="last", kind="stable").index
    return [str(label) for label in ordered[:n]]


def car_paths_figure(study: EventStudyResult | None, labels: list[str]) -> Figure | Note:
    """CAR path with its 95% band (top) and the daily ARs (bottom) of each listing in ``labels``."""
    import matplotlib.pyplot as plt
    import numpy as np

    from marketreact.plots.study import plot_abnormal_returns, plot_car_path

    if study is None:
        return _NO_STUDY
    if not labels:
        return Note("No listing to draw.")
    fig, axes = plt.subplots(2, len(labels), figsize=(4.2 * len(labels), 7), squeeze=False)
    for label, ax_car, ax_ar in zip(labels, axes[0], axes[1], strict=True):
        frame = study.car_path(label)
        df = float(np.nanmax(frame["df"])) if frame["df"].notna().any() else 1.0
        shocks = study.shock_days(label)
        plot_car_path(frame["car"], frame["se"], df, title=f"{label}: CAR", shock_days=shocks, ax=ax_car)
        plot_abnormal_returns(
            study.abnormal_returns[label], title=f"{label}: AR", shock_days=shocks, ax=ax_ar
        )
    fig.tight_layout()
    plt.close(fig)
    return fig


def shock_zscores(study: EventStudyResult | None, days: tuple[int, int] = (-2, 2)) -> pd.DataFrame | Note:
    """Each listing's benchmark move as a z-score (estimation-window sd) on the days around day 0."""
    if study is None:
        return _NO_STUDY
    frames = {
        label: frame.set_index("relative_day")["z"]
        for label, frame in study.shocks.items()
        if not frame.empty
    }
    if not frames:
        return Note("The study computed no benchmark z-scores (no benchmark had enough estimation data).")
    return pd.DataFrame(frames).loc[days[0] : days[1]].round(1)


def beta_impact(study: EventStudyResult | None) -> pd.DataFrame | Note:
    """Per listing: beta, the benchmark's day-0 return, their product and the day-0 AR."""
    if study is None:
        return _NO_STUDY
    bench_day0 = {}
    for label, frame in study.shocks.items():
        day0 = frame.loc[frame["relative_day"] == 0, "return"]
        bench_day0[label] = float(day0.iloc[0]) if len(day0) else float("nan")
    impact = study.params[["benchmark", "beta"]].assign(bench_day0=pd.Series(bench_day0, dtype=float))
    impact["beta_x_bench_day0"] = impact["beta"] * impact["bench_day0"]
    impact["ar_day0"] = study.abnormal_returns.loc[0] if 0 in study.abnormal_returns.index else float("nan")
    return impact


def alternative_benchmarks(benchmarks: list[str], source: SourceSpec = "snapshot") -> dict[str, list[str]]:
    """Other index series of the same country the source holds, per benchmark (``indices.csv``).

    A benchmark is matched to the index table by its Yahoo symbol or its proxy
    ETF; the alternatives are the other indices (or their ETFs) of that country.
    """
    from marketreact.reference.indices import load_indices

    table = list(load_indices())
    holds = resolve_source(source).holds()

    def series(info: Any) -> list[str]:
        return [s for s in (info.yahoo, info.proxy_etf) if s]

    out: dict[str, list[str]] = {}
    for bench in benchmarks:
        country = next((i.country for i in table if bench in series(i)), None)
        if country is None:
            continue
        alts = [
            s
            for i in table
            if i.country == country and i.kind == "equity"
            for s in series(i)
            if s != bench and (holds is None or s in holds)
        ]
        if alts:
            out[bench] = list(dict.fromkeys(alts))
    return out


def benchmark_specs(events: pd.DataFrame, source: SourceSpec = "snapshot") -> dict[str, dict[str, Any]]:
    """``fit_specs`` specifications: the baseline plus one per alternative benchmark of the events."""
    specs: dict[str, dict[str, Any]] = {"local (baseline)": {}}
    if events.empty:
        return specs
    for bench, alts in alternative_benchmarks(list(dict.fromkeys(events["benchmark"])), source).items():
        for alt in alts:
            specs[f"{alt} for {bench}"] = {"benchmarks": {bench: alt}}
    return specs


def benchmark_caveats(specs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One line per alternative benchmark of ``specs``: its return basis and source, from the manifest."""
    from marketreact.data.snapshot import read_manifest

    manifest = read_manifest()
    lines = []
    for spec in specs.values():
        for bench, alt in spec.get("benchmarks", {}).items():
            row = manifest.get(alt)
            about = (
                f"basis {row.return_basis}; {row.source}"
                if row is not None
                else "not in the snapshot manifest"
            )
            lines.append(f"{alt} for {bench}: {about}")
    return lines or ["no alternative benchmark in this source for the benchmarks of these listings"]


def fit_each(
    events: pd.DataFrame,
    specs: Mapping[str, Mapping[str, Any]],
    windows: Any,
    source: SourceSpec = "snapshot",
) -> tuple[dict[str, EventStudyResult], dict[str, str]]:
    """``fit_specs`` one specification at a time: the fits, and why each failed one failed.

    A specification the data cannot support (an estimation window reaching
    before the data, too few returns) is reported rather than stopping the
    comparison of the others.
    """
    from marketreact.study.robustness import fit_specs

    fits: dict[str, EventStudyResult] = {}
    failed: dict[str, str] = {}
    if events.empty:
        return fits, failed
    for name, spec in specs.items():
        try:
            fits.update(fit_specs(events, {name: spec}, windows, source=source))  # type: ignore[arg-type]
        except MarketReactError as exc:
            failed[name] = f"{type(exc).__name__}: {exc}"
    return fits, failed


def shock_tables(
    analysis: Analysis, event_window: tuple[int, int] = (-5, 5), published: Any = None
) -> dict[str, pd.DataFrame]:
    """``market_shocks`` of each benchmark around its day 0 (the first listing's on that benchmark).

    With ``published``, day 0 is re-planned for that publication time. A
    benchmark whose shocks cannot be computed gets an empty frame with the
    reason in ``attrs["error"]``.
    """
    from marketreact.events.plan import plan as make_plan
    from marketreact.study.confounders import market_shocks

    events = analysis.plan.events
    if published is not None:
        events = make_plan(
            analysis.article, published=published, source=analysis.source, reference=analysis.reference
        ).events
    out: dict[str, pd.DataFrame] = {}
    if events.empty:
        return out
    for bench, rows in events.groupby("benchmark", sort=False):
        try:
            day0 = pd.Timestamp(rows["day0"].iloc[0])
            frame = market_shocks(
                str(bench),
                day0,
                event_window=event_window,
                source=analysis.source,
                reference=analysis.reference,
            )
            frame.attrs["day0"] = day0.date().isoformat()
            out[str(bench)] = frame
        except MarketReactError as exc:
            empty = pd.DataFrame()
            empty.attrs["error"] = str(exc)
            out[str(bench)] = empty
    return out
