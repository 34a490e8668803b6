"""Charts of event-study output: AR bars, CAR paths with bands, CAR-by-window heat table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter

from marketreact.plots._style import (
    NEGATIVE,
    POSITIVE,
    SHOCK,
    chart_style,
    fix_layout,
    minus,
    new_axes,
    text_width,
)
from marketreact.plots._ticks import day_locator, value_locator
from marketreact.study._dist import t_quantile

__all__ = ["plot_abnormal_returns", "plot_car_heatmap", "plot_car_path"]


def _shade(ax: Axes, shock_days: Sequence[int]) -> list[Patch]:
    for day in shock_days:
        ax.axvspan(day - 0.5, day + 0.5, color=SHOCK, alpha=0.45, lw=0, zorder=0)
    return [Patch(color=SHOCK, alpha=0.45, label="market-wide shock day")] if shock_days else []


def event_time_axes(
    ax: Axes, ylabel: str, xlabel: str = "trading days relative to day 0", decimals: int = 1
) -> None:
    """Zero line, day-0 marker, whole-day ticks and percent labels shared by the event-time charts."""
    ax.axhline(0, color="#333333", lw=0.8)
    ax.axvline(0, color="#333333", lw=0.8, ls=":")
    ax.xaxis.set_major_locator(day_locator())
    ax.yaxis.set_major_locator(value_locator())
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=decimals))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def plot_abnormal_returns(
    abnormal_returns: pd.Series,
    title: str = "Abnormal returns by day",
    shock_days: Sequence[int] = (),
    ax: Axes | None = None,
    legend: bool = True,
) -> Axes:
    """Bars of AR (in %) by relative trading day; missing days are marked, not drawn as zero.

    Parameters
    ----------
    abnormal_returns : Series
        Indexed by relative day, values as fractions (0.01 = 1%); NaN = no data.
    legend : bool
        Draw the panel's legend (off when a figure has one legend for all panels).
    """
    ax = new_axes(ax)
    ar = abnormal_returns.astype(float)
    with chart_style():
        handles = _shade(ax, shock_days)
        colours = [POSITIVE if v >= 0 else NEGATIVE for v in ar.fillna(0).to_numpy()]
        ax.bar(ar.index, ar.to_numpy() * 100, color=colours, width=0.7)
        for day in ar.index[ar.isna()]:
            ax.text(day, 0, "n/a", ha="center", va="bottom", fontsize=7, color="#555555", rotation=90)
        event_time_axes(ax, "abnormal return (%)")
        handles += [Patch(color=POSITIVE, label="AR ≥ 0"), Patch(color=NEGATIVE, label="AR < 0")]
        # Outside the plot area: inside, a legend can hide the day-0 bar.
        if legend:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title(title)
    return ax


def plot_car_path(
    car: pd.Series,
    se: pd.Series,
    df: float,
    title: str = "Cumulative abnormal return",
    level: float = 0.95,
    shock_days: Sequence[int] = (),
    ax: Axes | None = None,
    legend: bool = True,
) -> Axes:
    """CAR from the window start to each day, with a two-sided ``level`` band.

    Parameters
    ----------
    car, se : Series
        Indexed by relative day: CAR(start, day) and its standard error from the
        Campbell–Lo–MacKinlay covariance (fractions).
    df : float
        Degrees of freedom of the t distribution used for the band.
    legend : bool
        Draw the panel's legend (off when a figure has one legend for all panels).
    """
    ax = new_axes(ax)
    q = t_quantile(0.5 + level / 2, df)
    lo, hi = (car - q * se) * 100, (car + q * se) * 100
    with chart_style():
        handles = _shade(ax, shock_days)
        band = ax.fill_between(car.index, lo, hi, color=POSITIVE, alpha=0.18, lw=0, label=f"{level:.0%} band")
        (line,) = ax.plot(car.index, car * 100, color=POSITIVE, lw=2, marker="o", ms=3, label="CAR")
        event_time_axes(ax, "cumulative abnormal return (%)")
        if legend:
            ax.legend(handles=[line, band, *handles], loc="best")
        ax.set_title(title)
    return ax


def plot_car_heatmap(
    car: pd.DataFrame,
    pvalues: pd.DataFrame | None = None,
    title: str = "CAR by listing and window",
    note: str = "",
    ax: Axes | None = None,
) -> Axes:
    """A table of CAR (%) per listing (rows) and window (columns), coloured by sign and size.

    Cells with a p-value below 0.05 / 0.01 get one / two stars; missing cells
    read "n/a" (the listing has no data for that window). ``note`` is printed
    under the table, e.g. the listings the study could not compute.
    """
    values = car.to_numpy(dtype=float) * 100
    pvals = pvalues.to_numpy(dtype=float) if pvalues is not None else None
    own_figure = ax is None
    ax = new_axes(ax, figsize=(1.1 * car.shape[1] + 2.5, 0.45 * car.shape[0] + 1.5 + (0.3 if note else 0.0)))
    with chart_style():
        finite = values[np.isfinite(values)]
        span = float(np.max(np.abs(finite))) if finite.size else 1.0
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-span or -1.0, vmax=span or 1.0)
        image = ax.imshow(np.ma.masked_invalid(values), cmap="PuOr", norm=norm, aspect="auto")
        for (i, j), value in np.ndenumerate(values):
            if not np.isfinite(value):
                ax.text(j, i, "n/a", ha="center", va="center", fontsize=8, color="#555555")
                continue
            stars = ""
            if pvals is not None:
                p = pvals[i, j]
                stars = "**" if p < 0.01 else "*" if p < 0.05 else ""
            colour = "white" if abs(value) > 0.6 * span else "black"
            text = minus(f"{value:+.1f}{stars}")
            ax.text(j, i, text, ha="center", va="center", fontsize=8.5, color=colour)
        ax.set_xticks(range(car.shape[1]), [minus(c) for c in car.columns])
        ax.set_yticks(range(car.shape[0]), [str(r) for r in car.index])
        ax.tick_params(length=0)
        ax.grid(False)
        ax.set_xlabel("event window (trading days, inclusive)")
        cbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        cbar.set_label("CAR (%)")
        stars_key = "  * p<0.05, ** p<0.01 (per-listing t-test)" if pvalues is not None else ""
        ax.set_title(title + stars_key)
        outer: list[Text] = [ax.title, ax.xaxis.label]
        if note:
            # Under the x-axis label, left-aligned with the table.
            outer.append(
                ax.annotate(
                    note,
                    xy=(0.0, 0.0),
                    xycoords=("axes fraction", ax.xaxis.label),
                    xytext=(0, -6),
                    textcoords="offset points",
                    va="top",
                    fontsize=8.5,
                    color=NEGATIVE,
                )
            )
        if own_figure and isinstance(ax.figure, Figure):
            # Margins in inches: row labels on the left, the colour bar and its labels on the
            # right, the title above; below, tick labels, axis label, the note and the source line.
            fix_layout(
                ax.figure,
                left=text_width(ax.figure, ax.get_yticklabels()) + 0.2,
                right=0.85,
                top=0.45,
                bottom=1.0 if note else 0.75,
                keep_inside=outer,
            )
    return ax
