"""Wall time of the notebook set per article (a script, not a test).

    .venv/bin/python benchmarks/bench_notebooks.py [--jobs 2] [--html]

Runs :func:`marketreact.report.notebooks.run_set` (what ``marketreact notebook``
does) on each bundled article into a temporary folder and prints the seconds
per article set; the test suite runs the set on four article shapes and
should stay well under two minutes in total.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from marketreact.report.notebooks import run_set

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--html", action="store_true", help="also export HTML (as the CLI does)")
    args = parser.parse_args()
    total = 0.0
    for article in sorted(ARTICLES.glob("*.md")):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            run_set(article, Path(tmp), html=args.html, jobs=args.jobs)
            seconds = time.perf_counter() - start
        total += seconds
        print(f"{article.name:<48} {seconds:6.1f} s")
    print(f"{'total':<48} {total:6.1f} s  (jobs={args.jobs}, html={args.html})")


if __name__ == "__main__":
    main()
