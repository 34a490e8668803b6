"""``marketreact report ARTICLE``: the whole analysis, printed and (with --out) written with its charts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from marketreact.cli._output import add_article_args, load_article, out_dir, write_json
from marketreact.cli._study_args import add_study_args, study_kwargs
from marketreact.report.analysis import analyse
from marketreact.report.chart_server import ChartServer


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="the whole analysis: listings, day 0, event study, quoted-move check, caveats, charts",
        description="Run the whole analysis of an article and print it; with --out, also write "
        "report.txt, report.json and the six charts into that directory.",
    )
    add_article_args(p)
    add_study_args(p)
    p.add_argument("--out", type=Path, help="directory for report.txt, report.json and the charts")
    p.add_argument("--chart-format", choices=("png", "svg"), default="png", help="image format of the charts")
    p.add_argument(
        "--format", choices=("table", "json"), default="table", help="what to print (default table)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = out_dir(args.out) if args.out is not None else None  # fail before the work, not after
    # The chart process imports matplotlib while this one analyses (see report/chart_server.py).
    with ChartServer.start() if out is not None else ChartServer() as charts:
        analysis = analyse(load_article(args), **study_kwargs(args))
        if out is not None:
            charts.submit(analysis, out, args.chart_format)  # drawn while the text is written
        text, data = str(analysis), write_json(analysis.to_json_dict())
        print(data if args.format == "json" else text)
        if out is not None:
            (out / "report.txt").write_text(text + "\n", encoding="utf-8")
            (out / "report.json").write_text(data + "\n", encoding="utf-8")
            written = [
                out / "report.txt",
                out / "report.json",
                *charts.result(),
            ]
            print("\nwrote:\n" + "\n".join(f"  {p}" for p in written))
    return 0
