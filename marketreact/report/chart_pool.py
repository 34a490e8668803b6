"""Draw an analysis' charts on two cores: this process and one forked child.

Matplotlib draws one figure at a time on one core; the six report charts are
independent of each other, so half of them (by estimated drawing cost) are drawn
in a child forked from this process, which inherits the analysis and the imported
modules (nothing is pickled but the paths coming back), while this process draws
the other half. Every
chart is a separate figure written to its own file, so the bytes do not depend
on which process drew it.

Falls back to drawing everything here, in order, when forking is not safe or
not worth it: not on Linux, one usable core, other threads running (a Jupyter
kernel, say: forking a threaded process can deadlock), little to draw, or
``MARKETREACT_CHART_WORKERS=1`` in the environment; and when the child cannot be
started or fails (its charts are then drawn here, so a real error is raised
from this process with its usual traceback).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ChartJob", "can_fork", "fork_allowed", "rewarn", "run_jobs", "split"]

# Below this much estimated work (in grid panels) forking costs about what it saves.
_MIN_WEIGHT = 8

# The jobs of the current run_jobs call: set just before the fork, so the child inherits them
# (closures over an analysis cannot be pickled, and need not be).
_JOBS: Sequence[ChartJob] = ()


@dataclass(frozen=True)
class ChartJob:
    """One chart to draw: its name, a rough drawing cost (in grid panels) and the call that writes it."""

    name: str
    weight: int
    run: Callable[[], Path]


def split(jobs: Sequence[ChartJob]) -> tuple[list[int], list[int]]:
    """Job indices in two groups of about equal weight (heaviest first, each to the lighter group).

    Deterministic: ties keep the input order. The first group is the one that
    receives the heaviest job.
    """
    groups: tuple[list[int], list[int]] = ([], [])
    load = [0, 0]
    for i in sorted(range(len(jobs)), key=lambda i: -jobs[i].weight):
        target = 0 if load[0] <= load[1] else 1
        groups[target].append(i)
        load[target] += jobs[i].weight
    return sorted(groups[0]), sorted(groups[1])


def fork_allowed() -> bool:
    """Forking a chart process is safe and can help: Linux, two usable cores, no other thread
    (forking a threaded process can deadlock), not switched off by ``MARKETREACT_CHART_WORKERS=1``."""
    if os.environ.get("MARKETREACT_CHART_WORKERS", "").strip() == "1":
        return False
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        return False
    return threading.active_count() == 1


def can_fork(jobs: Sequence[ChartJob]) -> bool:
    """Whether :func:`run_jobs` would draw ``jobs`` on two processes (see the module docstring)."""
    return fork_allowed() and len(jobs) >= 2 and sum(job.weight for job in jobs) >= _MIN_WEIGHT


def run_jobs(jobs: Sequence[ChartJob]) -> list[Path]:
    """Run every job; returns their paths in the order of ``jobs``."""
    if not can_fork(jobs):
        return [job.run() for job in jobs]
    child, here = split(jobs)
    global _JOBS
    _JOBS = jobs
    # No gc.freeze() before forking (Python's advice against copy-on-write): it saved the
    # child a few per cent, and after gc.unfreeze() leaving the interpreter took 1.3 s longer.
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            future = pool.submit(_run_group, child)
        except (OSError, RuntimeError):  # cannot start a process here: draw everything in this one
            return [job.run() for job in jobs]
        with pool:
            done = {i: jobs[i].run() for i in here}
            try:
                paths, caught = future.result()
            except Exception:  # whatever failed there (a crash, an error): draw those charts here
                paths, caught = [jobs[i].run() for i in child], []
    finally:
        _JOBS = ()
    rewarn(caught)
    done.update(zip(child, paths, strict=True))
    return [done[i] for i in range(len(jobs))]


def _run_group(indices: list[int]) -> tuple[list[Path], list[tuple[type[Warning], str]]]:
    """In the child: run the jobs at ``indices``; return their paths and the warnings they raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = [_JOBS[i].run() for i in indices]
    return paths, [(w.category, str(w.message)) for w in caught]


def rewarn(caught: list[tuple[type[Warning], str]]) -> None:
    """Raise again here the warnings the child recorded (as text: any warning class will do)."""
    for category, message in caught:
        try:
            warnings.warn(message, category, stacklevel=3)
        except TypeError:  # a warning class that needs more than a message
            warnings.warn(f"{category.__name__}: {message}", UserWarning, stacklevel=3)
