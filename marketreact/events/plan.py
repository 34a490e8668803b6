"""From an article to the events an event study runs on.

:func:`plan` chains the article steps: mentions -> listings chosen by the
listing policy -> day 0 per listing on its own exchange -> a check that the
price source has data for each listing. Nothing is dropped on the way: every
listing that cannot be analysed is kept in :attr:`Plan.excluded` with the
reason, and a primary listing without data is stood in for by another listing
of the same company that has data (recorded as such).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from marketreact.data.sources import SourceSpec, resolve_source
from marketreact.events.day0 import PlannedEvent, plan_events
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.reference.venues import UNCOVERED, Exchange
from marketreact.text.article import Article, with_published
from marketreact.text.mentions import Extraction, SelectedListing, extract_mentions, select_listings

__all__ = ["EventRow", "Plan", "plan"]


@dataclass(frozen=True)
class EventRow:
    """One analysed listing (a typed row of :attr:`Plan.events`)."""

    symbol: str
    day0: pd.Timestamp
    benchmark: str
    mic: str
    reason: str
    role: str = "subject"


@dataclass(frozen=True)
class Plan:
    """What an article mentions and which (listing, day 0) pairs get analysed.

    Attributes
    ----------
    article : Article
    extraction : Extraction
        Mentions with their audit trail, and what could not be resolved.
    listings : list of SelectedListing
        Every listing the policy chose (including unlisted companies), with reasons.
    timing : list of PlannedEvent
        Day 0 per analysed listing and the rule that gave it.
    events : DataFrame
        One row per analysed listing: ``symbol, day0, benchmark, mic, reason,
        role`` (``subject`` or ``passing``, see :mod:`marketreact.text.roles`),
        the input of :meth:`marketreact.EventStudy.fit`.
    excluded : dict
        ``{name: reason}`` for listings that cannot be analysed from this source.
    """

    article: Article
    extraction: Extraction
    listings: list[SelectedListing]
    timing: list[PlannedEvent]
    events: pd.DataFrame
    excluded: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[EventRow]:
        """:attr:`events` as typed rows."""
        return [
            EventRow(
                str(r["symbol"]),
                pd.Timestamp(r["day0"]),
                str(r["benchmark"]),
                str(r["mic"]),
                str(r["reason"]),
                str(r["role"]),
            )
            for r in self.events.to_dict("records")
        ]


def _available(source: SourceSpec) -> set[str] | None:
    """Symbols the source can serve, or None when only a download would tell."""
    held = resolve_source(source).holds()
    return set(held) if held is not None else None


def _venue(ref: ReferenceData, mic: str) -> Exchange | None:
    """The venue ``mic``: the reference's own row, else a venue known to have no sessions yet, else None."""
    return ref.venues.get(mic) or UNCOVERED.get(mic)


def _on_venue(listing: SelectedListing, ref: ReferenceData) -> SelectedListing:
    """``listing`` with the currency and time zone of its venue as ``ref`` has it.

    The listing policy fills them from the bundled venue table
    (:attr:`~marketreact.reference.securities.Listing.currency`), which does not
    hold a venue only a custom reference knows.
    """
    venue = _venue(ref, listing.mic) if listing.mic is not None else None
    if venue is None:
        return listing
    return dataclasses.replace(listing, currency=venue.currency, timezone=venue.timezone)


def _not_covered(listing: SelectedListing, ref: ReferenceData) -> str | None:
    """Why ``listing``'s venue has no sessions in ``ref`` (None when it has)."""
    mic = listing.mic
    if mic is None or (mic in ref.venues and ref.venues[mic].covered):
        return None
    venue = _venue(ref, mic)
    if venue is not None:
        return f"trades on {venue.name}, whose sessions marketreact does not know yet ({listing.reason})"
    return (
        f"trades on {mic}, a venue the reference data do not hold (add it to ReferenceData.venues) "
        f"({listing.reason})"
    )


def _stand_in(
    listing: SelectedListing, chosen: set[str], available: set[str], ref: ReferenceData
) -> SelectedListing | None:
    """Another listing of the same company with data, to analyse in place of ``listing``."""
    company = ref.master.companies.get(listing.company_id or "")
    if company is None:
        return None
    for other in company.listings:
        if other.symbol in available and other.symbol not in chosen and other.listing_type != "subsidiary":
            venue = _venue(ref, other.mic)
            return SelectedListing(
                symbol=other.symbol,
                company_id=other.company_id,
                mic=other.mic,
                currency=venue.currency if venue is not None else None,
                timezone=venue.timezone if venue is not None else None,
                benchmark=other.benchmark,
                listing_type=other.listing_type,
                reason=(
                    f"{other.listing_type} listing of {company.name}, standing in for "
                    f"{listing.symbol} (no price data for it in the snapshot)"
                ),
                role=listing.role,
                role_evidence=listing.role_evidence,
            )
    return None


def plan(
    article: Article,
    *,
    published: Any = None,
    source: SourceSpec = "snapshot",
    benchmark: str | None = None,
    reference: ReferenceData | None = None,
) -> Plan:
    """Plan the event study of ``article``.

    Parameters
    ----------
    article : Article
        From :func:`marketreact.read_article` or :func:`marketreact.parse_article`.
    published : str or Timestamp, optional
        Overrides the article's publication time (e.g. from the command line).
    source : str, path, DataFrame or PriceSource
        Where prices will come from; a source that knows what it holds (the
        snapshot, a folder) has listings it lacks excluded here, with the reason.
    benchmark : str, optional
        One benchmark for every listing instead of each listing's local one
        (recorded in each reason). Without it, an index or benchmark ETF named
        in the text is excluded: it is the market, not a reaction to measure.
    reference : ReferenceData, optional
        Security master and venues (the bundled ones by default).
    """
    if published is not None:
        article = with_published(article, published)
    ref = default_reference(reference)
    master = ref.master
    extraction = extract_mentions(article.text, master)
    listings = [_on_venue(lst, ref) for lst in select_listings(extraction, master, title=article.title)]
    available = _available(source)
    where = "the snapshot" if source == "snapshot" else f"the source {resolve_source(source).name!r}"
    excluded: dict[str, str] = {}
    analysed: list[SelectedListing] = []
    chosen = {lst.symbol for lst in listings if lst.symbol}
    for listing in listings:
        if not listing.listed or listing.symbol is None:
            company = master.companies.get(listing.company_id or "")
            excluded[company.name if company else listing.company_id or "?"] = listing.reason
            continue
        uncovered = _not_covered(listing, ref)
        if uncovered is not None:
            excluded[listing.symbol] = uncovered
            continue
        if not (benchmark or listing.benchmark):
            excluded[listing.symbol] = (
                f"is itself a benchmark ({listing.listing_type}), so it has no benchmark to be abnormal "
                f"against; pass benchmark=... to study it ({listing.reason})"
            )
            continue
        if available is not None and listing.symbol not in available:
            excluded[listing.symbol] = f"no price data in {where} ({listing.reason})"
            substitute = _stand_in(listing, chosen, available, ref)
            if substitute is not None and substitute.symbol:
                analysed.append(substitute)
                chosen.add(substitute.symbol)
            continue
        analysed.append(listing)
    timing = plan_events(article, analysed, reference=reference)
    day0 = {event.symbol: event.day0 for event in timing}
    events = pd.DataFrame(
        [
            {
                "symbol": lst.symbol,
                "day0": day0[lst.symbol],
                "benchmark": benchmark or lst.benchmark,
                "mic": lst.mic,
                "reason": lst.reason + (f"; benchmark {benchmark} set by the user" if benchmark else ""),
                "role": lst.role,
            }
            for lst in analysed
            if lst.symbol in day0
        ],
        columns=["symbol", "day0", "benchmark", "mic", "reason", "role"],
    )
    return Plan(article, extraction, listings, timing, events, excluded)
