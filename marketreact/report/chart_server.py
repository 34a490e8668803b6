"""A process that imports matplotlib while the analysis runs, then draws the report's charts.

``marketreact report --out`` spends a quarter of a second importing matplotlib, on the
critical path after the analysis, while the second core sits idle. Started before the
analysis, this child (forked from the single-threaded CLI) imports the chart modules in
parallel; the finished :class:`~marketreact.report.analysis.Analysis` is sent to it (it
pickles in about a millisecond) and it draws the charts as
:func:`marketreact.report.charts.write_all` does, on two cores. The files are the same,
byte for byte. Whatever goes wrong there (no fork, a crash, an error), the charts are drawn in
this process instead, so a real error is raised here with its usual traceback.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import warnings
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from marketreact.report.analysis import Analysis

__all__ = ["ChartServer"]


def _usable() -> bool:
    """Forking is safe and worth it: Linux, two usable cores, no other thread, not switched off."""
    if os.environ.get("MARKETREACT_CHART_WORKERS", "").strip() == "1":
        return False
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        return False
    return threading.active_count() == 1


def _serve(conn: Connection) -> None:
    """In the child: import the chart modules, wait for one analysis, draw it, send back the result."""
    from marketreact.report import charts  # the import this process exists to overlap

    _warm_up()
    try:
        job = conn.recv()
    except EOFError:  # the parent went away
        return
    if job is None:  # the parent's analysis failed: nothing to draw
        return
    analysis, out, fmt = job
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = charts.write_all(analysis, out, fmt)
    conn.send((paths, [(w.category, str(w.message)) for w in caught]))


def _warm_up() -> None:
    """Draw a throw-away panel in the chart style: fonts, glyph and text-layout caches are filled
    while the parent is still analysing (nothing is written)."""
    import io

    from matplotlib import pyplot as plt

    from marketreact.plots._style import chart_style, panel_grid

    fig, (ax,) = panel_grid(1, "warm-up")
    with chart_style():
        ax.plot([-10, 0, 10], [0.0, 1.0, -1.0], marker="o")
        ax.set_title("warm-up \u2212 0%", loc="left")
        ax.set_xlabel("trading days vs day 0")
        fig.savefig(io.BytesIO(), format="rgba")
    plt.close(fig)


class ChartServer:
    """Start with :meth:`start` before the analysis; :meth:`draw` it after; :meth:`close` always.

    Use as a context manager: ``with ChartServer.start() as server: ... server.draw(a, out)``
    (or :meth:`submit`, other work, then :meth:`result`).
    """

    def __init__(self, process: Any = None, conn: Connection | None = None) -> None:
        self._process = process
        self._conn = conn
        self._job: tuple[Analysis, Path, Literal["png", "svg"]] | None = None

    @classmethod
    def start(cls) -> ChartServer:
        """A server with its child running, or one that draws here when a child is not usable."""
        if not _usable():
            return cls()
        try:
            parent, child = multiprocessing.get_context("fork").Pipe()
            # Not a daemon: a daemonic process may not fork the second chart worker.
            process = multiprocessing.get_context("fork").Process(target=_serve, args=(child,))
            process.start()
            child.close()
        except (OSError, RuntimeError):  # cannot start a process here
            return cls()
        return cls(process, parent)

    def submit(self, analysis: Analysis, out: Path, fmt: Literal["png", "svg"] = "png") -> None:
        """Hand the analysis to the child, which starts drawing (this process may go on working)."""
        self._job = (analysis, Path(out), fmt)
        if self._conn is not None:
            try:
                self._conn.send(self._job)
            except Exception:  # the child died, or the analysis could not be sent: draw here
                self.close()

    def result(self) -> list[Path]:
        """The paths of the submitted analysis' charts (drawn here if the child could not)."""
        assert self._job is not None, "submit() an analysis first"
        analysis, out, fmt = self._job
        if self._conn is not None:
            try:
                paths, caught = self._conn.recv()
            except Exception:  # the child died or failed: draw here, where an error is raised
                pass
            else:
                for category, message in caught:
                    warnings.warn(message, category, stacklevel=2)
                return list(paths)
            finally:
                self.close()
        return analysis.write_charts(out, fmt)

    def draw(self, analysis: Analysis, out: Path, fmt: Literal["png", "svg"] = "png") -> list[Path]:
        """Write the analysis' charts into ``out`` (the child's, else this process'); their paths."""
        self.submit(analysis, out, fmt)
        return self.result()

    def close(self) -> None:
        """Stop the child (told there is nothing to draw if it is still waiting)."""
        conn, process, self._conn, self._process = self._conn, self._process, None, None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):  # it may have gone already
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()

    def __enter__(self) -> ChartServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
