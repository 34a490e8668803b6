"""Kinds of quoted figures, each checked its own way; tolerance tiers; every listing; index subjects.

Golden values typed from data/prices/*.csv and computed with a calculator (python3 -c as a calculator
on the typed numbers, never the code under test):

* 7203.T 2025-04-28 close 2786.5 / 04-25 close 2690 - 1 = +3.5874 %; open 2724.5 / 2690 - 1 = +1.2825 %
* TM 2025-04-28 193.1300048828125 / 04-25 188.2100067138672 - 1 = +2.6141 %
* 7203.T week of 2025-04-28: 05-02 close 2780 / 04-25 close 2690 - 1 = +3.3457 %
  (04-30: 2729 -> +1.4498 %, 05-01: 2751 -> +2.2677 %)
* 7203.T 04-28 vs three rows earlier (04-23 close 2582): 2786.5 / 2582 - 1 = +7.9202 %
* 7203.T year to 2025-04-28: 2786.5 / 2024-12-30 close 3146 - 1 = -11.4272 %
* ^N225 2025-04-09 close 31714.029296875 / 04-08 33012.578125 - 1 = -3.9335 %
* ^N225 2025-04-07 low 30792.740234375 / 04-04 close 33780.578125 - 1 = -8.8448 %
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketreact.claims.check import verify_claims
from marketreact.claims.kinds import classify_kind, compare
from marketreact.claims.text import attribute_claims, extract_quoted_moves
from tests.test_claims_grammar import mentions


@dataclass(frozen=True)
class IndexSpan:
    """Shape of what the index-name finder returns."""

    start: int
    end: int
    surface: str
    index_id: str
    yahoo: str


def check(text: str, day0: str, **kw: object):  # type: ignore[no-untyped-def]
    return verify_claims(attribute_claims(text, mentions(text), **kw), day0s=day0).claims  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------- tolerance
def test_tolerance_tiers_toy() -> None:
    """4.98 printed: |diff| <= 0.005 matches; <= 0.01 is only close; beyond, nothing."""
    assert compare(-4.98, -4.985, decimals=2) == "match"
    assert compare(-4.98, -4.989, decimals=2) == "close"
    assert compare(-4.98, -4.9901, decimals=2) is None
    assert compare(-4.98, 4.98, decimals=2) is None
    assert compare(3.0, 3.4, decimals=0) == "match" and compare(3.0, 3.9, decimals=0) == "close"
    assert compare(3.0, 2.0, decimals=0) == "close" and compare(3.0, 4.1, decimals=0) is None


def test_truncated_quote_is_close_never_a_match() -> None:
    """+3.5874 % printed as 3.58: off by 0.0074 pp (> 0.005, <= 0.01)."""
    (r,) = check("Toyota rose 3.58% in Tokyo.", "2025-04-28")
    assert r.status == "close" and r.claim.symbol == "7203.T"
    assert r.verdict.startswith("close to 2025-04-28 (day +0) (off by 0.01 pp)")
    assert "not a match" in r.verdict


# --------------------------------------------------------------------------------------------- kinds
@pytest.mark.parametrize(
    ("text", "kind", "period"),
    [
        ("Toyota rose 2% as of 11:30 a.m.", "intraday", None),
        ("Toyota was up 2% at one point.", "intraday", None),
        ("Toyota rose 2% in early trade.", "intraday", None),
        ("Toyota was 2% higher at midday.", "intraday", None),
        ("Toyota rose 2% in pre-market trading.", "extended", None),
        ("Toyota fell 2% after hours.", "extended", None),
        ("Toyota opened 2% higher.", "open", None),
        ("Toyota gained 2% this week.", "multi_day", "week"),
        ("Toyota lost 2% this month.", "multi_day", "month"),
        ("Toyota rose 2% over the past three sessions.", "multi_day", "sessions:3"),
        ("Toyota has risen 2% since the merger was announced.", "multi_day", "since"),
        ("Toyota is down 2% so far this year.", "ytd", None),
        ("Toyota is down 20% from its 52-week high.", "52_week", "high"),
        ("Toyota closed 2% higher.", "close", None),
    ],
)
def test_kind_of_each_quote(text: str, kind: str, period: str | None) -> None:
    (move,) = [m for m in extract_quoted_moves(text) if m.unit == "pct"]
    assert (move.kind, move.period) == (kind, period)


def test_intraday_word_stays_in_its_clause() -> None:
    text = "Honda rose 2% in early trade, while Nissan fell 1%."
    assert [m.kind for m in extract_quoted_moves(text)] == ["intraday", "close"]


def test_fronted_phrase_governs_the_sentence() -> None:
    text = "In early trade, Toyota rose 2% and Honda fell 1%."
    assert [m.kind for m in extract_quoted_moves(text)] == ["intraday", "intraday"]
    assert classify_kind(text, 23, 30, 0, 41)[0] == "intraday"


def test_open_checked_against_the_open() -> None:
    (r,) = check("Toyota opened 1.28% higher in Tokyo.", "2025-04-28")
    assert r.status == "consistent"
    assert r.verdict.startswith(
        "consistent with the opening price vs the previous close on 2025-04-28 (day +0)"
    )


def test_week_change() -> None:
    (r,) = check("Toyota gained 3.35% this week in Tokyo.", "2025-04-28")
    assert r.status == "consistent" and [d.date().isoformat() for d, _ in r.kind_hits] == ["2025-05-02"]


def test_n_sessions_change() -> None:
    (r,) = check("Toyota rose 7.92% over the past three sessions in Tokyo.", "2025-04-28")
    assert r.status == "consistent" and [d.date().isoformat() for d, _ in r.kind_hits] == ["2025-04-28"]


def test_year_to_date_change() -> None:
    (r,) = check("Toyota has lost 11.4% so far this year in Tokyo.", "2025-04-28")
    assert r.status == "consistent" and [d.date().isoformat() for d, _ in r.kind_hits] == ["2025-04-28"]


def test_price_level_against_the_close() -> None:
    (r,) = check("Toyota ended at 2,786.5 yen.", "2025-04-28")
    assert (r.claim.symbol, r.status) == ("7203.T", "consistent")
    assert r.verdict.startswith("consistent with the closing price level on 2025-04-28 (day +0)")


def test_extended_hours_not_checkable() -> None:
    (r,) = check("Toyota rose 2% in pre-market trading in New York.", "2025-04-28")
    assert r.status == "not_checkable" and "pre-market or after-hours" in r.verdict


# --------------------------------------------------------------------------------------------- lines
def test_untagged_company_move_names_the_line_that_matches() -> None:
    """Toyota's tag points at TM (+2.61 %), but +3.59 % is the Tokyo line's move."""
    text = "Toyota (NYSE:TM) rose 3.59%."
    tag = text.index("NYSE:TM")
    ms = [
        *mentions(text),
        type(mentions(text)[0])("NYSE:TM", tag, tag + 7, "exchange_tag", "toyota", ("TM",), "XNYS"),
    ]
    (r,) = verify_claims(attribute_claims(text, ms), day0s="2025-04-28").claims
    assert r.claim.symbol == "TM" and r.status == "match" and r.matched_symbol == "7203.T"
    assert r.verdict.startswith("matches 7203.T on 2025-04-28 (day +0); the tagged TM line does not")


def test_venue_words_choose_the_line() -> None:
    """'in New York' picks TM: its +2.61 % matches; the Tokyo line is not consulted for the verdict."""
    (r,) = check("Toyota rose 2.61% in New York.", "2025-04-28")
    assert (r.claim.symbol, r.claim.via, r.status) == ("TM", "venue_named", "match")
    (r,) = check("Toyota rose 3.59% in New York.", "2025-04-28")
    assert (r.claim.symbol, r.status) == ("TM", "no_match")
    assert "the quoted figure matches 7203.T on 2025-04-28" in r.verdict


# --------------------------------------------------------------------------------------------- indices
def test_index_subject_from_extra_spans() -> None:
    text = "The Nikkei share average eased 3.93 percent, and Toyota slid 2%."
    span = IndexSpan(4, 24, "Nikkei share average", "nikkei225", "^N225")
    at = attribute_claims(text, mentions(text), extra_subjects=[span])
    assert next((c.move.text, c.symbol, c.via) for c in at.claims) == (
        "eased 3.93 percent",
        "^N225",
        "index_named",
    )
    (r, _) = verify_claims(at, day0s={"^N225": "2025-04-09", "7203.T": "2025-04-09"}).claims
    assert r.status == "match" and r.verdict == "matches 2025-04-09 (day +0)"


def test_index_intraday_extreme() -> None:
    text = "The Nikkei fell as much as 8.8% on the day."
    span = IndexSpan(4, 10, "Nikkei", "nikkei225", "^N225")
    (r,) = verify_claims(attribute_claims(text, [], extra_subjects=[span]), day0s="2025-04-07").claims
    assert r.status == "consistent"
    assert r.verdict.startswith("consistent with an intraday level, not a close on 2025-04-07 (day +0)")


def test_the_index_carries_over() -> None:
    text = "The Taiex opened lower. The index closed down 2.26 percent."
    span = IndexSpan(4, 9, "Taiex", "taiex", "^TWII")
    (claim,) = attribute_claims(text, [], extra_subjects=[span]).claims
    assert (claim.symbol, claim.carried.lower()) == ("^TWII", "the index")


def test_gapped_figures_share_the_heads_kind() -> None:
    text = "In early trade Apple was up 2.1%, Nvidia 3.4% and Tesla 1.2%."
    at = attribute_claims(text, mentions(text))
    assert [(c.symbol, c.move.value, c.move.kind) for c in at.claims] == [
        ("AAPL", 2.1, "intraday"),
        ("NVDA", 3.4, "intraday"),
        ("TSLA", 1.2, "intraday"),
    ]


def test_respectively_against_real_closes() -> None:
    """2024-12-18 on XTKS: 7201.T 417.6 / 337.6 - 1 = +23.6967 %; 7211.T 487.2 / 407.2 - 1 = +19.6464 %;
    7267.T 1244.5 / 1283.5 - 1 = -3.0386 % (data/prices, typed by hand)."""
    text = "Nissan and Mitsubishi Motors, up 23.7% and 19.6% respectively, led gains, and Honda slipped 3.0%."
    results = check(text, "2024-12-18")
    assert [(r.claim.symbol, r.status, r.verdict) for r in results] == [
        ("7201.T", "match", "matches 2024-12-18 (day +0)"),
        ("7211.T", "match", "matches 2024-12-18 (day +0)"),
        ("7267.T", "match", "matches 2024-12-18 (day +0)"),
    ]


def test_intraday_quote_within_the_days_range() -> None:
    """7203.T 2025-04-28 vs 04-25 close 2690: low 2719 -> +1.0781 %, high 2841 -> +5.6134 %; +4 % lies
    inside; +6.2 % does not (beyond 5.61 % + 0.05). Never reported as a close match."""
    text = "Toyota was up 4% as of 11:30 a.m. in Tokyo. Later Toyota was up 6.2% as of 1 p.m. in Tokyo."
    inside, outside = verify_claims(
        attribute_claims(text, mentions(text)), day0s="2025-04-28", window=(0, 0)
    ).claims
    assert (inside.claim.move.kind, inside.status) == ("intraday", "consistent")
    assert inside.verdict == "consistent with an intraday level, not a close on 2025-04-28 (day +0)"
    assert outside.status == "no_match"
    assert "range +1.08% .. +5.61% vs the previous close" in outside.verdict
