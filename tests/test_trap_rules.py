"""Toy tests of the rules behind the six trap fixes (issue 11 follow-up), each checkable by hand.

The sentence-level tests are in ``tests/test_traps.py``; here each rule is checked on its own, on
hand-made companies and strings, so that a failure names the rule rather than a sentence:

* import: a fund's name attached to a company's line is no alias (``importers.aliases.fund_alias``);
* match: a company's name after a partner's name is a joint venture (``text.units.venture_partner``);
* match: a company's name before a place is a local unit (``text.units.place_unit``);
* match: rows of one company (``text.disambiguate.same_company``), with a shared full name or one
  registered name listed at home and in New York;
* match: a one-word name without its legal form is a "stem" candidate (``text.matcher.build_entries``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from marketreact.reference.importers.aliases import fund_alias
from marketreact.reference.paths import data_dir
from marketreact.reference.securities import Company, Listing, SecurityMaster
from marketreact.text.disambiguate import same_company
from marketreact.text.matcher import build_entries
from marketreact.text.units import place_unit, venture_partner

# --- import: fund names are no company aliases ------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "display", "dropped"),
    [
        # a sponsor's brand, no word in common with the company: dropped
        ("WisdomTree Copper", "Acme Platforms, Inc.", True),
        # a fund word ("Fund"), no word in common: dropped
        ("Harbour Asian Opportunities Fund Limited", "Pan Pacific Mining PLC", True),
        # shares "Nuveen" with the (truncated) display name: kept
        ("Nuveen AMT-Free Municipal Value Fund", "Nuveen AMT", False),
        # the display name is itself a fund's: kept
        ("iShares Core Japan", "iShares MSCI Japan ETF", False),
        # a former name, no fund word: kept although it shares no word
        ("Schlumberger", "SLB Limited", False),
        # "Trust" is no fund word: banks are named "... Trust"
        ("Northern Harbour Trust", "Acme Bank Corp", False),
        # legal forms are no shared words ("Inc" on both sides does not keep the alias)
        ("Vanguard Growth Inc", "Acme Inc", True),
    ],
)
def test_fund_alias_rule(alias: str, display: str, dropped: bool) -> None:
    assert fund_alias(alias, display) is dropped


def test_committed_master_counts_the_fund_alias_rule() -> None:
    """The committed build applied the rule (counted in the manifest) and Meta lost the fund's name."""
    manifest = pd.read_csv(data_dir() / "securities" / "world_manifest.csv", dtype=str, keep_default_na=False)
    rules = dict(zip(manifest["key"], manifest["count"], strict=True))
    assert int(rules["alias_fund_name_dropped"]) >= 1
    companies = pd.read_csv(
        data_dir() / "securities" / "world_companies.csv.gz", dtype=str, keep_default_na=False
    ).set_index("company_id")
    assert "WisdomTree" not in companies.loc["meta_platforms", "aliases"]


# --- match: joint ventures and units ------------------------------------------------------------------

_STOP = frozenset({"The", "Rival", "CEO", "US"})
_NAMES = frozenset({"Dongfeng", "Peers", "Tata"})
_WORDS = frozenset({"peer", "rival", "giant"})


def _partner(text: str, name: str, own: tuple[str, ...] = ()) -> str | None:
    return venture_partner(text, text.index(name), stop=_STOP, own=own, starts_a_name=_NAMES, is_word=_WORDS)


@pytest.mark.parametrize(
    ("text", "name", "partner"),
    [
        ("GAC Acme recalled cars.", "Acme", "GAC"),  # acronym of three capitals
        ("Sales at SAIC Acme fell.", "Acme", "SAIC"),  # four capitals
        ("Dongfeng Acme cut jobs.", "Acme", "Dongfeng"),  # starts a name, no English word
        ("Peers Acme and Bolt fell.", "Acme", None),  # plural of an English word ("peer")
        ("Rival Acme fell.", "Acme", None),  # a stop word (opener)
        ("US Acme dealers cut prices.", "Acme", None),  # an abbreviation in the stop list
        ("On Monday Acme said it would.", "Acme", None),  # a day
        ("Beijing Acme will close a plant.", "Acme", None),  # a place: left to the group-name rule
        ("Japan's Acme rose.", "Acme", None),  # possessive: the country, not a partner
        ("Guangzhou-based Acme rose.", "Acme", None),  # hyphenated descriptor
        ("GAC\nAcme recalled cars.", "Acme", None),  # a line break between: no name
        ("FAW ACME RECALLS CARS", "ACME", None),  # an all-caps headline
        ("ACM Acme rose.", "Acme", None),  # the company's own ticker root
        ("Tata Acme rose.", "Acme", None),  # a word of the company's own names
    ],
)
def test_venture_partner(text: str, name: str, partner: str | None) -> None:
    assert _partner(text, name, own=("ACM", "Tata")) == partner


@pytest.mark.parametrize(
    ("text", "name", "unit"),
    [
        ("Acme Michigan hired 1,000 workers.", "Acme", "Michigan"),
        ("Acme Motor Manufacturing Alabama added a shift.", "Acme Motor", "Manufacturing Alabama"),
        ("Acme New York opened.", "Acme", "New York"),  # a two-word place
        ("Acme said Michigan output rose.", "Acme", None),  # a lower-case word first
        ("Acme CEO Jordan Lee spoke.", "Acme", None),  # a job title ends the name
        ("Acme\nMichigan plants were idle.", "Acme", None),  # next line: no name
        ("Acme Bolt Widget Gear Texas", "Acme", None),  # the place is more than three words away
    ],
)
def test_place_unit(text: str, name: str, unit: str | None) -> None:
    end = text.index(name) + len(name)
    assert place_unit(text, end, roles=frozenset({"CEO", "Chairman"})) == unit


# --- match: one company, several rows -----------------------------------------------------------------


def _company(
    cid: str, name: str, country: str, *lines: tuple[str, str, str], cap: float | None = None
) -> Company:
    listings = tuple(
        Listing(sym, cid, name, mic, ltype, None, "", "", source="import")  # type: ignore[arg-type]
        for sym, mic, ltype in lines
    )
    return Company(cid, name, (), True, "", listings, country=country, market_cap_usd=cap, source="import")


def test_a_shared_full_name_goes_to_the_one_row_with_a_listing_of_its_own() -> None:
    home = _company("acme", "Acme plc", "GB", ("ACME.L", "XLON", "primary"))
    old = _company("old_acme", "Royal Acme plc", "NL", ("RACMF", "OTCM", "primary"), ("ACME", "XNYS", "adr"))
    assert same_company([home, old]) is None  # the names differ: not one company by name alone
    assert same_company([home, old], shared_name=True) is home
    # two rows with listings of their own stay two companies
    other = _company("acme_de", "Acme Holding AG", "DE", ("ACM.DE", "XETR", "primary"))
    assert same_company([home, other], shared_name=True) is None


def test_one_registered_name_at_home_and_in_new_york_is_one_company() -> None:
    ny = _company(
        "acme", "Acme Corp", "US", ("ACME", "XNYS", "primary"), ("ACMEF", "OTCM", "otc_ordinary"), cap=5e9
    )
    home = _company("acme_ca", "Acme Corporation", "CA", ("ACME.TO", "XTSE", "primary"))
    # "Corp" and "Corporation" are one registered name; the row ranked first (market value) stands
    assert same_company([ny, home]) is ny
    # namesakes: the registered names differ in their legal form
    namesake = _company("acme_fr", "Acme SA", "FR", ("ACM.PA", "XPAR", "primary"))
    us_inc = _company("acme_inc", "Acme, Inc.", "US", ("ACMI", "XNAS", "primary"), cap=1e9)
    assert same_company([us_inc, namesake]) is None
    # a bare name without a legal form says too little
    bare_us = _company("rx", "RX", "US", ("RX", "XNYS", "primary"))
    bare_tw = _company("rx_tw", "RX", "TW", ("1234.TW", "XTAI", "primary"))
    assert same_company([bare_us, bare_tw]) is None


# --- match: the stem candidate ------------------------------------------------------------------------


def test_a_one_word_name_without_its_legal_form_is_a_stem() -> None:
    def company(cid: str, name: str, source: str) -> Company:
        line = Listing(cid.upper() + ".DE", cid, name, "XETR", "primary", None, "", "", source=source)
        return Company(cid, name, (), True, "", (line,), country="DE", source=source, size="Large Cap")

    rows = [
        company("zorbel", "Zorbel Aktiengesellschaft", "import"),
        company("zorbel_energy", "Zorbel Energy AG", "import"),
        company("quarn", "Quarn Corporation", "curated"),
    ]
    master = SecurityMaster(
        {c.company_id: c for c in rows}, {c.listings[0].symbol: c.listings[0] for c in rows}
    )
    kinds = {(name, cand.company_id): cand.kind for name, cand in build_entries(master)}
    assert kinds[("Zorbel", "zorbel")] == "stem"  # its whole name without the legal form
    assert kinds[("Zorbel", "zorbel_energy")] == "short"  # its name only starts with it
    assert kinds[("Quarn", "quarn")] == "short"  # a curated row lists its names: no stem inferred
