"""``marketreact study ARTICLE``: per-listing AR/CAR/BHAR with t-tests, and group tests."""

from __future__ import annotations

import argparse
from typing import Any

from marketreact.cli._output import add_article_args, load_article, write_json
from marketreact.cli._study_args import add_study_args, study_kwargs
from marketreact.errors import NoStudy
from marketreact.report.analysis import analyse
from marketreact.report.text import render_study_text


def register(sub: Any) -> None:
    p = sub.add_parser(
        "study",
        help="event study of the listings an article mentions (CAR, BHAR, tests)",
        description="Plan the listings and day 0 from the article, then run the event study on each "
        "listing's own exchange sessions against its local benchmark.",
    )
    add_article_args(p)
    add_study_args(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    analysis = analyse(load_article(args), charts=False, **study_kwargs(args))
    study = analysis.study
    if args.format == "json":
        body: dict[str, Any] = study.to_json_dict() if study is not None else {"listings": [], "group": []}
        body["excluded"] = analysis.plan.excluded
        body["warnings"] = analysis.warnings
        print(write_json(body))
    else:
        print(render_study_text(analysis))
    if study is None:
        reasons = "; ".join(analysis.notes) or "no listing could be studied"
        raise NoStudy(str(analysis.article.origin), reasons)
    return 0
