"""Score mention extraction on the evaluation articles (a script, not a test; it always exits 0).

    .venv/bin/python benchmarks/eval_mentions.py [--dir tests/fixtures/eval] [--json]

Input: the hand-written articles in ``tests/fixtures/eval/*.md`` and their expected answers in
``expected.json`` next to them (rules in that folder's README.md). For every article it runs
``marketreact.text.extract_mentions(text, master)`` and ``select_listings(...)`` with the bundled
security master and reports:

* listing recall per article (expected ``listings`` found among the selected symbols), with the
  missed symbols and the selected symbols that were not expected (shown, not scored);
* overall listing recall, micro (all expected symbols pooled) and macro (mean of per-article
  recalls);
* index recall: expected ``indices`` found among the mentions whose ``kind`` is ``"index"``.
  ``Mention`` has no ``kind`` yet, so this is 0 until extraction exposes index mentions. For
  information only, the recall of :func:`marketreact.reference.indices.find_index_mentions` run
  on its own is printed too (it is not part of extraction yet);
* every trap (a span that must not resolve to any listing) that a mention resolved, with the
  symbol it resolved to.

Precision is not scored: articles name companies in passing, and "selected but not expected"
lists are there for a human to read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marketreact.reference import load_master
from marketreact.reference.indices import find_index_mentions, load_indices
from marketreact.text import Extraction, extract_mentions, read_article, select_listings

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "eval"


@dataclass
class ArticleScore:
    """Numbers for one article."""

    name: str
    expected: list[str]
    found: list[str]
    missed: list[str]
    unexpected: list[str]
    index_expected: list[str]
    index_found: list[str]
    index_finder_found: list[str]
    traps_resolved: list[dict[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return len(self.found) / len(self.expected) if self.expected else None


def _span(text: str, trap: dict[str, str]) -> tuple[int, int]:
    """Character span of the trap's surface inside its context (whitespace-insensitive)."""

    def pattern(s: str) -> re.Pattern[str]:
        return re.compile(r"\s+".join(re.escape(w) for w in s.split()))

    context = trap.get("context", trap["surface"])
    m = pattern(context).search(text)
    if m is None:
        raise ValueError(f"trap context {context!r} not found in the article")
    inner = pattern(trap["surface"]).search(text, m.start(), m.end())
    if inner is None:
        raise ValueError(f"trap surface {trap['surface']!r} not inside its context {context!r}")
    return inner.start(), inner.end()


def _index_keys(mention: Any) -> set[str]:
    """Identifiers an index mention may carry (the attribute names are not fixed yet)."""
    keys: set[str] = set(getattr(mention, "symbols", ()) or ())
    for attr in ("yahoo", "symbol", "index_id"):
        value = getattr(mention, attr, None)
        if value:
            keys.add(str(value))
    return {k.upper() for k in keys}


def _is_index(mention: Any) -> bool:
    return getattr(mention, "kind", None) == "index"


def score_article(path: Path, expected: dict[str, Any], master: Any, index_table: Any) -> ArticleScore:
    """Run extraction on one article and compare with its expected answers."""
    article = read_article(path)
    extraction: Extraction = extract_mentions(article.text, master)
    selected = [row.symbol for row in select_listings(extraction, master) if row.symbol]
    want = list(expected["listings"])
    found = [s for s in want if s in selected]
    index_keys: set[str] = set()
    for m in extraction.mentions:
        if _is_index(m):
            index_keys |= _index_keys(m)
    finder_keys: set[str] = set()
    for im in find_index_mentions(article.text, index_table):
        finder_keys |= _index_keys(im)
    score = ArticleScore(
        name=path.name,
        expected=want,
        found=found,
        missed=[s for s in want if s not in selected],
        unexpected=[s for s in dict.fromkeys(selected) if s not in want],
        index_expected=list(expected["indices"]),
        index_found=[s for s in expected["indices"] if s.upper() in index_keys],
        index_finder_found=[s for s in expected["indices"] if s.upper() in finder_keys],
    )
    for trap in expected["traps"]:
        start, end = _span(article.text, trap)
        for m in extraction.mentions:
            if _is_index(m) or not m.symbols or not (m.start < end and start < m.end):
                continue
            score.traps_resolved.append(
                {"article": path.name, "surface": trap["surface"], "symbol": m.symbols[0], "mention": m.text}
            )
    return score


def summarise(scores: list[ArticleScore], n_traps: int) -> dict[str, Any]:
    """Overall numbers as a JSON-ready dict."""
    expected = sum(len(s.expected) for s in scores)
    found = sum(len(s.found) for s in scores)
    recalls = [r for s in scores if (r := s.recall) is not None]
    idx_expected = sum(len(s.index_expected) for s in scores)
    return {
        "articles": len(scores),
        "listings_expected": expected,
        "listings_found": found,
        "recall_micro": found / expected if expected else None,
        "recall_macro": sum(recalls) / len(recalls) if recalls else None,
        "indices_expected": idx_expected,
        "indices_found": sum(len(s.index_found) for s in scores),
        "index_recall": sum(len(s.index_found) for s in scores) / idx_expected if idx_expected else None,
        "index_finder_recall_info": (
            sum(len(s.index_finder_found) for s in scores) / idx_expected if idx_expected else None
        ),
        "traps": n_traps,
        "traps_resolved": [t for s in scores for t in s.traps_resolved],
        "per_article": {
            s.name: {
                "recall": s.recall,
                "found": s.found,
                "missed": s.missed,
                "unexpected": s.unexpected,
                "indices_found": s.index_found,
                "indices_missed": [i for i in s.index_expected if i not in s.index_found],
            }
            for s in scores
        },
    }


def _pct(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--dir", type=Path, default=DEFAULT_DIR, help="folder with the .md files and expected.json"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    doc = json.loads((args.dir / "expected.json").read_text(encoding="utf-8"))
    master = load_master()
    index_table = load_indices()
    scores = [
        score_article(args.dir / name, expected, master, index_table)
        for name, expected in sorted(doc["articles"].items())
    ]
    n_traps = sum(len(e["traps"]) for e in doc["articles"].values())
    summary = summarise(scores, n_traps)
    if args.json:
        json.dump(summary, sys.stdout, indent=1)
        print()
        return 0
    print(f"{'article':<38} {'recall':>7} {'found':>6}  missed | selected, not expected")
    for s in scores:
        print(
            f"{s.name:<38} {_pct(s.recall):>7} {len(s.found):>2}/{len(s.expected):<3}  "
            f"{' '.join(s.missed) or '-'} | {' '.join(s.unexpected) or '-'}"
        )
    print()
    print(
        f"listing recall, micro: {_pct(summary['recall_micro'])} ({summary['listings_found']}/{summary['listings_expected']})"
    )
    print(f"listing recall, macro: {_pct(summary['recall_macro'])} (mean over {len(scores)} articles)")
    print(
        f"index recall (mentions with kind == 'index'): {_pct(summary['index_recall'])} "
        f"({summary['indices_found']}/{summary['indices_expected']})"
    )
    print(
        f"  for information: reference.indices.find_index_mentions alone: {_pct(summary['index_finder_recall_info'])}"
    )
    resolved = summary["traps_resolved"]
    print(f"traps resolved to a listing: {len(resolved)} of {n_traps} traps")
    for t in resolved:
        print(f"  {t['article']}: {t['surface']!r} -> {t['symbol']} (mention {t['mention']!r})")
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
