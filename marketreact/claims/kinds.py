"""What a quoted figure measures, and how each kind is checked against daily bars.

Journalists quote several different things with the same "fell 2%":

``close``
    the session's close against the previous close (the only kind that can
    *match* a session);
``intraday``
    a level during the session ("as much as", "at one point", "in early
    trade", "as of 11:30 a.m.", "by the lunch break"): checked against the
    day's low and high relative to the previous close;
``extended``
    pre-market or after-hours trading: daily bars carry no such prices;
``open``
    the opening price against the previous close ("opened 2% lower");
``multi_day``
    a change over a week, a month or N sessions ("fell 4.4% this week");
``ytd`` and ``52_week``
    change since the last close of the previous year; distance from the
    52-week high or low (from the bars' highs and lows);
``level``
    a price level ("closed at $212.40"), compared with the close.

:func:`classify_kind` reads the words of the move's own clause (an intraday
word in one clause does not leak into the next); a phrase that opens the
sentence ("In early trade, ...") governs every move of the sentence.
:func:`compare` applies the tolerance rule: within half a unit of the last
printed digit agrees; within one unit is only "close" (the writer may have
truncated), never a match.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Agreement", "classify_kind", "compare", "half_unit"]

Agreement = Literal["match", "close"] | None

_EXTENDED = re.compile(
    r"\b(?:pre-?market|after(?:-|\s)?hours|after\s+the\s+(?:closing\s+)?bell|post-?market|extended(?:-|\s)"
    r"(?:hours|trading|trade)|overnight\s+trading|before\s+the\s+(?:opening\s+)?bell)\b",
    re.IGNORECASE,
)
_INTRADAY = re.compile(
    r"\b(?:(?:early|morning|midday|mid-day|afternoon|opening|intraday|midsession|mid-session|late)\s+"
    r"(?:\w+\s+)?(?:trade|trading|deals|dealings|session)|intraday|at\s+one\s+point|as\s+of\s+\d{1,2}(?::\d\d)?"
    r"\s*(?:a\.m\.|p\.m\.|am|pm)?|at\s+\d{1,2}:\d\d|by\s+(?:the\s+)?(?:lunch(?:time)?|midday|mid-day|noon)"
    r"(?:\s+break)?|at\s+(?:the\s+)?(?:midday|lunch(?:time)?|the\s+lunch\s+break)|midday|mid-day|"
    r"(?:was|were|is|are)\s+(?:last\s+)?trading|last\s+(?:traded|trading|seen)|within\s+the\s+first\s+"
    r"\w+\s+minutes)\b",
    re.IGNORECASE,
)
_OPEN_AFTER = re.compile(r"\bat\s+(?:the\s+)?(?:open|opening(?:\s+bell)?)\b", re.IGNORECASE)
_OPEN_BEFORE = re.compile(r"\b(?:opened|opening|opens|open)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CLOSE_VERB = re.compile(
    r"\b(?:closed|closing|ended|ending|finished|finishing|settled|settling)\s+(?:\w+\s+)?$", re.I
)
_YTD = re.compile(
    r"\b(?:so\s+far\s+this\s+year|this\s+year|year[- ]to[- ]date|ytd|since\s+the\s+(?:start|beginning)\s+of\s+"
    r"(?:the\s+|this\s+)?year)\b",
    re.IGNORECASE,
)
_52W = re.compile(r"\b(?:52|fifty-two)[- ]week\s+(?P<which>high|low)\b", re.IGNORECASE)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SESSIONS = re.compile(
    r"\b(?:over|in|across|during|for)\s+(?:the\s+)?(?:past|last|previous)?\s*(?P<n>\d+|two|three|four|five|six|"
    r"seven|eight|nine|ten)\s+(?:straight\s+|consecutive\s+)?(?:trading\s+)?(?:sessions|days|trading\s+days)\b",
    re.IGNORECASE,
)
_WEEK = re.compile(
    r"\b(?:this|for\s+the|on\s+the|over\s+the|in\s+the)\s+(?:past\s+)?week\b|\bweek\s+in\s+which\b|\bweekly\b",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"\b(?:this|for\s+the|over\s+the|in\s+the)\s+(?:past\s+)?month\b|\bmonth\s+in\s+which\b", re.I
)
_SINCE = re.compile(r"\bsince\s+(?!the\s+(?:start|beginning)\s+of)(?:\w+\s*){1,3}", re.IGNORECASE)
# Where a clause ends, so that words after it belong to the next clause.
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|,\s+(?:and|while|but|whereas|as|before|after|with)\b|\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")


def _clause(text: str, start: int, end: int, prev_end: int, next_start: int) -> tuple[str, str, str]:
    """(words before the move in its clause, words after it in its clause, the sentence's fronted phrase)."""
    after = text[end:next_start]
    stop = _CLAUSE_END.search(after)
    after = after[: stop.start() if stop else 80]
    sent_cuts = list(_SENTENCE_END.finditer(text, max(0, start - 400), start))
    sent_start = sent_cuts[-1].end() if sent_cuts else max(0, start - 400)
    before = text[max(prev_end, sent_start) : start]
    cuts = list(_CLAUSE_END.finditer(before))
    before = before[cuts[-1].end() :] if cuts else before
    sentence_head = text[sent_start:start]
    comma = sentence_head.find(",")
    fronted = sentence_head[:comma] if 0 <= comma < 60 else ""
    if re.search(r"\d", fronted):
        fronted = (
            ""  # "Honda rose 2% in early trade, while ...": a clause with its own move, not a fronted phrase
        )
    return before, after, fronted


def classify_kind(
    text: str, start: int, end: int, prev_end: int, next_start: int, *, qualifier: str = "exact"
) -> tuple[str, str | None, str | None]:
    """``(kind, period, marker)`` of the move at ``text[start:end]``.

    ``prev_end`` and ``next_start`` bound the search: the end of the previous
    move and the start of the next one (a marker never belongs to a
    neighbouring move). ``marker`` is the words that decided the kind.
    """
    before, after, fronted = _clause(text, start, end, prev_end, next_start)
    if qualifier == "intraday":
        return "intraday", None, "as much as"
    own = f"{before} {text[start:end]} {after}"
    m = _EXTENDED.search(own) or _EXTENDED.search(fronted)
    if m:
        return "extended", None, m.group(0)
    # The marker nearest the figure wins: "fell 4.4% this week and 12% so far this year" is a week.
    found: list[tuple[int, str, str | None, str]] = []
    for place, piece in (("after", after), ("before", before), ("fronted", fronted)):
        for kind, period, hit in _period_markers(piece):
            dist = hit.start() if place == "after" else len(piece) - hit.end()
            rank = {"after": 0, "before": 0, "fronted": 10_000}[place] + dist
            found.append((rank, kind, period, hit.group(0).strip()))
    if found:
        _, kind, period, marker = min(found, key=lambda f: f[0])
        return kind, period, marker
    if _CLOSE_VERB.search(before):
        return "close", None, None
    m = _OPEN_BEFORE.search(before) or _OPEN_AFTER.search(after)
    if m:
        return "open", None, m.group(0).strip()
    m = _INTRADAY.search(after) or _INTRADAY.search(before) or _INTRADAY.search(fronted)
    if m:
        return "intraday", None, m.group(0)
    return "close", None, None


def _period_markers(piece: str) -> list[tuple[str, str | None, re.Match[str]]]:
    """Every period phrase in ``piece``: 52-week, year-to-date, N sessions, week, month, since."""
    out: list[tuple[str, str | None, re.Match[str]]] = []
    out += [("52_week", m.group("which").lower(), m) for m in _52W.finditer(piece)]
    out += [("ytd", None, m) for m in _YTD.finditer(piece)]
    for m in _SESSIONS.finditer(piece):
        n = m.group("n").lower()
        out.append(("multi_day", f"sessions:{_WORDS.get(n, n)}", m))
    out += [("multi_day", "week", m) for m in _WEEK.finditer(piece)]
    out += [("multi_day", "month", m) for m in _MONTH.finditer(piece)]
    out += [
        ("multi_day", "since", m)
        for m in _SINCE.finditer(piece)
        if not re.match(r"since\s+(?:then|it|the\s+company)", m.group(0), re.I)
    ]
    return out


def half_unit(decimals: int, minor: bool = False) -> float:
    """Half a unit of the last printed digit ("4.98" -> 0.005; cents -> in dollars)."""
    return 0.5 * 10.0**-decimals * (0.01 if minor else 1.0)


def compare(
    value: float,
    actual: float,
    *,
    decimals: int,
    qualifier: str = "exact",
    signed: bool = True,
    minor: bool = False,
) -> Agreement:
    """Does ``actual`` agree with the printed ``value``?

    ``"match"`` within half a unit of the last printed digit (``approx``
    qualifiers: one unit; ``at_least``/``at_most``: the bound with that
    slack); ``"close"`` within one unit (the writer may have truncated
    4.987 to 4.98); ``None`` otherwise or when the signs differ.
    """
    eps = 1e-9  # binary floats of exactly-half-unit cases
    if signed and (actual == 0 or (actual > 0) != (value > 0)):
        return None
    tol = half_unit(decimals, minor)
    if qualifier == "approx":
        tol *= 2
    if qualifier == "at_least":
        return "match" if abs(actual) >= abs(value) - tol - eps else None
    if qualifier == "at_most":
        return "match" if abs(actual) <= abs(value) + tol + eps else None
    off = abs(actual - value)
    if off <= tol + eps:
        return "match"
    if qualifier != "approx" and off <= 2 * tol + eps:
        return "close"
    return None
