"""Every chart of an analysis, laid out and saved deterministically (``marketreact charts``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from marketreact.plots._style import add_source_line, chart_style, save_figure
from marketreact.plots.claims import plot_claims
from marketreact.plots.paths import TimelineRow, plot_event_timeline, plot_price_paths
from marketreact.plots.study import plot_abnormal_returns, plot_car_heatmap, plot_car_path
from marketreact.study.windows import window_label

if TYPE_CHECKING:
    from marketreact.analysis import Analysis

__all__ = ["CHART_NAMES", "car_path_frame", "write_all"]

CHART_NAMES = (
    "01_timeline",
    "02_price_paths",
    "03_abnormal_returns",
    "04_car_paths",
    "05_car_by_window",
    "06_claims",
)


def _grid(n: int, title: str) -> tuple[Figure, list[Axes]]:
    ncols = min(3, max(n, 1))
    nrows = math.ceil(max(n, 1) / ncols)
    with chart_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 3.3 * nrows + 0.6), squeeze=False)
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _small(ax: Axes, title: str) -> None:
    """Tighten a panel drawn by a full-size plot function for use in a grid."""
    ax.set_title(title, fontsize=9.5, loc="left")
    ax.set_xlabel("trading days vs day 0", fontsize=8)
    ax.yaxis.label.set_fontsize(8)
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()


def car_path_frame(analysis: Analysis, label: str) -> pd.DataFrame:
    """CAR from the first event day to each day, with its CLM standard error and df."""
    path = analysis.path
    if path is None:
        return pd.DataFrame(columns=["car", "se", "df"])
    tests = path.tests.xs(label, level="symbol")
    lo = path.windows.span[0]
    rows = {t: tests.loc[window_label((lo, t))] for t in range(lo, path.windows.span[1] + 1)}
    return pd.DataFrame({t: r[["car", "se", "df"]] for t, r in rows.items()}).T.astype(float)


def _panels(labels: Sequence[str], title: str, draw: Callable[[str, Axes], None], source: str) -> Figure:
    fig, axes = _grid(len(labels), title)
    with chart_style():
        for label, ax in zip(labels, axes, strict=True):
            draw(label, ax)
        fig.tight_layout(rect=(0, 0, 1, 0.96))
    add_source_line(fig, source)
    return fig


def write_all(analysis: Analysis, out: Path, fmt: Literal["png", "svg"] = "png") -> list[Path]:
    """Write the six charts of an analysis; returns the paths, in :data:`CHART_NAMES` order."""
    written: list[Path] = []
    source = analysis.source_line()
    events = analysis.plan.events
    study = analysis.study
    names = dict(zip(events["symbol"], events["benchmark"], strict=True))
    day0s = dict(zip(events["symbol"], events["day0"], strict=True))

    art = analysis.article
    if not events.empty:
        rows = [TimelineRow(r.symbol, r.mic, r.day0) for r in analysis.plan.rows]
        ax = plot_event_timeline(art.published, rows, date_only=art.date_only)
        add_source_line(ax.figure, source)  # type: ignore[arg-type]
        written.append(save_figure(ax.figure, out / CHART_NAMES[0], fmt))  # type: ignore[arg-type]

    prices = analysis.prices
    if prices is not None and not events.empty:
        have = set(prices.index.get_level_values("symbol"))
        symbols = [s for s in events["symbol"] if s in have]

        def draw_path(sym: str, ax: Axes) -> None:
            shocks = study.shock_days(sym) if study is not None else []
            plot_price_paths(prices, sym, day0s[sym], benchmark=names[sym], shock_days=shocks, ax=ax)
            _small(ax, f"{sym} vs {names[sym]} (day 0 {day0s[sym].date()})")

        fig = _panels(
            symbols,
            "Closes indexed to 100 on day −1: listing (solid) vs local benchmark (dashed); "
            "yellow = benchmark shock day",
            draw_path,
            source,
        )
        written.append(save_figure(fig, out / CHART_NAMES[1], fmt))

    if study is not None:
        ar = study.abnormal_returns
        labels = list(ar.columns)

        def draw_ar(label: str, ax: Axes) -> None:
            plot_abnormal_returns(ar[label], shock_days=study.shock_days(label), ax=ax)
            _small(ax, f"{label}: abnormal return")

        fig = _panels(labels, f"Daily abnormal returns ({study.model} model)", draw_ar, source)
        written.append(save_figure(fig, out / CHART_NAMES[2], fmt))

        def draw_car(label: str, ax: Axes) -> None:
            frame = car_path_frame(analysis, label)
            df = float(np.nanmax(frame["df"])) if frame["df"].notna().any() else 1.0
            plot_car_path(frame["car"], frame["se"], df, shock_days=study.shock_days(label), ax=ax)
            _small(ax, f"{label}: CAR from day {study.windows.span[0]}")

        fig = _panels(labels, "Cumulative abnormal return with 95% CLM band", draw_car, source)
        written.append(save_figure(fig, out / CHART_NAMES[3], fmt))

        pvalues = study.tests["p"].unstack("window")[study.car.columns]
        ax = plot_car_heatmap(study.car, pvalues.loc[study.car.index])
        add_source_line(ax.figure, source)  # type: ignore[arg-type]
        written.append(save_figure(ax.figure, out / CHART_NAMES[4], fmt))  # type: ignore[arg-type]

    if analysis.claims.claims:
        ax = plot_claims(analysis.claims)
        add_source_line(ax.figure, source)  # type: ignore[arg-type]
        written.append(save_figure(ax.figure, out / CHART_NAMES[5], fmt))  # type: ignore[arg-type]
    return written
