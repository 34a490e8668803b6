"""``marketreact corpus INPUT --out DIR``: many articles, one pooled event study."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from marketreact.cli._output import out_dir
from marketreact.cli._study_args import add_study_args, study_kwargs
from marketreact.report.executors import EXECUTORS


def register(sub: Any) -> None:
    p = sub.add_parser(
        "corpus",
        help="many articles: extraction in parallel, one pooled event study, tables of results",
        description="Analyse every article of INPUT (a folder of article files, or a JSONL/CSV/Parquet "
        "table with id, text, published and optional title, source) and write events.parquet/.csv "
        "(one row per article x listing), summary.csv/.json (pooled group tests: overall, by source, "
        "by exchange), failures.csv and articles.csv into DIR. Rerunning into the same DIR skips the "
        "articles already done.",
    )
    p.add_argument("input", type=Path, help="folder of article files, or a .jsonl/.csv/.parquet table")
    p.add_argument("--out", type=Path, required=True, help="output directory (resumed when it exists)")
    add_study_args(p)
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="where extraction runs (default local processes)",
    )
    p.add_argument(
        "--scheduler", help="Dask scheduler address (with --executor dask); default a local cluster"
    )
    p.add_argument("--workers", type=int, help="local worker processes (default: the CPU count)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from marketreact.report.corpus import analyse_many

    out = out_dir(args.out)
    result = analyse_many(
        args.input,
        out=out,
        executor=args.executor,
        scheduler=args.scheduler,
        workers=args.workers,
        progress=not args.no_progress,
        **study_kwargs(args),
    )
    ok = int((result.articles["status"] != "failed").sum())
    studied = int((result.events["skipped"] == "").sum()) if not result.events.empty else 0
    print(
        f"{len(result.articles)} article(s): {ok} analysed, {len(result.failures)} failed; "
        f"{len(result.events)} article x listing row(s), {studied} studied"
    )
    overall = result.summary[result.summary["group"] == "all"]
    if not overall.empty:
        cols = [
            c for c in ("window", "n", "caar", "patell_p", "kolari_pynnonen_p", "wilcoxon_p") if c in overall
        ]
        print(overall[cols].to_string(index=False))
    print(f"wrote {out}")
    return 0
