"""The records mention extraction produces: mentions, unresolved spans, the extraction, selected listings."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

from marketreact.reference.securities import ListingType
from marketreact.text.roles import Role

__all__ = ["Extraction", "Kind", "Mention", "Rule", "SelectedListing", "Taken", "Unresolved"]

Rule = Literal["exchange_tag", "company_name", "alias", "index_name"]
Kind = Literal["company", "etf", "index"]


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
    kind: Kind = "company"
    evidence: str = ""
    index_id: str | None = None


@dataclass(frozen=True)
class Unresolved:
    """A span that looks like a company or a tag but could not be resolved, and why.

    ``candidates`` holds the company ids an ambiguous name could mean (empty otherwise).
    """

    text: str
    start: int
    end: int
    reason: str
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Result of :func:`extract_mentions`: resolved mentions, unresolved spans, decisions taken."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rejected: list[Unresolved] = field(default_factory=list)
    """Spans that match a name in the master but are not the company (an agency, a venue, a common
    word, a person, a unit of a group), each with the reason: the audit trail of the trap rules."""


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
    role: Role = "subject"
    role_evidence: str = ""

    @property
    def listed(self) -> bool:
        """True when there is a tradable line to analyse."""
        return self.symbol is not None


class Taken:
    """Spans already used, kept sorted so that an overlap test costs O(log n), not O(n)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
