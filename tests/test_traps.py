"""Regression tests for the trap rules of mention extraction, one test per trap family (issue 11).

Every sentence here was written for this file in the styles of real news (wire copy with datelines,
Asian English-language market reports, European press, photo credits), after reading how such
articles print names in the search tool's ``pages`` corpus; none is copied from an article.

A *trap* is a span that spells a name of the world security master but does not name that listed
company: a common word, an index, an agency, a venue, a unit of a listed group, a fund sponsor
inside an ETF's name. The rule under test: the span never becomes a *listing mention* (a mention
other than an index that carries a symbol), no selected listing cites it, and, where the matcher
saw it, it is kept in the audit trail: ``Extraction.rejected`` (not a company, with the reason) or
``Extraction.unresolved`` (ambiguous, with its candidates).

Positive controls check that the same families, named properly, resolve to the right Yahoo symbol
(symbols from the bundled master and the Yahoo suffix conventions: ``.T`` Tokyo, ``.KS`` Korea,
``.DE`` Xetra, ``.L`` London).

Known bugs are ``xfail(strict=True)`` with the reason: when one is fixed, the test fails until the
mark is removed.
"""

from __future__ import annotations

import re
from typing import Literal

import pytest

from marketreact.reference.securities import load_master
from marketreact.text.mentions import Extraction, Mention, Unresolved, extract_mentions, select_listings

MASTER = load_master()

Audit = Literal["rejected", "unresolved", "audited", "any"]


def _locate(text: str, surface: str) -> tuple[int, int]:
    """The span of the first whole-word occurrence of ``surface`` in ``text``."""
    m = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)
    assert m is not None, f"{surface!r} is not in the test sentence {text!r}"
    return m.start(), m.end()


def _over(items: list[Mention] | list[Unresolved], start: int, end: int) -> list[Mention | Unresolved]:
    return [x for x in items if x.start < end and start < x.end]


def _listing_mentions(ex: Extraction, start: int, end: int) -> list[Mention]:
    return [m for m in ex.mentions if m.kind != "index" and m.symbols and m.start < end and start < m.end]


def assert_trap(text: str, surface: str, audit: Audit) -> Extraction:
    """``surface`` in ``text`` is no listing mention, and lands where ``audit`` says."""
    ex = extract_mentions(text, MASTER)
    start, end = _locate(text, surface)
    wrong = _listing_mentions(ex, start, end)
    assert not wrong, f"{surface!r} became a listing mention: {[(m.text, m.symbols[0]) for m in wrong]}"
    rows = select_listings(ex, MASTER)
    assert not [r for r in rows if repr(surface) in r.reason], "a selected listing cites the trap"
    rejected = _over(ex.rejected, start, end)
    ambiguous = [u for u in ex.unresolved if u.start < end and start < u.end and u.candidates]
    if audit == "rejected":
        assert rejected, f"{surface!r} is not in Extraction.rejected"
        assert all(r.reason for r in rejected)
    elif audit == "unresolved":
        assert ambiguous, f"{surface!r} is not in Extraction.unresolved with candidates"
    elif audit == "audited":
        assert rejected or ambiguous, f"{surface!r} is in neither rejected nor unresolved"
    return ex


def assert_resolves(text: str, surface: str, symbol: str) -> None:
    """``surface`` is a company mention whose first symbol is ``symbol``, and that listing is selected."""
    ex = extract_mentions(text, MASTER)
    start, end = _locate(text, surface)
    hits = [m for m in ex.mentions if (m.start, m.end) == (start, end) and m.kind == "company"]
    assert hits, f"{surface!r} is not a company mention: {[(m.text, m.symbols) for m in ex.mentions]}"
    assert hits[0].symbols[0] == symbol
    assert symbol in {r.symbol for r in select_listings(ex, MASTER)}


def _bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# --- common words that are also names or tickers -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "audit"),
    [
        ("Brokers in Hong Kong trimmed their price target for the carmaker to HK$88.", "price target", "any"),
        ("A block of 2.5 million shares crossed at a discount before the bell.", "block", "any"),
        ("Block trades made up almost a fifth of Tuesday's turnover, dealers said.", "Block", "rejected"),
        ("The empty shell of the old smelter will be torn down next year.", "shell", "any"),
        (
            "Shell companies in offshore centres were used to move the money, prosecutors said.",
            "Shell",
            "audited",
        ),
        ("Strategists called the rally a meta trade on rate cuts rather than on earnings.", "meta", "any"),
        ("Growers in Aomori said the apple harvest was down by a third.", "apple", "any"),
        ("Exporters shipped more apple juice concentrate to Europe this season.", "apple", "any"),
        pytest.param(
            "Apple orchards in Nagano were hit by a late frost.",
            "Apple",
            "any",
        ),
        pytest.param(
            "Hyundai Motor said it would build a steel plant in Louisiana.",
            "Louisiana",
            "any",
        ),
        pytest.param(
            "FAW Toyota, a joint venture in Changchun, cut prices on two models.",
            "Changchun",
            "any",
        ),
        pytest.param(
            "Hyundai Engineering & Construction won a Saudi contract.",
            "Saudi",
            "any",
        ),
    ],
)
def test_common_words_are_not_listings(text: str, surface: str, audit: Audit) -> None:
    assert_trap(text, surface, audit)


# --- "the Dow" the index versus Dow Inc the company ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Dow shed 410 points, its worst day since March.",
        "Blue chips lagged, with the Dow down 0.6% at the close.",
        "The Dow Jones Industrial Average ended 1.1% higher on Friday.",
        "NEW YORK, May 2 (Reuters) - The Dow rose 0.4% as bond yields eased.",
        pytest.param(
            "By midday the Dow had recovered most of its early losses.",
        ),
    ],
)
def test_the_dow_is_the_index(text: str) -> None:
    ex = assert_trap(text, "Dow", "any")
    start, end = _locate(text, "Dow")
    (index,) = [m for m in ex.mentions if m.kind == "index" and m.start <= start and end <= m.end]
    assert index.symbols == ("^DJI",)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("(END) Dow Jones Newswires", "Dow"),
        ("(END) Dow Jones Newswires", "Jones"),
        ("The newswire has been run by Dow Jones & Co. since the 1880s.", "Jones"),
        ("Subscribers to the Dow Jones feed saw the headline first.", "Jones"),
        pytest.param(
            "Dow Jones & Co. owns the newswire and the Journal.",
            "Jones",
        ),
    ],
)
def test_dow_jones_the_publisher_is_no_listing(text: str, surface: str) -> None:
    assert_trap(text, surface, "any")


# --- a platform called X ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The minister announced the tariff in a post on X late on Sunday.",
        "X, the social platform owned by Elon Musk, said advertisers were returning.",
        "Users on X shared screenshots of the outage.",
        "The clip spread quickly across X and other apps.",
    ],
)
def test_platform_x_is_no_listing(text: str) -> None:
    ex = assert_trap(text, "X", "any")
    assert not [m for m in ex.mentions if m.kind != "index" and m.symbols]


# --- all-caps abbreviations, and agency codes in datelines ----------------------------------------


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("AI chip demand lifted the sector as EV makers lagged.", ["AI", "EV"]),
        ("The CEO told analysts that IT budgets would recover next year.", ["CEO", "IT"]),
        ("Futures were little changed at 8:30 a.m. ET.", ["ET"]),
        ("Trading resumes at 9 AM local time after the holiday.", ["AM"]),
        ("ON THE MOVE: AI STOCKS, EV MAKERS AND CEO PAY", ["ON", "AI", "EV", "CEO"]),
        ("NEW YORK, June 2 (AP) — Wall Street drifted lower.", ["AP"]),
        ("WASHINGTON (AFP) - The central bank held rates.", ["AFP"]),
        ("SEOUL, May 16 (Yonhap) -- Stocks ended a tad higher.", ["Yonhap"]),
    ],
)
def test_all_caps_abbreviations_are_not_names(text: str, surfaces: list[str]) -> None:
    for surface in surfaces:
        assert_trap(text, surface, "any")
    assert extract_mentions(text, MASTER).mentions == []


# --- group lookalikes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mitsubishi Corp rose 2% while Mitsubishi Motors slipped and Mitsubishi UFJ Financial Group "
            "was flat.",
            {
                "Mitsubishi Corp": "8058.T",
                "Mitsubishi Motors": "7211.T",
                "Mitsubishi UFJ Financial Group": "8306.T",
            },
        ),
        (
            "Toyota Industries, which makes forklifts, jumped on the buyout offer; Toyota Motor was steady.",
            {"Toyota Industries": "6201.T", "Toyota Motor": "7203.T"},
        ),
        (
            "In Seoul, Samsung SDI and Samsung Biologics lagged while Samsung Electronics edged up.",
            {
                "Samsung SDI": "006400.KS",
                "Samsung Biologics": "207940.KS",
                "Samsung Electronics": "005930.KS",
            },
        ),
        (
            "Hyundai Mobis gained 2 percent and Hyundai Motor added 1 percent on the tariff news.",
            {"Hyundai Mobis": "012330.KS", "Hyundai Motor": "005380.KS"},
        ),
        (
            "Chipmaker SK hynix climbed 4 percent, while SK Telecom fell 1 percent.",
            {"SK hynix": "000660.KS", "SK Telecom": "017670.KS"},
        ),
        (
            "LG Electronics, LG Chem and LG Energy Solution all closed lower in Seoul.",
            {"LG Electronics": "066570.KS", "LG Chem": "051910.KS", "LG Energy Solution": "373220.KS"},
        ),
        (
            "In Frankfurt, Siemens Energy surged and Siemens Healthineers slipped.",
            {"Siemens Energy": "ENR.DE", "Siemens Healthineers": "SHL.DE"},
        ),
    ],
)
def test_group_lookalikes_resolve_to_each_member(text: str, expected: dict[str, str]) -> None:
    ex = extract_mentions(text, MASTER)
    got = {m.text: m.symbols for m in ex.mentions if m.kind == "company"}
    for surface, symbol in expected.items():
        assert surface in got, f"{surface!r} missing; got {sorted(got)}"
        # the home line, for whichever member is named: never a sibling's line
        assert symbol in got[surface]
        assert all(symbol not in s for name, s in got.items() if name != surface)
    assert ex.unresolved == []


@pytest.mark.parametrize(
    ("text", "surface", "members"),
    [
        ("Mitsubishi said on Tuesday it would buy back shares.", "Mitsubishi", {"mitsubishi_corp", "mufg"}),
        ("Hyundai said on Tuesday that it would raise wages.", "Hyundai", {"hyundai_motor", "hyundai_mobis"}),
        ("Beijing Hyundai will close a plant, a union official said.", "Hyundai", {"hyundai_motor"}),
    ],
)
def test_a_bare_group_name_is_unresolved_with_its_members(text: str, surface: str, members: set[str]) -> None:
    ex = assert_trap(text, surface, "unresolved")
    start, end = _locate(text, surface)
    (u,) = [u for u in ex.unresolved if u.start < end and start < u.end]
    assert members <= set(u.candidates)


@pytest.mark.parametrize(
    ("text", "surface", "members"),
    [
        # one name, two issuers in two countries whose registered names differ ("Argan, Inc.", "Argan SA")
        ("Argan said it won a contract.", "Argan", {"argan", "argan_fr"}),
        ("Interparfums said its fragrance sales rose.", "Interparfums", {"interparfums", "interparfums_fr"}),
    ],
)
def test_namesakes_in_two_countries_stay_unresolved(text: str, surface: str, members: set[str]) -> None:
    ex = assert_trap(text, surface, "unresolved")
    start, end = _locate(text, surface)
    (u,) = [u for u in ex.unresolved if u.start < end and start < u.end]
    assert members <= set(u.candidates)


# --- agencies and publishers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "audit"),
    [
        ("TOKYO, April 9 (Reuters) - Japanese shares slid in early trade.", "Reuters", "any"),
        ("LONDON, March 3 (Reuters) - European bourses opened higher.", "Reuters", "any"),
        ("Reuters could not independently verify the report.", "Reuters", "any"),
        ("The carmaker is weighing a bid, people familiar with the plan told Bloomberg.", "Bloomberg", "any"),
        ("TOKYO (Bloomberg) -- The yen weakened past 150 per dollar.", "Bloomberg", "any"),
        ("Output will rise next year, the executive told the Nikkei newspaper.", "Nikkei", "any"),
        ("Speaking to CNBC on Monday, the finance chief said orders were firm.", "CNBC", "any"),
        (
            "Profit beat the mean forecast of analysts polled by Thomson Reuters I/B/E/S.",
            "Thomson Reuters",
            "any",
        ),
        ("Photo: Getty Images", "Getty Images", "rejected"),
        ("(Photo by Kazuhiro Nogi / AFP via Getty Images)", "Getty Images", "rejected"),
        (
            "A trader on the floor of the New York Stock Exchange. (Photo by Spencer Platt/Getty Images)",
            "Getty Images",
            "rejected",
        ),
    ],
)
def test_agencies_and_publishers_are_not_listings(text: str, surface: str, audit: Audit) -> None:
    ex = assert_trap(text, surface, audit)
    start, end = _locate(text, surface)
    # "told the Nikkei" is the newspaper: not the index either
    assert not _over(ex.mentions, start, end)


# --- exchanges named as venues ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "audit"),
    [
        ("Shares of the chipmaker are listed on the Nasdaq.", "Nasdaq", "rejected"),
        ("The stock debuted on the Nasdaq Global Select Market on Friday.", "Nasdaq", "rejected"),
        ("The company moved its main listing to the NYSE from London.", "NYSE", "any"),
        (
            "Trading on the Tokyo Stock Exchange was halted for an hour after a glitch.",
            "Tokyo Stock Exchange",
            "any",
        ),
        ("Turnover on the Korea Exchange hit a record.", "Korea Exchange", "any"),
        ("Shares will trade on NYSE American under a three-letter ticker.", "NYSE American", "any"),
    ],
)
def test_exchanges_named_as_venues_are_not_listings(text: str, surface: str, audit: Audit) -> None:
    assert_trap(text, surface, audit)


# --- unlisted units of listed groups ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        (
            "Ryota Ito, an analyst at Mitsubishi UFJ Morgan Stanley Securities, said the yen was weak.",
            "Mitsubishi UFJ",
        ),
        ("Hyundai Capital, the lending arm of the carmaker, priced a dollar bond.", "Hyundai"),
        ("Toyota Motor North America said it would recall 100,000 pickups.", "Toyota Motor"),
        ("Toyota Motor Credit sold five-year notes on Wednesday.", "Toyota Motor"),
        ("Samsung Electronics America opened a design lab in Texas.", "Samsung Electronics"),
        ("MUFG Bank cut its lending rates for small firms.", "MUFG"),
        ("Mitsubishi UFJ Trust and Banking said it would hire more staff.", "Mitsubishi UFJ"),
        ("Hyundai Motor Group Metaplant America started production in Georgia.", "Hyundai Motor"),
        ("GAC Toyota, the carmaker's venture with a Guangzhou partner, recalled 30,000 cars.", "Toyota"),
        (
            "LG Energy Solution Michigan, the battery maker's US unit, hired 1,000 workers.",
            "LG Energy Solution",
        ),
        # joint ventures named partner + parent (rule: marketreact.text.units.venture_partner)
        ("Dongfeng Honda will idle two assembly lines in Wuhan next month.", "Honda"),
        ("Sales at SAIC Volkswagen fell 8 percent in the first half.", "Volkswagen"),
        ("A recall by FAW Toyota covers 12,000 sedans built last year.", "Toyota"),
        # units named parent + place (rule: marketreact.text.units.place_unit)
        ("Hyundai Motor Manufacturing Alabama added a night shift.", "Hyundai Motor"),
        ("Samsung Electronics Texas will hire 300 engineers for the new fab.", "Samsung Electronics"),
        ("Output at Toyota Motor Kentucky dipped in May, the plant said.", "Toyota Motor"),
        pytest.param(
            "Toyota's US sales arm, Toyota Motor Sales USA, cut prices.",
            "Toyota Motor",
        ),
    ],
)
def test_units_of_listed_groups_are_not_their_parent(text: str, surface: str) -> None:
    assert_trap(text, surface, "rejected")


# --- a fund sponsor inside an ETF's name -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "audit"),
    [
        ("The iShares MSCI Japan ETF drew $1 billion of inflows last week.", "MSCI", "rejected"),
        ("The Invesco QQQ Trust slipped 1% in premarket trading.", "Invesco", "rejected"),
        ("Traders bought the Invesco QQQ Trust Series 1 ahead of earnings.", "Invesco", "rejected"),
        ("Investors pulled $4 billion from the SPDR S&P 500 ETF Trust.", "SPDR", "any"),
        (
            "Vanguard Total Stock Market ETF and Schwab U.S. Dividend Equity ETF both lost ground.",
            "Schwab",
            "any",
        ),
        ("Global X Uranium ETF shares jumped as reactor plans were revived.", "Global X", "any"),
        pytest.param(
            "Invesco QQQ rose 1% in premarket trading.",
            "Invesco",
            "any",
        ),
        (
            "The WisdomTree Industrial Metals Enhanced fund rose.",
            "WisdomTree Industrial Metals Enhanced",
            "any",
        ),
        # fund names the sources attached to a company's line (import rule: importers.aliases.fund_alias)
        (
            "Holders of the PM Capital Asian Opportunities Fund voted on the wind-up.",
            "PM Capital Asian Opportunities Fund",
            "any",
        ),
        (
            "The Nuveen Intermediate Duration Quality Municipal Term Fund traded at a discount.",
            "Nuveen Intermediate Duration Quality Municipal Term Fund",
            "any",
        ),
    ],
)
def test_fund_sponsor_inside_an_etf_name_is_no_listing(text: str, surface: str, audit: Audit) -> None:
    assert_trap(text, surface, audit)


# --- positive controls: the real companies of the same families ------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "symbol"),
    [
        ("Samsung Electronics shares rose 3% in Seoul.", "Samsung Electronics", "005930.KS"),
        ("Samsung shares rose 2% in Seoul.", "Samsung", "005930.KS"),
        ("Dow Inc said it would shut a cracker in Alberta.", "Dow Inc", "DOW"),
        ("Dow shares fell after the chemical maker cut its outlook.", "Dow", "DOW"),
        ("Apple Inc reported record iPhone sales.", "Apple Inc", "AAPL"),
        ("Apple fell 2% after the ruling.", "Apple", "AAPL"),
        ("Shares of Shell rose 2% in London.", "Shell", "SHEL.L"),
        ("Block Inc said it would cut staff.", "Block Inc", "XYZ"),
        ("Meta Platforms shares rose 2% after the results.", "Meta Platforms", "META"),
        ("Toyota Industries shares jumped on the buyout offer.", "Toyota Industries", "6201.T"),
        ("Toyota shares rose after the yen weakened.", "Toyota", "7203.T"),
        ("Nasdaq Inc shares rose after the exchange operator beat forecasts.", "Nasdaq Inc", "NDAQ"),
        (
            "Hong Kong Exchanges and Clearing posted a record profit.",
            "Hong Kong Exchanges and Clearing",
            "0388.HK",
        ),
        ("An analyst at Daiwa Securities said the yen would weaken.", "Daiwa Securities", "8601.T"),
        ("Samsung Securities cut its target for the stock.", "Samsung Securities", "016360.KS"),
        ("Shell plc raised its dividend.", "Shell plc", "SHEL.L"),
        ("Thomson Reuters shares rose 1% after earnings.", "Thomson Reuters", "TRI"),
        # one company, two rows (rules: marketreact.text.disambiguate.same_company)
        ("Total SE said it would sell its stake in the field.", "Total SE", "FP.PA"),
        ("Logitech International S.A. cut its sales forecast.", "Logitech International S.A", "LOGI"),
        ("Titan Mining Corporation said zinc output rose.", "Titan Mining Corporation", "TII"),
        pytest.param(
            "SK Hynix climbed 4% on memory prices.",
            "SK Hynix",
            "000660.KS",
        ),
        pytest.param(
            "Meta shares rose 2% after the results.",
            "Meta",
            "META",
        ),
        ("Siemens said it would buy the software maker.", "Siemens", "SIE.DE"),
        # a one-word name without its legal form beats names that only start with it
        ("Brookfield agreed to buy the office portfolio for $2 billion.", "Brookfield", "BN"),
        ("Enel said it would sell its Peruvian power assets.", "Enel", "ENEL.MI"),
        # joint ventures and units do not hide a parent named on its own
        ("Carmaker Toyota said on Monday it would raise output.", "Toyota", "7203.T"),
        ("On Monday Honda said it would build a plant in Ohio.", "Honda", "7267.T"),
        ("Nvidia CEO Jensen Huang said demand in Taiwan was strong.", "Nvidia", "NVDA"),
        (
            "Exports by Hyundai Motor\nGeorgia plants were not affected, the union said.",
            "Hyundai Motor",
            "005380.KS",
        ),
        pytest.param(
            "Japan Exchange Group said on Thursday its quarterly profit rose.",
            "Japan Exchange Group",
            "8697.T",
        ),
    ],
)
def test_positive_controls_resolve_to_the_right_symbol(text: str, surface: str, symbol: str) -> None:
    assert_resolves(text, surface, symbol)
