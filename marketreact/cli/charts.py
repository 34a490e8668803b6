"""``marketreact charts [ARTICLE ...] --out DIR``: regenerate every chart, byte-identically."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from marketreact.cli._output import out_dir
from marketreact.cli._study_args import add_study_args, study_kwargs
from marketreact.errors import ArticleError
from marketreact.reference import paths as _paths
from marketreact.report.analysis import analyse
from marketreact.text.article import read_article


def register(sub: Any) -> None:
    p = sub.add_parser(
        "charts",
        help="write every chart of the analysis (default: of every bundled article) into --out",
        description="Regenerate every chart, byte-identically on re-runs: one sub-directory of --out per "
        "article, named after the article file.",
    )
    p.add_argument("articles", nargs="*", type=Path, help="article files (default: data/articles/*.md)")
    p.add_argument("--published", help="publication time overriding the file(s), ISO with zone")
    p.add_argument("--out", type=Path, required=True, help="output directory (one sub-directory per article)")
    p.add_argument("--format", choices=("png", "svg"), default="png")
    add_study_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    articles = list(args.articles) or sorted((_paths.data_dir() / "articles").glob("*.md"))
    if not articles:
        raise ArticleError("data/articles", "no article files found", "pass ARTICLE paths")
    for path in articles:
        analysis = analyse(read_article(path, published=args.published), **study_kwargs(args))
        for written in analysis.write_charts(out_dir(args.out / path.stem), args.format):
            print(written)
    return 0
