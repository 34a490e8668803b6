"""``marketreact prices SYMBOL``: print stored bars."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from marketreact.cli._output import SOURCE_HELP as _SOURCE_HELP
from marketreact.cli._output import write_json
from marketreact.data.prices import load_prices


def register(sub: Any) -> None:
    p = sub.add_parser(
        "prices",
        help="print daily bars for symbols (figures exactly as stored)",
        description="Print daily bars from the offline snapshot (default) or Yahoo, one row per "
        "session of each listing's own exchange; missing sessions are reported, never filled.",
    )
    p.add_argument("symbols", nargs="+", help="Yahoo symbols, e.g. AAPL 7201.T ^N225")
    p.add_argument("--start", help="first session date, ISO (inclusive)")
    p.add_argument("--end", help="last session date, ISO (inclusive)")
    p.add_argument("--source", default="snapshot", metavar="NAME|DIR", help=_SOURCE_HELP)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output format")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    frame = load_prices(args.symbols, args.start, args.end, source=args.source)
    flat = frame.reset_index()
    flat["date"] = flat["date"].dt.strftime("%Y-%m-%d")
    if args.format == "json":
        records = flat.astype(object).where(flat.notna(), None).to_dict(orient="records")
        print(write_json(records))
    elif args.format == "csv":
        flat.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(flat.to_string(index=False))
    return 0
