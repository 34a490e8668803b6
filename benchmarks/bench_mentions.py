"""Cost of mention extraction with the world security master (issue 11). A script, not a test.

    .venv/bin/python benchmarks/bench_mentions.py [--runs 5] [--json]

Three measurements, each against a goal; the reference time is a bare ``python -c "import pandas,
numpy"`` in a subprocess (median of ``--runs``), so the goals do not depend on the machine:

a. **cost vs text length**: :func:`marketreact.text.extract_mentions` on the flagship digest
   (``data/articles/2025-04-09-foxconn-nissan-ev.md``) repeated 20, 200 and 2,000 times (paragraphs
   joined by a blank line), and on a 5 MB text made the same way; the master and its matcher are
   loaded before timing. Goals: a 10x longer text costs at most 15x the time; the 5 MB text costs
   at most 20x the bare import.
b. **cold command**: ``python -m marketreact mentions ARTICLE`` in a fresh process (one untimed run
   first so that the disk and the user cache are warm; then the median of ``--runs``). Goal: at
   most 3x the bare import.
c. **throughput**: the 30 evaluation articles (``tests/fixtures/eval``) plus the 3 bundled
   articles, read, extracted and selected in one process after a warm-up. Goal: at most 10 ms per
   article (the marginal cost, once the master is loaded).

Timings are wall-clock (``time.perf_counter``) on whatever else the machine is doing; compare runs
on one machine, not across machines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from marketreact.reference.indices import load_indices
from marketreact.reference.securities import load_master
from marketreact.text import extract_mentions, read_article, select_listings
from marketreact.text.matcher import matcher_for

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md"
EVAL = REPO / "tests" / "fixtures" / "eval"
MB = 1_000_000


def _median_subprocess(args: list[str], runs: int) -> float:
    """Median wall time of ``args`` run ``runs`` times (after one untimed run that warms the caches)."""
    subprocess.run(args, check=True, capture_output=True, cwd=REPO)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bare_import(runs: int) -> float:
    """Seconds for a fresh interpreter to import pandas and numpy (the reference time)."""
    return _median_subprocess([sys.executable, "-c", "import pandas, numpy"], runs)


def length_scaling() -> list[dict[str, Any]]:
    """Extraction time on the digest repeated n times, and on a 5 MB text."""
    master = load_master()
    matcher_for(master)
    digest = read_article(FLAGSHIP).text.strip()
    extract_mentions(digest, master)  # warm: index table, regexes
    unit = digest + "\n\n"
    five_mb = unit * (-(-5 * MB // len(unit.encode("utf-8"))))
    rows = []
    for label, text in [("20x", unit * 20), ("200x", unit * 200), ("2000x", unit * 2000), ("5 MB", five_mb)]:
        t0 = time.perf_counter()
        ex = extract_mentions(text, master)
        dt = time.perf_counter() - t0
        size = len(text.encode("utf-8")) / MB
        rows.append(
            {
                "text": label,
                "mb": round(size, 3),
                "seconds": round(dt, 4),
                "s_per_mb": round(dt / size, 3),
                "mentions": len(ex.mentions),
            }
        )
    return rows


def cold_command(runs: int) -> float:
    """Median seconds of ``python -m marketreact mentions FLAGSHIP`` in a fresh process."""
    return _median_subprocess([sys.executable, "-m", "marketreact", "mentions", str(FLAGSHIP)], runs)


def throughput() -> dict[str, Any]:
    """Articles per second and marginal ms per article over the eval set and the bundled articles."""
    paths = sorted(p for p in EVAL.glob("*.md") if p.name != "README.md")
    paths += sorted((REPO / "data" / "articles").glob("*.md"))
    master = load_master()
    matcher_for(master)
    first = read_article(paths[0])
    select_listings(extract_mentions(first.text, master), master, title=first.title)  # warm-up
    per_article = []
    t_all = time.perf_counter()
    for path in paths:
        t0 = time.perf_counter()
        article = read_article(path)
        select_listings(extract_mentions(article.text, master), master, title=article.title)
        per_article.append(time.perf_counter() - t0)
    total = time.perf_counter() - t_all
    # The same work with the index table built once and passed in (titles not re-extracted): the part of
    # the cost that is load_indices() rebuilding its table on every extract_mentions call.
    table = load_indices()
    articles = [read_article(p) for p in paths]
    t0 = time.perf_counter()
    for article in articles:
        select_listings(extract_mentions(article.text, master, indices=table), master)
    once = time.perf_counter() - t0
    return {
        "articles": len(paths),
        "seconds": round(total, 4),
        "articles_per_s": round(len(paths) / total, 1),
        "ms_per_article_mean": round(1e3 * total / len(paths), 2),
        "ms_per_article_median": round(1e3 * statistics.median(per_article), 2),
        "ms_per_article_max": round(1e3 * max(per_article), 2),
        "ms_per_article_index_table_once_no_title": round(1e3 * once / len(paths), 2),
    }


def run(runs: int) -> dict[str, Any]:
    """All measurements with their goals."""
    base = bare_import(runs)
    scaling = length_scaling()
    ratios = [
        round(scaling[i + 1]["seconds"] / scaling[i]["seconds"], 2)
        for i in range(2)
        if scaling[i]["seconds"] > 0
    ]
    five = scaling[-1]["seconds"]
    cold = cold_command(runs)
    thr = throughput()
    return {
        "bare_import_pandas_numpy_s": round(base, 4),
        "length_scaling": scaling,
        "ratio_10x_longer": ratios,
        "goal_ratio_10x_at_most": 15,
        "five_mb_over_bare_import": round(five / base, 2),
        "goal_five_mb_at_most": 20,
        "cold_mentions_s": round(cold, 4),
        "cold_over_bare_import": round(cold / base, 2),
        "goal_cold_at_most": 3,
        "throughput": thr,
        "goal_ms_per_article_at_most": 10,
        "met": {
            "ratio_10x": all(r <= 15 for r in ratios),
            "five_mb": five / base <= 20,
            "cold": cold / base <= 3,
            "ms_per_article": thr["ms_per_article_mean"] <= 10,
        },
    }


def _table(result: dict[str, Any]) -> str:
    lines = [f"bare `import pandas, numpy`: {result['bare_import_pandas_numpy_s']:.3f} s (median)", ""]
    lines.append(f"{'text':>6} {'MB':>7} {'seconds':>9} {'s/MB':>7} {'mentions':>9}")
    for row in result["length_scaling"]:
        lines.append(
            f"{row['text']:>6} {row['mb']:7.3f} {row['seconds']:9.3f} {row['s_per_mb']:7.2f} {row['mentions']:9d}"
        )
    met = result["met"]
    ok = {True: "ok", False: "MISSED"}
    lines += [
        "",
        f"10x longer text costs {', '.join(f'{r}x' for r in result['ratio_10x_longer'])} the time "
        f"(goal <= 15x): {ok[met['ratio_10x']]}",
        f"5 MB text: {result['five_mb_over_bare_import']}x the bare import (goal <= 20x): {ok[met['five_mb']]}",
        f"cold `marketreact mentions`: {result['cold_mentions_s']:.3f} s = {result['cold_over_bare_import']}x the "
        f"bare import (goal <= 3x): {ok[met['cold']]}",
    ]
    thr = result["throughput"]
    lines.append(
        f"{thr['articles']} articles in {thr['seconds']:.3f} s: {thr['articles_per_s']} articles/s, "
        f"{thr['ms_per_article_mean']} ms/article mean, {thr['ms_per_article_median']} median, "
        f"{thr['ms_per_article_max']} max (goal <= 10 ms): {ok[met['ms_per_article']]}"
    )
    lines.append(
        f"  with the index table built once and no title pass: "
        f"{thr['ms_per_article_index_table_once_no_title']} ms/article (read_article excluded)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="subprocess runs per median (default 5)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = run(args.runs)
    print(json.dumps(result, indent=2) if args.json else _table(result))


if __name__ == "__main__":
    main()
