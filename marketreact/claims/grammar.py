"""Sentence grammar of quoted moves: figure lists, subject lists, carried subjects, price levels.

Helpers of :mod:`marketreact.claims.text` for the ways wire copy packs
several moves into one sentence:

* figure runs: "slid 3.1% and 0.6%" (the second figure inherits the
  direction), "fell 529.21 points, or 2.26 percent" (the percentage of a
  points move), price levels after a move ("... to NT$970.00", "... at
  1,234 yen") or on their own ("closed at $212.40", "to trade at $98.15");
* :func:`group_subjects`: the list of subjects a figure run belongs to
  ("A and B slid 3.1% and 0.6%, respectively" pairs them by order; "A, B
  and C all fell more than 2%" gives each the one figure; a count mismatch
  is reported, never guessed);
* :func:`carried_subject`: "the shares", "its stock", "the company's
  shares", "the index" refer to the subject of the previous clause or
  sentence, when that subject is unambiguous;
* :func:`non_claims`: every other percentage, with why it is not a price
  move (a yield, a stake, a margin, a survey, a growth rate, a tariff ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from marketreact.claims.move import Qualifier, QuotedMove

__all__ = [
    "NonClaim",
    "SpanLike",
    "add_grammar_figures",
    "carried_subject",
    "continuation_figures",
    "group_subjects",
    "non_claims",
    "price_levels",
]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PCT_UNIT = r"\s?%|\s?per\s?cent\b|\s?percent\b|\s?pct\b"
_QUALS = (
    r"(?:nearly|almost|about|around|roughly|some|approximately|more\s+than|over|at\s+least|just\s+over|"
    r"greater\s+than|less\s+than|under|just\s+under|by)"
)
# ", 0.6%" / " and 0.6%" / ", and by 0.6%" right after a figure.
_CONTINUE = re.compile(
    rf"(?:\s*,\s*and\s+|\s+and\s+|\s*,\s*)(?:(?P<qual>{_QUALS})\s+)?(?P<sign>[+\-−])?(?P<num>{_NUM})(?P<unit>{_PCT_UNIT})"
    r"(?![\w%])",
    re.IGNORECASE,
)
_LEVEL_CUR = r"US\$|HK\$|NT\$|A\$|C\$|S\$|\$|€|£|¥|￥|₹|₩"
_LEVEL_WORDS = r"yen|yuan|won|dollars|euros|pence|rupees"
_LEVEL = (
    rf"(?P<cur>{_LEVEL_CUR})?(?P<num>{_NUM})(?:\s+(?P<word>{_LEVEL_WORDS})\b)?"
    r"(?!\s*(?:%|per\s?cent|percent|pct|billion|million|trillion|bn|mln|points?|a\.m\.|p\.m\.|am\b|pm\b|shares|"
    r"times|units|vehicles|cars|yen\s+per|-))(?![\d,.]*\d)"
)
_LEVEL_AFTER_MOVE = re.compile(
    r"\s*,?\s*(?:from\s+the\s+previous\s+(?:session|close)\s+)?(?:to\s+(?:close\s+at\s+|end\s+at\s+|trade\s+at\s+)?|"
    r"at\s+)(?:(?:a|an|its|their)\s+)?(?:(?:record|new|fresh|all-time|\w+-(?:month|year|week))\s+)?"
    r"(?:(?:high|low|closing\s+high|closing\s+low)\s+(?:of\s+)?)?" + _LEVEL,
    re.IGNORECASE,
)
_LEVEL_ALONE = re.compile(
    r"\b(?:closed|ended|finished|settled|close|end|trade|trading|traded)\s+(?:the\s+day\s+)?(?:(?:unchanged|flat)\s+)?"
    r"at\s+" + _LEVEL,
    re.IGNORECASE,
)
_POINTS_OR_PCT = re.compile(
    rf"\b(?P<dir>up|down|rose|fell|gained|lost|added|shed|dropped|climbed|slipped|declined|advanced|jumped|"
    rf"tumbled|eased|retreated|slid|surged|plunged|edged\s+up|edged\s+down)\s+(?:by\s+)?(?:{_NUM})\s+points?,?"
    rf"\s+or\s+(?P<pct>(?P<num>{_NUM})(?:{_PCT_UNIT}))",
    re.IGNORECASE,
)
_DOWN_POINTS = frozenset(
    [
        "down",
        "fell",
        "lost",
        "shed",
        "dropped",
        "slipped",
        "declined",
        "tumbled",
        "eased",
        "retreated",
        "slid",
        "plunged",
    ]
)


@dataclass(frozen=True)
class Figure:
    """A figure found by the helpers here (turned into a QuotedMove by the caller)."""

    start: int
    end: int
    sign: int
    magnitude: float
    decimals: int
    qualifier: str | None = None
    currency: str | None = None
    level: bool = False


def _decimals(num: str) -> int:
    return len(num.split(".")[1]) if "." in num else 0


def continuation_figures(text: str, end: int) -> list[Figure]:
    """Bare percentages chained after the figure ending at ``end`` ("slid 3.1% and 0.6%" -> 0.6%).

    Each inherits the head's direction unless it prints its own sign; the chain stops at the first
    piece of text that is not a list separator.
    """
    out: list[Figure] = []
    pos = end
    while True:
        m = _CONTINUE.match(text, pos)
        if not m:
            return out
        sign = {"+": 1, "-": -1, "−": -1}.get(m.group("sign") or "", 0)
        num = m.group("num").replace(",", "")
        qual = (m.group("qual") or "").lower() or None
        out.append(
            Figure(
                m.start("sign") if m.group("sign") else m.start("num"),
                m.end(),
                sign,
                float(num),
                _decimals(num),
                qual,
            )
        )
        pos = m.end()


def points_percentages(text: str) -> list[tuple[int, int, int, float, int]]:
    """``(start, end, sign, magnitude, decimals)`` of "fell 529.21 points, or 2.26 percent" (the percentage)."""
    out = []
    for m in _POINTS_OR_PCT.finditer(text):
        sign = -1 if m.group("dir").lower().split()[-1] in _DOWN_POINTS else 1
        num = m.group("num").replace(",", "")
        out.append((m.start("pct"), m.end("pct"), sign, float(num), _decimals(num)))
    return out


def _level_figure(m: re.Match[str]) -> Figure | None:
    num = m.group("num").replace(",", "")
    value = float(num)
    cur = m.group("cur") or (m.group("word") or None)
    if value == 0 or (cur is None and "," not in m.group("num") and "." not in num):
        return None  # "closed at 5" is too ambiguous to be a price
    if cur == "pence":
        value, cur = value / 100.0, "£"
    start = m.start("cur") if m.group("cur") else m.start("num")
    return Figure(start, m.end(), 1, value, _decimals(num), None, cur, True)


def price_levels(text: str, move_ends: Sequence[int]) -> list[Figure]:
    """Price levels after a move ("fell 3.48% to NT$970.00") and on their own ("closed at $212.40")."""
    found: dict[int, Figure] = {}
    for end in move_ends:
        m = _LEVEL_AFTER_MOVE.match(text, end)
        fig = _level_figure(m) if m else None
        if fig:
            found[fig.start] = fig
    for m in _LEVEL_ALONE.finditer(text):
        fig = _level_figure(m)
        if fig and fig.start not in found:
            found[fig.start] = fig
    return [found[k] for k in sorted(found)]


def add_grammar_figures(text: str, kept: list[QuotedMove], qualifiers: Mapping[str, str]) -> list[QuotedMove]:
    """Figures the single-move patterns miss: chained bare figures, points-then-percent, price levels."""

    def free(a: int, b: int) -> bool:
        return all(b <= k.start or a >= k.end for k in kept)

    for a, b, sign, magnitude, decimals in points_percentages(text):
        if free(a, b):
            kept.append(QuotedMove(text[a:b], a, b, sign, magnitude, "pct", None, decimals))
    kept.sort(key=lambda mv: mv.start)
    for mv in list(kept):
        if mv.unit != "pct":
            continue
        for fig in continuation_figures(text, mv.end):
            if not free(fig.start, fig.end):
                break
            qual = cast(Qualifier, qualifiers.get(fig.qualifier or "", mv.qualifier))
            sign = fig.sign or mv.sign
            kept.append(
                QuotedMove(
                    text[fig.start : fig.end],
                    fig.start,
                    fig.end,
                    sign,
                    fig.magnitude,
                    "pct",
                    None,
                    fig.decimals,
                    qualifier=qual,
                )
            )
    kept.sort(key=lambda mv: mv.start)
    for fig in price_levels(text, [k.end for k in kept]):
        if free(fig.start, fig.end):
            kept.append(
                QuotedMove(
                    text[fig.start : fig.end],
                    fig.start,
                    fig.end,
                    1,
                    fig.magnitude,
                    "level",
                    fig.currency,
                    fig.decimals,
                    kind="level",
                )
            )
    kept.sort(key=lambda mv: mv.start)
    return kept


# ------------------------------------------------------------------------------------------------ subjects
class SpanLike(Protocol):
    """A subject span (a mention of a company or an index)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def company_id(self) -> str | None: ...
    @property
    def symbols(self) -> tuple[str, ...]: ...


_JOIN = re.compile(
    r"^(?:'s|’s)?\s*(?:,\s*(?:and\s+|&\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+|\s+plus\s+)$", re.I
)
_SAME = re.compile(r"^\s*[(\[]\s*$")  # "Nissan (TYO:7201)": name then its own tag
_CLAUSE_STOP = re.compile(
    r"[.;!?](?:\s|$)|,\s+(?:while|but|whereas|and\s+(?!\w+\s*(?:\(|,)))\b|\n\s*\n", re.I
)


def _key(s: SpanLike) -> tuple[str | None, tuple[str, ...]]:
    return s.company_id, s.symbols


def group_subjects(text: str, seg_start: int, run_start: int, spans: Sequence[SpanLike]) -> list[SpanLike]:
    """The list of subjects right before a figure run ("Shares of A, B and C fell ..." -> [A, B, C]).

    Walks back from the last subject before ``run_start`` (in its clause) while only list separators
    (", ", " and ", "&") or a subject's own tag ("Nissan (TYO:7201)") lie between subjects. A name and
    its tag count once.
    """
    before = [s for s in spans if seg_start <= s.start and s.end <= run_start]
    if not before:
        return []
    head = text[seg_start:run_start]
    stops = list(_CLAUSE_STOP.finditer(head))
    clause_start = seg_start + stops[-1].end() if stops else seg_start
    before = [s for s in before if s.start >= clause_start]
    if not before:
        return []
    before.sort(key=lambda s: (s.start, s.end))
    group = [before[-1]]
    i = len(before) - 2
    while i >= 0:
        prev, cur = before[i], group[0]
        gap = text[prev.end : cur.start]
        if _key(prev) == _key(cur) and (_SAME.match(gap) or not gap.strip()):
            group[0] = prev if prev.start < cur.start else cur  # one subject, earliest span
            i -= 1
            continue
        tail = re.sub(r"^\s*[(\[][^()\[\]%]{1,30}[)\]]", "", gap)  # "A (TYO:1234), B": skip A's tag remnant
        if _JOIN.match(gap) or _JOIN.match(tail):
            group.insert(0, prev)
            i -= 1
            continue
        break
    out: list[SpanLike] = []
    for s in group:  # drop a tag of a company already in the list
        if not any(_key(o) == _key(s) for o in out):
            out.append(s)
    return out


_CARRY = re.compile(
    r"(?:^|[\s,;:(])(?P<ref>(?:the|its|their)\s+(?:company's\s+|group's\s+|firm's\s+|automaker's\s+|"
    r"carmaker's\s+|chipmaker's\s+|bank's\s+)?(?:shares|stock|stocks|share\s+price|ADRs?|index|gauge|benchmark"
    r"(?:\s+index)?|average)|(?:the\s+)?(?:company's|group's|firm's)\s+(?:shares|stock))\b",
    re.IGNORECASE,
)


def carried_subject(
    text: str, seg: tuple[int, int], move_start: int, spans: Sequence[SpanLike], block_start: int
) -> tuple[SpanLike | None, str]:
    """The subject "the shares" / "its stock" / "the index" refers to, or why it is unclear.

    Returns ``(span, phrase)``: ``span`` is the subject of the previous sentences of the same
    paragraph (``block_start`` on) when exactly one company (or index) is named in the nearest
    sentence that names any; ``(None, phrase)`` when the reference is ambiguous; ``(None, "")``
    when no such phrase precedes the move in its clause.
    """
    head = text[seg[0] : move_start]
    refs = list(_CARRY.finditer(head))
    if not refs:
        return None, ""
    phrase = refs[-1].group("ref")
    wants_index = bool(re.search(r"index|gauge|benchmark|average", phrase, re.I))
    earlier = [s for s in spans if block_start <= s.start and s.end <= seg[0] + refs[-1].start("ref")]
    if not earlier:
        return None, phrase
    # The nearest sentence (or the clause before the phrase) that names any subject.
    last = max(earlier, key=lambda s: s.end)
    cut = max(text.rfind(". ", block_start, last.start), text.rfind("\n", block_start, last.start))
    same_sentence = [s for s in earlier if s.start > cut]
    kinds = [s for s in same_sentence if (not s.company_id) == wants_index] or same_sentence
    distinct = {_key(s) for s in kinds}
    if len(distinct) != 1:
        return None, phrase
    return max(kinds, key=lambda s: s.end), phrase


# ------------------------------------------------------------------------------------------------ non-claims
@dataclass(frozen=True)
class NonClaim:
    """A percentage in the text that is not a quoted price move, and why."""

    text: str
    start: int
    end: int
    value: float
    reason: str


_ANY_PCT = re.compile(
    rf"(?<![\w.,])[+\-−]?(?:{_NUM})(?:{_PCT_UNIT}|\s(?:basis\s+points?|bps|bp)\b|\s?percentage\s+points?\b)",
    re.IGNORECASE,
)
_REASONS = (
    (r"volatility|vix|implied\s+vol", "a volatility figure"),
    (r"yields?|coupon|bond|treasur", "a bond yield"),
    (r"stake|holding|holds|owns|owned|ownership", "a shareholding (stake)"),
    (r"margins?", "a profit margin"),
    (
        r"survey|poll|respondents|surveyed|of\s+(?:those|people|investors|analysts)\s+(?:asked|polled)",
        "a survey result",
    ),
    (r"tariffs?|duty|duties|levy|levies", "a tariff rate"),
    (
        r"interest\s+rates?|policy\s+rate|benchmark\s+rate|rate\s+(?:cut|hike)|basis\s+points?|bps|central\s+bank|"
        r"fed\b|federal\s+reserve|boj|bank\s+of\s+japan",
        "an interest rate",
    ),
    (r"inflation|cpi|consumer\s+prices", "an inflation rate"),
    (r"dividend|payout", "a dividend figure"),
    (
        r"growth|grew|expand|gdp|year[- ]on[- ]year|y/y|annual(?:ly)?|quarter|sales|revenue|profit|earnings|income|"
        r"exports?|imports?|output|production|deliveries|shipments|orders|forecast|outlook|guidance",
        "a business or economic growth rate",
    ),
    (
        r"market\s+share|share\s+of|of\s+(?:the\s+)?(?:sales|market|total|revenue|workforce|population)",
        "a share of a total",
    ),
    (r"discount|premium|off(?:er)?\s+price|valuation|p/e|times", "a valuation or offer-price figure"),
    (r"weight(?:ing)?|index\s+weight|cap\s+rule|limit|ceiling|cap\b", "a weighting or limit rule"),
    (r"probability|chance|odds|likelihood", "a probability"),
)
_REASON_RES = tuple((re.compile(rf"\b(?:{p})", re.IGNORECASE), why) for p, why in _REASONS)


def non_claims(text: str, covered: Sequence[tuple[int, int]]) -> list[NonClaim]:
    """Every percentage outside ``covered`` (the moves), each with why it is no price move."""
    out: list[NonClaim] = []
    for m in _ANY_PCT.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in covered):
            continue
        lo = max(text.rfind(".", 0, m.start()) + 1, m.start() - 120)
        hi = text.find(".", m.end())
        window_after = text[m.end() : (hi if hi > 0 else len(text))][:80]
        near = f"{text[lo : m.start()][-60:]} {window_after[:40]}"
        reason = next((why for pattern, why in _REASON_RES if pattern.search(near)), None)
        if re.search(r"percentage\s+points?", m.group(0), re.I):
            reason = reason or "a change in percentage points of a rate or share, not a price move"
        num = re.search(_NUM, m.group(0))
        value = float(num.group(0).replace(",", "")) if num else 0.0
        out.append(
            NonClaim(
                m.group(0),
                m.start(),
                m.end(),
                value,
                reason or "a percentage without a direction word or a subject; not a quoted price move",
            )
        )
    return out
