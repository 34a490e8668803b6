"""Every chart of an analysis, laid out and saved deterministically (``marketreact charts``)."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from marketreact.plots._style import (
    NEGATIVE,
    NEUTRAL,
    PALETTE,
    POSITIVE,
    SHOCK,
    add_source_line,
    chart_style,
    finish_grid,
    minus,
    panel_grid,
    save_figure,
)
from marketreact.plots.claims import plot_claims_grid
from marketreact.plots.paths import TimelineRow, plot_event_timeline, plot_price_paths
from marketreact.plots.study import plot_abnormal_returns, plot_car_heatmap, plot_car_path
from marketreact.report.chart_pool import ChartJob, run_jobs

if TYPE_CHECKING:
    from marketreact.report.analysis import Analysis

__all__ = ["CHART_NAMES", "chart_jobs", "short_reason", "skipped_note", "write_all"]

CHART_NAMES = (
    "01_timeline",
    "02_price_paths",
    "03_abnormal_returns",
    "04_car_paths",
    "05_car_by_window",
    "06_claims",
)


def _small(ax: Axes, title: str) -> None:
    """Tighten a panel drawn by a full-size plot function for use in a grid."""
    ax.set_title(title, fontsize=9.5, loc="left")
    ax.set_xlabel("trading days vs day 0", fontsize=8)
    ax.yaxis.label.set_fontsize(8)
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()


def short_reason(reason: str) -> str:
    """A few words for why the study skipped a listing (``EventStudyResult.skipped`` values)."""
    kind, _, message = reason.partition(": ")
    if kind == "EventOutsideData" and "data end on" in message:
        return "data end before day 0"
    if kind == "EventOutsideData" and "data start on" in message:
        return "data start after day 0"
    if kind == "InsufficientEstimationData":
        return "too few estimation-window returns"
    # Otherwise the message's first clause, without its leading "SYMBOL: ".
    clause = re.sub(r"^\S+: ", "", message or reason).split(";")[0].strip()
    return clause if len(clause) <= 48 else clause[:47] + "…"


def skipped_note(skipped: Mapping[str, str]) -> str:
    """One line naming the skipped listings, grouped by short reason.

    E.g. ``"not computable: MMTOF, NSANY (data end before day 0)"``; empty when
    nothing was skipped.
    """
    groups: dict[str, list[str]] = {}
    for label, reason in skipped.items():
        groups.setdefault(short_reason(reason), []).append(label)
    return (
        "not computable: " + "; ".join(f"{', '.join(v)} ({k})" for k, v in groups.items()) if groups else ""
    )


def _timeline_note(symbol: str, day0: pd.Timestamp, skipped: Mapping[str, str]) -> str:
    reason = skipped.get(symbol) or skipped.get(f"{symbol}@{day0.date()}")
    if reason is None:
        return ""
    short = short_reason(reason)
    return "no data on day 0" if short.startswith("data ") else f"not studied: {short}"


def _panels(
    labels: Sequence[str],
    title: str,
    draw: Callable[[str, Axes], None],
    source: str,
    handles: Sequence[Artist] = (),
) -> Figure:
    fig, axes = panel_grid(len(labels), title)
    with chart_style():
        for label, ax in zip(labels, axes, strict=True):
            draw(label, ax)
    finish_grid(fig, handles)
    add_source_line(fig, source)
    return fig


def _shock_patch(shocks: bool) -> list[Artist]:
    return [Patch(color=SHOCK, alpha=0.45, label="benchmark shock day (market-wide move)")] if shocks else []


def write_all(analysis: Analysis, out: Path, fmt: Literal["png", "svg"] = "png") -> list[Path]:
    """Write the six charts of an analysis; returns the paths, in :data:`CHART_NAMES` order.

    On a machine with two or more cores the charts are drawn by two forked
    processes (see :mod:`marketreact.report.chart_pool`); each chart is the same
    file, byte for byte, however it was scheduled.
    """
    # Drawing creates a great many short-lived artists, and each automatic collection then walks
    # every object of the process (the security master, price frames): the collector rests
    # while the charts are drawn, and the figures, closed, are freed afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return run_jobs(chart_jobs(analysis, out, fmt))
    finally:
        if enabled:
            gc.enable()


def chart_jobs(analysis: Analysis, out: Path, fmt: Literal["png", "svg"] = "png") -> list[ChartJob]:
    """The charts this analysis has data for, in :data:`CHART_NAMES` order, each as a job to run.

    A job's weight is its drawing cost in grid panels (measured: a one-axes chart costs
    about as much as two panels plus one per four rows), used to share the charts out.
    """
    events = analysis.plan.events
    study = analysis.study
    jobs: list[ChartJob] = []
    if not events.empty:
        jobs.append(ChartJob(CHART_NAMES[0], 2 + len(events) // 4, lambda: _timeline(analysis, out, fmt)))
    prices = analysis.prices
    if prices is not None and not events.empty:
        have = set(prices.index.get_level_values("symbol"))
        n = sum(s in have for s in events["symbol"])
        jobs.append(ChartJob(CHART_NAMES[1], n, lambda: _price_paths(analysis, out, fmt)))
    if study is not None:
        n = len(study.abnormal_returns.columns)
        jobs.append(ChartJob(CHART_NAMES[2], n, lambda: _abnormal_returns(analysis, out, fmt)))
        jobs.append(ChartJob(CHART_NAMES[3], n, lambda: _car_paths(analysis, out, fmt)))
        jobs.append(ChartJob(CHART_NAMES[4], 2 + len(study.car) // 4, lambda: _car_table(analysis, out, fmt)))
    if analysis.claims.claims:
        n = len(analysis.claims.claims)
        jobs.append(ChartJob(CHART_NAMES[5], n, lambda: _claims(analysis, out, fmt)))
    return jobs


def _timeline(analysis: Analysis, out: Path, fmt: Literal["png", "svg"]) -> Path:
    study = analysis.study
    skipped = study.skipped if study is not None else {}
    art = analysis.article
    rows = [
        TimelineRow(
            r.symbol,
            r.mic,
            r.day0,
            note=_timeline_note(r.symbol, r.day0, skipped),
            day0_text=analysis.anchor.sessions.get(r.symbol) if r.symbol in analysis.anchor.earlier else None,
        )
        for r in analysis.plan.rows
    ]
    ax = plot_event_timeline(art.published, rows, date_only=art.date_only, reference=analysis.reference)
    add_source_line(ax.figure, analysis.source_line())  # type: ignore[arg-type]
    return save_figure(ax.figure, out / CHART_NAMES[0], fmt)  # type: ignore[arg-type]


def _price_paths(analysis: Analysis, out: Path, fmt: Literal["png", "svg"]) -> Path:
    events, prices, study = analysis.plan.events, analysis.prices, analysis.study
    assert prices is not None  # chart_jobs asks for this chart only with prices
    names = dict(zip(events["symbol"], events["benchmark"], strict=True))
    day0s = dict(zip(events["symbol"], events["day0"], strict=True))
    have = set(prices.index.get_level_values("symbol"))
    symbols = [s for s in events["symbol"] if s in have]
    shock_days = {sym: study.shock_days(sym) if study is not None else [] for sym in symbols}

    def draw_path(sym: str, ax: Axes) -> None:
        plot_price_paths(
            prices,
            sym,
            day0s[sym],
            benchmark=names[sym],
            shock_days=shock_days[sym],
            ax=ax,
            legend=False,
            reference=analysis.reference,
        )
        _small(ax, f"{sym} vs {names[sym]} (day 0 {day0s[sym].date()})")

    handles: list[Artist] = [
        Line2D([], [], color=PALETTE[0], lw=2.0, marker="o", ms=3, label="listing"),
        Line2D([], [], color=NEUTRAL, lw=1.4, ls="--", marker="o", ms=3, label="local benchmark"),
        *_shock_patch(any(shock_days.values())),
    ]
    fig = _panels(symbols, "Closes indexed to 100 on day −1", draw_path, analysis.source_line(), handles)
    return save_figure(fig, out / CHART_NAMES[1], fmt)


def _abnormal_returns(analysis: Analysis, out: Path, fmt: Literal["png", "svg"]) -> Path:
    study = analysis.study
    assert study is not None  # chart_jobs asks for this chart only with a study
    ar = study.abnormal_returns
    labels = list(ar.columns)
    shocks = any(study.shock_days(label) for label in labels)

    def draw_ar(label: str, ax: Axes) -> None:
        plot_abnormal_returns(ar[label], shock_days=study.shock_days(label), ax=ax, legend=False)
        _small(ax, f"{label}: abnormal return")

    handles = [Patch(color=POSITIVE, label="AR ≥ 0"), Patch(color=NEGATIVE, label="AR < 0")]
    fig = _panels(
        labels,
        f"Daily abnormal returns ({study.model} model)",
        draw_ar,
        analysis.source_line(),
        [*handles, *_shock_patch(shocks)],
    )
    return save_figure(fig, out / CHART_NAMES[2], fmt)


def _car_paths(analysis: Analysis, out: Path, fmt: Literal["png", "svg"]) -> Path:
    study = analysis.study
    assert study is not None  # chart_jobs asks for this chart only with a study
    labels = list(study.abnormal_returns.columns)
    shocks = any(study.shock_days(label) for label in labels)
    start = minus(study.windows.span[0])

    def draw_car(label: str, ax: Axes) -> None:
        frame = study.car_path(label)
        df = float(np.nanmax(frame["df"])) if frame["df"].notna().any() else 1.0
        plot_car_path(frame["car"], frame["se"], df, shock_days=study.shock_days(label), ax=ax, legend=False)
        _small(ax, f"{label}: CAR from day {start}")

    handles = [
        Line2D([], [], color=POSITIVE, lw=2, marker="o", ms=3, label="CAR"),
        Patch(
            color=POSITIVE,
            alpha=0.18,
            label="95% interval of the CAR (Campbell–Lo–MacKinlay variance, t distribution)",
        ),
        *_shock_patch(shocks),
    ]
    fig = _panels(
        labels,
        f"Cumulative abnormal return from day {start} to each day",
        draw_car,
        analysis.source_line(),
        handles,
    )
    return save_figure(fig, out / CHART_NAMES[3], fmt)


def _car_table(analysis: Analysis, out: Path, fmt: Literal["png", "svg"]) -> Path:
    study = analysis.study
    assert study is not None  # chart_jobs asks for this chart only with a study
    pvalues = study.tests["p"].unstack("window")[study.car.columns]
    ax = plot_car_heatmap(study.car, pvalues.loc[study.car.index], note=skipped_note(study.skipped))
    add_source_line(ax.figure, analysis.source_line())  # type: ignore[arg-type]
    return save_figure(ax.figure, out / CHART_NAMES[4], fmt)  # type: ignore[arg-type]


def _claims(analysis: Analysis, out: Path, fmt: Literal["png", "svg"]) -> Path:
    fig = plot_claims_grid(analysis.claims, reference=analysis.reference)
    add_source_line(fig, analysis.source_line())
    return save_figure(fig, out / CHART_NAMES[5], fmt)
