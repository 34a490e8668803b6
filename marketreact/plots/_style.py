"""One look for every chart: palette, fonts, labels, source line, deterministic saving."""

from __future__ import annotations

import io
import math
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

__all__ = [
    "NEGATIVE",
    "NEUTRAL",
    "PALETTE",
    "POSITIVE",
    "SHOCK",
    "add_source_line",
    "chart_style",
    "finish_grid",
    "fix_layout",
    "minus",
    "new_axes",
    "panel_grid",
    "save_figure",
    "text_width",
]

# Okabe–Ito: distinguishable under the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
POSITIVE = "#0072B2"  # blue for gains
NEGATIVE = "#D55E00"  # vermillion for losses
NEUTRAL = "#7F7F7F"
SHOCK = "#F0E442"  # shading of market-wide shock days

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: same glyphs on every machine
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    # A fixed title height: no chart puts ticks on top, and the automatic placement measured every
    # y tick label of every panel on each draw to find that out.
    "axes.titley": 1.0,
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "figure.dpi": 100,
    "savefig.dpi": 130,
    "savefig.bbox": "tight",
    "svg.hashsalt": "marketreact",  # fixed ids: identical SVG bytes run to run
    "svg.fonttype": "path",
    # Unhinted glyphs: at 130 dpi they read the same, and FreeType's auto-hinter was about a tenth
    # of the drawing time of a report's charts (measured).
    "text.hinting": "none",
    "path.simplify": True,
}


@contextmanager
def chart_style() -> Iterator[None]:
    """Apply the project's chart style inside a ``with`` block (restores the caller's rcParams)."""
    interactive = mpl.is_interactive()
    try:
        with mpl.rc_context(_RC):  # type: ignore[arg-type]
            try:
                yield
            finally:
                # Jupyter's inline backend switches interactive mode on when the first
                # figure is made; rc_context would roll that back and hide later figures.
                interactive = mpl.is_interactive()
    finally:
        mpl.interactive(interactive)


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (8.0, 4.5)) -> Axes:
    """Return ``ax`` or a fresh Axes on a new figure styled like every other chart."""
    if ax is not None:
        return ax
    with chart_style():
        fig = plt.figure(figsize=figsize)
        return fig.add_subplot()


def minus(text: object) -> str:
    """``text`` with ASCII hyphens shown as the minus sign, as matplotlib's tick labels do."""
    return str(text).replace("-", "\u2212")


def panel_grid(n: int, title: str, panel: tuple[float, float] = (4.4, 3.3)) -> tuple[Figure, list[Axes]]:
    """A figure of ``n`` panels, three per row, titled ``title``; unused cells are hidden."""
    ncols = min(3, max(n, 1))
    nrows = math.ceil(max(n, 1) / ncols)
    with chart_style():
        fig = plt.figure(figsize=(panel[0] * ncols, panel[1] * nrows + 0.9))
        grid = fig.add_gridspec(nrows, ncols)
        # Only the cells in use get an Axes (a hidden Axes still costs its construction).
        axes = [fig.add_subplot(grid[i // ncols, i % ncols]) for i in range(n)]
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    return fig, axes


# Fixed panel-grid geometry, in inches: layout costs no text measuring (tight_layout measured
# every tick label of every panel, several times; with bbox="tight" saving drew each figure twice).
_LEFT, _RIGHT, _WSPACE = 0.8, 0.35, 0.9  # y tick labels and y label of each panel
_TITLE, _BOTTOM, _SOURCE = 0.5, 0.6, 0.25  # a two-line panel title; x ticks and label; the source line
_FIXED: weakref.WeakSet[Figure] = weakref.WeakSet()  # figures laid out here: saved without bbox="tight"


def finish_grid(fig: Figure, handles: Sequence[Artist] = ()) -> None:
    """Lay out a :func:`panel_grid` figure, with one legend for all panels under its title.

    Space for the title, legend, panel titles, axis labels and the source line is reserved
    in inches, so it is the same on a one-row figure as on a four-row one, and the layout
    needs no text measuring.
    """
    width, height = fig.get_figwidth(), fig.get_figheight()
    with chart_style():
        fig.suptitle(
            fig.get_suptitle(), x=0.01, y=1 - 0.1 / height, ha="left", fontweight="bold", fontsize=12
        )
        header = 0.42
        if handles:
            fig.legend(
                handles=list(handles),
                loc="upper left",
                bbox_to_anchor=(0.01, 1 - 0.38 / height),
                ncols=len(handles),
                fontsize=9,
                handlelength=1.6,
                columnspacing=1.6,
            )
            header += 0.25
        grid = fig.axes[0].get_subplotspec().get_gridspec() if fig.axes else None  # type: ignore[union-attr]
        nrows, ncols = grid.get_geometry() if grid is not None else (1, 1)
        top, bottom = header + _TITLE, _BOTTOM + _SOURCE
        hspace = _TITLE + _BOTTOM
        panel_w = (width - _LEFT - _RIGHT - (ncols - 1) * _WSPACE) / ncols
        panel_h = (height - top - bottom - (nrows - 1) * hspace) / nrows
        fig.subplots_adjust(
            left=_LEFT / width,
            right=1 - _RIGHT / width,
            top=1 - top / height,
            bottom=bottom / height,
            wspace=_WSPACE / panel_w,
            hspace=hspace / panel_h,
        )
    _FIXED.add(fig)


def _renderer(fig: Figure) -> RendererAgg:
    # A renderer only to measure texts with (the canvas' own would be resized to the figure).
    return RendererAgg(int(fig.get_figwidth() * fig.dpi), int(fig.get_figheight() * fig.dpi), fig.dpi)


def text_width(fig: Figure, texts: Sequence[Text]) -> float:
    """The widest of ``texts`` in inches (0 for none): measures those texts only, draws nothing."""
    renderer = _renderer(fig)
    with chart_style():  # the style's text settings (hinting changes widths), as when drawn
        widths = [t.get_window_extent(renderer).width for t in texts if t.get_text()]
    return max(widths, default=0.0) / fig.dpi


def fix_layout(
    fig: Figure, left: float, right: float, top: float, bottom: float, keep_inside: Sequence[Text] = ()
) -> None:
    """Place a one-Axes figure's Axes by margins in inches, then save the figure whole.

    The caller reserves the margins from the sizes of its texts (see :func:`text_width`).
    Texts in ``keep_inside`` that would reach past the left or right edge (a long title,
    a label anchored near the right end of the data) widen the figure on that side by as
    much, the Axes keeping their width. Costs measuring those texts, not a layout pass and
    a second ("tight") drawing at saving.
    """
    height = fig.get_figheight()
    for ax in fig.axes:
        ax.get_xlim()  # settle autoscaling: texts anchored to data are measured where they will be
    for _ in range(3):
        width = fig.get_figwidth()
        fig.subplots_adjust(
            left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
        )
        renderer = _renderer(fig)
        with chart_style():
            boxes = [t.get_window_extent(renderer) for t in keep_inside if t.get_visible() and t.get_text()]
        margin = 0.08 * fig.dpi  # white kept beyond the outermost text
        more_left = max([0.0, *(margin - b.x0 for b in boxes)]) / fig.dpi
        more_right = max([0.0, *(b.x1 - (width * fig.dpi - margin) for b in boxes)]) / fig.dpi
        if more_left < 0.01 and more_right < 0.01:
            break
        left, right = left + more_left, right + more_right
        fig.set_figwidth(width + more_left + more_right)
    _FIXED.add(fig)


def add_source_line(fig: Figure, text: str) -> None:
    """Write the data source under the plot area, bottom-left (inside a fixed-layout figure).

    A fixed-layout figure too narrow for its source line, title or legend (a one-panel
    grid, say) is widened on the right until they fit, its Axes keeping their size.
    """
    if fig in _FIXED:
        fig.text(
            0.01, 0.06 / fig.get_figheight(), text, ha="left", va="bottom", fontsize=7.5, color="#555555"
        )
        _widen_to_fit(fig, [*fig.texts, *fig.legends])
    else:
        fig.text(0.01, -0.01, text, ha="left", va="top", fontsize=7.5, color="#555555")


def _widen_to_fit(fig: Figure, artists: Sequence[Artist]) -> None:
    renderer = _renderer(fig)
    with chart_style():  # measured with the style's text settings, as the figure is drawn
        ends = [a.get_window_extent(renderer).x1 for a in artists if a.get_visible()]
    width = fig.get_figwidth()
    extra = max(ends, default=0.0) / fig.dpi + 0.08 - width  # 0.08 in of white after the text
    if extra <= 0.01:
        return
    left, right = fig.subplotpars.left * width, (1 - fig.subplotpars.right) * width
    fig.set_figwidth(width + extra)
    fig.subplots_adjust(left=left / (width + extra), right=1 - (right + extra) / (width + extra))


def save_figure(fig: Figure, path: Path, fmt: Literal["png", "svg"] = "png") -> Path:
    """Save with metadata stripped so the same chart gives the same bytes every run."""
    path = path.with_suffix("." + fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "png" and fig in _FIXED:
        _write_png(fig, path)
        plt.close(fig)
        return path
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    # A fixed-layout figure has its margins already: saving it whole draws it once, not twice.
    # (bbox_inches=None would mean "the rc default", which is "tight": switch the default off.)
    whole = {"savefig.bbox": "standard"} if fig in _FIXED else {}
    with chart_style(), mpl.rc_context(whole):  # type: ignore[arg-type]
        fig.savefig(path, format=fmt, metadata=metadata)
    plt.close(fig)
    return path


_PNG_LEVEL = 3  # zlib level: 1.7x faster than the default 6, files within 3% of it (RGB is smaller still)


def _write_png(fig: Figure, path: Path) -> None:
    """Draw a fixed-layout figure once and write it as an RGB PNG (no metadata but the dpi).

    Matplotlib writes RGBA at zlib level 6; the charts are opaque, so the alpha
    channel is all 255 and dropping it loses nothing while encoding a quarter
    less data. A figure with any transparency keeps its alpha channel.
    """
    with chart_style(), mpl.rc_context({"savefig.bbox": "standard"}):
        dpi = float(mpl.rcParams["savefig.dpi"])
        buffer = io.BytesIO()
        fig.savefig(buffer, format="rgba", dpi=dpi)
    # The Agg canvas is int(size in inches x dpi) pixels, computed as matplotlib's figure bbox does.
    width, height = (int(v) for v in fig.get_size_inches() * dpi)
    raw = buffer.getvalue()
    if len(raw) != width * height * 4:
        raise RuntimeError(f"rendered {len(raw)} bytes for a {width}x{height} RGBA image")
    pixels = np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 4)
    opaque = bool((pixels[..., 3] == 255).all())
    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3]) if opaque else pixels)
    image.save(path, format="png", dpi=(dpi, dpi), compress_level=_PNG_LEVEL)
