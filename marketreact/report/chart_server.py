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
import time
import warnings
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from marketreact.report.chart_pool import fork_allowed, rewarn

if TYPE_CHECKING:
    from marketreact.report.analysis import Analysis

__all__ = ["ChartServer"]


# Longest wait for the child's charts before drawing them here instead (a stuck child, say).
_TIMEOUT = 600.0


def _die_with_parent() -> None:
    """Ask Linux to end this process when its parent dies (a killed ``report`` leaves no child)."""
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _serve(conn: Connection, parent_end: Connection) -> None:
    """In the child: import the chart modules, wait for one analysis, draw it, send back the result.

    Any failure ends the child quietly (no traceback on the user's terminal): the parent sees the
    pipe close and draws the charts itself, where a real error is raised with its traceback.
    """
    parent_end.close()  # else the child's own copy keeps the pipe open after the parent dies
    _die_with_parent()
    try:
        from marketreact.report import charts  # the import this process exists to overlap

        _warm_up()
        job = conn.recv()
        if job is None:  # the parent's analysis failed: nothing to draw
            return
        analysis, out, fmt = job
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            paths = charts.write_all(analysis, out, fmt)
        conn.send((paths, [(w.category, str(w.message)) for w in caught]))
    except BaseException:  # the parent redraws (see the docstring)
        return


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
        if not fork_allowed():
            return cls()
        try:
            parent, child = multiprocessing.get_context("fork").Pipe()
            # Not a daemon: a daemonic process may not fork the second chart worker.
            process = multiprocessing.get_context("fork").Process(target=_serve, args=(child, parent))
        except (OSError, RuntimeError):  # cannot make a pipe or process here
            return cls()
        try:
            process.start()
        except (OSError, RuntimeError, Warning):  # e.g. -W error and fork's DeprecationWarning
            if process.is_alive():  # forked before the warning was raised: do not leave it behind
                process.kill()
                process.join()
            return cls()
        finally:
            child.close()
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
                paths, caught = self._receive()
            except Exception:  # the child died or failed: draw here, where an error is raised
                paths, caught = None, []
            finally:
                self.close()
            if paths is not None:
                rewarn(caught)
                return list(paths)
        return analysis.write_charts(out, fmt)

    def _receive(self) -> tuple[Any, list[tuple[type[Warning], str]]]:
        """The child's ``(paths, warnings)``, or ``(None, [])`` once it is gone or too slow.

        Polls the pipe and the child's exit status: a child killed while its chart worker still
        holds the pipe (and the child's exit sentinel, both inherited) would otherwise leave a
        blocking receive waiting for as long as that worker lives.
        """
        assert self._conn is not None and self._process is not None
        deadline = time.monotonic() + _TIMEOUT
        while time.monotonic() < deadline:
            if self._conn.poll(0.05):
                result: tuple[Any, list[tuple[type[Warning], str]]] = self._conn.recv()
                return result
            if not self._process.is_alive():
                return self._conn.recv() if self._conn.poll(0) else (None, [])
        return None, []

    def draw(self, analysis: Analysis, out: Path, fmt: Literal["png", "svg"] = "png") -> list[Path]:
        """Write the analysis' charts into ``out`` (the child's, else this process'); their paths."""
        self.submit(analysis, out, fmt)
        return self.result()

    def close(self) -> None:
        """Stop the child: at once when it has no job (the analysis failed), else when it is done."""
        conn, process, self._conn, self._process = self._conn, self._process, None, None
        if conn is not None:
            conn.close()
        if process is not None:
            if self._job is None:
                process.kill()  # still importing or waiting: nothing to finish
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()

    def __enter__(self) -> ChartServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
