"""Quoted moves against the actual close-to-close moves, session by session."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, PercentFormatter

from marketreact.claims import ClaimCheck
from marketreact.plots._style import PALETTE, chart_style, new_axes

__all__ = ["plot_claims"]


def plot_claims(check: ClaimCheck, ax: Axes | None = None) -> Axes:
    """One line per checked claim: the listing's actual move on each session around its day 0.

    The quoted figure is drawn as a dashed level in the same colour; a ring marks
    each session that matches the quote within its printed rounding. Claims
    without data are listed in the legend as such.
    """
    ax = new_axes(ax, figsize=(8.5, 4.8))
    with chart_style():
        handles: list[Line2D] = []
        for i, result in enumerate(check.claims):
            colour = PALETTE[i % len(PALETTE)]
            move = result.claim.move
            quoted = move.value if move.unit == "pct" else np.nan
            label = f"{result.claim.symbol}: quoted {result.claim.move.text!r}"
            days = [s.relative_day for s in result.sessions]
            actual = [s.actual_pct for s in result.sessions]
            if days:
                ax.plot(days, actual, color=colour, marker="o", ms=3.5, lw=1.3)
            if np.isfinite(quoted):
                ax.axhline(quoted, color=colour, ls="--", lw=0.9, alpha=0.8)
            for m in result.matches:
                ax.plot(m.relative_day, m.actual_pct, marker="o", ms=11, mfc="none", mec=colour, mew=1.6)
            if result.status == "no_data" and not days:
                label += " (no data)"
            elif result.status == "no_data":
                label += " (data end early)"
            handles.append(Line2D([], [], color=colour, marker="o", ms=3.5, label=label))
        handles.append(Line2D([], [], color="#555555", ls="--", label="quoted figure"))
        handles.append(
            Line2D(
                [],
                [],
                color="#555555",
                marker="o",
                ms=10,
                mfc="none",
                ls="",
                label="session matching the quote",
            )
        )
        ax.axvline(0, color="#333333", lw=0.8, ls=":")
        ax.axhline(0, color="#333333", lw=0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_xlabel("session relative to each listing's day 0 (own exchange)")
        ax.set_ylabel("close-to-close price change (%)")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5)
        ax.set_title("Which session do the article's quoted moves describe?")
    return ax
