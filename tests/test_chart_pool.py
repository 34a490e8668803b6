"""Charts drawn on two processes: the split, the fallbacks, and the same bytes as drawn in one process."""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from marketreact.report import chart_pool
from marketreact.report.chart_pool import ChartJob, can_fork, run_jobs, split

FORKS = can_fork([ChartJob("a", 10, Path), ChartJob("b", 10, Path)])


def _job(name: str, weight: int, tmp: Path, body: str = "") -> ChartJob:
    def run() -> Path:
        path = tmp / name
        path.write_text(body or name)
        return path

    return ChartJob(name, weight, run)


def test_split_gives_each_heaviest_job_to_the_lighter_group(tmp_path: Path) -> None:
    # Weights 5, 12, 10, 10, 4, 5 (the flagship's charts), by hand, heaviest first:
    # 12 -> A (12); 10 -> B (10); 10 -> B (20); 5 -> A (17); 5 -> A (22); 4 -> B (24).
    jobs = [_job(str(i), w, tmp_path) for i, w in enumerate([5, 12, 10, 10, 4, 5])]
    assert split(jobs) == ([0, 1, 5], [2, 3, 4])
    # Ties keep input order: the first of two equal jobs goes to the first group.
    assert split([_job("x", 1, tmp_path), _job("y", 1, tmp_path)]) == ([0], [1])
    assert split([]) == ([], [])


def test_can_fork_says_no_for_little_work_a_setting_or_other_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = [_job("a", 1, tmp_path), _job("b", 2, tmp_path)]
    assert not can_fork(small)  # 3 panels' worth: forking would cost what it saves
    assert not can_fork([_job("a", 50, tmp_path)])  # one chart: nothing to share
    big = [_job("a", 10, tmp_path), _job("b", 10, tmp_path)]
    monkeypatch.setenv("MARKETREACT_CHART_WORKERS", "1")
    assert not can_fork(big)
    monkeypatch.delenv("MARKETREACT_CHART_WORKERS")
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not can_fork(big)  # forking a process with other threads can deadlock
    finally:
        stop.set()
        worker.join()


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_jobs_run_in_two_processes_and_come_back_in_order(tmp_path: Path) -> None:
    parent = os.getpid()

    def where(name: str, weight: int) -> ChartJob:
        def run() -> Path:
            path = tmp_path / name
            path.write_text(str(os.getpid()))
            return path

        return ChartJob(name, weight, run)

    jobs = [where("a", 4), where("b", 12), where("c", 10)]
    paths = run_jobs(jobs)
    assert [p.name for p in paths] == ["a", "b", "c"]
    pids = {p.name: int(p.read_text()) for p in paths}
    # split: b (12) in the child; c (10), a (4) here.
    assert pids["b"] != parent
    assert pids["a"] == pids["c"] == parent
    assert chart_pool._JOBS == ()  # nothing left behind for a later fork


@pytest.mark.skipif(not FORKS, reason="needs Linux and two usable cores")
def test_a_job_failing_in_the_child_is_run_here_and_child_warnings_are_passed_on(tmp_path: Path) -> None:
    parent = os.getpid()

    def flaky() -> Path:
        if os.getpid() != parent:
            raise RuntimeError("only fails in the child")
        return tmp_path / "flaky"

    def warns() -> Path:
        warnings.warn("drawn with a caveat", UserWarning, stacklevel=1)
        return tmp_path / "warns"

    # flaky (12) goes to the child and fails there; drawn again here it succeeds.
    paths = run_jobs([ChartJob("flaky", 12, flaky), ChartJob("here", 10, lambda: tmp_path / "here")])
    assert [p.name for p in paths] == ["flaky", "here"]
    with pytest.warns(UserWarning, match="drawn with a caveat"):
        paths = run_jobs([ChartJob("warns", 12, warns), ChartJob("here", 10, lambda: tmp_path / "here")])
    assert [p.name for p in paths] == ["warns", "here"]


def test_a_job_error_in_this_process_is_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARKETREACT_CHART_WORKERS", "1")

    def broken() -> Path:
        raise ValueError("bad chart")

    with pytest.raises(ValueError, match="bad chart"):
        run_jobs([ChartJob("x", 12, broken), ChartJob("y", 10, lambda: tmp_path)])


def test_charts_drawn_in_two_processes_equal_charts_drawn_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marketreact as mr

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mr.analyse(mr.read_article("data/articles/2025-04-09-foxconn-nissan-ev.md"))
    pooled = analysis.write_charts(tmp_path / "pooled")
    monkeypatch.setenv("MARKETREACT_CHART_WORKERS", "1")
    serial = analysis.write_charts(tmp_path / "serial")
    assert [p.name for p in pooled] == [p.name for p in serial] and len(serial) == 6
    for a, b in zip(pooled, serial, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_in_view_locator_returns_only_visible_ticks() -> None:
    from marketreact.plots._ticks import day_locator, value_locator

    fig, ax = plt.subplots()
    ax.set_xlim(-10.5, 10.5)
    ax.xaxis.set_major_locator(day_locator())
    # MaxNLocator alone would also return -15 and 15 (outside the view).
    assert list(ax.xaxis.get_majorticklocs()) == [-10, -5, 0, 5, 10]
    ax.set_xlim(-5.5, 5.5)
    assert list(ax.xaxis.get_majorticklocs()) == [-4, -2, 0, 2, 4]
    # Index levels 93..121 with whole-number steps of 1, 2, 5 or 10: at most 5 bins, so 10s.
    ax.set_ylim(93, 121)
    ax.yaxis.set_major_locator(value_locator(integer=True, steps=(1, 2, 5, 10)))
    assert list(ax.yaxis.get_majorticklocs()) == [100, 110, 120]
    plt.close(fig)


def test_fixed_layout_widens_the_figure_for_a_text_past_the_edge() -> None:
    from marketreact.plots._style import _FIXED, fix_layout, text_width

    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    ax.set_xlim(0, 1)
    long = ax.annotate("x" * 60, xy=(0.9, 0.5), fontsize=10)
    assert text_width(fig, [long]) > 3.0  # 60 glyphs at 10 pt: several inches
    fix_layout(fig, left=0.5, right=0.2, top=0.3, bottom=0.5, keep_inside=[long])
    assert fig in _FIXED
    assert fig.get_figwidth() > 4.0
    # The Axes keep their width in inches (3.3 = 4.0 - 0.5 - 0.2); the text now ends inside the figure.
    assert np.isclose(ax.get_position().width * fig.get_figwidth(), 3.3)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    assert long.get_window_extent(renderer).x1 <= fig.get_figwidth() * fig.dpi
    plt.close(fig)
