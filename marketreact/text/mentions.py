"""Find the companies and listings an article mentions, with an audit trail.

:func:`extract_mentions` scans the text in three passes and reports every span
it used or could not use:

1. **Exchange tags** (``(NASDAQ:AAPL)``, ``NYSE: HMC``, ``TYO:7201``); prefixes
   and symbol rules live in :mod:`marketreact.text.tags`. A tag whose symbol is not
   in the security master still resolves (symbol and MIC from the tag) but has
   no company. Unknown prefixes go to ``unresolved`` with the prefix named,
   but only in the unmistakable forms ``(FOO:BAR)`` or ``FOO:BAR`` (no space),
   so that "Note: ...", "CEO: ...", times ("10:30"), ratios and URLs are left alone.
   Then the other ticker styles of :mod:`marketreact.text.tag_styles`: RICs ``(7203.T)``,
   Bloomberg codes ``(7203 JP)``, cashtags ``$AAPL`` and bare codes right after a
   company name (``Nissan Motor [7201]``, ``Tesla Inc. (TSLA)``).
2. **Company names and aliases** from ``data/securities/companies.csv``, plus
   the names of subsidiary listings (``Foxconn Industrial Internet``). Case
   rule: an alias matches exactly as written in the master ("Apple", never
   "apple" the fruit), and an alias of four or more characters also matches in
   ALL CAPS (headline style: "NISSAN"). Words may be separated by any
   whitespace, including line breaks; a possessive ("Nissan's") matches the
   name; the longest alias wins ("Mitsubishi Motors Corp" over "Mitsubishi
   Motors", "Foxconn Industrial Internet" over "Foxconn"). Names inside a tag
   are ignored.
3. **Leftovers**, reported as unresolved, never dropped: a bare first word
   shared by several companies ("Mitsubishi"), and capitalised names ending in
   a corporate suffix ("Acme Corp", "Foo Holdings") that are not in the master.

Listing policy (:func:`select_listings`): analyse every tagged listing ("tagged
in text as OTC:NSANY"), plus the primary listing of every named company
("primary listing of Nissan Motor, named in text"). A subsidiary's listing is
analysed only if it is tagged or the subsidiary is named by its own name
("subsidiary listing of Hon Hai Precision Industry, named in text as Foxconn
Industrial Internet"). Companies without a listing are kept as rows with
``symbol=None`` and reason "unlisted (private)". One row per symbol; the
reasons of several mentions are merged.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Literal

from marketreact.reference.securities import Company, Listing, ListingType, SecurityMaster, load_master
from marketreact.reference.venues import exchange
from marketreact.text.tag_styles import StyledTag, find_styled_tags, resolve_styled_tag
from marketreact.text.tags import ResolvedTag, is_known_prefix, resolve_tag

__all__ = ["Extraction", "Mention", "SelectedListing", "Unresolved", "extract_mentions", "select_listings"]

Rule = Literal["exchange_tag", "company_name", "alias"]

_TRADABLE: frozenset[ListingType] = frozenset({"primary", "secondary", "adr", "otc_ordinary"})
# A tag: prefix (all caps, or "Nasdaq"), a colon with at most one space after it,
# a code. Not preceded by characters that put it inside a URL, address or token.
_TAG = re.compile(
    r"(?<![\w/.:@#&=?%+\-])(?P<open>\(\s?)?(?P<prefix>[A-Z]{2,12}|Nasdaq|Xetra)(?P<sp1> ?):(?P<sp2> ?)"
    r"(?P<code>[A-Z0-9]{1,12}(?:[.\-][A-Z0-9]{1,4})?)(?![\w:/@])(?P<close>\s?\))?"
)
_CORP_SUFFIX = (
    r"(?:Inc\.?|Corp\.?|Corporation|Co\.,? Ltd\.?|Co\.|Ltd\.?|Limited|plc|PLC|AG|SE|N\.V\.|S\.A\.|"
    r"Holdings|GmbH|K\.K\.)"
)
_CORP_NAME = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][A-Za-z0-9&'\-]*(?: [A-Z][A-Za-z0-9&'\-]*){0,3}),? " + _CORP_SUFFIX + r"(?!\w)"
)
# Capitalised words that start sentences rather than company names.
_LEADING_STOPWORDS = frozenset(
    {"The", "A", "An", "In", "On", "At", "For", "And", "But", "Of", "By", "From", "With", "As", "Its"}
    | {"Their", "Shares", "Rival", "Unit", "Both", "Analysts"}
)


@dataclass(frozen=True)
class Mention:
    """One span of the article that names a company or tags a listing.

    ``text == article_text[start:end]`` always. ``symbols`` are Yahoo symbols:
    for a tag, the tagged line; for a company name, the company's own tradable
    listings, primary first (empty for an unlisted company); for a subsidiary's
    own name, that subsidiary's line. ``mic`` is the venue of ``symbols[0]``.
    """

    text: str
    start: int
    end: int
    rule: Rule
    company_id: str | None
    symbols: tuple[str, ...]
    mic: str | None


@dataclass(frozen=True)
class Unresolved:
    """A span that looks like a company or a tag but could not be resolved, and why."""

    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Extraction:
    """Result of :func:`extract_mentions`: resolved mentions, unresolved spans, decisions taken."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SelectedListing:
    """A listing chosen for analysis (or an unlisted company, with ``symbol=None``).

    ``listing_type`` is the master's type, ``"unknown"`` for a tagged symbol that
    is not in the master, and ``"unlisted"`` for a company without a listing.
    """

    symbol: str | None
    company_id: str | None
    mic: str | None
    currency: str | None
    timezone: str | None
    benchmark: str | None
    listing_type: ListingType | Literal["unknown", "unlisted"]
    reason: str

    @property
    def listed(self) -> bool:
        """True when there is a tradable line to analyse."""
        return self.symbol is not None


@dataclass(frozen=True)
class _Name:
    company_id: str
    rule: Rule
    symbols: tuple[str, ...]
    mic: str | None


def _company_symbols(company: Company) -> tuple[str, ...]:
    own = [lst for lst in company.listings if lst.listing_type in _TRADABLE]
    own.sort(key=lambda lst: lst.listing_type != "primary")
    return tuple(lst.symbol for lst in own)


def _name_table(master: SecurityMaster) -> tuple[dict[str, _Name], dict[str, str], set[str]]:
    """Map each normalised name to its company; ambiguous keys and bare shared first words aside."""
    table: dict[str, _Name] = {}
    ambiguous: dict[str, str] = {}
    entries: list[tuple[str, _Name]] = []
    for company in master.companies.values():
        symbols = _company_symbols(company)
        mic = master.listings[symbols[0]].mic if symbols else None
        for alias in dict.fromkeys((company.name, *company.aliases)):
            rule: Rule = "company_name" if alias == company.name else "alias"
            entries.append((alias, _Name(company.company_id, rule, symbols, mic)))
    for lst in master.listings.values():
        if lst.listing_type == "subsidiary" and lst.company_id:
            entries.append((lst.name, _Name(lst.company_id, "company_name", (lst.symbol,), lst.mic)))
    for alias, name in entries:
        key = " ".join(alias.split())
        keys = [key] + ([key.upper()] if len(key) >= 4 and key.upper() != key else [])
        for k in keys:
            old = table.get(k)
            if old is not None and (old.company_id, old.symbols) != (name.company_id, name.symbols):
                ambiguous[k] = f"{old.company_id} or {name.company_id}"
            elif old is None or (k == key and name.rule == "company_name"):
                table[k] = name
    # First words of multi-word names that belong to several companies and are no name themselves.
    owners: dict[str, set[str]] = {}
    for alias, name in entries:
        words = alias.split()
        if len(words) > 1:
            owners.setdefault(words[0], set()).add(name.company_id)
    shared = {w for w, ids in owners.items() if len(ids) > 1 and w not in table}
    for key in ambiguous:
        table.pop(key, None)
    return table, ambiguous, shared


def _alternation(keys: list[str]) -> str:
    # Longest first, so that at any position the longest name wins.
    ordered = sorted(keys, key=lambda k: (-len(k), k))
    return "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in ordered)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def extract_mentions(text: str, master: SecurityMaster | None = None) -> Extraction:
    """Find exchange tags and company names in ``text``.

    Parameters
    ----------
    text : str
        The article body (spans index into this string).
    master : SecurityMaster, optional
        Defaults to :func:`marketreact.reference.securities.load_master`.

    Returns
    -------
    Extraction
        ``mentions`` and ``unresolved`` sorted by position; ``notes`` lists
        decisions such as how an ambiguous ``TSE`` prefix was read.
    """
    master = master if master is not None else load_master()
    mentions: list[Mention] = []
    unresolved: list[Unresolved] = []
    notes: list[str] = []
    taken: list[tuple[int, int]] = []

    for m in _TAG.finditer(text):
        start, end = m.start("prefix"), m.end("code")
        prefix = m["prefix"]
        wrapped = bool(m["open"]) and bool(m["close"])
        unmistakable = prefix.isupper() and (wrapped or (not m["sp1"] and not m["sp2"]))
        if not is_known_prefix(prefix) and not unmistakable:
            continue  # an unknown prefix counts only in the unmistakable tag forms
        taken.append((start, end))
        resolved = resolve_tag(prefix, m["code"])
        if isinstance(resolved, str):
            unresolved.append(Unresolved(text[start:end], start, end, resolved))
            continue
        mentions.append(_tag_mention(text, start, end, resolved, master, notes))
    # Other ticker styles (RIC, Bloomberg, cashtag, bare codes); a letter code yields to a name.
    styled = [t for t in find_styled_tags(text) if not _overlaps(t.start, t.end, taken)]
    taken += [(t.start, t.end) for t in styled if not (t.style == "local_code" and t.root.isalpha())]

    table, ambiguous, shared = _name_table(master)
    if table:
        names = re.compile(r"(?<!\w)(?:" + _alternation(list(table)) + r")(?!\w)")
        for m in names.finditer(text):
            if _overlaps(m.start(), m.end(), taken):
                continue
            name = table[" ".join(m[0].split())]
            taken.append((m.start(), m.end()))
            mentions.append(
                Mention(m[0], m.start(), m.end(), name.rule, name.company_id, name.symbols, name.mic)
            )
    for tag in styled:
        _styled_mention(text, tag, mentions, unresolved, taken, notes, master)
    leftovers = {**dict.fromkeys(shared, "shared"), **dict.fromkeys(ambiguous, "ambiguous")}
    if leftovers:
        pattern = re.compile(r"(?<!\w)(?:" + _alternation(list(leftovers)) + r")(?!\w)")
        for m in pattern.finditer(text):
            if _overlaps(m.start(), m.end(), taken):
                continue
            key = " ".join(m[0].split())
            if leftovers[key] == "ambiguous":
                reason = f"ambiguous name {key!r}: the security master gives it to {ambiguous[key]}"
            else:
                owners = sorted(
                    c.name
                    for c in master.companies.values()
                    if any(a.split()[0] == key for a in (c.name, *c.aliases))
                )
                reason = f"ambiguous name {key!r}: could be {', '.join(owners)}; the text should give the full name"
            taken.append((m.start(), m.end()))
            unresolved.append(Unresolved(m[0], m.start(), m.end(), reason))
    for m in _CORP_NAME.finditer(text):
        start = m.start()
        words = m["name"].split(" ")
        while words and words[0] in _LEADING_STOPWORDS:
            start += len(words.pop(0)) + 1
        if not words or _overlaps(start, m.end(), taken):
            continue
        taken.append((start, m.end()))
        unresolved.append(
            Unresolved(
                text[start : m.end()],
                start,
                m.end(),
                "looks like a company name but is not in the security master; "
                "add it to data/securities/companies.csv to analyse it",
            )
        )
    mentions.sort(key=lambda x: (x.start, x.end))
    unresolved.sort(key=lambda x: (x.start, x.end))
    return Extraction(text=text, mentions=mentions, unresolved=unresolved, notes=list(dict.fromkeys(notes)))


# What may stand between a company name and its bracketed ticker: "Toyota Motor Corp. (7203.T)".
_NAME_TO_TAG = re.compile(r"(?:\s|[.,]|Inc|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SE|Holdings|Group)*")


def _styled_mention(
    text: str,
    tag: StyledTag,
    mentions: list[Mention],
    unresolved: list[Unresolved],
    taken: list[tuple[int, int]],
    notes: list[str],
    master: SecurityMaster,
) -> None:
    """Resolve one RIC/Bloomberg/cashtag/bare-code span and record it as a mention or unresolved."""
    if tag.style == "local_code" and tag.root.isalpha() and _overlaps(tag.start, tag.end, taken):
        return  # the letters are a company alias ("(MUFG)"): the name pass has it
    before = [
        m
        for m in mentions
        if m.rule != "exchange_tag"
        and m.end <= tag.opener
        and _NAME_TO_TAG.fullmatch(text, m.end, tag.opener)
    ]
    named = master.companies.get(before[-1].company_id or "") if before else None
    resolved = resolve_styled_tag(tag, master, named)
    if resolved is None:
        return
    if (tag.start, tag.end) not in taken:
        taken.append((tag.start, tag.end))
    span = text[tag.start : tag.end]
    if isinstance(resolved, str):
        unresolved.append(Unresolved(span, tag.start, tag.end, resolved))
    else:
        mentions.append(_tag_mention(text, tag.start, tag.end, resolved, master, notes))


def _tag_mention(
    text: str, start: int, end: int, tag: ResolvedTag, master: SecurityMaster, notes: list[str]
) -> Mention:
    if tag.note:
        notes.append(tag.note)
    listing = master.listings.get(tag.symbol)
    mic, company_id = tag.mic, None
    if listing is not None:
        company_id = listing.company_id or None
        if listing.mic != tag.mic:
            notes.append(
                f"{tag.prefix}:{tag.code}: the security master lists {tag.symbol} on {listing.mic}, "
                f"not {tag.mic}; using the master"
            )
            mic = listing.mic
    else:
        notes.append(f"{tag.prefix}:{tag.code}: {tag.symbol} is not in the security master (no company)")
    return Mention(text[start:end], start, end, "exchange_tag", company_id, (tag.symbol,), mic)


def select_listings(extraction: Extraction, master: SecurityMaster | None = None) -> list[SelectedListing]:
    """Choose the listings to analyse, one row per symbol, with the reasons merged.

    Follows the listing policy in the module docstring. Rows come in the order
    of their first mention; unlisted companies appear once, with ``symbol=None``.
    """
    master = master if master is not None else load_master()
    # key: symbol, or "company:<id>" for an unlisted company; reasons grouped by their lead phrase.
    reasons: dict[str, dict[str, list[str]]] = {}
    rows: dict[str, SelectedListing] = {}

    def add(key: str, row: SelectedListing, head: str, detail: str) -> None:
        rows.setdefault(key, row)
        details = reasons.setdefault(key, {}).setdefault(head, [])
        if detail not in details:
            details.append(detail)

    for mention in extraction.mentions:
        if mention.rule == "exchange_tag":
            symbol = mention.symbols[0]
            tag = " ".join(mention.text.split()).replace(": ", ":")
            listing = master.listings.get(symbol)
            if listing is not None:
                add(symbol, _row(listing), "tagged in text as", tag)
            else:
                venue = exchange(mention.mic or "")
                row = SelectedListing(
                    symbol, None, venue.mic, venue.currency, venue.timezone, venue.benchmark, "unknown", ""
                )
                add(
                    symbol,
                    row,
                    "tagged in text as",
                    f"{tag} (not in the security master; exchange benchmark)",
                )
            continue
        company = master.companies.get(mention.company_id or "")
        if company is None:  # pragma: no cover - names come from the master
            continue
        named = repr(" ".join(mention.text.split()))
        chosen = _chosen_listing(company, mention, master)
        if chosen is None:
            kind = (
                "unlisted (private)"
                if not company.listed
                else "listed, but no listing in the security master"
            )
            row = SelectedListing(None, company.company_id, None, None, None, None, "unlisted", "")
            add(f"company:{company.company_id}", row, f"{kind}: {company.name}, named in text as", named)
        elif chosen.listing_type == "subsidiary":
            add(chosen.symbol, _row(chosen), f"subsidiary listing of {company.name}, named in text as", named)
        else:
            what = "primary listing" if chosen.listing_type == "primary" else f"{chosen.listing_type} listing"
            add(chosen.symbol, _row(chosen), f"{what} of {company.name}, named in text as", named)
    return [
        dataclasses.replace(
            row, reason="; ".join(f"{head} {', '.join(details)}" for head, details in reasons[key].items())
        )
        for key, row in rows.items()
    ]


def _chosen_listing(company: Company, mention: Mention, master: SecurityMaster) -> Listing | None:
    if mention.symbols:
        first = master.listings[mention.symbols[0]]
        if first.listing_type == "subsidiary":
            return first
    return company.primary or (master.listings[mention.symbols[0]] if mention.symbols else None)


def _row(listing: Listing) -> SelectedListing:
    return SelectedListing(
        symbol=listing.symbol,
        company_id=listing.company_id or None,
        mic=listing.mic,
        currency=listing.currency,
        timezone=listing.timezone,
        benchmark=listing.benchmark or None,
        listing_type=listing.listing_type,
        reason="",
    )
