"""Whether a name found in the text really names a listed company: the rules, each with its evidence.

:mod:`marketreact.text.matcher` finds every place a key of the security master
matches; this module decides, from the words around it, whether the span is
the company, something else of the same spelling, or ambiguous. Every decision
returns its reason, for the audit trail. The rules are per *kind* of trap, never
per company:

* **news agencies and publishers** ("Reuters" in a dateline, "told the Nikkei",
  a "Getty Images" photo credit) name no listing unless the text speaks of the
  company itself (its shares, a tag);
* **venues** ("listed on the Nasdaq", "NYSE") are places, not companies;
* **capitalised common words at the start of a sentence** ("Shell companies",
  "Block trades") need corroboration: a corporate suffix, a possessive, "shares",
  a tag, or the same name elsewhere in mid-sentence;
* **all-caps abbreviations** (AI, EV, CEO, IT, ON, ET, AM) are never names;
* **units and affiliates** ("Mitsubishi UFJ Morgan Stanley Securities",
  "Hyundai Capital") and **fund names** ("Invesco QQQ Trust", "iShares …
  ETF"): a name followed by more capitalised words ending in a unit or fund word
  is a different entity, not its parent;
* **joint ventures and local units** ("GAC Toyota", "LG Energy Solution
  Michigan"): a partner's name before the company's name, or a place after it,
  names another entity (:mod:`marketreact.text.units`);
* **several companies share a name** ("Mitsubishi", "Toyota"): the full name of
  one beats a short name of the others; a one-word name equal to one company's
  name without its legal form ("Siemens" of "Siemens Aktiengesellschaft") beats
  names that only start with it; among short names only a clearly
  dominant company (market value several times the next) wins; rows of one
  company (:func:`marketreact.text.disambiguate.same_company`) stand as one;
  otherwise the span is unresolved with its candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from marketreact.reference.securities import Company, SecurityMaster
from marketreact.text.disambiguate import countries_near, pick_by_country, same_company, same_company_reason
from marketreact.text.matcher import SHORT_KINDS, Candidate
from marketreact.text.names import LEGAL_FORMS, dictionary, is_place, prominent, words
from marketreact.text.units import place_unit, venture_partner

__all__ = ["Verdict", "judge"]


AGENCIES = frozenset(
    {
        "Reuters", "Bloomberg", "Nikkei", "CNBC", "Dow Jones", "AFP", "Agence France-Presse", "Kyodo",
        "Kyodo News", "Yonhap", "Xinhua", "Associated Press", "AP", "Getty Images", "Getty", "Shutterstock",
        "EPA", "Reuters Breakingviews", "Barron's", "MarketWatch", "Investing.com", "Benzinga", "Zacks",
        "Seeking Alpha", "Morningstar", "FactSet", "Refinitiv", "LSEG", "S&P Global", "Moody's", "Fitch",
        "Nikkei Asia", "Financial Times", "Wall Street Journal", "CNN", "BBC", "Fox Business", "TipRanks",
        "Motley Fool", "Yahoo Finance", "Yahoo", "Forbes", "Fortune", "Business Insider", "Axios", "Caixin",
        "Xinhua News Agency", "Central News Agency", "CNA", "Focus Taiwan", "Korea Herald", "Korea Times",
        "Taipei Times", "South China Morning Post", "SCMP", "The Standard", "DigiTimes", "Handelsblatt",
        "Thomson Reuters", "Thomson Reuters I/B/E/S", "LSEG Data & Analytics",
    }
)  # fmt: skip
VENUE_WORDS = frozenset(
    {
        "NYSE", "Nasdaq", "NASDAQ", "New York Stock Exchange", "Nasdaq Stock Market", "London Stock Exchange",
        "LSE", "Tokyo Stock Exchange", "TSE", "Hong Kong Stock Exchange", "HKEX", "Korea Exchange", "KRX",
        "Taiwan Stock Exchange", "TWSE", "Euronext", "Deutsche Boerse", "Deutsche Börse", "Xetra", "SIX",
         "JPX", "Shanghai Stock Exchange", "Shenzhen Stock Exchange", "ASX", "TSX",
        "Cboe", "CBOE", "NYSE American", "NYSE Arca", "Kosdaq", "KOSDAQ", "Taipei Exchange", "TPEx",
    }
)  # fmt: skip
ABBREVIATIONS = words(
    """
    AI ET AM PM IT ON EV EVS CEO CFO COO CTO US UK EU UN IPO ETF ETFS GDP CPI PPI TV PC HR PR USA OK AR
    VR IR ESG API APP SEC FED FDA FTC DOJ IMF WTO OPEC NATO ADR ADRS ADS EPS PE YTD YOY QOQ Q1 Q2 Q3 Q4
    H1 H2 FY NEW NOW ALL ONE TWO BIG TOP HOT LOW HIGH BUY SELL HOLD
    """
)
UNIT_WORDS = words(
    """
    Securities Capital Bank Banking Asset Assets Management Investment Investments Insurance Life Card
    Cards Finance Financial Ventures Venture Foundation Research Institute University Hospital Trust
    Fund Funds ETF ETFs Index Leasing Credit Lending Brokerage Advisors Advisers Partners Private Equity
    Wealth Realty Properties Logistics Trading Services Americas America Europe Asia Japan Korea China
    India Germany France UK USA Canada Australia International Global North South East West
    """
)
_ORG_END_EXTRA = words("Sales USA U.S.A Japan China India Canada Korea Germany France Mexico Brazil")
_ORG_END = _ORG_END_EXTRA | frozenset({"Securities", "Capital", "Bank", "Management", "Insurance", "Life", "Card", "Finance",
                      "Ventures", "Foundation", "Research", "Institute", "University", "Hospital", "Trust", "Fund",
                      "ETF", "Leasing", "Credit", "Brokerage", "Advisors", "Advisers", "Partners", "Wealth",
                      "Americas", "America", "Europe", "Asia"})  # fmt: skip
# Legal forms: after a name they say "this is a company" (unlike "Holdings" or "Group", which may start
# another entity's name: "Novo Holdings" is not Novo Nordisk).
_SUFFIX_AFTER = re.compile(
    r"\s*,?\s*(?:Inc\b\.?|Corp\b\.?|Corporation\b|Co\b\.?|Ltd\b\.?|Limited\b|plc\b|PLC\b|AG\b|SE\b|N\.V\.|"
    r"S\.A\.|K\.K\.|ASA\b|A/S\b|Oyj\b|SpA\b|S\.p\.A\.|NV\b|SA\b)"
)
# Job titles: after a short name they do not start another entity's name ("Samsung Chairman Lee").
_ROLES = words(
    "CEO CFO COO CTO Chief Chairman Chairwoman Chair President Vice Executive Director Founder Co-founder Head "
    "Spokesperson Spokesman Spokeswoman"
)
# Words that may follow a company's name without starting another name ("Apple CEO Tim Cook").
_TITLES = _ROLES | LEGAL_FORMS | words("Group Holdings The ADR ADRs ADS")
_SHARES_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:\([^()]{1,30}\)\s+)?(?:shares|stock|stocks|ADRs?|share price|market value|"
    r"said|says|reported|posted|announced|plans|will|rose|fell|jumped|slid|gained|dropped|surged|tumbled)\b"
)
_SHARES_BEFORE = re.compile(r"\b(?:shares|stock|ADRs?|stake)\s+(?:of|in)\s+$", re.IGNORECASE)
_VENUE_BEFORE = re.compile(r"\b(?:on|to|from|the)\s+$")
_CREDIT_BEFORE = re.compile(
    r"(?:Photo|Image|Picture|Credit|Source|Pictured)s?\s*(?:by|:|/)?\s*(?:[\w.\- ]{0,40}/)?\s*$", re.I
)
_DATELINE_AROUND = re.compile(r"\(\s*$")
_AGENCY_VERB_BEFORE = re.compile(
    r"\b(?:told|according to|reported by|said to|cited by|via|per)\s+(?:the\s+)?$", re.I
)
# Short names of indices that are also companies: "the Dow", "the Nasdaq" are the index.
_INDEX_NICKNAMES = words("Dow Nasdaq NASDAQ Nikkei Kospi Kosdaq Taiex Topix Sensex Nifty Stoxx")
#: Fund sponsors whose name starts a fund's name ("Invesco QQQ", "iShares MSCI Japan").
FUND_SPONSORS = words(
    "iShares SPDR Vanguard Invesco WisdomTree ProShares Direxion Xtrackers Amundi Lyxor VanEck ARK"
)
_FUND_AFTER = re.compile(
    r"\s+(?:[A-Z]{2,6}\b|[A-Z][\w&\-]*\s+(?:[A-Z][\w&\-]*\s+){0,4}(?:ETF|Fund|Trust|ETN)\b)"
)
_NAME_WORD = re.compile(r"\s+(?P<word>[A-Z][\w&\-]*)")
# A capitalised word continuing a name; all-caps codes ("DOW", "GOOGL") are tickers, not name words.
_CAP_WORD = re.compile(
    r"\s+(?!(?:[A-Z]{1,6}\b|And\b|Or\b|Of\b|The\b|To\b|In\b|On\b|For\b|As\b|At\b|By\b))(?P<word>[A-Z][\w&\-]*)"
)


@dataclass(frozen=True)
class Verdict:
    """What a name span is: a company (``company_id``), nothing (``reason`` why not), or ambiguous (``candidates``)."""

    company_id: str | None
    symbol: str | None
    reason: str
    candidates: tuple[str, ...] = ()
    skip: bool = (
        False  # True: not a company mention at all (a noun, an agency, a venue): reported, not listed
    )


def _sentence_start(text: str, start: int) -> bool:
    """True when ``text[start:]`` opens a sentence, a paragraph, a headline line or a quotation.

    Whitespace before it is skipped (" Block trades" opens a sentence as much as "Block trades"); a single
    line break inside a paragraph does not end a sentence, a blank line or a bullet does.
    """
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in '.!?"“:(':
        return True
    if text[i] == "\n":
        j = i - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        return j < 0 or text[j] in "\n.!?:"
    return text[i] in "-*•#" and (i == 0 or text[i - 1] in "\n \t")


def _continuation(text: str, end: int) -> list[str]:
    """Capitalised words right after ``end`` (up to four), as a name would continue."""
    words: list[str] = []
    pos = end
    while len(words) < 4:
        m = _NAME_WORD.match(text, pos)
        if not m:
            break
        words.append(m["word"])
        pos = m.end()
    return words


_TICKER_AFTER = re.compile(
    r"\s?[(<]\s?(?:[A-Z]{1,12}\s?:\s?\w|\^?[A-Z0-9]{1,6}(?:[.\-][A-Z]{1,3})?\s?[),<>])"
)


def _corroborated(text: str, start: int, end: int) -> str | None:
    """Words around the span that say it is a company, or None."""
    if _SUFFIX_AFTER.match(text, end):
        return "corporate suffix after the name"
    if _SHARES_AFTER.match(text, end):
        return "followed by " + repr(_SHARES_AFTER.match(text, end)[0].strip())  # type: ignore[index]
    if _SHARES_BEFORE.search(text[max(0, start - 30) : start]):
        return "after 'shares of'"
    if _TICKER_AFTER.match(text, end):
        return "ticker right after the name"
    if text[start:end].split()[-1].rstrip(".,") in LEGAL_FORMS:
        return "the name is printed with its legal form"
    return None


_SIZE_RANK = {"Mega Cap": 0, "Large Cap": 1, "Mid Cap": 2, "Small Cap": 3, "Micro Cap": 4, "Nano Cap": 5}


def prominence(company: Company) -> float:
    """Market value in USD where known, else 0 (unknown)."""
    return company.market_cap_usd or 0.0


_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "And",
        "But",
        "Of",
        "By",
        "From",
        "With",
        "As",
        "Its",
        "Their",
        "Rival",
        "Peer",
    ]
)


def _inside_longer_name(text: str, start: int, end: int, possessive: bool = False) -> str | None:
    """The capitalised word that makes ``text[start:end]`` part of a longer proper name, if any.

    With ``possessive``, "People's Bank of China" also counts (a generic name after a possessive);
    otherwise "Japan's Toyota" is Toyota.
    """
    pattern = r"(?P<word>[A-Z][\w&\-]*[a-z][\w&\-]*)" + (r"(?:['’]s)?" if possessive else "") + r"\s+$"
    before = re.search(pattern, text[max(0, start - 40) : start])
    if before and before["word"] not in _TITLES and before["word"] not in _OPENERS:
        return before["word"]
    after = _CAP_WORD.match(text, end)
    if after and after["word"] not in _TITLES:
        return after["word"]
    return None


def _pick(
    text: str, start: int, end: int, ids: Sequence[str], master: SecurityMaster, *, shared_name: bool = False
) -> tuple[str | None, str]:
    """One of several namesakes, by the rules of :mod:`marketreact.text.disambiguate`, with the reason."""
    companies = [master.companies[i] for i in dict.fromkeys(ids)]
    one = same_company(companies, shared_name=shared_name)
    if one is not None:
        return one.company_id, same_company_reason(companies, one)
    countries = countries_near(text, start, end)
    by_country = pick_by_country(companies, countries)
    if by_country is not None:
        return (
            by_country.company_id,
            f"the only candidate from {', '.join(sorted(countries))}, named in the sentence",
        )
    return None, ""


def judge(
    text: str,
    start: int,
    end: int,
    key: str,
    candidates: Sequence[Candidate],
    master: SecurityMaster,
    elsewhere: frozenset[str] = frozenset(),
    generic: bool = False,
    starts_a_name: frozenset[str] | None = None,
) -> Verdict:
    """Decide what ``text[start:end]`` (a match of ``key``) names. See the module docstring for the rules.

    ``elsewhere`` holds company ids already named unambiguously elsewhere in the text; ``starts_a_name``
    the first words of the master's names (:meth:`NameMatcher.first_words`; None: only acronyms name a
    joint-venture partner).
    """
    surface = text[start:end]
    before = text[max(0, start - 60) : start]
    if key.upper() in ABBREVIATIONS and key.isupper():
        return Verdict(None, None, f"{surface!r} is an abbreviation, not a name", skip=True)
    if key in AGENCIES or key in VENUE_WORDS:
        what = "a news agency or publisher" if key in AGENCIES else "an exchange named as a venue"
        if key in VENUE_WORDS and not _SUFFIX_AFTER.match(text, end):
            return Verdict(None, None, f"{surface!r} is {what}", skip=True)
        if key in AGENCIES and not (
            _SHARES_AFTER.match(text, end) and not _AGENCY_VERB_BEFORE.search(before)
        ):
            return Verdict(None, None, f"{surface!r} is {what}", skip=True)
    if key in _INDEX_NICKNAMES and re.search(r"\bthe\s+$", before, re.I):
        return Verdict(None, None, f"'the {surface}' is the stock index, not the company", skip=True)
    if key in FUND_SPONSORS and _FUND_AFTER.match(text, end):
        return Verdict(None, None, f"{surface!r} names a fund it sponsors here, not the company", skip=True)
    if _CREDIT_BEFORE.search(before[-50:]) and key in AGENCIES:
        return Verdict(None, None, f"{surface!r} is a photo credit", skip=True)
    cont = _continuation(text, end)
    if cont:
        tail = cont[: next((i + 1 for i, w in enumerate(cont) if w in _ORG_END), 0)]
        if tail and all(w in UNIT_WORDS or w[:1].isupper() for w in tail) and tail[-1] in _ORG_END:
            longer = " ".join([surface, *tail])
            return Verdict(
                None,
                None,
                f"{longer!r} names another entity (a unit, affiliate or fund), not its namesake",
                skip=True,
            )
    unit = _unit_or_venture(text, start, end, candidates, master, starts_a_name)
    if unit is not None:
        return Verdict(None, None, unit, skip=True)
    ids = list(dict.fromkeys(c.company_id for c in candidates))
    full = [c for c in candidates if c.kind not in SHORT_KINDS]
    curated = [c for c in full if master.companies[c.company_id].source == "curated"]
    if curated and len({c.company_id for c in curated}) == 1:
        full = curated  # a reviewed row outranks imported namesakes
    if len({c.company_id for c in full}) == 1:
        chosen = full[0]
        ids = [chosen.company_id]
        why = (
            "full name"
            if chosen.kind == "name"
            else ("subsidiary's own name" if chosen.kind == "subsidiary" else "alias")
        )
    elif len(full) > 1:
        picked, why = _pick(text, start, end, [c.company_id for c in full], master, shared_name=True)
        if picked is None:
            return Verdict(
                None,
                None,
                f"{surface!r} is a name of several companies",
                tuple(sorted({c.company_id for c in full})),
            )
        chosen = next(c for c in full if c.company_id == picked)
    elif len(ids) == 1:
        chosen, why = candidates[0], "distinctive first word of its name"
    else:
        known = [i for i in ids if i in elsewhere]
        stem = _stem_owner(candidates, master)
        if len(known) == 1:
            chosen, why = (
                next(c for c in candidates if c.company_id == known[0]),
                "named in full elsewhere in the text",
            )
        elif stem is not None:
            chosen = stem
            why = (
                f"{master.companies[stem.company_id].name} without its legal form; the other "
                f"{len(ids) - 1} companies' names only start with it"
            )
        else:
            ranked = sorted(ids, key=lambda i: -prominence(master.companies[i]))
            top, second = (prominence(master.companies[i]) for i in ranked[:2])
            by_size = sorted(ids, key=lambda i: _SIZE_RANK.get(master.companies[i].size, 9))
            sizes = [_SIZE_RANK.get(master.companies[i].size, 9) for i in by_size]
            if top > 0 and top >= 4 * second:
                chosen = next(c for c in candidates if c.company_id == ranked[0])
                why = f"short name shared by {len(ids)} companies; the largest by market value ({top / 1e9:,.0f}bn USD)"
            elif top == 0 and sizes[0] <= 1 and sizes[0] < sizes[1]:
                chosen = next(c for c in candidates if c.company_id == by_size[0])
                why = (
                    f"short name shared by {len(ids)} companies; the only one of the largest size class "
                    f"({master.companies[by_size[0]].size})"
                )
            else:
                picked, why = _pick(text, start, end, ranked, master)
                if picked is None:
                    return Verdict(None, None, f"ambiguous name {surface!r}", tuple(ranked[:8]))
                chosen = next(c for c in candidates if c.company_id == picked)
    company = master.companies[chosen.company_id]
    is_curated = company.source == "curated"
    if " " not in key and not is_curated and not prominent(company):
        neighbour = _inside_longer_name(text, start, end)
        if neighbour is not None:  # "CEO Jun Seki": a person's name, not the company Seki
            return Verdict(
                None,
                None,
                f"{surface!r} is part of a longer name (next to {neighbour!r}), not the company",
                skip=True,
            )
    if generic and not is_curated:
        neighbour = _inside_longer_name(text, start, end, possessive=True)
        if neighbour is not None:
            return Verdict(
                None,
                None,
                f"{surface!r} is part of a longer name (next to {neighbour!r}), not the company",
                skip=True,
            )
        # "American Express", "Tokyo Electron"; and a large company's one-word name capitalised in
        # mid-sentence ("Apple, Alphabet and Microsoft"): the ordinary word would be lower case there.
        distinctive = prominent(company) and (
            " " in key or (key[:1].isupper() and not is_place(key) and not _sentence_start(text, start))
        )
        if not distinctive and _corroborated(text, start, end) is None and chosen.company_id not in elsewhere:
            return Verdict(
                None,
                None,
                f"{surface!r} is also an ordinary word; nothing in the text says it is the company",
                skip=True,
            )
    elif (
        generic
        and _sentence_start(text, start)
        and _corroborated(text, start, end) is None
        and chosen.company_id not in elsewhere
    ):  # "Apple orchards ..." opens a sentence: not Apple Inc
        return Verdict(
            None,
            None,
            f"{surface!r} opens a sentence and is also an ordinary word; nothing says it is the company",
            skip=True,
        )
    if chosen.kind in SHORT_KINDS:
        neighbour = _inside_longer_name(text, start, end)
        if neighbour is not None and not _CAP_WORD.match(text, end):
            return Verdict(
                None,
                None,
                f"{surface!r} is part of a longer name (next to {neighbour!r}), not the company",
                skip=True,
            )
        after = _CAP_WORD.match(text, end)
        own_words = set(master.companies[chosen.company_id].name.replace(",", " ").split())
        if after and after["word"] not in _ROLES and after["word"] not in own_words:
            return Verdict(
                None,
                None,
                f"'{surface} {after['word']}' names another entity than {master.companies[chosen.company_id].name}",
                skip=True,
            )
    return Verdict(chosen.company_id, chosen.symbol, why)


def _unit_or_venture(
    text: str,
    start: int,
    end: int,
    candidates: Sequence[Candidate],
    master: SecurityMaster,
    starts_a_name: frozenset[str] | None,
) -> str | None:
    """Why ``text[start:end]`` is part of a joint venture's or a local unit's name (:mod:`.units`), or None."""
    surface = text[start:end]
    place = place_unit(text, end, roles=_ROLES)
    if place is not None:
        return f"{surface + ' ' + place!r} names a unit in {place.split()[-1]}, not its parent"
    own: set[str] = set()
    for cid in {c.company_id for c in candidates}:
        company = master.companies[cid]
        for name in (company.name, *company.aliases):
            own.update(name.replace(",", " ").split())
        own.update(lst.symbol.split(".")[0] for lst in company.listings)
    stop = _OPENERS | _TITLES | ABBREVIATIONS | AGENCIES | VENUE_WORDS | FUND_SPONSORS
    partner = venture_partner(
        text,
        start,
        stop=stop,
        own=own,
        starts_a_name=starts_a_name,
        is_word=dictionary(),
    )
    if partner is not None:
        return (
            f"'{partner} {surface}' names a joint venture of {partner} and {surface}, not the listed company"
        )
    return None


def _stem_owner(candidates: Sequence[Candidate], master: SecurityMaster) -> Candidate | None:
    """The one company whose name, without its legal form, is the key ("Siemens" of "Siemens AG"), or None."""
    stems = list(dict.fromkeys(c.company_id for c in candidates if c.kind == "stem"))
    if len(stems) > 1:
        one = same_company([master.companies[i] for i in stems])
        stems = [one.company_id] if one is not None else stems
    if len(stems) != 1:
        return None
    return next(c for c in candidates if c.company_id == stems[0])
