"""``marketreact claims ARTICLE``: which session each quoted move of an article describes."""

from __future__ import annotations

import argparse
from typing import Any

from marketreact.claims.check import ClaimCheck, check_article
from marketreact.cli._output import flat as _flat
from marketreact.cli._output import load_article as _load
from marketreact.cli._output import table as _table
from marketreact.cli._output import write_json
from marketreact.text.article import Article


def register(sub: Any) -> None:
    p = sub.add_parser(
        "claims",
        help="check the article's quoted price moves against the closes around day 0",
        description=(
            "Find the quoted price moves of an article ('Apple lost 4.98%'), tie each to the listing "
            "it is about, and compare it with that listing's close-to-close change on every session "
            "around day 0. A quote that matches no session is a finding, not an error (exit 0)."
        ),
    )
    p.add_argument("article", help="article file (UTF-8 text or Markdown), or '-' for standard input")
    p.add_argument(
        "--published",
        help="publication time, overrides the file: ISO with zone, e.g. 2025-04-09T09:00+09:00, or a date",
    )
    p.add_argument("--source", default="snapshot", metavar="NAME|DIR")
    p.add_argument(
        "--window",
        default="-5,5",
        help="sessions around day 0 to search, inclusive offsets 'a,b' (write --window=-3,3; default -5,5)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def build_report(article: Article, check: ClaimCheck) -> dict[str, Any]:
    """Everything the command prints, as plain data (the JSON output)."""
    return {
        "article": {
            "origin": article.origin,
            "published": article.published_iso,
            "date_only": article.date_only,
        },
        "window": list(check.window),
        **check.to_json_dict(),
    }


def _print_table(report: dict[str, Any]) -> None:
    art = report["article"]
    print(f"Article: {art['origin']}")
    print(f"  published: {art['published']}" + (" (date only)" if art["date_only"] else ""))
    a, b = report["window"]
    claims = report["claims"]
    print(f"\nQuoted moves tied to a listing ({len(claims)}), sessions {a:+d}..{b:+d} around day 0")
    if claims:
        rows = [[_flat(c["text"]), c["symbol"], c["day0"], c["verdict"]] for c in claims]
        print(_table(["quote", "listing", "day0", "verdict"], rows))
    print(f"\n{report['summary']}")
    unattributed = report["unattributed"]
    print(f"\nUnattributed ({len(unattributed)})")
    for u in unattributed:
        print(f"  {u['start']}-{u['end']} {_flat(u['text'])!r}: {u['reason']}")


def run(args: argparse.Namespace) -> int:
    article = _load(args)
    check = check_article(article, source=args.source, window=args.window)
    report = build_report(article, check)
    if args.format == "json":
        print(write_json(report))
    else:
        _print_table(report)
    return 0
