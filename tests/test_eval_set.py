"""The evaluation set in tests/fixtures/eval is well-formed (this file does NOT score extraction).

Scores come from ``benchmarks/eval_mentions.py``. Here we check only that every article parses
with :func:`marketreact.text.read_article`, has the required front matter and length, that
``expected.json`` lists exactly the article files, that every symbol is a well-formed Yahoo
symbol, that subjects are among the expected symbols and that every trap can be located in its
article.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from marketreact.text import read_article

EVAL = Path(__file__).parent / "fixtures" / "eval"
EXPECTED: dict[str, Any] = json.loads((EVAL / "expected.json").read_text(encoding="utf-8"))
ARTICLES: dict[str, dict[str, Any]] = EXPECTED["articles"]
FILES = sorted(p.name for p in EVAL.glob("*.md") if p.name != "README.md")

# Yahoo forms used in the set: US tickers (class shares with '-'), numeric Asian codes with a
# venue suffix, letter codes with a European/Asian suffix, '^' indices, 'TOPIX' (no series).
_LISTING = re.compile(
    r"^(?:[A-Z]{1,5}(?:-[A-Z])?"  # US: AAPL, BRK-B, HYMTF
    r"|\d{4}\.(?:T|TW|TWO|HK)"  # 7203.T, 2330.TW, 5347.TWO, 0700.HK
    r"|\d{6}\.(?:KS|KQ|SS|SZ)"  # 005930.KS, 247540.KQ, 601138.SS
    r"|[A-Z0-9]{1,10}(?:-[A-Z])?\.(?:AS|DE|PA|L|CO|TO|AX|NS))$"  # ASML.AS, NOVO-B.CO, BP.L
)
_INDEX = re.compile(r"^(?:\^[A-Z0-9]{2,10}|\d{6}\.(?:SS|SZ)|TOPIX)$")
_KEYS = {"listings", "indices", "subjects", "traps", "notes"}


def _pattern(s: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(w) for w in s.split()))


def test_expected_lists_exactly_the_article_files() -> None:
    assert sorted(ARTICLES) == FILES
    assert len(FILES) == 30
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.md", f) for f in FILES)


@pytest.mark.parametrize("name", FILES)
def test_article_parses_with_front_matter(name: str) -> None:
    article = read_article(EVAL / name)
    assert not article.date_only and article.published.tzinfo is not None
    assert article.title
    assert article.source and article.source.startswith("style of ") and ", modelled on " in article.source
    assert 120 <= len(article.text.split()) <= 300


@pytest.mark.parametrize("name", FILES)
def test_expected_entry_is_well_formed(name: str) -> None:
    entry = ARTICLES[name]
    assert set(entry) == _KEYS
    listings, indices = entry["listings"], entry["indices"]
    assert isinstance(entry["notes"], str)
    assert len(set(listings)) == len(listings) and len(set(indices)) == len(indices)
    assert [s for s in listings if not _LISTING.match(s)] == []
    assert [s for s in indices if not _INDEX.match(s)] == []
    assert set(entry["subjects"]) <= set(listings) | set(indices)
    assert listings or indices


@pytest.mark.parametrize("name", FILES)
def test_every_trap_is_located_once(name: str) -> None:
    text = read_article(EVAL / name).text
    for trap in ARTICLES[name]["traps"]:
        assert set(trap) <= {"surface", "why", "context"} and trap["why"]
        context = trap.get("context", trap["surface"])
        assert len(_pattern(context).findall(text)) == 1, trap
        assert trap["surface"] in context, trap


def test_set_has_the_required_spread() -> None:
    traps = sum(len(e["traps"]) for e in ARTICLES.values())
    assert traps >= 40
    body = " ".join(read_article(EVAL / f).text for f in FILES)
    for form in (
        "(00700.HK)",
        "<7203.T>",
        "(KRX:005930)",
        "(LON:BP.)",
        "(LON:BA.)",
        "(ETR:SAP)",
        "(EPA:MC)",
        "(TSX:SHOP)",
        "(ASX:BHP)",
        "(NSE:RELIANCE)",
        "(GOOGL, GOOG)",
        "(BRK-B)",
        "(^NDX)",
        "( TM )",
        "NYSE: TM",
        "TM--",
        "$BRK.B",
    ):
        assert form in body, form


def test_symbol_patterns_toy_cases() -> None:
    # Hand-checked cases for the two patterns above, so that the checks themselves are tested.
    assert all(_LISTING.match(s) for s in ("AAPL", "BRK-B", "0700.HK", "5347.TWO", "NOVO-B.CO", "BP.L"))
    assert not any(_LISTING.match(s) for s in ("00700.HK", "BRK.B", "7203", "aapl", "BP."))
    assert all(_INDEX.match(s) for s in ("^N225", "^STOXX50E", "000300.SS", "TOPIX"))
    assert not any(_INDEX.match(s) for s in ("N225", "^n225", "300.SS"))


def _scorer() -> Any:
    # The scorer is a script in benchmarks/, not a package module: load it by path.
    import importlib.util

    path = Path(__file__).parents[1] / "benchmarks" / "eval_mentions.py"
    spec = importlib.util.spec_from_file_location("eval_mentions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_mentions"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_scorer_arithmetic_on_a_toy_case() -> None:
    # Hand computation: article a finds 1 of 4, article b 2 of 2, article c expects none.
    # micro = 3/6 = 0.5; macro = (0.25 + 1.0) / 2 = 0.625 (c has no recall and is skipped);
    # indices: 1 found of 3 expected.
    ev = _scorer()
    a = ev.ArticleScore("a", ["A", "B", "C", "D"], ["A"], ["B", "C", "D"], ["X"], ["^N225", "TOPIX"], [], [])
    b = ev.ArticleScore("b", ["E", "F"], ["E", "F"], [], [], ["^HSI"], ["^HSI"], ["^HSI"])
    c = ev.ArticleScore("c", [], [], [], [], [], [], [])
    out = ev.summarise([a, b, c], n_traps=0)
    assert out["recall_micro"] == pytest.approx(0.5)
    assert out["recall_macro"] == pytest.approx(0.625)
    assert out["index_recall"] == pytest.approx(1 / 3)
    assert out["per_article"]["c"]["recall"] is None


def test_scorer_locates_a_trap_inside_its_context() -> None:
    ev = _scorer()
    text = "Dow Inc rose.\nThe Dow was down\nthousands of points."
    start, end = ev._span(text, {"surface": "Dow", "context": "The Dow was down thousands"})
    assert (start, end) == (18, 21) and text[start:end] == "Dow"
    with pytest.raises(ValueError, match="not found"):
        ev._span(text, {"surface": "Dow", "context": "the Dow rallied"})
