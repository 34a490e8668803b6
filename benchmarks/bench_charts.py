"""Charts vs the study: a cold ``marketreact report --out`` (six charts) vs a cold ``marketreact study``.

    .venv/bin/python benchmarks/bench_charts.py [--repeat 3]

Fresh processes (median of ``--repeat``) after one untimed run of each; the report writes into a
new temporary folder every run. Goal (issue 14): report --out <= 2x study. Also prints the
in-process split: analysis (charts=False) vs writing the six charts (median of ``--repeat`` warm
runs), both as ``report`` draws them (two processes where it can fork) and in one process
(``MARKETREACT_CHART_WORKERS=1``). Timings on a shared machine move with its load: the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import statistics
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
        timings = {}
        for mode, workers in (("as report draws them", None), ("in one process", "1")):
            if workers:
                os.environ["MARKETREACT_CHART_WORKERS"] = workers
            runs = []
            for i in range(args.repeat):
                start = time.perf_counter()
                analysis.write_charts(Path(tmp) / f"{workers}{i}")
                runs.append(time.perf_counter() - start)
            timings[mode] = statistics.median(runs)
        os.environ.pop("MARKETREACT_CHART_WORKERS", None)
    split = ", ".join(f"{mode} {t:.2f} s" for mode, t in timings.items())
    print(f"in process: analysis {t_analysis:.2f} s, six charts (warm) {split}")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
