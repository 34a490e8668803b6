"""Time each stage of the world security master build (a script, not a test).

    .venv/bin/python benchmarks/bench_securities_import.py [/work/shared/data/securities]

Reads the staged sources, merges, groups and writes into a temporary directory (the committed files are not
touched) and prints wall and CPU seconds per stage plus the peak resident size.
"""

from __future__ import annotations

import itertools
import resource
import sys
import tempfile
import time
from pathlib import Path

from marketreact.reference.importers import build as b
from marketreact.reference.importers._common import Stats

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data" / "securities"
    stats = Stats()
    marks: list[tuple[str, float, float]] = [("start", time.perf_counter(), time.process_time())]
    rows = b.load_sources(root, stats)
    marks.append((f"load {len(rows)} rows", time.perf_counter(), time.process_time()))
    lines, variants = b.merge_symbols(rows, stats)
    marks.append((f"merge -> {len(lines)} symbols", time.perf_counter(), time.process_time()))
    companies, listings = b.assemble(lines, variants, REPO / "data" / "securities", stats)
    marks.append((f"group/assemble -> {len(companies)} companies", time.perf_counter(), time.process_time()))
    with tempfile.TemporaryDirectory() as tmp:
        b._write_gz(Path(tmp) / "l.csv.gz", listings)
        b._write_gz(Path(tmp) / "c.csv.gz", companies)
    marks.append(("write", time.perf_counter(), time.process_time()))
    for (_, w0, c0), (label, w1, c1) in itertools.pairwise(marks):
        print(f"{label:40s} wall {w1 - w0:6.1f} s  cpu {c1 - c0:6.1f} s")
    print(f"{'total':40s} wall {marks[-1][1] - marks[0][1]:6.1f} s  cpu {marks[-1][2] - marks[0][2]:6.1f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
