"""Price paths around day 0 and the multi-exchange event timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from marketreact.plots._style import (
    NEGATIVE,
    NEUTRAL,
    PALETTE,
    SHOCK,
    chart_style,
    fix_layout,
    new_axes,
    text_width,
)
from marketreact.plots._ticks import day_locator, value_locator
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = ["TimelineRow", "indexed_paths", "plot_event_timeline", "plot_price_paths", "relative_days"]


def relative_days(
    dates: pd.DatetimeIndex, day0: pd.Timestamp, mic: str, *, reference: ReferenceData | None = None
) -> np.ndarray:
    """Session offsets of ``dates`` from ``day0`` on venue ``mic``'s calendar.

    Offsets count exchange sessions, not data rows, so a missing row never
    shifts the axis. Dates that are not sessions get NaN. ``reference`` gives
    the venue's calendar (the bundled reference data by default).
    """
    sessions = default_reference(reference).calendar(mic).sessions
    pos = sessions.get_indexer(dates).astype(float)
    pos[pos < 0] = np.nan
    origin = sessions.get_indexer([day0])[0]
    if origin < 0:
        raise ValueError(f"day0 {day0.date()} is not a {mic} session")
    return pos - origin


def indexed_paths(
    prices: pd.DataFrame,
    symbols: Sequence[str],
    day0: pd.Timestamp,
    mic: str,
    window: tuple[int, int],
    *,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Closes of ``symbols`` indexed to 100 at day -1, by relative session day on ``mic``.

    Returns a frame indexed by relative day (``window`` inclusive) with one
    column per symbol; sessions without a row stay NaN (never filled). When a
    symbol has no row on day -1, its last earlier close is the base, recorded
    in ``attrs["base_day"]``. ``reference`` gives ``mic``'s calendar (bundled by default).
    """
    out = pd.DataFrame(index=pd.RangeIndex(window[0], window[1] + 1, name="relative_day"))
    for symbol in symbols:
        close = prices.xs(symbol, level="symbol")["close"]
        rel = relative_days(pd.DatetimeIndex(close.index), day0, mic, reference=reference)
        series = pd.Series(close.to_numpy(), index=rel)
        series = series[~np.isnan(rel)]
        series.index = series.index.astype(int)
        # Base: day -1, or the last close before it when day -1 has no row (data ending early).
        before = series[series.index <= -1]
        if before.empty:
            out[symbol] = np.nan
            continue
        base_day = int(before.index[-1])
        out[symbol] = series / before.iloc[-1] * 100.0
        out.attrs.setdefault("base_day", {})[symbol] = base_day
    return out


def plot_price_paths(
    prices: pd.DataFrame,
    symbol: str,
    day0: pd.Timestamp,
    benchmark: str | None = None,
    window: tuple[int, int] = (-10, 10),
    shock_days: Sequence[int] = (),
    ax: Axes | None = None,
    legend: bool = True,
    *,
    reference: ReferenceData | None = None,
) -> Axes:
    """A listing's close and its benchmark's, indexed to 100 at day -1.

    Parameters
    ----------
    prices : DataFrame
        From :func:`marketreact.load_prices`, holding ``symbol`` and ``benchmark``.
    symbol : str
    day0 : Timestamp
        The listing's day 0 (a session of its own exchange).
    benchmark : str, optional
        Defaults to the listing's local benchmark from the security master.
    window : (int, int)
        Relative sessions to show, inclusive.
    shock_days : sequence of int
        Relative days to shade as market-wide shocks.
    ax : Axes, optional
    legend : bool
        Draw the panel's legend (off when a figure has one legend for all panels).
    reference : ReferenceData, optional
        Names, venue, currency and calendar of the listings (the bundled
        reference data by default).

    Returns
    -------
    Axes
    """
    ref = default_reference(reference)
    listing = ref.listing(symbol)
    mic = listing.mic if listing else ref.require_mic(symbol)
    venue = ref.exchange(mic)
    benchmark = benchmark or (listing.benchmark if listing else venue.benchmark)
    available = set(prices.index.get_level_values("symbol"))
    names = [s for s in (symbol, benchmark) if s in available]
    paths = indexed_paths(prices, names, day0, mic, window, reference=ref)
    ax = new_axes(ax)
    with chart_style():
        for day in shock_days:
            ax.axvspan(day - 0.5, day + 0.5, color=SHOCK, alpha=0.45, lw=0, zorder=0)
        title_name = listing.name if listing else symbol
        for i, name in enumerate(names):
            known = ref.listing(name)
            label = known.name if known else name
            main = i == 0
            ax.plot(
                paths.index,
                paths[name],
                marker="o",
                ms=3,
                label=f"{label} ({name})" + _base_note(paths, name),
                color=PALETTE[0] if main else NEUTRAL,
                lw=2.0 if main else 1.4,
                ls="-" if main else "--",
            )
        ax.axvline(0, color="#333333", lw=0.9)
        ax.axhline(100, color="#999999", lw=0.6)
        ax.set_xlabel(f"trading days relative to day 0 ({day0.date()}, {venue.name} sessions)")
        rebased = any(day != -1 for day in paths.attrs.get("base_day", {}).values())
        ax.set_ylabel(
            "close, indexed (last close up to day −1 = 100)" if rebased else "close, indexed (day −1 = 100)"
        )
        ax.set_xlim(window[0] - 0.5, window[1] + 0.5)
        last = prices.xs(names[0], level="symbol").index[-1] if names else None
        if last is not None and paths[names[0]].loc[0:].isna().all():
            # Headroom above the data, so the note cannot sit on a line, the 100 level or the axis.
            lo, hi = ax.get_ylim()
            ax.set_ylim(lo, hi + 0.14 * (hi - lo))
            ax.text(
                0.98,
                0.97,
                f"no {symbol} data after {last.date()}",
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=7.5,
                color="#333333",
                bbox={"facecolor": "white", "edgecolor": "#BBBBBB", "boxstyle": "round,pad=0.25", "lw": 0.6},
                zorder=5,
            )
        handles, _ = ax.get_legend_handles_labels()
        if shock_days:
            handles.append(Patch(color=SHOCK, alpha=0.45, label="market-wide shock day"))
        if legend:
            ax.legend(handles=handles, loc="best")
        ccy = venue.currency
        ax.xaxis.set_major_locator(day_locator())
        # Index levels read best as whole numbers (no 102.5 / 107.5 ticks).
        ax.yaxis.set_major_locator(value_locator(integer=True, steps=(1, 2, 5, 10)))
        ax.set_title(f"{title_name} ({symbol}), {ccy}, vs {benchmark}")
    return ax


@dataclass(frozen=True)
class TimelineRow:
    """One listing on the timeline: its venue, its day 0 and an optional note for its row label.

    ``note`` says why a row has no result (e.g. ``"no data on day 0"``); such a
    row's day-0 session is drawn hatched instead of filled.
    """

    symbol: str
    mic: str
    day0: pd.Timestamp
    note: str = ""
    day0_text: pd.Timestamp | None = None  # the session the article's own words date the move to


def plot_event_timeline(
    published: pd.Timestamp,
    rows: Sequence[TimelineRow],
    date_only: bool = False,
    ax: Axes | None = None,
    *,
    reference: ReferenceData | None = None,
) -> Axes:
    """Each listing's day-0 session (open to close, UTC axis) against the publication time.

    Sessions are drawn for day -1, day 0 and day +1 of every listing, each in its
    own exchange's hours, so a reader sees which session first could react.
    With ``date_only`` (a tz-naive date), no instant is drawn: the title says
    which rule chose day 0 instead. ``reference`` gives each venue's calendar
    and time zone (the bundled reference data by default).
    """
    if published.tzinfo is None and not date_only:
        raise ValueError("plot_event_timeline needs a tz-aware publication time (or date_only=True)")
    ref = default_reference(reference)
    own_figure = ax is None
    ax = new_axes(ax, figsize=(9.0, 0.6 * max(len(rows), 3) + 1.5))
    with chart_style():
        labels = []
        for y, row in enumerate(rows):
            cal = ref.calendar(row.mic)
            tz = ref.exchange(row.mic).timezone
            for offset in (-1, 0, 1):
                session = cal.session_offset(row.day0, offset)
                start = cal.session_open(session).tz_convert("UTC")
                end = cal.session_close(session).tz_convert("UTC")
                colour = PALETTE[0] if offset == 0 else "#BBBBBB"
                hollow = offset == 0 and bool(row.note)  # the study has no result for this day 0
                ax.barh(
                    y,
                    mdates.date2num(end) - mdates.date2num(start),
                    left=mdates.date2num(start),
                    height=0.55,
                    color="white" if hollow else colour,
                    edgecolor=colour if hollow else "none",
                    hatch="///" if hollow else None,
                    alpha=0.9 if offset == 0 else 0.6,
                )
                if offset == 0:
                    local = cal.session_open(session).tz_convert(tz)
                    # Offset from the bar's start: a session opening at publication time would
                    # otherwise put the text on the publication line.
                    ax.annotate(
                        f"day 0 {session.date()}, opens {local:%H:%M} local ({_utc_offset(local)})",
                        xy=(mdates.date2num(start), y - 0.33),
                        xytext=(4, 0),
                        textcoords="offset points",
                        va="bottom",
                        fontsize=7,
                        # A white halo keeps the text legible where it crosses the publication line.
                        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
                    )
            if row.day0_text is not None and row.day0_text != row.day0:
                # The text anchor: outlined, so both anchors stay visible (never re-anchored silently).
                start = cal.session_open(row.day0_text).tz_convert("UTC")
                end = cal.session_close(row.day0_text).tz_convert("UTC")
                ax.barh(
                    y,
                    mdates.date2num(end) - mdates.date2num(start),
                    left=mdates.date2num(start),
                    height=0.75,
                    fill=False,
                    edgecolor="#D55E00",
                    linestyle="--",
                    linewidth=1.2,
                )
                ax.annotate(
                    f"text: {row.day0_text.date()}",
                    xy=(mdates.date2num(start), y - 0.38),
                    xytext=(2, 0),
                    textcoords="offset points",
                    va="bottom",
                    fontsize=7,
                    color="#D55E00",
                    path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
                )
            labels.append(f"{row.symbol} ({row.mic})" + (f": {row.note}" if row.note else ""))
        if date_only:
            ax.annotate(
                f"published {published:%Y-%m-%d}, time unknown: day 0 is that date's session on each "
                "exchange (or its next session)",
                xy=(0.0, 1.0),
                xycoords="axes fraction",
                xytext=(0, 4),
                textcoords="offset points",
                color="#D55E00",
                fontsize=8,
                va="bottom",
            )
        else:
            pub = published.tz_convert("UTC")
            ax.axvline(mdates.date2num(pub), color="#D55E00", lw=1.5)
            ax.annotate(
                f"published {published:%Y-%m-%d %H:%M} ({_utc_offset(published)})\n= {pub:%Y-%m-%d %H:%M} UTC",
                xy=(mdates.date2num(pub), 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(4, 2),
                textcoords="offset points",
                color="#D55E00",
                fontsize=8,
                va="bottom",
            )
        ax.set_yticks(range(len(rows)), labels)
        for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
            if row.note:
                tick.set_color(NEGATIVE)
        ax.invert_yaxis()
        ax.xaxis_date()
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))
        hatched = " (hatched: no study result)" if any(r.note for r in rows) else ""
        texted = any(r.day0_text is not None and r.day0_text != r.day0 for r in rows)
        anchor = "; dashed: where the text dates the move" if texted else ""
        ax.set_xlabel(
            f"time (UTC); bars are exchange sessions open→close, day 0 highlighted{hatched}{anchor}"
        )
        ax.set_title("Which session could react first? Day 0 per listing", pad=28)
        ax.grid(axis="y", visible=False)
        if own_figure and isinstance(ax.figure, Figure):
            # Margins in inches: the row labels' width on the left; above, the title (pad 28 pt)
            # over the publication note; below, two-line tick labels, the axis label and the
            # source line. Texts near the right end of the data widen the figure if needed.
            fix_layout(
                ax.figure,
                left=text_width(ax.figure, ax.get_yticklabels()) + 0.25,
                right=0.4,
                top=0.75,
                bottom=0.95,
                keep_inside=[*ax.texts, ax.title, ax.xaxis.label, *_visible_ticklabels(ax)],
            )
    return ax


def _visible_ticklabels(ax: Axes) -> list[Text]:
    """The x tick labels inside the view (the axis also keeps ticks it will not draw)."""
    lo, hi = sorted(ax.get_xlim())
    ax.xaxis.get_majorticklabels()  # gives the ticks their texts and positions
    locs = ax.xaxis.get_majorticklocs()
    ticks = ax.xaxis.get_major_ticks(len(locs))
    return [t.label1 for t, x in zip(ticks, locs, strict=True) if lo <= x <= hi]


def _utc_offset(ts: pd.Timestamp) -> str:
    minutes = int(ts.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def _base_note(paths: pd.DataFrame, symbol: str) -> str:
    day = paths.attrs.get("base_day", {}).get(symbol, -1)
    return "" if day == -1 else f", base day {day}"
