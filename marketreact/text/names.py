"""Which names of the security master may be matched in text, and which need corroboration.

The imported master holds 100,000+ names, many of them ordinary words ("Stock
Yards Bancorp" gives "Stock", "REVENUE", "Connect") or codes ("U", "HK", "GMT").
Rules, per kind of name, never per company:

* a key must start with a capital letter or a digit and have two or more
  characters; keys of three or fewer capitals ("AMD", "BYD", "HK", "GMT") only
  for *prominent* companies, and never abbreviations, currency or country codes;
* a **short name** (the distinctive first word of a multi-word name, "Samsung")
  only for prominent companies, and never an English word, a place or a day;
* a key made only of English dictionary words (:func:`is_generic`: "Shell",
  "Bank of China", "Wealth Management") is matched, but the evidence rules
  (:mod:`marketreact.text.evidence`) accept it only with corroboration;
* companies known only through quotes of a foreign company on venues that
  list foreign shares for local investors (German regional and Xetra quotes,
  Buenos Aires CEDEARs, Brazilian BDRs, Mexico's and Vienna's foreign quotes,
  London's international order book) are not matched by name: they duplicate
  the company's home listing, which carries the name.

A company is *prominent* when it is curated, or worth at least 2bn USD, or
classed as large or mega cap by the imported lists.
"""

from __future__ import annotations

import functools
import importlib.resources

from marketreact.reference.securities import Company, Listing
from marketreact.reference.venues import VENUES

__all__ = [
    "LEGAL_FORMS",
    "foreign_quote",
    "home_country",
    "is_generic",
    "matchable",
    "prominent",
    "usable_key",
]


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, so that long word tables stay readable."""
    return frozenset(text.split())


#: Legal forms as names print them; after a name they say "a company", and a name may drop them.
LEGAL_FORMS = words(
    """
    Inc Inc. Incorporated Corp Corp. Corporation Co Co. Co., Ltd Ltd. Limited plc PLC AG SE SA NV N.V
    N.V. S.A S.A. ASA A/S AB Oyj SpA S.p.A. K.K. Tbk Bhd Berhad Aktiengesellschaft
    """
)

# Venues that quote foreign companies for local investors (duplicates of a home listing).
_FOREIGN_QUOTE_VENUES = frozenset(
    {
        "XBER",
        "XMUN",
        "XHAN",
        "XDUS",
        "XHAM",
        "XSTU",
        "XFRA",
        "XETR",
        "XBUE",
        "XMEX",
        "BVMF",
        "XWBO",
        "XLON",
        "XSWX",
    }
)
_GERMAN_REGIONAL = frozenset({"XBER", "XMUN", "XHAN", "XDUS", "XHAM", "XSTU"})
_CODES = words(
    """
    US UK EU HK USD EUR JPY GBP CNY HKD KRW TWD INR AUD CAD CHF GMT UTC EST EDT CET BST JST KST HKT CEO
    CFO COO CTO AI EV IT ON ET AM PM TV PC IPO ETF GDP CPI PPI ESG SEC FED FDA USA UAE NYSE
    """
)
_DAYS = words(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Today Tomorrow Yesterday
    """
)
_LARGE = frozenset({"Mega Cap", "Large Cap"})
_FUNCTION_WORDS = frozenset(
    ["of", "the", "and", "&", "for", "de", "la", "le", "du", "des", "der", "die", "das", "y", "e", "et"]
)


# Regions and cities zone.tab does not name (US states, Chinese provinces and large cities, ...).
_REGIONS = words(
    """
    Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho
    Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi
    Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia
    Washington Wisconsin Wyoming Anhui Fujian Gansu Guangdong Guangxi Guizhou Hainan Hebei Heilongjiang Henan
    Hubei Hunan Jiangsu Jiangxi Jilin Liaoning Qinghai Shaanxi Shandong Shanxi Sichuan Yunnan Zhejiang Beijing
    Tianjin Chongqing Guangzhou Shenzhen Hangzhou Nanjing Wuhan Chengdu Xiamen Suzhou Qingdao Dalian Changchun
    Harbin Shenyang Zhengzhou Changsha Hefei Fuzhou Kunming Ningbo Wuxi Foshan Dongguan Saudi Emirates Osaka
    Kyoto Nagoya Yokohama Kobe Busan Incheon Hsinchu Taichung Kaohsiung Mumbai Bangalore Delhi Chennai Ontario
    Quebec Alberta Bavaria Hesse Saxony Lombardy Catalonia Scotland Wales England Ireland Europe Asia Africa
    America Americas Pacific Atlantic Nordic Baltic Gulf
    """
)


@functools.cache
def _dictionary() -> frozenset[str]:
    """Lower-case English words (the GCIDE list of the ``english-words`` package)."""
    from english_words import get_english_words_set  # only needed while a matcher is built

    return frozenset(get_english_words_set(["gcide"], lower=True))


def dictionary() -> frozenset[str]:
    """Lower-case English words (the GCIDE list of the ``english-words`` package), loaded once."""
    return _dictionary()


def is_generic(tokens: tuple[str, ...]) -> bool:
    """True when every word of a name is an English word or a place ("Bank of China", "Shell", "Louisiana")."""
    vocabulary = _dictionary()
    if " ".join(tokens) in _places():
        return True
    return all(t.lower() in vocabulary or t.lower() in _FUNCTION_WORDS for t in tokens)


def is_place(name: str) -> bool:
    """True for a country, region or city name ("Louisiana", "Saudi", "Changchun")."""
    return name in _places()


@functools.cache
def _places() -> frozenset[str]:
    """Country and city names (IANA ``iso3166.tab`` and ``zone.tab`` in ``tzdata``) and sub-national regions.

    A company named after a place ("Louisiana", "Changchun", "Saudi") needs corroboration like a
    common word: the place is the likelier reading.
    """
    root = importlib.resources.files("tzdata") / "zoneinfo"
    out: set[str] = set(_REGIONS)
    for line in (root / "iso3166.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name = line.split("\t")[1]
            out.add(name.split(" (")[0].split(",")[0])
    for line in (root / "zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out.add(line.split("\t")[2].rsplit("/", 1)[-1].replace("_", " "))
    return frozenset(w for w in out if w[:1].isupper())


def prominent(company: Company) -> bool:
    """Curated, or worth at least 2bn USD, or a large/mega cap in the imported lists."""
    if company.source == "curated":
        return True
    if company.market_cap_usd is not None and company.market_cap_usd >= 2e9:
        return True
    return company.size in _LARGE


def foreign_quote(listing: Listing, company: Company) -> bool:
    """True for a quote of a foreign company on a venue that lists foreign shares for local investors."""
    if listing.source == "curated" or listing.mic in _GERMAN_REGIONAL:
        return listing.source != "curated"
    home = home_country(company)
    if listing.mic not in _FOREIGN_QUOTE_VENUES or not home:
        return False
    return listing.mic not in VENUES or VENUES[listing.mic].country != home


def home_country(company: Company) -> str:
    """The company's country, else that of its primary listing's venue (curated rows have no country)."""
    if company.country:
        return company.country
    primary = company.primary
    return VENUES[primary.mic].country if primary is not None and primary.mic in VENUES else ""


# Venues where a foreign company's listing is a real listing of its own (not a quote of a home line).
_OPEN_TO_FOREIGN = frozenset({"XNYS", "XNAS", "XASE", "ARCX", "BATS"})
# Markets that count as one home for this rule (a mainland company listed in Hong Kong is at home there).
_SAME_HOME = {"HK": "CN", "MO": "CN"}


def _home(country: str) -> str:
    return _SAME_HOME.get(country, country)


def matchable(company: Company) -> bool:
    """Whether the company's names are matched in text (see the module docstring).

    Companies whose every line is a quote away from home (``Tesla, Inc.`` on
    Milan, ``Apple Inc.`` on Santiago) duplicate the home company in the master,
    so their names would only make a known name ambiguous.
    """
    if company.source == "curated":
        return True
    home = _home(home_country(company))
    if not home:
        return True
    for lst in company.listings:
        venue = VENUES.get(lst.mic)
        if venue is None or lst.mic in _GERMAN_REGIONAL:
            continue
        if _home(venue.country) == home or lst.mic in _OPEN_TO_FOREIGN:
            return True
    return False


def usable_key(key: str, company: Company, *, short: bool) -> bool:
    """Whether ``key`` may be matched as a name of ``company`` (see the module docstring)."""
    if len(key) < 2 or not (key[0].isupper() or key[0].isdigit()):
        return False
    letters = key.replace(" ", "")
    short_caps = letters.isupper() and len(letters) <= 3 and company.source != "curated"
    if short_caps and (letters in _CODES or not prominent(company)):
        return False
    if key in _DAYS or key.upper() in _CODES:
        return False
    if short:
        return prominent(company) and key.lower() not in _dictionary()
    return True
