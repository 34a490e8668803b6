"""Map a function over many items: in this process, a local process pool, or a Dask cluster.

Used by :func:`marketreact.report.corpus.analyse_many` for the per-article stages (extraction
and planning). Results come back in input order whatever the executor, so the output of a run
does not depend on how it was scheduled.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from marketreact.errors import InvalidParameter

__all__ = ["EXECUTORS", "run_map"]

EXECUTORS = ("local", "dask")
T = TypeVar("T")
R = TypeVar("R")

# Below this many items a process pool costs more (start-up, pickling) than it saves.
_MIN_FOR_POOL = 8


def run_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    executor: str = "local",
    scheduler: Any = None,
    workers: int | None = None,
    progress: bool = False,
    desc: str = "articles",
) -> list[R]:
    """``[fn(item) for item in items]``, in parallel.

    Parameters
    ----------
    fn : callable
        A module-level function (it is pickled to the workers); it should not raise.
    items : sequence
    executor : {"local", "dask"}
        ``local``: a pool of ``workers`` processes (forked where the platform allows it, so the
        workers start with the parent's loaded reference data); a few items run in this
        process. ``dask``: ``dask.distributed`` (``pip install 'marketreact[dask]'``).
    scheduler : str or dask.distributed.Client, optional
        For ``dask``: a scheduler address or a client; without one a local cluster is started
        for this call.
    workers : int, optional
        Processes for ``local`` (default: the CPU count); ``1`` runs in this process.
    progress : bool
        Show a tqdm progress bar on stderr.
    """
    if executor not in EXECUTORS:
        raise InvalidParameter("executor", executor, f"use one of {', '.join(EXECUTORS)}")
    if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool) or workers < 1):
        raise InvalidParameter("workers", workers, "give a whole number of processes, at least 1")
    if scheduler is not None and executor != "dask":
        raise InvalidParameter("scheduler", scheduler, "a scheduler is only used with executor='dask'")
    if executor == "dask":
        return _dask_map(fn, items, scheduler, progress, desc)
    n = workers or os.cpu_count() or 1
    if n == 1 or len(items) < _MIN_FOR_POOL:
        return [fn(item) for item in _bar(items, progress, desc)]
    # fork: workers inherit the parent's imports and caches instead of rebuilding them.
    method = "fork" if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(
        max_workers=min(n, len(items)), mp_context=multiprocessing.get_context(method)
    ) as pool:
        chunk = max(1, len(items) // (4 * n))
        return list(_bar(pool.map(fn, items, chunksize=chunk), progress, desc, total=len(items)))


def _bar(iterable: Any, progress: bool, desc: str, total: int | None = None) -> Any:
    if not progress:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="article", file=sys.stderr)


def _dask_map(fn: Callable[[T], R], items: Sequence[T], scheduler: Any, progress: bool, desc: str) -> list[R]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise InvalidParameter(
            "executor", "dask", "install the Dask extra: pip install 'marketreact[dask]'"
        ) from None
    own = scheduler is None or isinstance(scheduler, str)
    client = scheduler if not own else Client(scheduler) if scheduler else Client(processes=False)
    try:
        futures = client.map(fn, list(items), pure=False)
        if progress:
            for _ in _bar(as_completed(futures), True, desc, total=len(futures)):
                pass
        return list(client.gather(futures))
    finally:
        if own:
            client.close()
