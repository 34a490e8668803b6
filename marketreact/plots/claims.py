"""Quoted moves against the actual close-to-close moves, session by session."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from marketreact.claims.check import ClaimCheck, ClaimResult, SessionMove
from marketreact.plots._style import (
    NEUTRAL,
    PALETTE,
    chart_style,
    finish_grid,
    minus,
    new_axes,
    panel_grid,
)
from marketreact.plots._ticks import day_locator, value_locator
from marketreact.plots.study import event_time_axes
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = ["plot_claim", "plot_claims", "plot_claims_grid", "short_verdict"]

_QUOTE = PALETTE[5]  # vermillion: the article's figure
_ACTUAL = PALETTE[0]  # blue: the data


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
        event_time_axes(
            ax,
            "close-to-close price change (%)",
            xlabel="session relative to each listing's day 0 (own exchange)",
            decimals=0,
        )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5)
        ax.set_title("Which session do the article's quoted moves describe?")
    return ax


def _day(day: int) -> str:
    return minus(f"day {day:+d}" if day else "day 0")


def _actual(result: ClaimResult, s: SessionMove) -> float:
    return s.actual_pct if result.claim.move.unit == "pct" else s.actual_change


def short_verdict(result: ClaimResult) -> str:
    """The verdict of one claim in a few words, for a panel title.

    E.g. ``"matches 2025-04-08 (day −1)"`` or ``"no data after 2025-04-07"``;
    the full verdict (closest session, gaps) stays in ``result.verdict``.
    """
    if result.status == "match":
        return "matches " + " and ".join(f"{m.date.date()} ({_day(m.relative_day)})" for m in result.matches)
    if result.status == "no_data":
        if not result.sessions:
            return "no data"
        last = max(s.date for s in result.sessions)
        if any(d > last for d in result.missing):
            return f"no data after {last.date()}"
        return f"no data for {len(result.missing)} session(s)"
    if result.status == "no_match" and result.closest is not None:
        best = result.closest
        off = abs(_actual(result, best) - result.claim.move.value)
        unit = " pp" if result.claim.move.unit == "pct" else ""
        return f"no match (closest {_day(best.relative_day)}, off by {off:.2f}{unit})"
    if result.claim.move.qualifier == "intraday":
        return "not checkable with closes (intraday move)"
    return minus(result.verdict.split(" (")[0]) if len(result.verdict) < 60 else "not checkable"


def plot_claim(
    result: ClaimResult,
    window: tuple[int, int] = (-5, 5),
    ax: Axes | None = None,
    *,
    reference: ReferenceData | None = None,
) -> Axes:
    """One quoted move against its listing's actual move on each session of ``window``.

    The quoted figure is a dashed level, the sessions matching it within the
    quote's rounding are ringed. A quote in currency units is compared with the
    price change in currency, a percentage with the percentage change; a
    currency quote without its own currency is labelled with the listing's
    trading currency from ``reference`` (the bundled reference data by default).
    """
    ax = new_axes(ax, figsize=(5.0, 3.6))
    move = result.claim.move
    pct = move.unit == "pct"
    with chart_style():
        ax.axhline(0, color="#999999", lw=0.6)
        ax.axvline(0, color="#333333", lw=0.8, ls=":")
        days = [s.relative_day for s in result.sessions]
        actual = [_actual(result, s) for s in result.sessions]
        if days:
            ax.plot(days, actual, color=_ACTUAL, marker="o", ms=3.5, lw=1.3, zorder=3)
        ax.axhline(move.value, color=_QUOTE, ls="--", lw=1.1, zorder=2)
        if result.sessions and any(d > max(x.date for x in result.sessions) for d in result.missing):
            # Sessions after the listing's data end: shaded, so a short line reads as missing data.
            ax.axvspan(max(days) + 0.5, window[1] + 0.5, color="#EEEEEE", lw=0, zorder=0)
            ax.text(
                (max(days) + 0.5 + window[1] + 0.5) / 2,
                0.5,
                "no data",
                transform=ax.get_xaxis_transform(),
                ha="center",
                fontsize=8,
                color=NEUTRAL,
            )
        for m in result.matches:
            value = _actual(result, m)
            ax.plot(m.relative_day, value, marker="o", ms=12, mfc="none", mec=_QUOTE, mew=1.6, zorder=4)
        if not days:
            ax.text(0.5, 0.5, "no price data", transform=ax.transAxes, ha="center", color=NEUTRAL)
        ax.set_xlim(window[0] - 0.5, window[1] + 0.5)
        ax.xaxis.set_major_locator(day_locator())
        # Finer than the study panels: the quoted level is read against these lines.
        ax.yaxis.set_major_locator(value_locator(steps=(1, 2, 5, 10), nbins=7))
        if pct:
            # Whole-number-friendly labels: "5%", "0.5%" (not "5.0%").
            ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: minus(f"{x:g}%")))
            ax.set_ylabel("close-to-close change (%)")
        else:
            ref = default_reference(reference)
            currency = move.currency or ref.exchange(ref.require_mic(result.claim.symbol)).currency
            ax.set_ylabel(f"close-to-close change ({currency})")
        ax.set_xlabel("sessions vs day 0 (listing's own exchange)")
        cur = move.currency or ""
        quoted = (
            f"{move.value:+g}%"
            if pct
            else f"{move.value:+g} {cur}"
            if cur[-1:].isalpha()
            else f"{cur}{move.value:+g}"
        )
        title = f"{result.claim.symbol}: quoted '{' '.join(move.text.split())}' ({minus(quoted)})\n{short_verdict(result)}"
        ax.set_title(title, fontsize=9.5, loc="left")
    return ax


def plot_claims_grid(check: ClaimCheck, *, reference: ReferenceData | None = None) -> Figure:
    """One :func:`plot_claim` panel per checked claim, with one legend for all of them.

    ``reference`` is the reference data the check used (the bundled ones by default).
    """
    fig, axes = panel_grid(len(check.claims), "Which session do the article's quoted moves describe?")
    for result, ax in zip(check.claims, axes, strict=True):
        plot_claim(result, check.window, ax=ax, reference=reference)
    handles = [
        Line2D([], [], color=_ACTUAL, marker="o", ms=3.5, lw=1.3, label="actual move by session"),
        Line2D([], [], color=_QUOTE, ls="--", lw=1.1, label="figure quoted in the article"),
        Line2D(
            [], [], color=_QUOTE, marker="o", ms=10, mfc="none", ls="", label="session matching the quote"
        ),
    ]
    finish_grid(fig, handles)
    return fig
