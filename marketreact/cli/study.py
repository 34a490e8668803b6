"""``marketreact study``: an event study of an article's listings, or of (symbol, day 0) rows you give.

``marketreact study ARTICLE`` plans the listings and day 0 from the article.
``marketreact study --event AAPL@2025-04-09`` (repeatable) or ``--events FILE.csv``
(columns ``symbol``, ``day0``, optional ``benchmark``, ``id``, ``mic``) studies
the rows given, with prices from ``--source`` (a folder of your own files too).
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

from marketreact._parse import parse_date
from marketreact.cli._output import add_article_args, load_article, write_json
from marketreact.cli._study_args import add_study_args, study_kwargs
from marketreact.errors import InvalidParameter, NoStudy
from marketreact.study import EventStudy, EventStudyResult

__all__ = ["parse_event_arg", "read_events_file", "register", "run"]

_EVENT_HINT = "write SYMBOL@YYYY-MM-DD, e.g. --event AAPL@2025-04-09"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "study",
        help="event study: of the listings an article mentions, or of (symbol, day 0) rows you give",
        description="With ARTICLE: plan the listings and day 0 from the article, then run the event study on "
        "each listing's own exchange sessions against its local benchmark. With --event/--events: study the "
        "rows given (no article needed), with prices from --source (a folder of your own files too).",
    )
    add_article_args(p, optional=True)
    add_study_args(p)
    p.add_argument(
        "--event",
        action="append",
        metavar="SYMBOL@DATE",
        help="study SYMBOL with day 0 on DATE instead of an article (repeat for several)",
    )
    p.add_argument(
        "--events",
        metavar="FILE.csv",
        help="CSV of events: columns symbol, day0 (YYYY-MM-DD); optional benchmark, id, mic",
    )
    p.add_argument(
        "--calendar",
        metavar="MIC",
        help="exchange whose sessions the --event symbols trade on, for symbols outside the security master "
        "(e.g. XTKS); default: the master's venue, else the symbol's own form",
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--anchor",
        choices=("publication", "text"),
        default="publication",
        help="which day 0 leads the table when the article's own words date the move before its publication "
        "(both are shown; JSON always carries both: windows and windows_text)",
    )
    p.set_defaults(func=run)


def parse_event_arg(value: str) -> dict[str, Any]:
    """``"AAPL@2025-04-09"`` -> ``{"symbol": "AAPL", "day0": Timestamp}``; a one-line error otherwise."""
    symbol, at, day = value.rpartition("@")
    if not at or not symbol.strip() or not day.strip():
        raise InvalidParameter("--event", value, _EVENT_HINT)
    try:
        day0 = parse_date(day.strip(), "--event")
    except InvalidParameter:
        raise InvalidParameter("--event", value, f"the date {day!r} does not parse; {_EVENT_HINT}") from None
    return {"symbol": symbol.strip(), "day0": day0}


def read_events_file(path: str) -> list[dict[str, Any]]:
    """Rows of an events CSV, each checked for ``symbol`` and a parseable ``day0``."""
    file = Path(path)
    if not file.is_file():
        raise InvalidParameter("--events", path, "no such file; give a CSV with columns symbol, day0")
    reader = csv.DictReader(io.StringIO(file.read_text(encoding="utf-8-sig")))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "symbol" not in columns or "day0" not in columns:
        raise InvalidParameter(
            "--events", path, f"needs columns symbol and day0 (found: {', '.join(columns) or 'none'})"
        )
    rows = []
    for n, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            row["day0"] = parse_date(row["day0"], "day0")
        except InvalidParameter:
            raise InvalidParameter(
                "--events", f"{path} line {n}", f"day0 {row['day0']!r} does not parse; write YYYY-MM-DD"
            ) from None
        rows.append({k: v for k, v in row.items() if v != ""})
    if not rows:
        raise InvalidParameter("--events", path, "the file has no event rows")
    return rows


def _events(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = [parse_event_arg(v) for v in args.event or []]
    if args.events:
        rows += read_events_file(args.events)
    return rows


def run(args: argparse.Namespace) -> int:
    given = args.event or args.events
    if given and args.article:
        raise InvalidParameter("ARTICLE", args.article, "give an article or --event/--events, not both")
    if not given and not args.article:
        raise InvalidParameter("ARTICLE", None, "give an article file, or events with --event SYMBOL@DATE")
    if given:
        return _run_events(args)
    return _run_article(args)


def _run_events(args: argparse.Namespace) -> int:
    kw = study_kwargs(args)
    rows = _events(args)
    mics = {r["symbol"]: args.calendar for r in rows if args.calendar and not r.get("mic")}
    study = EventStudy(
        model=kw["model"],
        estimation_window=kw["estimation_window"],
        event_windows=kw["event_windows"],
        benchmark=kw["benchmark"],
        conventions=kw["conventions"],
    )
    result = study.fit(rows, source=kw["source"], mics=mics)
    _print_result(result, args.format)
    return 0


def _print_result(result: EventStudyResult, fmt: str) -> None:
    if fmt == "json":
        print(write_json(result.to_json_dict()))
    elif fmt == "csv":
        tests = result.tests.reset_index()
        print(tests.to_csv(index=False, float_format="%.10g"), end="")
    else:
        from marketreact.report.text import render_result_text

        print(render_result_text(result))


def _run_article(args: argparse.Namespace) -> int:
    from marketreact.report.analysis import analyse
    from marketreact.report.text import render_study_text

    analysis = analyse(load_article(args), charts=False, **study_kwargs(args))
    study = analysis.study
    if args.format == "json":
        body: dict[str, Any] = analysis.study_json() or {"listings": [], "group": []}
        body["excluded"] = analysis.plan.excluded
        body["warnings"] = analysis.warnings
        print(write_json(body))
    elif args.format == "csv" and study is not None:
        _print_result(study, "csv")
    else:
        print(render_study_text(analysis, lead=args.anchor))
    if study is None:
        reasons = "; ".join(analysis.notes) or "no listing could be studied"
        raise NoStudy(str(analysis.article.origin), reasons)
    return 0
