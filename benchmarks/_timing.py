"""Shared helpers of the benchmark scripts: wall time of a fresh process, median of N runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md"
BARE = [sys.executable, "-c", "import pandas, numpy"]


def cli(*args: str) -> list[str]:
    """The command line of ``marketreact ARGS`` in this interpreter."""
    return [sys.executable, "-m", "marketreact", *args]


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall time of ``cmd`` over ``repeat`` fresh processes (output discarded; a failure raises)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
