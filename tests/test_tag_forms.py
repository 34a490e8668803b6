"""Ticker forms seen in real news, read by :func:`marketreact.text.tag_spans.find_all_tags`.

Sentences are written for these tests in the styles of wire copy, Investing.com
rewrites and Korean/Taiwanese/European press; no article text is copied. Each
golden case gives the surface, the Yahoo symbol, the venue and the name printed
right before the tag.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketreact.reference.calendars import calendar
from marketreact.reference.venues import EXCHANGES, UNCOVERED, VENUES
from marketreact.text.tag_spans import TagSpan, find_all_tags


def _read(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(surface, symbol, mic, name before) per tag; spans checked against the text."""
    out = []
    for t in find_all_tags(text):
        assert text[t.start : t.end] == t.surface
        name = text[t.name_before[0] : t.name_before[1]] if t.name_before else None
        out.append((t.surface, t.symbol, t.mic, name))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hong Kong: Yahoo pads to four digits, whatever the article prints.
        (
            "Shares of Tencent Holdings (00700.HK) climbed 3% while Alibaba Group (09988.HK) slipped.",
            [
                ("00700.HK", "0700.HK", "XHKG", "Tencent Holdings"),
                ("09988.HK", "9988.HK", "XHKG", "Alibaba Group"),
            ],
        ),
        ("Tencent (HK:700) led the Hang Seng higher.", [("HK:700", "0700.HK", "XHKG", "Tencent")]),
        # Reuters RICs in angle brackets.
        (
            "TOKYO, May 2 - Toyota Motor Corp <7203.T> cut its outlook on Thursday.",
            [("7203.T", "7203.T", "XTKS", "Toyota Motor Corp")],
        ),
        # Korean press: KRX and KOSDAQ prefixes.
        (
            "Samsung Electronics (KRX:005930) fell 1.2%, and biotech Alteogen (KOSDAQ:247540) jumped 8%.",
            [
                ("KRX:005930", "005930.KS", "XKRX", "Samsung Electronics"),
                ("KOSDAQ:247540", "247540.KQ", "XKOS", "Alteogen"),
            ],
        ),
        # London codes print a trailing dot; BA. is BAE Systems on London, never Boeing.
        (
            "Oil major BP (LON:BP.) and defence group BAE Systems (LON:BA.) both gained in London.",
            [("LON:BP.", "BP.L", "XLON", "BP"), ("LON:BA.", "BA.L", "XLON", "BAE Systems")],
        ),
        # Investing.com style prefixes across venues.
        ("Software maker SAP (ETR:SAP) rose.", [("ETR:SAP", "SAP.DE", "XETR", "SAP")]),
        ("Luxury group LVMH (EPA:MC) dropped.", [("EPA:MC", "MC.PA", "XPAR", "LVMH")]),
        ("Shopify Inc (TSX:SHOP) rallied in Toronto.", [("TSX:SHOP", "SHOP.TO", "XTSE", "Shopify Inc")]),
        ("Shares of miner BHP Group (ASX:BHP) slid.", [("ASX:BHP", "BHP.AX", "XASX", "BHP Group")]),
        (
            "Reliance Industries (NSE:RELIANCE) added 2% in Mumbai.",
            [("NSE:RELIANCE", "RELIANCE.NS", "XNSE", "Reliance Industries")],
        ),
        # Taiwanese press: Taipei Exchange (TPEx) listings are Yahoo .TWO.
        (
            "Controller maker Phison Electronics (TPEX:6488) hit its daily limit.",
            [("TPEX:6488", "6488.TWO", "ROCO", "Phison Electronics")],
        ),
        # Yahoo-style bare lists right after a name.
        (
            "Alphabet (GOOGL, GOOG) and Berkshire Hathaway (BRK-B) lagged the Nasdaq 100 (^NDX).",
            [
                ("GOOGL", "GOOGL", None, "Alphabet"),
                ("GOOG", "GOOG", None, "Alphabet"),
                ("BRK-B", "BRK-B", None, "Berkshire Hathaway"),
                ("^NDX", "^NDX", None, "Nasdaq 100"),
            ],
        ),
        # Spaced brackets and "NYSE: TM" outside brackets.
        ("Toyota Motor ( TM ) rose premarket.", [("TM", "TM", None, "Toyota Motor")]),
        ("Toyota Motor, NYSE: TM, said on Friday.", [("NYSE: TM", "TM", "XNYS", "Toyota Motor")]),
        # Quote widgets glued to the text by a scraper.
        ("Toyota Motor TM-- shares were flat.", [("TM", "TM", None, "Toyota Motor")]),
        ("In New York, Toyota TM--0.5% eased.", [("TM", "TM", None, "Toyota")]),
        ("Sony Group SONY+1.2% gained.", [("SONY", "SONY", None, "Sony Group")]),
        # Cashtags and share classes in every form.
        ("Traders piled into $BRK.B after the letter.", [("$BRK.B", "BRK-B", None, None)]),
        ("$BRK-B and $AAPL led.", [("$BRK-B", "BRK-B", None, None), ("$AAPL", "AAPL", None, None)]),
        ("Berkshire Hathaway (NYSE:BRK.B) rose.", [("NYSE:BRK.B", "BRK-B", "XNYS", "Berkshire Hathaway")]),
        ("Berkshire Hathaway (NYSE:BRK/B) rose.", [("NYSE:BRK/B", "BRK-B", "XNYS", "Berkshire Hathaway")]),
        ("Berkshire Hathaway (BRK.B) rose.", [("BRK.B", "BRK-B", None, "Berkshire Hathaway")]),
        ("Berkshire Hathaway (BRK/B) rose.", [("BRK/B", "BRK-B", None, "Berkshire Hathaway")]),
        ("Berkshire Hathaway (BRKb.N) rose.", [("BRKb.N", "BRK-B", "XNYS", "Berkshire Hathaway")]),
        # Bloomberg codes.
        (
            "Toyota Motor (7203 JP) and Apple (AAPL US Equity)",
            [
                ("7203 JP", "7203.T", "XTKS", "Toyota Motor"),
                ("AAPL US Equity", "AAPL", None, "Apple"),
            ],
        ),
        ("Kweichow Moutai (600519 CH) fell.", [("600519 CH", "600519.SS", "XSHG", "Kweichow Moutai")]),
        # Newly covered venues, one per style.
        (
            "Uranium Energy (NYSEAMERICAN:UEC) jumped.",
            [("NYSEAMERICAN:UEC", "UEC", "XASE", "Uranium Energy")],
        ),
        ("Junior miner Hercules (TSXV:BIG) spiked.", [("TSXV:BIG", "BIG.V", "XTSX", "Hercules")]),
        ("Infosys (INFY.NS) eased.", [("INFY.NS", None, "XNSE", "Infosys")]),
        ("Ericsson (STO:ERIC-B) fell.", [("STO:ERIC-B", "ERIC-B.ST", "XSTO", "Ericsson")]),
        ("DBS Group (SGX:D05) rose.", [("SGX:D05", "D05.SI", "XSES", "DBS Group")]),
        ("Saudi Aramco (TADAWUL:2222) slipped.", [("TADAWUL:2222", "2222.SR", "XSAU", "Saudi Aramco")]),
        ("Petrobras (PETR4.SA) climbed.", [("PETR4.SA", "PETR4.SA", "BVMF", "Petrobras")]),
    ],
)
def test_golden_forms(text: str, expected: list[tuple[str, str | None, str | None, str | None]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Its bets on AI (AI) and electric vehicles (EV) worried the chief executive (CEO).",
        "Revenue grew in (2024) and the meeting starts at 10:30.",
        "Note: figures are provisional. NOTE: SEE BELOW. UPDATE: SHARES FELL",
        "See https://example.com/quote?s=NYSE:HMC or http://x.test/NYSE:HMC or ir@NYSE:HMC",
        "Q3: margins widened; the split was 3:1 and Q1:2025 guidance held.",
        "Sales in the U.S. (U.S.) and the European Union (EU) rose.",
        "Toyota (NYSE) traded higher.",
        "TOKYO (Reuters) - Markets were quiet.",
        "Ford (F) and Visa (V) are left to the master: one letter is too ambiguous.",
        "COVID-19 cases fell 5% and GDP-0.5% was revised; EPS+3% beat.",
        "It paid US$3.95 a share, $5 billion in all, and HK$120.",
    ],
)
def test_non_tags_stay_text(text: str) -> None:
    assert find_all_tags(text) == []


def test_unknown_and_uncovered_prefixes_are_reported_with_reason() -> None:
    spans = find_all_tags("Acme (FOO:BAR) and Teva (TLV:TEVA) and Elbit (ESLT.TA)")
    assert [(t.surface, t.symbol) for t in spans] == [
        ("FOO:BAR", None),
        ("TLV:TEVA", None),
        ("ESLT.TA", None),
    ]
    assert "'FOO'" in spans[0].reason
    assert "Tel Aviv" in spans[1].reason and "Tel Aviv" in spans[2].reason


def test_bare_code_needs_a_name_beside_it() -> None:
    # The same brackets after a verb or a lower-case word are no ticker.
    assert find_all_tags("Shares fell (GOOGL) after the call.") == []
    (t,) = find_all_tags("Alphabet (GOOGL) fell.")
    assert t.name_adjacent and t.symbol == "GOOGL"


def test_digit_code_after_a_name_is_reported_without_a_symbol() -> None:
    (t,) = find_all_tags("Hon Hai (2317) rose.")
    assert t.symbol is None and "no exchange printed" in t.reason


def test_name_before_is_the_nearest_in_the_clause() -> None:
    text = "Honda rose. Shares of Samsung Electronics gained 2% on Monday (KRX:005930)."
    (t,) = find_all_tags(text)
    assert t.name_before is not None
    assert text[t.name_before[0] : t.name_before[1]] == "Samsung Electronics"
    assert not t.name_adjacent  # words stand between the name and the tag
    # A clause boundary cuts the search: no name in "; (KRX:005930)".
    (u,) = find_all_tags("Honda rose; (KRX:005930) fell.")
    assert u.name_before is None


def test_previous_tag_is_never_the_name() -> None:
    text = "(NYSE:TM) and (TYO:7203)"
    assert [t.name_before for t in find_all_tags(text)] == [None, None]


def test_tse_rule_is_noted() -> None:
    tokyo, toronto = find_all_tags("(TSE:7203) and (TSE:RY)")
    assert (tokyo.mic, toronto.mic) == ("XTKS", "XTSE")
    assert "Tokyo" in tokyo.note and "Toronto" in toronto.note


# --- the venue table ---------------------------------------------------------------------------------

_NEW_VENUES = {
    # mic: (Yahoo suffix, calendar) -- suffixes as in FinanceDatabase's per-exchange files
    # (/work/shared/data/securities/global/financedatabase/database/equities/*.csv: KOE .KQ, NSE .NS,
    # VAN .V, TWO .TWO, BRU .BR, LIS .LS, ISE .IR, MCE .MC, STO .ST, HEL .HE, CPH .CO, OSL .OL, VIE .VI,
    # SES .SI, JKT .JK, SET .BK, KLS .KL, MEX .MX, SAO .SA, JNB .JO, NZE .NZ, IST .IS, SAU .SR);
    # .WA and .BJ from published Yahoo suffix tables (search corpus), not in those files.
    "XASE": ("", "XNYS"),
    "BATS": ("", "XNYS"),
    "XKOS": (".KQ", "XKRX"),
    "XNSE": (".NS", "XBOM"),
    "XTSX": (".V", "XTSX"),
    "ROCO": (".TWO", "XTAI"),
    "BJSE": (".BJ", "XSHG"),
    "XBRU": (".BR", "XBRU"),
    "XLIS": (".LS", "XLIS"),
    "XDUB": (".IR", "XDUB"),
    "XMAD": (".MC", "XMAD"),
    "XSTO": (".ST", "XSTO"),
    "XHEL": (".HE", "XHEL"),
    "XCSE": (".CO", "XCSE"),
    "XOSL": (".OL", "XOSL"),
    "XWBO": (".VI", "XWBO"),
    "XWAR": (".WA", "XWAR"),
    "XIST": (".IS", "XIST"),
    "XSES": (".SI", "XSES"),
    "XIDX": (".JK", "XIDX"),
    "XBKK": (".BK", "XBKK"),
    "XKLS": (".KL", "XKLS"),
    "XNZE": (".NZ", "XNZE"),
    "XMEX": (".MX", "XMEX"),
    "BVMF": (".SA", "BVMF"),
    "XJSE": (".JO", "XJSE"),
    "XSAU": (".SR", "XSAU"),
}


@pytest.mark.parametrize("mic", sorted(_NEW_VENUES))
def test_new_venue_rows_and_their_calendars(mic: str) -> None:
    suffix, cal = _NEW_VENUES[mic]
    venue = EXCHANGES[mic]
    assert (venue.yahoo_suffix, venue.calendar) == (suffix, cal)
    sessions = calendar(mic).sessions_in_range(pd.Timestamp("2025-03-03"), pd.Timestamp("2025-03-07"))
    assert len(sessions) >= 3  # a working week has sessions on every covered venue


def test_tel_aviv_is_known_but_uncovered() -> None:
    # exchange_calendars 4.x cannot build Tel Aviv's or Athens' calendars; Qatar and Egypt have none.
    assert sorted(UNCOVERED) == ["DSMD", "XATH", "XCAI", "XTAE"] and not VENUES["XTAE"].covered


# --- fuzz ---------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Toyota Motor",
        " (7203.T)",
        " (KRX:005930)",
        " NYSE: TM",
        " $BRK.B",
        " TM--",
        "0.5%",
        " (GOOGL, GOOG)",
        " (AI)",
        " 10:30",
        " Note: ",
        "(",
        ")",
        "<",
        ">",
        ":",
        "$",
        "--",
        ".",
        ",",
        " ",
        "\n",
        "Q3:",
        "(LON:BA.)",
        " (^NDX)",
        " (2024)",
        "https://a.b/NYSE:HMC",
        " ( TM )",
        "BRK/B",
        "(00700.HK)",
        "Alphabet",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=14))
def test_fuzz_spans_slice_back_and_never_crash(parts: list[str]) -> None:
    text = "".join(parts)
    spans = find_all_tags(text)
    last = -1
    for t in spans:
        assert isinstance(t, TagSpan)
        assert text[t.start : t.end] == t.surface and t.start >= last
        last = t.end
        assert (t.symbol is None) == bool(t.reason)
        if t.name_before:
            assert t.name_before[1] <= t.start


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_PIECES, max_size=12), st.sampled_from(["", " ", "  ", "\t"]), st.sampled_from(["", " ", "\n"])
)
def test_fuzz_surrounding_whitespace_only_shifts_offsets(parts: list[str], left: str, right: str) -> None:
    text = "".join(parts)
    base = [(t.surface, t.style, t.symbol, t.mic, t.reason) for t in find_all_tags(text)]
    padded = find_all_tags(left + text + right)
    assert [(t.surface, t.style, t.symbol, t.mic, t.reason) for t in padded] == base
    assert [t.start - len(left) for t in padded] == [t.start for t in find_all_tags(text)]
