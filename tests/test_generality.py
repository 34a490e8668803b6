"""Ticker styles and move phrasings from publishers the tool was not built on.

Golden values written by hand from the security master (data/securities/*.csv), the venue
conventions (Reuters RIC suffixes, Bloomberg exchange codes, Yahoo suffixes) and the synthetic
test articles in tests/fixtures/articles/ (written for these tests; not real reporting).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marketreact.claims.text import QuotedMove, attribute_claims, extract_quoted_moves
from marketreact.text.article import read_article
from marketreact.text.mentions import extract_mentions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def _tags(text: str) -> list[tuple[str, str, str | None, str | None]]:
    ex = extract_mentions(text)
    for item in [*ex.mentions, *ex.unresolved]:
        assert text[item.start : item.end] == item.text
    return [(m.text, m.symbols[0], m.mic, m.company_id) for m in ex.mentions if m.rule == "exchange_tag"]


def _claims(text: str) -> list[tuple[str, str, str]]:
    at = attribute_claims(text, extract_mentions(text).mentions)
    return [(c.move.text, c.symbol, _timing(c.move)) for c in at.claims]


def _timing(move: QuotedMove) -> str:
    """'intraday' for a quote during or outside the session (its kind), else the qualifier."""
    return "intraday" if move.kind in ("intraday", "extended") else move.qualifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reuters RICs: suffix -> venue; the root is the Yahoo root on these venues.
        ("Toyota Motor (7203.T)", ("7203.T", "7203.T", "XTKS", "toyota")),
        ("Apple (AAPL.O)", ("AAPL.O", "AAPL", "XNAS", "apple")),
        ("Apple (AAPL.OQ)", ("AAPL.OQ", "AAPL", "XNAS", "apple")),
        ("Hon Hai (2317.TW)", ("2317.TW", "2317.TW", "XTAI", "foxconn")),
        ("Tencent (0700.HK)", ("0700.HK", "0700.HK", "XHKG", "tencent")),
        ("BP (BP.L)", ("BP.L", "BP.L", "XLON", "bp_p_l_c")),
        ("Honda Motor (HMC.N)", ("HMC.N", "HMC", "XNYS", "honda")),
        ("Samsung (005930.KS)", ("005930.KS", "005930.KS", "XKRX", "samsung_electronics")),
        ("BHP (BHP.AX)", ("BHP.AX", "BHP.AX", "XASX", "bhp_group_bhp_ax")),
        ("RBC (RY.TO)", ("RY.TO", "RY.TO", "XTSE", "royal_bank_of_canada")),
        ("Toyota Motor Corp <7203.T>", ("7203.T", "7203.T", "XTKS", "toyota")),
        # Wind/Chinese .SH is Shanghai, Yahoo .SS.
        ("Foxconn Industrial Internet (601138.SH)", ("601138.SH", "601138.SS", "XSHG", "foxconn")),
        ("Ping An Bank (000001.SZ)", ("000001.SZ", "000001.SZ", "XSHE", "ping_an_bank")),
        # RIC root differs from the Xetra ticker: mapped through the master's listing of the named company.
        ("SAP (SAPG.DE)", ("SAPG.DE", "SAP.DE", "XETR", "sap")),
        # Bloomberg exchange codes.
        ("Toyota Motor Corp. (7203 JP)", ("7203 JP", "7203.T", "XTKS", "toyota")),
        ("Nissan Motor Co. (7201 JT)", ("7201 JT", "7201.T", "XTKS", "nissan")),
        ("Apple Inc. (AAPL US)", ("AAPL US", "AAPL", "XNAS", "apple")),
        ("Tesla (TSLA US Equity)", ("TSLA US Equity", "TSLA", "XNAS", "tesla")),
        ("Honda (HMC UN)", ("HMC UN", "HMC", "XNYS", "honda")),
        ("Tencent (700 HK)", ("700 HK", "0700.HK", "XHKG", "tencent")),
        ("Hon Hai (2317 TT)", ("2317 TT", "2317.TW", "XTAI", "foxconn")),
        ("Kweichow Moutai (600519 CH)", ("600519 CH", "600519.SS", "XSHG", "kweichow_moutai")),
        ("BYD (002594 CH)", ("002594 CH", "002594.SZ", "XSHE", "byd")),
        ("ChiNext firm (300750 CH)", ("300750 CH", "300750.SZ", "XSHE", "contemporary_amperex_technology")),
        ("BP Plc (BP/ LN)", ("BP/ LN", "BP.L", "XLON", "bp_p_l_c")),
        # Tickers the world master knows, right after their company's name (the name vouches for the tag).
        ("Allianz (ALVG.DE)", ("ALVG.DE", "ALV.DE", "XETR", "allianz_se")),
        ("Ford (F.N)", ("F.N", "F", "XNYS", "ford_motor")),
        ("$GME jumped", ("$GME", "GME", "XNYS", "gamestop")),
        ("Sony [6758]", ("6758", "6758.T", "XTKS", "sony_group")),
        ("SAP SE (SAP GY)", ("SAP GY", "SAP.DE", "XETR", "sap")),
        # KOSDAQ was named-but-uncovered until the venue table gained it (Yahoo .KQ, Korea's sessions).
        # Cashtags (master symbols only).
        ("$AAPL is up", ("$AAPL", "AAPL", "XNAS", "apple")),
        ("watch $TM today", ("$TM", "TM", "XNYS", "toyota")),
        # Bare local codes after a master company name.
        ("Nissan Motor [7201]", ("7201", "7201.T", "XTKS", "nissan")),
        ("Mitsubishi Motors [7211] fell", ("7211", "7211.T", "XTKS", "mitsubishi_motors")),
        ("Hon Hai (2317)", ("2317", "2317.TW", "XTAI", "foxconn")),
        ("Tesla Inc. (TSLA)", ("TSLA", "TSLA", "XNAS", "tesla")),
        ("Honda (HMC)", ("HMC", "HMC", "XNYS", "honda")),
    ],
)
def test_ticker_styles_resolve(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert _tags(text) == [expected]


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("Reliance (RELI.NS)", "RELI.NS", "National Stock Exchange of India"),
        # Tel Aviv is named in news but has no buildable calendar yet (see reference/venues.py).
        ("Elbit (ESLT IT)", "ESLT IT", "Tel Aviv"),
        ("Toyota (7201)", "7201", "none of its listings"),
        ("Beijing firm (830799 CH)", "830799 CH", "not a Shanghai (6xxxxx) or Shenzhen"),
        # Kakao's shares moved to the KOSPI board: a KOSDAQ tag names a line no list holds; the name is kept.
        ("Kakao (035720 KQ)", "035720 KQ", "in none of the security lists"),
    ],
)
def test_unresolvable_styles_are_reported_with_reason(text: str, span: str, reason: str) -> None:
    ex = extract_mentions(text)
    assert not [m for m in ex.mentions if m.rule == "exchange_tag"]
    hits = [u for u in ex.unresolved if u.text == span]
    assert len(hits) == 1 and reason in hits[0].reason, ex.unresolved


@pytest.mark.parametrize(
    "text",
    [
        "Margins were (1.2%) thinner in (2024).",
        "It plans to spend $5 billion at US$3.95 a share.",
        "Work on AI (AI) and electric vehicles (EV), the chief executive (CEO) said.",
        "Sales in the U.S. (U.S) and U.K. (U.K.) grew (e.g.) (A.T).",
        "Toyota Motor (2024) results; Apple (AI) plans; Nvidia (CEO) comments.",
        "I paid $10.50, HK$120 and NT$1,000.",
    ],
)
def test_no_false_positive_tags(text: str) -> None:
    ex = extract_mentions(text)
    assert [m for m in ex.mentions if m.rule == "exchange_tag"] == []
    assert [
        u for u in ex.unresolved if "code" in u.reason or "cashtag" in u.reason or "RIC" in u.reason
    ] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Toyota Motor slipped 2.3%.", [("slipped 2.3%", "7203.T", "exact")]),
        ("Honda shed 4 per cent.", [("shed 4 per cent", "7267.T", "exact")]),
        ("Nissan closed 0.8% lower.", [("0.8% lower", "7201.T", "exact")]),
        ("Apple tumbled 10% to a six-month low.", [("tumbled 10%", "AAPL", "exact")]),
        (
            "Apple rose as much as 5% before paring gains to 1.2%.",
            [("rose as much as 5%", "AAPL", "intraday"), ("paring gains to 1.2%", "AAPL", "exact")],
        ),
        ("Nvidia was down 1.2% in premarket trading.", [("down 1.2%", "NVDA", "intraday")]),
        ("In premarket trading, Tesla fell 2%.", [("fell 2%", "TSLA", "intraday")]),
        (
            "Toyota Motor (7203.T) were up 3.4% at 1,234 yen in morning trade.",
            [("up 3.4%", "7203.T", "intraday"), ("1,234 yen", "7203.T", "intraday")],
        ),
        ("Apple hit a record high.", []),
        (
            "Honda closed 1.2% higher after rising as much as 3% in early trade.",
            [("1.2% higher", "7267.T", "exact"), ("rising as much as 3%", "7267.T", "intraday")],
        ),
        # A move belongs to the listing its tag names, whatever the style.
        ("Hon Hai (2317.TW) shares fell 2.1%.", [("fell 2.1%", "2317.TW", "exact")]),
        ("$NVDA -3% after the open.", [("-3%", "NVDA", "exact")]),
        ("Kweichow Moutai Co. (600519 CH) fell 0.7%.", [("fell 0.7%", "600519.SS", "exact")]),
        # The subject right before the move is an unknown name: not the earlier company's move.
        ("Apple rose 2%, and BP shed 4 per cent.", [("rose 2%", "AAPL", "exact")]),
        # The index is a subject of its own (index mentions): its move is the index's, not Toyota's.
        (
            "Toyota rose 3% while the Nikkei rose 2%.",
            [("rose 3%", "7203.T", "exact"), ("rose 2%", "^N225", "exact")],
        ),
        # LVMH's RIC root differs from its Yahoo ticker (MC.PA): the name right before it decides.
        (
            "Tesla gained 2%, LVMH (LVMH.PA) fell 2%.",
            [("gained 2%", "TSLA", "exact"), ("fell 2%", "MC.PA", "exact")],
        ),
        # Venue words pick the company's line on that venue.
        ("Toyota Motor Corp.'s U.S.-listed shares gained 9.3%.", [("gained 9.3%", "TM", "exact")]),
        ("Stellantis's U.S.-listed shares rose 2%.", [("rose 2%", "STLA", "exact")]),
        (
            "Toyota's Tokyo-listed shares fell 2%, while its ADRs rose 1%.",
            [("fell 2%", "7203.T", "exact"), ("rose 1%", "TM", "exact")],
        ),
        ("Nasdaq-listed Nvidia jumped 18.7%.", [("jumped 18.7%", "NVDA", "exact")]),
    ],
)
def test_move_phrasings_and_attribution(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _claims(text) == expected


def test_pared_losses_is_a_down_move() -> None:
    (move,) = extract_quoted_moves("Nissan pared losses to 0.5%.")
    assert (move.sign, move.magnitude, move.qualifier) == (-1, 0.5, "exact")


FIXTURE_TAGS = {
    "reuters_ric.md": ["7203.T", "2317.TW", "0700.HK", "AAPL", "BP.L", "SAP.DE", "7267.T", "7201.T"],
    "bloomberg.md": ["7203.T", "AAPL", "0700.HK", "2317.TW", "600519.SS", "BP.L", "SAP.DE", "7201.T"],
    "cashtags.md": ["AAPL", "NVDA", "TSLA", "TM"],
    "nikkei_asia.md": ["7201.T", "7267.T", "7211.T"],
    "china_a_share.md": ["601138.SS", "600519.SS", "000001.SZ", "002594.SZ", "688256.SS"],
    "us_wire.md": ["HMC", "TSLA"],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_TAGS))
def test_fixture_articles_tags(name: str) -> None:
    article = read_article(FIXTURES / name)
    ex = extract_mentions(article.text)
    assert [m.symbols[0] for m in ex.mentions if m.rule == "exchange_tag"] == FIXTURE_TAGS[name]
    assert not [
        u for u in ex.unresolved if "RIC" in u.reason or "Bloomberg" in u.reason or "cashtag" in u.reason
    ]


def test_reuters_fixture_claims() -> None:
    article = read_article(FIXTURES / "reuters_ric.md")
    at = attribute_claims(article.text, extract_mentions(article.text).mentions)
    assert [(c.move.text, c.symbol, _timing(c.move)) for c in at.claims] == [
        ("up 3.4%", "7203.T", "intraday"),  # "in morning trade"
        ("1,234 yen", "7203.T", "intraday"),  # the level of that morning move
        # ", while Hon Hai ... fell 2.1%" is its own clause: the morning-trade words do not reach it.
        ("fell 2.1%", "2317.TW", "exact"),
        ("slipped 2.3%", "0700.HK", "exact"),
        ("rose as much as 5%", "AAPL", "intraday"),
        ("paring gains to 1.2%", "AAPL", "exact"),
        ("shed 4 per cent", "BP.L", "exact"),
        ("0.8% lower", "SAP.DE", "exact"),
        ("tumbled 10%", "7201.T", "exact"),
    ]
    assert [u.move.text for u in at.unattributed] == ["rose 12%"]  # profit, no company named
