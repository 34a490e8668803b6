"""Charts vs the study: a cold ``marketreact report --out`` (six charts) vs a cold ``marketreact study``.

    .venv/bin/python benchmarks/bench_charts.py [--repeat 3]

Fresh processes (median of ``--repeat``) after one untimed run of each; the report writes into a
new temporary folder every run. Goal (issue 14): report --out <= 2x study. Also prints the
in-process split: analysis (charts=False) vs writing the six charts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from _timing import FLAGSHIP, cli, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = cli("report", str(FLAGSHIP), "--out", str(Path(tmp) / "r"))
        study = cli("study", str(FLAGSHIP))
        wall(report, 1)
        wall(study, 1)
        t_study, t_report = wall(study, args.repeat), wall(report, args.repeat)
    print(
        f"cold study: {t_study:.2f} s; cold report --out (six charts): {t_report:.2f} s = {t_report / t_study:.1f}x"
    )

    import marketreact as mr

    warnings.simplefilter("ignore")
    article = mr.read_article(FLAGSHIP)
    start = time.perf_counter()
    analysis = mr.analyse(article)
    t_analysis = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        analysis.write_charts(Path(tmp) / "warm")  # matplotlib imported, fonts cached
        start = time.perf_counter()
        analysis.write_charts(Path(tmp) / "c")
        t_charts = time.perf_counter() - start
    print(f"in process: analysis {t_analysis:.2f} s, six charts {t_charts:.2f} s (warm)")


if __name__ == "__main__":
    main()
