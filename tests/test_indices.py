"""The index fact table and the index-name resolver (marketreact.reference.indices).

Golden sentences are written for these tests in the styles of the market reports noted in
docs/index_names.md (wire closes, Asian English-language press, European press); none is
copied from an article.
"""

from __future__ import annotations

import bz2
import csv
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketreact.errors import InvalidParameter, UnknownSymbol
from marketreact.reference._index_rules import NOT_INDEX_NAMES
from marketreact.reference.indices import (
    COLUMNS,
    IndexTable,
    _key,
    _parts,
    default_path,
    find_index_mentions,
    load_indices,
)

FD_INDICES = Path("/work/shared/data/securities/global/financedatabase/compression/indices.bz2")


@pytest.fixture(scope="module")
def table() -> IndexTable:
    return load_indices()


def ids(text: str, table: IndexTable) -> list[str]:
    return [m.index_id for m in find_index_mentions(text, table)]


# ---------------------------------------------------------------- the table


def test_table_covers_the_required_indices(table: IndexTable) -> None:
    required = {
        "nikkei225", "topix", "sp500", "nasdaq_composite", "nasdaq100", "djia", "russell2000", "sox", "vix",
        "taiex", "csi300", "sse_composite", "szse_component", "chinext", "hang_seng", "hscei", "hstech",
        "kospi", "kosdaq", "dax", "mdax", "ftse100", "ftse250", "cac40", "stoxx600", "eurostoxx50",
        "ftse_mib", "ibex35", "aex", "smi", "asx200", "tsx", "sensex", "nifty50", "sti",
        "msci_world", "msci_apxj", "msci_em",
    }  # fmt: skip
    assert required <= set(table.ids)


def test_table_rows_are_consistent(table: IndexTable) -> None:
    rics = [i.ric for i in table if i.ric]
    assert len(rics) == len(set(rics))
    for info in table:
        assert info.no_series == (info.yahoo is None), info.index_id
        assert info.context_required <= set(info.names), info.index_id
        assert info.source
    assert table.get("topix").no_series and table.get("topix").proxy_etf == "1306.T"
    assert table.get("vix").kind == "volatility"


def test_lookups(table: IndexTable) -> None:
    assert table.by_ric(".N225").index_id == "nikkei225"
    assert table.by_ric(".TOPX").index_id == "topix"
    assert table.by_yahoo("^GSPC").index_id == "sp500"
    assert table.by_yahoo("^NDX").index_id == "nasdaq100"
    with pytest.raises(UnknownSymbol, match=r"'\.NOPE'.*index RICs"):
        table.by_ric(".NOPE")
    with pytest.raises(UnknownSymbol, match="index Yahoo symbols"):
        table.by_yahoo("N225")  # without the caret


@pytest.mark.skipif(
    not FD_INDICES.is_file(), reason="staged FinanceDatabase indices list not on this machine"
)
def test_yahoo_symbols_and_currencies_agree_with_financedatabase(table: IndexTable) -> None:
    # Independent reference: FinanceDatabase's index list (see /work/shared/data/securities/PROVENANCE.md).
    # Symbols it lacks (000300.SS, 000001.SS, HSTECH.HK, ^990100-USD-STRD) are sourced elsewhere in the table.
    with bz2.open(FD_INDICES, "rt", encoding="utf-8") as handle:
        fd = {row["symbol"]: row for row in csv.DictReader(handle)}
    checked = 0
    for info in table:
        if info.yahoo in fd:
            assert fd[info.yahoo]["currency"] == info.currency, info.index_id
            checked += 1
    assert checked >= 30
    # The staged list's known gap and error are not silently inherited (PROVENANCE quality notes).
    assert "^TOPX" not in fd and table.get("topix").yahoo is None


def write_table(tmp_path: Path, **overrides: str) -> Path:
    row = {
        "index_id": "toy",
        "name": "Toy Index",
        "kind": "equity",
        "yahoo": "^TOY",
        "no_series": "0",
        "ric": ".TOY",
        "mic": "XTKS",
        "country": "JP",
        "currency": "JPY",
        "proxy_etf": "",
        "names": "Toy Index|Toy",
        "context_required": "Toy",
        "source": "made up for a test",
    }
    row.update(overrides)
    path = tmp_path / "indices.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerow(row)
    return path


def test_toy_table_loads_and_resolves(tmp_path: Path) -> None:
    toy = load_indices(write_table(tmp_path))
    assert [m.index_id for m in find_index_mentions("The Toy Index rose; the Toy fell 2%.", toy)] == [
        "toy",
        "toy",
    ]
    assert find_index_mentions("A Toy for children.", toy) == []  # ambiguous name, no index words


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("currency", "YEN", r"column 'currency'.*'YEN'.*one of"),
        ("index_id", "Toy Index", r"column 'index_id'.*slug"),
        ("no_series", "1", r"column 'no_series'.*yahoo cell is empty"),
        ("ric", "N225", r"column 'ric'.*leading dot"),
        ("kind", "bond", r"column 'kind'"),
        ("context_required", "Toyz", r"column 'context_required'.*Toyz"),
        ("names", "Toy||Toy Index", r"column 'names'"),
        ("mic", "Tokyo", r"column 'mic'"),
    ],
)
def test_bad_cells_are_named(tmp_path: Path, column: str, value: str, message: str) -> None:
    with pytest.raises(InvalidParameter, match=message) as caught:
        load_indices(write_table(tmp_path, **{column: value}))
    assert caught.value.value == value
    assert "line 2" in caught.value.param


def test_duplicates_and_missing_file_are_reported(tmp_path: Path, table: IndexTable) -> None:
    info = table.get("nikkei225")
    with pytest.raises(InvalidParameter, match=r"'nikkei225'.*unique"):
        IndexTable([info, info])
    with pytest.raises(InvalidParameter, match="reads the same as"):
        load_indices(write_table(tmp_path, names="Nikkei Asia", context_required=""))  # a non-index name
    with pytest.raises(InvalidParameter, match="no such file"):
        load_indices(tmp_path / "absent.csv")
    assert default_path().name == "indices.csv"


def test_non_index_names_do_not_collide_with_index_names(table: IndexTable) -> None:
    index_keys = {_key(n) for info in table for n in info.names}
    assert not index_keys & {_key(n) for n in NOT_INDEX_NAMES}


# ---------------------------------------------------------------- golden sentences

GOLDEN: list[tuple[str, list[str]]] = [
    # wire closes, Tokyo
    ("Tokyo shares slid on Tuesday, with the Nikkei share average shedding 1.9% to 37,820.", ["nikkei225"]),
    (
        "The 225-issue Nikkei Stock Average gave up 210 points, and the broader Topix lost 1.1%.",
        ["nikkei225", "topix"],
    ),
    ("Japan's Nikkei closed 0.8% higher after a weaker yen lifted exporters.", ["nikkei225"]),
    ("The Nikkei fell 2% in early trade as chip stocks tracked Wall Street lower.", ["nikkei225"]),
    ("Nikkei futures pointed to a softer open in Osaka.", ["nikkei225"]),
    ("Advantest was the biggest drag on the Nikkei, down 6%.", ["nikkei225"]),
    (
        "Tokyo's Nikkei (.N225) was flat, while the TOPIX (.TOPX) edged up.",
        ["nikkei225", "nikkei225", "topix", "topix"],
    ),
    # Nikkei the publisher
    ("A Nissan executive told the Nikkei the plant would close next year.", []),
    ("The Nikkei reported on Sunday that the two carmakers had begun talks.", []),
    ("According to Nikkei Asia, the merger could be announced within weeks.", []),
    ("The Nikkei business daily said the lender plans a share buyback.", []),
    # New York
    (
        "The Dow Jones Industrial Average added 412 points, the S&P 500 gained 1.3% and the Nasdaq Composite rose 2%.",
        ["djia", "sp500", "nasdaq_composite"],
    ),
    ("The tech-heavy Nasdaq fell 3.1%, its worst day since March.", ["nasdaq_composite"]),
    ("The Nasdaq slumped to a three-month low and the Dow shed 1.5%.", ["nasdaq_composite", "djia"]),
    ("The S&P closed at a record on Friday.", ["sp500"]),
    ("S&P futures were up 0.4% before the jobs report.", ["sp500"]),
    ("The small-cap Russell 2000 jumped 3%, outpacing the blue-chip Dow.", ["russell2000", "djia"]),
    ("The Philadelphia SE Semiconductor index climbed 4% as Nvidia rallied.", ["sox"]),
    ("The Cboe Volatility Index, Wall Street's fear gauge, hit its highest level in a year.", ["vix", "vix"]),
    ("Futures on the Nasdaq-100 slipped 0.6%.", ["nasdaq100"]),
    # company, agency and venue traps
    ("Dow Inc shares fell 4% after the chemical maker cut its dividend.", []),
    ("Dow Chemical and Dow Jones & Co were named in the filing.", []),
    ("The report was carried by Dow Jones Newswires on Monday.", []),
    ("S&P Global Ratings lowered the carmaker to junk.", []),
    ("S&P downgraded the bank, and its shares fell 5%.", []),
    ("S&P cut its outlook on the utility to negative.", []),
    ("The chipmaker is listed on the Nasdaq and in Taipei.", []),
    ("The Nasdaq-listed startup rose 12% in its debut.", []),
    ("Apple (NASDAQ:AAPL) gained 1.4% after the launch.", []),
    ("The drugmaker's shares rose 3% in Nasdaq trading after the data.", []),
    ("Moody's and S&P rate the notes investment grade.", []),
    ("Shares of Nasdaq Inc fell after the exchange operator reported results.", []),
    # Asia: Taiwan, Korea, China, Hong Kong
    ("Taiwan's main index rose 1.2%, led by TSMC.", ["taiex"]),
    ("The Taiex, the weighted index on the Taiwan Stock Exchange, ended up 129 points.", ["taiex"]),
    ("At the close in Taipei, the Taiwan Weighted gained 1.01%.", ["taiex"]),
    (
        "The benchmark Korea Composite Stock Price Index (KOSPI) lost 12 points, while the tech-heavy Kosdaq rose 0.3%.",
        ["kospi", "kospi", "kosdaq"],
    ),
    ("The biotech firm moved to the main board after years as a Kosdaq-listed company.", []),
    (
        "China's blue-chip CSI300 index rose 1%, while the Shanghai Composite Index gained 0.6%.",
        ["csi300", "sse_composite"],
    ),
    (
        "The Shenzhen Component Index fell 0.4% and the start-up board ChiNext slid 1.2%.",
        ["szse_component", "chinext"],
    ),
    ("The Shenzhen Composite Index, a different gauge, was flat.", []),
    (
        "In Hong Kong, the Hang Seng index added 0.7% and the Hang Seng China Enterprises Index gained 0.9%.",
        ["hang_seng", "hscei"],
    ),
    ("The Hang Seng Tech index jumped 2.4% as Alibaba and Meituan rebounded.", ["hstech"]),
    ("Hang Seng Bank said its net interest margin narrowed.", []),
    # Europe
    (
        "The pan-European STOXX 600 rose 0.5%, Germany's DAX added 0.8% and the mid-cap MDAX fell 0.2%.",
        ["stoxx600", "dax", "mdax"],
    ),
    (
        "London's blue-chip FTSE 100 dipped 0.3% and the domestically focused FTSE 250 lost 0.6%.",
        ["ftse100", "ftse250"],
    ),
    (
        "In Paris the CAC 40 rose 1.1%; Madrid's IBEX 35 and Milan's FTSE MIB also advanced.",
        ["cac40", "ibex35", "ftse_mib"],
    ),
    (
        "The EuroStoxx50 opened 0.9% lower, with the Dax30 and the Cac40 also in the red.",
        ["eurostoxx50", "dax", "cac40"],
    ),
    ("Amsterdam's AEX slipped 0.2% and Switzerland's SMI was unchanged.", ["aex", "smi"]),
    ("TecDAX and SDAX stocks were mixed.", []),
    # elsewhere
    (
        "Australia's S&P/ASX 200 dipped 0.5% and Canada's S&P/TSX composite index closed at a record.",
        ["asx200", "tsx"],
    ),
    (
        "The S&P BSE Sensex rose 177 points and the Nifty 50 gained 0.3%; Bank Nifty lagged.",
        ["sensex", "nifty50"],
    ),
    ("Singapore's Straits Times Index closed 0.4% lower.", ["sti"]),
    ("The Straits Times reported that the bank would raise fees.", []),
    ("MSCI's broadest index of Asia-Pacific shares outside Japan was 0.5% higher.", ["msci_apxj"]),
    (
        "The MSCI Emerging Markets index fell for a third day and MSCI's world index hit a record.",
        ["msci_em", "msci_world"],
    ),
    # ordinary words that look like names
    ("It was a nifty trick, and an ibex watched the Red Sox game.", []),
    ("The firm spent heavily on SOX compliance this year.", []),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[f"g{i:02d}" for i in range(len(GOLDEN))])
def test_golden(text: str, expected: list[str], table: IndexTable) -> None:
    assert ids(text, table) == expected


def test_golden_set_is_large_and_has_traps() -> None:
    assert len(GOLDEN) >= 40
    assert sum(1 for _, expected in GOLDEN if not expected) >= 15


def test_mentions_carry_spans_symbols_and_evidence(table: IndexTable) -> None:
    text = "Analysts said the Nikkei fell 2% while the broader Topix lost 1.5%."
    nikkei, topix = find_index_mentions(text, table)
    assert (nikkei.start, nikkei.end, nikkei.surface) == (18, 24, "Nikkei")
    assert (nikkei.yahoo, nikkei.ric, nikkei.no_series) == ("^N225", ".N225", False)
    assert nikkei.evidence == "name 'Nikkei'; context: 'fell' 1 chars after"
    assert topix.evidence == "name 'Topix'" and topix.no_series and topix.yahoo is None
    ric = find_index_mentions("(.SPX)", table)[0]
    assert ric.evidence == "RIC '.SPX'" and ric.index_id == "sp500"


def test_context_may_come_before_the_name(table: IndexTable) -> None:
    [m] = find_index_mentions("Wall Street stocks tumbled, led by the Dow.", table)
    assert m.index_id == "djia"
    assert m.evidence == "name 'Dow'; context: 'tumbled' 13 chars before"


def test_index_words_of_another_sentence_do_not_count(table: IndexTable) -> None:
    assert ids("Profits rose. The Nikkei has a new editor.", table) == []


def test_case_rules(table: IndexTable) -> None:
    assert ids("The DOW fell 2%.", table) == []  # DOW in capitals is Dow Inc's ticker
    assert ids("The NIKKEI fell 2%.", table) == ["nikkei225"]  # headline capitals
    assert ids("the nasdaq composite rose 1%", table) == ["nasdaq_composite"]  # several words: any case
    assert ids("the n225 fell", table) == []  # a RIC needs its dot and its capitals
    assert ids("Apple.N225 rose", table) == []  # no RIC glued to a word


def test_longest_name_wins(table: IndexTable) -> None:
    assert ids("The tech-heavy Nasdaq 100 rose 1%.", table) == ["nasdaq100"]
    assert ids("Dow Jones Stoxx 600 rose.", table) == ["stoxx600"]
    assert ids("The Hang Seng Index Company added two stocks.", table) == []


def test_apostrophes_and_separators(table: IndexTable) -> None:
    assert ids("Taiwan\u2019s main index rose 1%.", table) == ["taiex"]
    assert ids("The Nasdaq\u2011100 and the CAC\u201340 fell.", table) == ["nasdaq100", "cac40"]
    assert ids("The S&P\n500 rose.", table) == ["sp500"]


# ---------------------------------------------------------------- the single pattern vs a per-name scan


def reference_scan(text: str, table: IndexTable) -> set[tuple[int, int]]:
    """Spans found by a slow independent method: every name scanned separately, longest match kept."""
    names = {n for info in table for n in info.names} | set(NOT_INDEX_NAMES)
    names |= {s for info in table for s in (info.ric, info.yahoo) if s}
    sep = "[\\s\\-\u2010\u2011\u2012\u2013]*"
    spans: list[tuple[int, int]] = []
    for name in names:
        body = sep.join(re.escape(p).replace("'", "['\u2019\u2018]") for p in _parts(name))
        spans += [m.span() for m in re.finditer(rf"(?<![\w.^])(?:{body})(?!\w)", text, re.IGNORECASE)]
    # leftmost, then longest, non-overlapping: the same selection the single pattern makes
    chosen: set[tuple[int, int]] = set()
    end = -1
    for start, stop in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end:
            chosen.add((start, stop))
            end = stop
    return chosen


def test_single_pattern_agrees_with_per_name_scan(table: IndexTable) -> None:
    corpus = " ".join(text for text, _ in GOLDEN)
    found = {m.span() for m in table._pattern.finditer(corpus)}
    assert found == reference_scan(corpus, table)


# ---------------------------------------------------------------- fuzz

FRAGMENTS = sorted({n for info in load_indices() for n in info.names} | set(NOT_INDEX_NAMES))
WORDS = [
    "fell",
    "rose",
    "told the",
    "listed on the",
    "(",
    ")",
    ".",
    ",",
    " ",
    "\n",
    "NASDAQ:",
    "2%",
    "the",
    "index",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(WORDS), st.text(max_size=6)), max_size=25
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, left=st.text(alphabet=" \n\t", max_size=4), right=st.text(alphabet=" \n\t", max_size=4))
def test_fuzz_spans_and_padding(text: str, left: str, right: str, table: IndexTable) -> None:
    plain = find_index_mentions(text, table)
    for m in plain:
        assert text[m.start : m.end] == m.surface
    padded = find_index_mentions(left + text + right, table)
    shift = len(left)
    assert [(m.start - shift, m.end - shift, m.index_id, m.evidence) for m in padded] == [
        (m.start, m.end, m.index_id, m.evidence) for m in plain
    ]


def test_non_text_is_refused(table: IndexTable) -> None:
    with pytest.raises(InvalidParameter, match="text"):
        find_index_mentions(b"Nikkei", table)  # type: ignore[arg-type]
