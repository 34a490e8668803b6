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

from marketreact.reference.indices import IndexTable, find_index_mentions, load_indices
from marketreact.reference.refdata import default_reference
from marketreact.reference.securities import Company, Listing, ListingType, SecurityMaster
from marketreact.reference.venues import exchange
from marketreact.text.evidence import Verdict, _sentence_start, judge
from marketreact.text.matcher import SHORT_KINDS, NameHit, matcher_for
from marketreact.text.names import foreign_quote, prominent
from marketreact.text.records import Extraction, Kind, Mention, Rule, SelectedListing, Taken, Unresolved
from marketreact.text.roles import assign_roles
from marketreact.text.tag_policy import NAME_TO_TAG, bare_and_widget_tags, tag_conflicts
from marketreact.text.tag_styles import StyledTag, find_styled_tags, resolve_styled_tag
from marketreact.text.tags import ResolvedTag, is_known_prefix, resolve_tag

__all__ = ["Extraction", "Mention", "SelectedListing", "Unresolved", "extract_mentions", "select_listings"]


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


def _company_symbols(company: Company) -> tuple[str, ...]:
    """The company's lines a reader could mean: primary first; quotes for foreign investors left out."""
    own = [
        lst for lst in company.listings if lst.listing_type in _TRADABLE and not foreign_quote(lst, company)
    ]
    own.sort(key=lambda lst: (lst.listing_type != "primary", lst.stale))
    return tuple(lst.symbol for lst in own)


def extract_mentions(
    text: str, master: SecurityMaster | None = None, *, indices: IndexTable | None = None
) -> Extraction:
    """Find exchange tags, index names and company names in ``text``.

    Parameters
    ----------
    text : str
        The article body (spans index into this string).
    master : SecurityMaster, optional
        Defaults to the bundled master (``ReferenceData.bundled().master``).
    indices : IndexTable, optional
        Index names to recognise; defaults to the bundled table.

    Returns
    -------
    Extraction
        ``mentions`` (companies, tagged listings and indices, each with its
        evidence) and ``unresolved`` (with candidates where a name is ambiguous)
        sorted by position; ``notes`` lists decisions such as how an ambiguous
        ``TSE`` prefix was read.
    """
    master = master if master is not None else default_reference(None).master
    table = indices if indices is not None else load_indices()
    mentions: list[Mention] = []
    unresolved: list[Unresolved] = []
    notes: list[str] = []
    taken = Taken()

    for im in find_index_mentions(text, table):
        info = table.get(im.index_id)
        taken.add(im.start, im.end)
        mentions.append(
            Mention(
                im.surface,
                im.start,
                im.end,
                "index_name",
                None,
                (im.yahoo,) if im.yahoo else (),
                info.mic or None,
                kind="index",
                evidence=im.evidence + ("; no Yahoo series" if im.no_series else ""),
                index_id=im.index_id,
            )
        )
    for m in _TAG.finditer(text):
        start, end = m.start("prefix"), m.end("code")
        prefix = m["prefix"]
        wrapped = bool(m["open"]) and bool(m["close"])
        unmistakable = prefix.isupper() and (wrapped or (not m["sp1"] and not m["sp2"]))
        if not is_known_prefix(prefix) and not unmistakable:
            continue  # an unknown prefix counts only in the unmistakable tag forms
        if taken.overlaps(start, end):
            continue
        taken.add(start, end)
        resolved = resolve_tag(prefix, m["code"])
        if isinstance(resolved, str):
            unresolved.append(Unresolved(text[start:end], start, end, resolved))
            continue
        _add(_tag_mention(text, start, end, resolved, master, notes), mentions, unresolved)
    # Other ticker styles (RIC, Bloomberg, cashtag, bare codes); a letter code yields to a name.
    styled = [t for t in find_styled_tags(text) if not taken.overlaps(t.start, t.end)]
    for t in styled:
        if not (t.style == "local_code" and t.root.isalpha()):
            taken.add(t.start, t.end)
    rejected: list[Unresolved] = []
    _names(text, master, taken, mentions, unresolved, rejected)
    for tag in styled:
        _styled_mention(text, tag, mentions, unresolved, taken, notes, master)
    for m in _CORP_NAME.finditer(text):
        start = m.start()
        words = m["name"].split(" ")
        while words and words[0] in _LEADING_STOPWORDS:
            start += len(words.pop(0)) + 1
        if not words or taken.overlaps(start, m.end()):
            continue
        taken.add(start, m.end())
        unresolved.append(
            Unresolved(
                text[start : m.end()],
                start,
                m.end(),
                "looks like a company name but is not in the security master; "
                "add it to data/securities/companies.csv to analyse it",
            )
        )
    bare_and_widget_tags(text, mentions, unresolved, taken, master)
    tag_conflicts(text, mentions, unresolved, master)
    mentions.sort(key=lambda x: (x.start, x.end))
    unresolved.sort(key=lambda x: (x.start, x.end))
    return Extraction(
        text=text,
        mentions=mentions,
        unresolved=unresolved,
        notes=list(dict.fromkeys(notes)),
        rejected=rejected,
    )


def _names(
    text: str,
    master: SecurityMaster,
    taken: Taken,
    mentions: list[Mention],
    unresolved: list[Unresolved],
    rejected: list[Unresolved],
) -> None:
    """Company names: every key the matcher finds, judged in two passes (full names first, then short ones)."""
    matcher = matcher_for(master)
    hits = [h for h in matcher.find(text) if not taken.overlaps(h.start, h.end)]
    # Leftmost-longest: a longer hit beats any hit inside it.
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[NameHit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            chosen.append(h)
            last_end = h.end
    # Companies named unambiguously by a full name or alias vouch for their short names elsewhere.
    elsewhere = frozenset(
        c.company_id
        for h in chosen
        if len({c.company_id for c in h.candidates}) == 1
        for c in h.candidates
        if c.kind not in SHORT_KINDS and not h.generic and not _sentence_start(text, h.start)
    )
    verdicts = [
        judge(text, h.start, h.end, h.key, h.candidates, master, elsewhere, h.generic, matcher.first_words())
        for h in chosen
    ]
    # A word the text also uses inside a longer name ("Jun Seki") is that name wherever it stands alone
    # ("Seki also said"), unless a curated or prominent company carries it.
    inside = {
        text[h.start : h.end]
        for h, v in zip(chosen, verdicts, strict=True)
        if v.skip and "longer name" in v.reason
    }
    for h, verdict in zip(chosen, verdicts, strict=True):
        span = text[h.start : h.end]
        if verdict.company_id is not None and span in inside and " " not in span:
            company = master.companies[verdict.company_id]
            if company.source != "curated" and not prominent(company):
                verdict = Verdict(
                    None, None, f"{span!r} is used in this text as part of a longer name", skip=True
                )
        if verdict.company_id is None:
            if verdict.skip and not verdict.candidates:
                # Not a company at all (an agency, a venue, a noun): kept in the audit trail, not as a listing.
                rejected.append(Unresolved(span, h.start, h.end, verdict.reason))
            else:
                names = ", ".join(
                    f"{master.companies[c].name} ({_primary_symbol(master.companies[c]) or 'unlisted'})"
                    for c in verdict.candidates
                )
                unresolved.append(
                    Unresolved(
                        span,
                        h.start,
                        h.end,
                        f"{verdict.reason}: could be {names}; the text should give the full name",
                        candidates=verdict.candidates,
                    )
                )
            taken.add(h.start, h.end)
            continue
        company = master.companies[verdict.company_id]
        symbols = (verdict.symbol,) if verdict.symbol else _company_symbols(company)
        mic = master.listings[symbols[0]].mic if symbols and symbols[0] in master.listings else None
        kind: Kind = "etf" if symbols and master.listings[symbols[0]].listing_type == "etf" else "company"
        cand = next(c for c in h.candidates if c.company_id == verdict.company_id)
        rule: Rule = "company_name" if cand.kind in ("name", "subsidiary") else "alias"
        taken.add(h.start, h.end)
        mentions.append(
            Mention(
                span,
                h.start,
                h.end,
                rule,
                verdict.company_id,
                symbols,
                mic,
                kind=kind,
                evidence=verdict.reason,
            )
        )


def _add(item: Mention | Unresolved, mentions: list[Mention], unresolved: list[Unresolved]) -> None:
    if isinstance(item, Mention):
        mentions.append(item)
    else:
        unresolved.append(item)


def _primary_symbol(company: Company) -> str | None:
    symbols = _company_symbols(company)
    return symbols[0] if symbols else None


def _styled_mention(
    text: str,
    tag: StyledTag,
    mentions: list[Mention],
    unresolved: list[Unresolved],
    taken: Taken,
    notes: list[str],
    master: SecurityMaster,
) -> None:
    """Resolve one RIC/Bloomberg/cashtag/bare-code span and record it as a mention or unresolved."""
    if tag.style == "local_code" and tag.root.isalpha() and taken.overlaps(tag.start, tag.end):
        return  # the letters are a company alias ("(MUFG)"): the name pass has it
    before = [
        m
        for m in mentions
        if m.rule != "exchange_tag" and m.end <= tag.opener and NAME_TO_TAG.fullmatch(text, m.end, tag.opener)
    ]
    named = master.companies.get(before[-1].company_id or "") if before else None
    resolved = resolve_styled_tag(tag, master, named)
    if resolved is None:
        return
    if not taken.overlaps(tag.start, tag.end):
        taken.add(tag.start, tag.end)
    span = text[tag.start : tag.end]
    if isinstance(resolved, str):
        unresolved.append(Unresolved(span, tag.start, tag.end, resolved))
    else:
        _add(_tag_mention(text, tag.start, tag.end, resolved, master, notes), mentions, unresolved)


def _tag_mention(
    text: str, start: int, end: int, tag: ResolvedTag, master: SecurityMaster, notes: list[str]
) -> Mention | Unresolved:
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
        return Unresolved(
            text[start:end],
            start,
            end,
            f"{tag.symbol} (from the tag) is in none of the security lists marketreact holds: a site's own "
            "code, a new or delisted line, or a typo; not analysed (add it to data/securities/listings.csv "
            "if it is real)",
        )
    return Mention(text[start:end], start, end, "exchange_tag", company_id, (tag.symbol,), mic)


def select_listings(
    extraction: Extraction, master: SecurityMaster | None = None, *, title: str | None = None
) -> list[SelectedListing]:
    """Choose the listings to analyse, one row per symbol, with the reasons merged and a role.

    Follows the listing policy in the module docstring. Rows come in the order
    of their first mention; unlisted companies appear once, with ``symbol=None``.
    Each row's ``role`` says whether the company is the article's subject or
    mentioned in passing (:mod:`marketreact.text.roles`; ``title`` is the article's title).
    """
    master = master if master is not None else default_reference(None).master
    title_mentions = extract_mentions(title, master).mentions if title else None
    roles = assign_roles(extraction.mentions, extraction.text, title_mentions)
    role_of: dict[str, str] = {}
    # key: symbol, or "company:<id>" for an unlisted company; reasons grouped by their lead phrase.
    reasons: dict[str, dict[str, list[str]]] = {}
    rows: dict[str, SelectedListing] = {}

    def add(key: str, row: SelectedListing, head: str, detail: str, who: str | None) -> None:
        rows.setdefault(key, row)
        if who is not None:
            role_of.setdefault(key, who)
        details = reasons.setdefault(key, {}).setdefault(head, [])
        if detail not in details:
            details.append(detail)

    for mention in extraction.mentions:
        if mention.kind == "index":
            continue  # indices are the market, not a reaction to measure; claims and benchmarks use them
        if mention.rule == "exchange_tag":
            symbol = mention.symbols[0]
            tag = " ".join(mention.text.split()).replace(": ", ":")
            listing = master.listings.get(symbol)
            if listing is not None:
                add(symbol, _row(listing), "tagged in text as", tag, listing.company_id or f"symbol:{symbol}")
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
                    f"symbol:{symbol}",
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
            add(
                f"company:{company.company_id}",
                row,
                f"{kind}: {company.name}, named in text as",
                named,
                company.company_id,
            )
        elif chosen.listing_type == "subsidiary":
            add(
                chosen.symbol,
                _row(chosen),
                f"subsidiary listing of {company.name}, named in text as",
                named,
                company.company_id,
            )
        else:
            what = "primary listing" if chosen.listing_type == "primary" else f"{chosen.listing_type} listing"
            add(
                chosen.symbol,
                _row(chosen),
                f"{what} of {company.name}, named in text as",
                named,
                company.company_id,
            )
    out = []
    for key, row in rows.items():
        role, evidence = roles.get(role_of.get(key, ""), ("passing", "not named by a company mention"))
        out.append(
            dataclasses.replace(
                row,
                reason="; ".join(f"{head} {', '.join(details)}" for head, details in reasons[key].items()),
                role=role,
                role_evidence=evidence,
            )
        )
    return out


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
