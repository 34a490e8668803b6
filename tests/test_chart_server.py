"""The chart process of ``report --out`` (report/chart_server.py): the same bytes, and every fallback
draws in this process."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

import marketreact as mr
from marketreact.report import chart_server
from marketreact.report.analysis import Analysis
from marketreact.report.chart_server import ChartServer

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "2025-04-22-tesla-first-quarter.md"
FORKS = chart_server.fork_allowed()


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return mr.analyse(mr.read_article(ARTICLE))


@pytest.fixture(scope="module")
def here(analysis: Analysis, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The charts drawn in this process: the reference bytes."""
    paths = analysis.write_charts(tmp_path_factory.mktemp("here"))
    return {p.name: p.read_bytes() for p in paths}


def _same(paths: list[Path], here: dict[str, bytes]) -> None:
    assert sorted(p.name for p in paths) == sorted(here)
    for path in paths:
        assert path.read_bytes() == here[path.name], path.name


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_the_child_draws_the_same_bytes(analysis: Analysis, here: dict[str, bytes], tmp_path: Path) -> None:
    with ChartServer.start() as server:
        process = server._process
        assert process is not None and process.is_alive()
        server.submit(analysis, tmp_path, "png")
        paths = server.result()
    assert not process.is_alive()
    _same(paths, here)


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_a_dead_child_means_drawing_here(analysis: Analysis, here: dict[str, bytes], tmp_path: Path) -> None:
    server = ChartServer.start()
    assert server._process is not None
    server._process.kill()
    server._process.join()
    _same(server.draw(analysis, tmp_path), here)


class _Refusing:
    """A connection whose send fails as an unpicklable analysis would."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def send(self, obj: Any) -> None:
        if obj is not None:
            raise pickle.PicklingError("cannot pickle a local function")
        self.real.send(obj)

    def close(self) -> None:
        self.real.close()


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_an_analysis_that_cannot_be_sent_is_drawn_here(
    analysis: Analysis, here: dict[str, bytes], tmp_path: Path
) -> None:
    server = ChartServer.start()
    process = server._process
    server._conn = _Refusing(server._conn)  # type: ignore[assignment]
    _same(server.draw(analysis, tmp_path), here)
    assert process is not None and not process.is_alive()  # told to stop, and gone


def test_closing_without_an_analysis_stops_the_child() -> None:
    server = ChartServer.start()
    process = server._process
    server.close()  # e.g. the analysis raised: the with block closes the server
    assert process is None or not process.is_alive()
    server.close()  # twice is harmless


def test_switched_off_or_unusable_draws_here(
    analysis: Analysis, here: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARKETREACT_CHART_WORKERS", "1")
    with ChartServer.start() as server:
        assert server._process is None
        _same(server.draw(analysis, tmp_path), here)
    with pytest.raises(AssertionError, match="submit"):
        ChartServer().result()


def _orphaning_child(conn: Any, parent_end: Any) -> None:
    """A child that dies at once, leaving a grandchild that holds its end of the pipe (as a chart
    worker of a killed child would)."""
    import os
    import time

    parent_end.close()
    if os.fork() == 0:  # the grandchild: keeps ``conn`` open for a while, then leaves
        time.sleep(5)
        os._exit(0)
    os._exit(1)


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_a_child_gone_while_its_worker_holds_the_pipe_is_not_waited_for(
    analysis: Analysis, here: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_server, "_serve", _orphaning_child)
    server = ChartServer.start()
    assert server._process is not None
    # Without watching the child's end, recv() would block until the grandchild leaves.
    _same(server.draw(analysis, tmp_path), here)


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_a_failing_child_is_quiet_and_the_charts_are_drawn_here(
    analysis: Analysis,
    here: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    import os

    from marketreact.report import charts

    parent, real = os.getpid(), charts.write_all

    def fails_in_the_child(*args: Any, **kwargs: Any) -> list[Path]:
        if os.getpid() != parent:
            raise RuntimeError("SYNTHETIC failure in the chart process")
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "write_all", fails_in_the_child)
    capfd.readouterr()
    with ChartServer.start() as server:
        paths = server.draw(analysis, tmp_path)
    _same(paths, here)
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_the_child_ends_with_its_parent(tmp_path: Path) -> None:
    """A killed ``report`` leaves no chart process behind (Linux parent-death signal)."""
    import os
    import subprocess
    import sys
    import time

    script = (
        "import os\n"
        "from marketreact.report.chart_server import ChartServer\n"
        "server = ChartServer.start()\n"
        "print(server._process.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    pid = int(out.stdout.split()[0])
    for _ in range(200):  # up to 20 s for the signal to land and the child to be reaped
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        pytest.fail(f"the chart process {pid} outlived its parent")


def test_warnings_of_any_class_are_raised_again() -> None:
    class Picky(UserWarning):
        def __init__(self, a: str, b: str) -> None:
            super().__init__(f"{a} {b}")

    with pytest.warns(UserWarning, match="Picky: two words"):
        chart_server.rewarn([(Picky, "two words")])
    with pytest.warns(RuntimeWarning, match="plain"):
        chart_server.rewarn([(RuntimeWarning, "plain")])
