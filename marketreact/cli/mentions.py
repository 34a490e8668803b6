"""``marketreact mentions ARTICLE``: mentions, chosen listings with reasons, day 0, unresolved spans."""

from __future__ import annotations

import argparse
from typing import Any

from marketreact.cli._output import flat as _flat
from marketreact.cli._output import load_article as _load
from marketreact.cli._output import table as _table
from marketreact.cli._output import write_json
from marketreact.events.day0 import event_day
from marketreact.reference.securities import load_master
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
    p.add_argument("article", help="article file (UTF-8 text or Markdown), or '-' for standard input")
    p.add_argument(
        "--published",
        help="publication time, overrides the file: ISO with zone, e.g. 2025-04-09T09:00+09:00, or a date",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def build_report(article: Article) -> dict[str, Any]:
    """Everything the command prints, as plain data (the JSON output)."""
    master = load_master()
    extraction = extract_mentions(article.text, master)
    listings = []
    for row in select_listings(extraction, master):
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
                "company": m.company_id,
                "symbols": list(m.symbols),
                "mic": m.mic,
            }
            for m in extraction.mentions
        ],
        "listings": listings,
        "unresolved": [
            {"text": u.text, "start": u.start, "end": u.end, "reason": u.reason}
            for u in extraction.unresolved
        ],
        "notes": extraction.notes,
    }


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
                m["company"] or "-",
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
                row["reason"],
            ]
            for row in listings
        ]
        print(_table(["symbol", "company", "type", "mic", "ccy", "benchmark", "day0", "reason"], rows))
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
    report = build_report(_load(args))
    if args.format == "json":
        print(write_json(report))
    else:
        _print_table(report)
    return 0
