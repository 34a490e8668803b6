"""``marketreact mentions ARTICLE``: mentions, chosen listings with reasons, day 0, unresolved spans."""

from __future__ import annotations

import argparse
import json
from typing import Any

from marketreact.cli._output import flat as _flat
from marketreact.cli._output import load_article as _load
from marketreact.cli._output import table as _table
from marketreact.cli._output import to_jsonable, write_json
from marketreact.events.day0 import event_day
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.reference.securities import SecurityMaster
from marketreact.text.article import Article
from marketreact.text.mentions import extract_mentions, select_listings


def register(sub: Any) -> None:
    p = sub.add_parser(
        "mentions",
        help="find companies and exchange tags in an article, choose listings, and compute day 0",
        description=(
            "Read an article (text or Markdown with an optional 'published:' header), list what it "
            "mentions, the listings chosen for analysis with the reason, day 0 on each listing's "
            "exchange, and every span that could not be resolved."
        ),
    )
    p.add_argument(
        "article",
        nargs="+",
        help="article file(s) (UTF-8 text or Markdown), or '-' for standard input; several run in one process",
    )
    p.add_argument(
        "--published",
        help="publication time, overrides the file: ISO with zone, e.g. 2025-04-09T09:00+09:00, or a date",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="table",
        help="jsonl: one JSON object per article and line, with its file name",
    )
    p.set_defaults(func=run)


def build_report(article: Article, reference: ReferenceData | None = None) -> dict[str, Any]:
    """Everything the command prints, as plain data (the JSON output)."""
    master = default_reference(reference).master
    extraction = extract_mentions(article.text, master)
    listings = []
    for row in select_listings(extraction, master, title=article.title):
        ev = event_day(article.published, row.mic, date_only=article.date_only) if row.mic else None
        listings.append(
            {
                "symbol": row.symbol,
                "company": row.company_id,
                "listing_type": row.listing_type,
                "mic": row.mic,
                "currency": row.currency,
                "timezone": row.timezone,
                "benchmark": row.benchmark,
                "day0": ev.day0 if ev else None,
                "published_local": None if ev is None or ev.date_only else ev.published_local,
                "day0_rule": ev.rule if ev else None,
                "reason": row.reason,
                "role": row.role,
                "role_evidence": row.role_evidence,
            }
        )
    return {
        "article": {
            "origin": article.origin,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "note": article.note,
            "published": article.published_iso,
            "date_only": article.date_only,
        },
        "mentions": [
            {
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "rule": m.rule,
                "kind": m.kind,
                "company": m.company_id,
                "index": m.index_id,
                "symbols": list(m.symbols),
                "mic": m.mic,
                "evidence": m.evidence,
            }
            for m in extraction.mentions
        ],
        "listings": listings,
        "unresolved": [
            {
                "text": u.text,
                "start": u.start,
                "end": u.end,
                "reason": u.reason,
                "candidates": [_candidate(master, c) for c in u.candidates],
            }
            for u in extraction.unresolved
        ],
        "rejected": [
            {"text": u.text, "start": u.start, "end": u.end, "reason": u.reason} for u in extraction.rejected
        ],
        "notes": extraction.notes,
    }


def _candidate(master: SecurityMaster, company_id: str) -> dict[str, Any]:
    company = master.companies[company_id]
    primary = company.primary
    return {"company": company_id, "name": company.name, "symbol": primary.symbol if primary else None}


def _print_table(report: dict[str, Any]) -> None:
    art = report["article"]
    print(f"Article: {art['origin']}")
    for key in ("title", "source", "url", "note"):
        if art[key]:
            print(f"  {key}: {art[key]}")
    print(f"  published: {art['published']}" + (" (date only)" if art["date_only"] else ""))
    mentions = report["mentions"]
    print(f"\nMentions ({len(mentions)})")
    if mentions:
        rows = [
            [
                str(m["start"]),
                str(m["end"]),
                m["rule"],
                m["company"] or m["index"] or "-",
                ",".join(m["symbols"]) or "-",
                _flat(m["text"]),
            ]
            for m in mentions
        ]
        print(_table(["start", "end", "rule", "company", "symbols", "text"], rows))
    listings = report["listings"]
    print(f"\nListings ({len(listings)})")
    if listings:
        rows = [
            [
                row["symbol"] or "-",
                row["company"] or "-",
                row["listing_type"],
                row["mic"] or "-",
                row["currency"] or "-",
                row["benchmark"] or "-",
                row["day0"].date().isoformat() if row["day0"] is not None else "-",
                row["role"],
                row["reason"],
            ]
            for row in listings
        ]
        print(
            _table(["symbol", "company", "type", "mic", "ccy", "benchmark", "day0", "role", "reason"], rows)
        )
        print("\nDay 0 rules")
        for row in listings:
            if row["day0_rule"]:
                print(f"  {row['symbol']}: {row['day0_rule']}")
    unresolved = report["unresolved"]
    print(f"\nUnresolved ({len(unresolved)})")
    for u in unresolved:
        print(f"  {u['start']}-{u['end']} {_flat(u['text'])!r}: {u['reason']}")
    if report["notes"]:
        print("\nNotes")
        for note in report["notes"]:
            print(f"  {note}")


def run(args: argparse.Namespace) -> int:
    reference = ReferenceData.bundled()  # loaded once for every article of the run
    paths = args.article
    if args.format == "jsonl":
        for path in paths:
            report = build_report(_read(path, args.published), reference)
            print(json.dumps({"file": path, **to_jsonable(report)}, ensure_ascii=False))
        return 0
    reports = [build_report(_read(path, args.published), reference) for path in paths]
    if args.format == "json":
        print(write_json(reports[0] if len(reports) == 1 else reports))
    else:
        for i, report in enumerate(reports):
            if i:
                print("\n" + "=" * 80 + "\n")
            _print_table(report)
    return 0


def _read(path: str, published: str | None) -> Article:
    return _load(argparse.Namespace(article=path, published=published))
