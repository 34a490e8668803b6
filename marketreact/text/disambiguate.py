"""Choosing among several companies that share a name, from the master and the words around the name.

Two kinds of evidence, each reported in the verdict:

* **one company, several rows**: imported lists sometimes keep one company as
  several rows (the same name and country on different quote lines). Rows with
  the same normalised name and home country are one company; the row with the
  home listing stands for it.
* **country words**: "Taiwan's PSMC", "Korean chipmaker", "in Seoul", "yen",
  "won": the country (or currency) named in the sentence picks the candidate
  from that country, when exactly one is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from marketreact.reference.securities import Company, Listing
from marketreact.reference.venues import VENUES
from marketreact.text.names import foreign_quote, home_country

__all__ = ["countries_near", "pick_by_country", "same_company", "same_company_reason"]

_LEGAL = re.compile(
    r"\b(?:inc|corp|corporation|co|company|ltd|limited|plc|ag|se|sa|nv|n\.v|s\.a|holdings?|group|the)\b\.?",
    re.I,
)

# Words that name a country (or its market, capital or currency) -> ISO code.
_COUNTRY_WORDS: dict[str, str] = {}
for _iso, _words in {
    "US": "U.S. US American Wall Street New York Nasdaq-listed NYSE-listed dollar",
    "JP": "Japan Japanese Tokyo yen Tokyo-listed",
    "KR": "Korea Korean South Korea Seoul won Kospi Kosdaq",
    "TW": "Taiwan Taiwanese Taipei NT$ Hsinchu",
    "CN": "China Chinese mainland Beijing Shanghai Shenzhen yuan renminbi Hong Kong HK$ Hong Kong-listed",
    "DE": "Germany German Frankfurt Munich Berlin Xetra",
    "FR": "France French Paris",
    "NL": "Netherlands Dutch Amsterdam",
    "GB": "Britain British UK U.K. London sterling",
    "CH": "Switzerland Swiss Zurich",
    "IT": "Italy Italian Milan",
    "ES": "Spain Spanish Madrid",
    "IN": "India Indian Mumbai rupee",
    "CA": "Canada Canadian Toronto",
    "AU": "Australia Australian Sydney",
    "DK": "Denmark Danish Copenhagen",
    "SE": "Sweden Swedish Stockholm",
    "SG": "Singapore",
}.items():
    for _w in sorted(set(_words.split(" ")) | {_words}, key=len, reverse=True):
        _COUNTRY_WORDS.setdefault(_w, _iso)
_COUNTRY_WORDS.update({"South Korea": "KR", "Hong Kong": "CN", "Wall Street": "US", "New York": "US"})
_COUNTRY_RE = re.compile(
    r"(?<![\w$])(?:"
    + "|".join(re.escape(w) for w in sorted(_COUNTRY_WORDS, key=len, reverse=True))
    + r")(?![\w])"
)
_SENTENCE = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n\s*\n")


# US exchanges that list foreign companies' own lines (not only depositary receipts).
_US_VENUES = frozenset({"XNYS", "XNAS", "XASE", "ARCX", "BATS"})


def _norm(name: str) -> str:
    return " ".join(_LEGAL.sub(" ", re.sub(r"[^\w&]+", " ", name)).lower().split())


def _home(country: str) -> str:
    return "CN" if country in ("HK", "MO") else country


def _rank(company: Company) -> tuple[int, float, int]:
    """Home primary listing first, then market value, then number of lines."""
    home = _home(home_country(company))
    at_home = any(
        lst.listing_type == "primary"
        and not lst.stale
        and lst.mic != "OTCM"
        and not foreign_quote(lst, company)
        and _home(VENUES[lst.mic].country if lst.mic in VENUES else "") == home
        for lst in company.listings
    )
    return (int(at_home), company.market_cap_usd or 0.0, len(company.listings))


def same_company(companies: Sequence[Company], *, shared_name: bool = False) -> Company | None:
    """The row standing for several rows of one company (same normalised name), or None.

    Among rows of one name, the one with a home listing stands for the company; when the rows disagree
    on the country (imported lists do), only a row with a primary listing off OTC and off the foreign
    quote venues can stand for them, and only if it is the one such row. Rows at home in different
    countries are one company listed at home and in New York when every row but one is at home only on
    a US exchange that lists foreign companies (a US list gives the New York line its own row and the
    US as its country); the row ranked first (home line, market value, lines) stands for them.

    With ``shared_name`` (the rows share a full name or alias of the text, not just a first word), rows
    whose display names differ are one company too when exactly one of them has a listing of its own:
    the others hold only OTC, depositary or foreign-quote lines (an old name's row keeping the ADR).
    """
    live = [c for c in companies if any(not lst.stale for lst in c.listings)]
    if len(live) == 1:
        return live[0]  # the others are known only from a stale list (a former name or a delisted line)
    companies = live or list(companies)
    real = [c for c in companies if any(_real_primary(lst, c) for lst in c.listings)]
    if len({_norm(c.name) for c in companies}) != 1:
        return real[0] if shared_name and len(real) == 1 else None
    if len({_home(home_country(c)) for c in companies}) == 1:
        return max(companies, key=_rank)
    at_home = [c for c in companies if _rank(c)[0]]
    if len(at_home) == 1:
        return at_home[0]
    if len(real) == 1:
        return real[0]
    registered = {_registered(c.name) for c in at_home}
    if (
        len(registered) == 1
        and "" not in registered
        and len([c for c in at_home if not _new_york_only(c)]) == 1
    ):
        return max(at_home, key=_rank)
    return None


_FORMS = {"corporation": "corp", "incorporated": "inc", "limited": "ltd", "company": "co"}
_FORM_WORDS = frozenset(
    {"corp", "inc", "ltd", "co", "plc", "ag", "se", "sa", "nv", "s a", "n v", "asa", "ab"}
)


def _registered(name: str) -> str:
    """The name with its legal form, spelt one way ("thomson reuters corp"); "" without a legal form.

    Rows of one company in two countries carry the same registered name; namesakes in two countries
    rarely do ("Argan, Inc." and "Argan SA"), and a bare code ("RH") says too little to join rows.
    """
    toks = [_FORMS.get(t, t) for t in re.sub(r"[^\w&]+", " ", name.casefold()).split()]
    if len(toks) < 2 or not any(" ".join(toks[i:]) in _FORM_WORDS for i in range(1, len(toks))):
        return ""
    return " ".join(toks)


def _new_york_only(company: Company) -> bool:
    """True for a US row whose every live line is on a US venue (a New York line, maybe with OTC quotes)."""
    lines = [lst for lst in company.listings if not lst.stale]
    return home_country(company) == "US" and all(lst.mic in _US_VENUES or lst.mic == "OTCM" for lst in lines)


def _real_primary(listing: Listing, company: Company) -> bool:
    return listing.listing_type == "primary" and listing.mic != "OTCM" and not foreign_quote(listing, company)


def countries_near(text: str, start: int, end: int) -> set[str]:
    """Countries named in the sentence around ``text[start:end]``."""
    cuts = [m.end() for m in _SENTENCE.finditer(text, max(0, start - 400), start)]
    lo = cuts[-1] if cuts else max(0, start - 400)
    nxt = _SENTENCE.search(text, end, min(len(text), end + 400))
    hi = nxt.start() if nxt else min(len(text), end + 400)
    return {_COUNTRY_WORDS[m[0]] for m in _COUNTRY_RE.finditer(text, lo, hi)}


def pick_by_country(companies: Sequence[Company], countries: set[str]) -> Company | None:
    """The one candidate whose home country the sentence names, or None."""
    if not countries:
        return None
    homes = {_home(c) for c in countries}
    hits = [c for c in companies if _home(home_country(c)) in homes]
    if len(hits) == 1:
        return hits[0]
    return same_company(hits) if hits else None


def same_company_reason(companies: Sequence[Company], one: Company) -> str:
    """Why ``one`` stands for ``companies`` (the rule of :func:`same_company` that joined them)."""
    n = len(companies)
    if len({_norm(c.name) for c in companies}) != 1:
        return f"{n} rows share the name; only {one.name} has a listing of its own (the others: OTC or depositary lines)"
    if len({_home(home_country(c)) for c in companies}) > 1 and sum(bool(_rank(c)[0]) for c in companies) > 1:
        return f"{n} rows of one company listed at home and in New York (one registered name); the first-ranked row"
    return f"{n} imported rows of one company; the row with its home listing"
