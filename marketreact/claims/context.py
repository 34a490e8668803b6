"""Wording around a quoted move that changes what it can be checked against or who it is about.

Helpers of :mod:`marketreact.claims.text`, on plain text spans:

* :func:`session_marker`: "down 1.2% in premarket trading", "up 3.4% in
  morning trade", "at one point": the move is an intraday or out-of-hours
  level, which daily closes cannot confirm. A move introduced by "closed",
  "ended", "finished" or "settled" is a close whatever follows.
* :func:`unknown_subject`: the capitalised name right before a move ("..., and
  BP shed 4%") when it is not a mention: the move is about that name, not
  about an earlier company of the sentence.
* :func:`venue_mics`: "U.S.-listed shares", "ADRs", "Hong Kong-listed": the
  venues a phrase points to, to pick the listing of a company with several.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from marketreact.reference.venues import US_MICS

__all__ = ["session_marker", "unknown_subject", "venue_mics"]

_MARKER = re.compile(
    r"\b(?:pre-?market|after-?hours|extended(?:-|\s)(?:hours|trading|trade)|overnight\s+trading|"
    r"(?:early|morning|midday|mid-day|afternoon|opening|intraday|midsession|mid-session)\s+"
    r"(?:\w+\s+)?(?:trade|trading|deals|dealings|session)|intraday|at\s+one\s+point|before\s+the\s+bell|"
    r"at\s+(?:the\s+)?(?:open|opening\s+bell|midday|lunch(?:time)?|the\s+lunch\s+break))\b",
    re.IGNORECASE,
)
_CLOSE_VERB = re.compile(r"\b(?:closed|closing|ended|ending|finished|finishing|settled|settling)\s+$", re.I)
# Where a clause ends, so that a marker after it belongs to the next clause.
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|,\s+(?:and|while|but|whereas|as|before|after)\b|\n\s*\n")


def session_marker(text: str, start: int, end: int, prev_end: int, next_start: int) -> str | None:
    """The intraday/out-of-hours phrase that qualifies the move at ``text[start:end]``, if any.

    Looks after the move to the end of its clause (never past the next move,
    ``next_start``) and before it from the start of its sentence (never before
    the previous move's end, ``prev_end``).
    """
    if _CLOSE_VERB.search(text[max(0, start - 20) : start]):
        return None
    after = text[end:next_start]
    stop = _CLAUSE_END.search(after)
    m = _MARKER.search(after[: stop.start() if stop else 80])
    if m:
        return m.group(0)
    before = text[prev_end:start]
    cuts = list(re.finditer(r"[.!?](?:\s|$)|\n\s*\n", before))
    m = _MARKER.search(before[cuts[-1].end() :] if cuts else before)
    return m.group(0) if m else None


_TOKEN = r"[A-Z0-9][A-Za-z0-9&'.]*(?<!')"
_SUBJECT = re.compile(
    rf"(?:^|(?<=[\s,;:(\"“]))(?P<name>[A-Z][A-Za-z0-9&'.]*(?:\s+{_TOKEN}){{0,3}})(?:'s|’s)?"
    r"(?P<tag>\s*[(\[<][^()\[\]<>]{1,24}[)\]>])?\s+"
    r"(?:(?:shares|stock|stocks)\s+)?(?:(?:was|were|is|are|has|had|have|closed|ended|finished|traded|"
    r"trading|settled|opened)\s+)?$"
)
# Capitalised words that open a clause without naming a company ("The stock", "Its ADRs", "On Monday").
_STOPWORDS = (
    "The A An It Its He She They This That These Those Shares Stocks Stock Both Each All Most Some "
    "Analysts ADR ADRs ADS ADSs Investors Prices Trading Meanwhile Earlier Later Also And But Then "
    "Overall Elsewhere Separately Still Their Our We I In On At For By From With As Of "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December"
)
_STOP = frozenset(_STOPWORDS.split())


def unknown_subject(
    text: str, seg_start: int, move_start: int, mention_spans: Sequence[tuple[int, int]]
) -> str | None:
    """The capitalised name right before a move, when it is no mention ("and BP shed 4%" -> "BP")."""
    m = _SUBJECT.search(text[seg_start:move_start])
    if not m:
        return None
    words = m.group("name").split()
    start = seg_start + m.start("name")
    while words and words[0].rstrip(".") in _STOP:
        start = text.index(words[0], start) + len(words.pop(0))
    if not words:
        return None
    end = seg_start + (m.end("tag") if m.group("tag") else m.end("name"))  # "LVMH (LVMH.PA)": both
    if any(a < end and start < b for a, b in mention_spans):
        return None
    return " ".join(words)


_US_VENUES = tuple(sorted(US_MICS))
_VENUE_WORDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), mics)
    for pattern, mics in (
        (r"\b(?:U\.S\.|US|American|New York|NYSE|Nasdaq|Wall Street)[- ]listed\b", _US_VENUES),
        (r"\b(?:ADRs?|ADSs?|depositary)\b", _US_VENUES),
        (r"\bTokyo[- ]listed\b", ("XTKS",)),
        (r"\bHong Kong[- ]listed\b", ("XHKG",)),
        (r"\bShanghai[- ]listed\b", ("XSHG",)),
        (r"\bShenzhen[- ]listed\b", ("XSHE",)),
        (r"\b(?:Taipei|Taiwan)[- ]listed\b", ("XTAI",)),
        (r"\bLondon[- ]listed\b", ("XLON",)),
        (r"\b(?:Frankfurt|German|Xetra)[- ]listed\b", ("XETR", "XFRA")),
        (r"\bParis[- ]listed\b", ("XPAR",)),
        (r"\bMilan[- ]listed\b", ("XMIL",)),
        # "fell 2% in Tokyo", "in New York trading", "on the Tokyo Stock Exchange", a price in yen.
        (r"\b(?:in|on)\s+(?:the\s+)?Tokyo\b|\byen\b|¥", ("XTKS",)),
        (
            r"\b(?:in|on)\s+(?:the\s+)?(?:New\s+York|Wall\s+Street|U\.S\.\s+(?:trading|market))\b|US\$",
            _US_VENUES,
        ),
        (r"\b(?:in|on)\s+(?:the\s+)?Hong\s+Kong\b|HK\$", ("XHKG",)),
        (r"\b(?:in|on)\s+(?:the\s+)?(?:Taipei|Taiwan)\b|NT\$", ("XTAI",)),
        (r"\b(?:in|on)\s+(?:the\s+)?Shanghai\b", ("XSHG",)),
        (r"\b(?:in|on)\s+(?:the\s+)?Shenzhen\b", ("XSHE",)),
        (r"\b(?:in|on)\s+(?:the\s+)?Paris\b", ("XPAR",)),
        (r"\b(?:in|on)\s+(?:the\s+)?London\b", ("XLON",)),
        (r"\b(?:in|on)\s+(?:the\s+)?Frankfurt\b", ("XETR", "XFRA")),
    )
)


def venue_mics(phrase: str) -> tuple[str, ...]:
    """Venues named by listing words in ``phrase`` ("its U.S.-listed shares" -> US venues), in order."""
    found: list[str] = []
    for pattern, mics in _VENUE_WORDS:
        if pattern.search(phrase):
            found += [m for m in mics if m not in found]
    return tuple(found)
