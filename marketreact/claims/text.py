"""Find an article's quoted market moves ("Apple was down 4.98%") and tie them to listings.

Two steps, each usable alone (verification lives in :mod:`marketreact.claims.check`):

1. :func:`extract_quoted_moves` finds percentage and price-change statements.
2. :func:`attribute_claims` ties each move to the listing it is about, using
   the company/ticker mentions of the article (from ``marketreact.text.mentions``).

Rule for what counts as a move: a number with a unit (``%``, ``per cent``,
``percent``, or a currency: ``$3.95``, ``12 cents``, ``150 yen``) that carries a
direction, either a direction word right before it ("fell 3%", "edged up
0.46%", "rose by nearly 2%"), a move noun or comparative right after it ("a
5.53% gain", "0.5% lower", "$3.95 surge"), or an explicit sign ("-1.37%",
"+2.1%"); "fell $9.04, or 4.98%" gives both. Percentages without a direction
("a 20% stake", "5% of sales", "tariffs of 24%") are not moves and are ignored,
except a bare percentage right after a company in a sentence that quotes moves
("Apple was up 15.3%, Nvidia 18.7%"), which is listed as unattributed. A move
whose wording says it is about something other than the share price ("sales
fell 5%", "a 5% drop in revenue") is reported as unattributed, never attached
to a listing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast

from marketreact.claims.context import unknown_subject, venue_mics
from marketreact.claims.grammar import (
    NonClaim,
    add_grammar_figures,
    carried_subject,
    non_claims,
)
from marketreact.claims.kinds import classify_kind
from marketreact.claims.move import Kind, Qualifier, QuotedMove
from marketreact.claims.subjects import (
    IndexSpanLike,
    gapped_figures,
    index_subjects,
    paren_figures,
    plan_groups,
)
from marketreact.claims.subjects import segments as _segments
from marketreact.errors import InvalidParameter
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.reference.securities import SecurityMaster

__all__ = [
    "Attribution",
    "Claim",
    "MentionLike",
    "QuotedMove",
    "Unattributed",
    "attribute_claims",
    "extract_quoted_moves",
]

# ---------------------------------------------------------------------------------------------- extraction
_DOWN = (
    "edged down|edged lower|ticked down|ticked lower|inched down|inched lower|moved lower|gave up|"
    "down|fell|falls|fall|falling|dropped|drops|drop|declined|declines|decline|dipped|dips|slid|slides|"
    "slipped|slips|lost|loses|lower|sank|sinks|tumbled|tumbles|plunged|plunges|plummeted|slumped|slumps|"
    "shed|sheds|retreated|eased|tanked|crashed|losing|slipping|sliding|dropping|declining|tumbling|"
    "plunging|sinking|shedding|retreating|easing|dipping|slumping|fallen"
)
_UP = (
    "edged up|edged higher|ticked up|ticked higher|inched up|inched higher|moved higher|"
    "up|rose|rises|rise|rising|gained|gains|climbed|climbs|jumped|jumps|surged|surges|higher|added|adds|"
    "rallied|rallies|soared|soars|advanced|advances|spiked|rebounded|popped|leapt|leaped|increased|"
    "gaining|climbing|jumping|surging|soaring|advancing|adding|rallying|vaulted|firmed|firming|risen"
)
_NOUN_DOWN = "drops|falls|declines|losses|drop|fall|decline|loss|slide|slump|plunge|tumble|dip|selloff|sell-off|lower|retreat"
_NOUN_UP = "gains|rises|jumps|gain|rise|jump|surge|rally|advance|climb|rebound|pop|higher|spike"
# Words between a direction word and the number, and what they say about the quote.
_QUALIFIERS = {
    word: kind
    for kind, words in (
        ("approx", "nearly|almost|about|around|roughly|some|approximately"),
        ("at_least", "more than|over|at least|just over|greater than|upwards of"),
        ("at_most", "less than|under|just under"),
        ("intraday", "as much as"),
        ("exact", "by|another|a further"),
    )
    for word in words.split("|")
}
_QUAL_RE = "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True))
# "rose by the daily limit of 10%", "jumped by the maximum 10 percent": the exchange's price limit.
_LIMIT_RE = (
    r"(?:the|a|its)\s+(?:daily\s+)?(?:price\s+)?(?:limit|maximum)(?:\s+(?:allowed|permitted))?(?:\s+of)?"
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR_PREFIX = r"US\$|HK\$|NT\$|A\$|C\$|S\$|\$|€|£|¥|￥|₹"
_UNIT = r"\s?%|\s?per\s?cent\b|\s?percent\b|\s?pct\b|\s(?:basis\s+points?|bps|bp)\b|\s(?:cents?|pence|yen|yuan|dollars?|euros?)\b|p\b"
_AMOUNT = rf"(?P<sign>[+\-−])?(?P<cur>{_CUR_PREFIX})?(?P<num>{_NUM})(?P<unit>{_UNIT})?"
_VERB_RE = re.compile(
    rf"\b(?P<dir>{_DOWN}|{_UP})\s+(?P<qual>(?:(?:{_QUAL_RE}|{_LIMIT_RE})\s+){{0,3}}){_AMOUNT}", re.IGNORECASE
)
_NOUN_RE = re.compile(
    rf"(?:\b(?P<art>an?)\s+)?(?<![\w.,]){_AMOUNT}(?:\s|-)(?:(?:intraday|daily|one-day|sharp|steep|further)\s+)?"
    rf"(?P<dir>{_NOUN_DOWN}|{_NOUN_UP})\b",
    re.IGNORECASE,
)
# "before paring gains to 1.2%", "trimmed losses to 0.5%": the level after paring, with its direction.
_PARE_RE = re.compile(
    rf"\b(?:pared|pares|paring|pare|trimmed|trims|trimming|narrowed|narrows|narrowing)\s+"
    rf"(?:(?:its|their|some|most|of|earlier|early|the)\s+){{0,3}}(?P<dir>gains|losses|declines|advances)\s+to\s+"
    rf"{_AMOUNT}",
    re.IGNORECASE,
)
_SIGNED_RE = re.compile(
    rf"(?<![\w.,])(?P<sign>[+\-−])(?P<cur>{_CUR_PREFIX})?(?P<num>{_NUM})(?P<unit>{_UNIT})"
)
# "make up 5%", "set up", "cut down": "up"/"down" after these verbs is not a move.
_PHRASAL_VERBS = "make makes made making set sets take takes took taken pick picked build built cut cuts shut break broke pay paid count counts sum sums mark marked"
_PHRASAL = frozenset(_PHRASAL_VERBS.split())
_OR_PCT = re.compile(rf",?\s+or\s+(?P<pct>(?P<num>{_NUM})\s?(?:%|per\s?cent\b|percent\b|pct\b))")
_DOWN_WORDS = frozenset(_DOWN.split("|")) | frozenset(_NOUN_DOWN.split("|"))
_MINOR_UNITS = {"cent": "$", "cents": "$", "pence": "£", "p": "£"}
_WORD_CURRENCY = {
    "yen": "yen",
    "yuan": "yuan",
    "won": "won",
    "dollar": "$",
    "dollars": "$",
    "euro": "€",
    "euros": "€",
}
# Which listing currencies a printed currency may refer to ("$" and "¥" are ambiguous on purpose).
_CODES = "$=USD HKD TWD AUD CAD SGD;US$=USD;HK$=HKD;NT$=TWD;A$=AUD;C$=CAD;S$=SGD;€=EUR;£=GBP GBp;¥=JPY CNY;￥=JPY CNY;yen=JPY;yuan=CNY;won=KRW;₩=KRW;₹=INR"
_CURRENCY_CODES = {
    printed: set(codes.split()) for printed, codes in (x.split("=") for x in _CODES.split(";"))
}


def _make_move(
    text: str, m: re.Match[str], start: int, direction: str | None, qual: str
) -> QuotedMove | None:
    unit_raw = (m.group("unit") or "").strip().lower()
    cur = m.group("cur")
    unit_raw = re.sub(r"\s+", " ", unit_raw)
    basis_points = unit_raw in ("basis point", "basis points", "bps", "bp")
    if unit_raw == "pct" or basis_points:
        unit_raw = "%"
    if (cur and unit_raw in ("%", "per cent", "percent")) or (not cur and not unit_raw):
        return None  # "$5%" is garbled; a bare number is not a move
    sign_char = m.group("sign")
    if direction:
        sign = -1 if direction.lower() in _DOWN_WORDS else 1
    elif sign_char:
        sign = 1 if sign_char == "+" else -1
    else:
        return None
    num = m.group("num").replace(",", "")
    magnitude = float(num)
    if magnitude == 0.0:
        return None
    decimals = len(num.split(".")[1]) if "." in num else 0
    if basis_points:  # 25 basis points = 0.25 percentage points: two more decimals of a percentage
        magnitude, decimals = magnitude / 100.0, decimals + 2
    minor = unit_raw in _MINOR_UNITS
    if cur or unit_raw in _MINOR_UNITS or unit_raw in _WORD_CURRENCY:
        currency = cur or _MINOR_UNITS.get(unit_raw) or _WORD_CURRENCY[unit_raw]
        unit: Literal["pct", "currency"] = "currency"
        if minor:
            magnitude /= 100.0
    else:
        currency, unit = None, "pct"
    quals = [_QUALIFIERS[q.lower()] for q in re.findall(_QUAL_RE, qual, re.IGNORECASE)]
    if re.search(_LIMIT_RE, qual, re.IGNORECASE):
        quals.insert(0, "limit")
    qualifier = cast(Qualifier, next((q for q in quals if q != "exact"), "exact"))
    end = m.end()
    return QuotedMove(
        text[start:end], start, end, sign, magnitude, unit, currency, decimals, minor, qualifier
    )


def extract_quoted_moves(text: str) -> list[QuotedMove]:
    """Find the quoted price moves in ``text`` (see the module docstring for the rule).

    Returns
    -------
    list of QuotedMove
        In text order, non-overlapping; empty when the text quotes no move.
    """
    if not isinstance(text, str):
        raise InvalidParameter("text", type(text).__name__, "pass the article text as a str")
    found: list[tuple[int, QuotedMove]] = []  # (priority, move); verb/noun forms beat a bare sign
    for m in _VERB_RE.finditer(text):
        before = re.search(r"(\w+)\s+$", text[max(0, m.start() - 20) : m.start()])
        if m.group("dir").lower() in ("up", "down") and before and before.group(1).lower() in _PHRASAL:
            continue
        mv = _make_move(text, m, m.start(), m.group("dir"), m.group("qual"))
        if mv:
            found.append((0, mv))
    for m in _PARE_RE.finditer(text):
        mv = _make_move(text, m, m.start(), m.group("dir"), "")
        if mv:
            found.append((0, mv))
    for m in _NOUN_RE.finditer(text):
        mv = _make_move(text, m, m.start(), m.group("dir"), "")
        if mv:
            found.append((1, mv))
    for m in _SIGNED_RE.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue  # a range such as "3-5%"
        mv = _make_move(text, m, m.start(), None, "")
        if mv:
            found.append((2, mv))
    kept: list[QuotedMove] = []
    for _, mv in sorted(found, key=lambda pm: (pm[0], pm[1].start)):
        if all(mv.end <= k.start or mv.start >= k.end for k in kept):
            kept.append(mv)
    for mv in list(kept):  # "fell $9.04, or 4.98%": the percentage inherits the direction
        tail = _OR_PCT.match(text, mv.end)
        if tail and all(k.start >= tail.end() or k.end <= tail.start("pct") for k in kept):
            num = tail.group("num")
            decimals = len(num.split(".")[1]) if "." in num else 0
            pct = QuotedMove(
                tail.group("pct"), tail.start("pct"), tail.end(), mv.sign, float(num), "pct", None, decimals
            )
            kept.append(pct)
    kept = add_grammar_figures(text, kept, _QUALIFIERS)
    # What each figure measures ("in premarket trading", "this week", "as of 11:30 a.m." ...).
    # A price level does not bound its move's clause ("up 3.4% at 1,234 yen in morning trade").
    figs = [k for k in kept if k.unit != "level"]
    bounds = [0, *(k.end for k in figs)], [*(k.start for k in figs), len(text)]
    kinds: dict[int, tuple[Kind, str | None]] = {}
    for i, mv in enumerate(figs):
        kind, period, _ = classify_kind(
            text, mv.start, mv.end, bounds[0][i], bounds[1][i + 1], qualifier=mv.qualifier
        )
        kinds[mv.start] = (cast(Kind, kind), period)
    for i, mv in enumerate(kept):
        if mv.unit != "level":
            kind, period = kinds[mv.start]
        else:  # a level right after an intraday or extended-hours move is a level of that time
            head = next((f for f in reversed(figs) if f.end <= mv.start), None)
            near = (
                head is not None
                and mv.start - head.end < 40
                and kinds[head.start][0] in ("intraday", "extended")
            )
            kind, period = (kinds[head.start][0], None) if near and head else ("level", None)
        if kind != mv.kind:
            kept[i] = dataclasses.replace(mv, kind=kind, period=period)
    return kept


# --------------------------------------------------------------------------------------------- attribution
class MentionLike(Protocol):
    """What :func:`attribute_claims` needs from a mention (``marketreact.text.mentions.Mention``)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def rule(self) -> str: ...
    @property
    def company_id(self) -> str | None: ...
    @property
    def symbols(self) -> tuple[str, ...]: ...
    @property
    def mic(self) -> str | None: ...


_TRADABLE = ("primary", "secondary", "adr", "otc_ordinary")
Via = Literal[
    "exchange_tag", "adr_named", "venue_named", "tagged_elsewhere", "primary", "currency_match", "index_named"
]


@dataclass(frozen=True)
class Claim:
    """A quoted move tied to one listing.

    ``via`` says how the listing was chosen: ``exchange_tag`` (the mention is
    a tag), ``adr_named`` ("Nissan's ADRs" -> the ADR line),
    ``venue_named`` ("Toyota's U.S.-listed shares" -> its US line), ``tagged_elsewhere`` (first tag of the company in the article), ``primary``
    (the mention's first listing: the primary for a company name) or
    ``currency_match`` (first of those listings trading in the quoted currency).
    ``alternatives`` are the company's other listings: each is checked too, and
    the verdict names the line(s) that match. ``index_named`` is an index
    subject (``symbol`` is the index, e.g. ``^N225``). ``carried`` is the
    phrase ("the shares", "its stock") that carried the subject over from an
    earlier clause, empty when the subject is named in the move's own clause.
    """

    move: QuotedMove
    symbol: str
    mention_text: str
    mention_start: int
    via: Via
    company_id: str | None
    alternatives: tuple[str, ...] = ()
    carried: str = ""
    index_id: str | None = None


@dataclass(frozen=True)
class Unattributed:
    """A quoted move not tied to any listing, and why."""

    move: QuotedMove
    reason: str


@dataclass(frozen=True)
class Attribution:
    """Result of :func:`attribute_claims`."""

    claims: tuple[Claim, ...]
    unattributed: tuple[Unattributed, ...]
    non_claims: tuple[NonClaim, ...] = ()


_NON_PRICE = (
    "sales|revenue|revenues|profit|profits|earnings|income|exports|imports|output|production|deliveries|"
    "shipments|volume|volumes|margin|margins|tariffs?|duties|gdp|inflation|orders|demand|stake|wages|"
    "dividend|dividends|guidance|forecast|costs?|spending|market share|yields?|rates?"
)
_NON_PRICE_BEFORE = re.compile(rf"\b({_NON_PRICE})\b", re.IGNORECASE)
_NON_PRICE_AFTER = re.compile(rf"\s*(?:in|of)\s+(?:(?:its|the|their|\w+'s?)\s+)?({_NON_PRICE})\b", re.I)
_ADR_WORDS = re.compile(r"\bADRs?\b|\bADSs?\b|depositary", re.IGNORECASE)
_BARE_PCT = re.compile(r"(?<![\w.,+\-−])(\d+(?:\.\d+)?)(?:\s?%|\s?per\s?cent\b|\s?percent\b)")
_CLAUSE_STOP = re.compile(r"[.;!?](?:\s|$)|,|\bwhile\b|\bwhereas\b|\bbut\b|\n\s*\n")
_LINK_AFTER = re.compile(r"^\s*(?:for|in|at)\s+(?:shares\s+(?:of|in)\s+)?(?:the\s+)?$", re.IGNORECASE)


def _currency_ok(move: QuotedMove, symbol: str, ref: ReferenceData) -> bool:
    if move.unit != "currency" or move.currency is None:
        return True
    return ref.exchange(ref.require_mic(symbol)).currency in _CURRENCY_CODES.get(move.currency, set())


def _pick_listing(
    move: QuotedMove,
    mention: MentionLike,
    between: str,
    tagged: Mapping[str, list[str]],
    master: SecurityMaster,
    ref: ReferenceData,
) -> tuple[str, Via, tuple[str, ...]] | str:
    """The listing for ``move`` via ``mention``, or the reason there is none."""
    company = master.companies.get(mention.company_id or "")
    own = tuple(x.symbol for x in company.listings if x.listing_type in _TRADABLE) if company else ()
    adrs = [x.symbol for x in company.listings if x.listing_type == "adr"] if company else []
    mics = venue_mics(between)
    on_venue = [s for s in own if ref.require_mic(s) in mics]
    via: Via
    if mention.rule == "index_name":
        candidates, via = list(mention.symbols[:1]), "index_named"
    elif mention.rule == "exchange_tag":
        candidates, via = list(mention.symbols[:1]), "exchange_tag"
    elif adrs and _ADR_WORDS.search(between):  # "Nissan's ADRs climbed 17%": the ADR line
        candidates, via = adrs, "adr_named"
    elif on_venue:  # "Toyota's U.S.-listed shares gained 9.3%", "Hong Kong-listed shares of ..."
        candidates, via = on_venue, "venue_named"
    else:
        # A company name resolves to its tradable lines, primary first; a subsidiary's own name to its line.
        tags = [s for s in tagged.get(mention.company_id or "", []) if s in mention.symbols]
        candidates = list(dict.fromkeys(tags + list(mention.symbols)))
        via = "tagged_elsewhere" if tags else "primary"
    if not candidates:
        return f"{mention.text!r} has no listing (unlisted or unknown company)"
    ok = [s for s in candidates if _currency_ok(move, s, ref)]
    if not ok:
        return f"quoted in {move.currency} but no listing of {mention.text!r} trades in that currency"
    symbol = ok[0]
    if symbol != candidates[0]:
        via = "currency_match"
    return symbol, via, tuple(s for s in dict.fromkeys(own + tuple(candidates)) if s != symbol)


def attribute_claims(
    text: str,
    mentions: Sequence[MentionLike],
    *,
    master: SecurityMaster | None = None,
    extra_subjects: Sequence[IndexSpanLike] = (),
    reference: ReferenceData | None = None,
) -> Attribution:
    """Tie each quoted move in ``text`` to the listing (or index) it refers to.

    A move goes with the nearest subject before it in the same sentence or list
    item ("Mitsubishi Motors up 5.53%, Nissan up 0.46%" gives each company its
    own move); a subject after it only when a bare preposition links them ("a
    5.53% gain for Mitsubishi Motors"). Lists are resolved by
    :func:`marketreact.claims.subjects.plan_groups` ("A and B slid 3.1% and
    0.6%, respectively"; "A, B and C all fell 2%"), and "the shares", "its
    stock", "the index" carry the subject of the previous sentence when it is
    unambiguous (:func:`marketreact.claims.grammar.carried_subject`).

    Parameters
    ----------
    text : str
        The article text the mentions' offsets refer to.
    mentions : sequence of Mention-like objects
        ``marketreact.text.mentions.extract_mentions(text).mentions``, or any objects
        with the same fields (``text start end rule company_id symbols mic``).
    master : SecurityMaster, optional
        Companies and their listings; ``reference.master`` by default.
    extra_subjects : sequence of index spans, optional
        Spans from an index-name finder (fields ``start end surface index_id
        yahoo``): "the Nikkei share average eased 0.8 percent" is then tied to
        ``^N225`` (``via="index_named"``).
    reference : ReferenceData, optional
        Where each listing trades and in which currency (a quoted "150 yen" needs a
        yen listing). By default the bundled reference data, or, when only
        ``master`` is given, that master with the bundled venues.

    Returns
    -------
    Attribution
        ``claims`` (tied to a listing), ``unattributed`` (with a reason) and
        ``non_claims`` (every other percentage, with why it is no price move).
        A company mention maps to the company's listing tagged elsewhere in the
        article (first tag), else its primary listing; a currency-quoted move
        goes to the first such listing trading in that currency.
    """
    # A master alone (the former signature) also gives the venues: one source of truth for both.
    ref = reference if reference is not None or master is None else ReferenceData(master=master)
    ref = default_reference(ref)
    master = master if master is not None else ref.master
    moves = extract_quoted_moves(text)
    ordered: list[MentionLike] = sorted(
        [*mentions, *index_subjects(extra_subjects, reference=ref)], key=lambda m: (m.start, m.end)
    )
    segments = _segments(text)
    for seg in segments:  # "A (+1.2%), B (-0.4%) and C (2%)"
        for a, b, sign, mag, dec in paren_figures(text, seg, ordered, [(m.start, m.end) for m in moves]):
            moves.append(QuotedMove(text[a:b], a, b, sign, mag, "pct", None, dec))
    moves.sort(key=lambda mv: mv.start)
    for seg in segments:  # "Apple was up 15.3%, Nvidia 18.7% and Tesla 22.7%": the verb is gapped
        heads = [
            (mv.start, mv.end, mv.sign) for mv in moves if seg[0] <= mv.start < seg[1] and mv.unit == "pct"
        ]
        by_start = {mv.start: mv for mv in moves}
        for a, b, sign, mag, dec, head in gapped_figures(text, seg, ordered, heads):
            h = by_start[head]  # the gapped figure shares the head's verb: its kind and qualifier too
            moves.append(
                QuotedMove(text[a:b], a, b, sign, mag, "pct", None, dec, False, h.qualifier, h.kind, h.period)
            )
    moves.sort(key=lambda mv: mv.start)
    tagged: dict[str, list[str]] = {}  # company -> its tagged symbols, in article order
    for m in (m for m in ordered if m.rule == "exchange_tag" and m.company_id and m.symbols):
        tagged.setdefault(m.company_id or "", []).append(m.symbols[0])
    plan: dict[int, list[Any] | str] = {}
    for seg in segments:
        figs = [(mv.start, mv.end) for mv in moves if seg[0] <= mv.start < seg[1] and mv.unit != "level"]
        plan.update(plan_groups(text, seg, figs, ordered))
    claims: list[Claim] = []
    lost: list[Unattributed] = []

    def tie(move: QuotedMove, mention: MentionLike, between: str, carried: str = "") -> None:
        noun = _NON_PRICE_BEFORE.search(between)
        if noun:
            lost.append(Unattributed(move, f"the move describes {noun.group(1)!r}, not a share price"))
            return
        # Venue words may follow the figure in its clause ("fell 2% in Tokyo", "... to 1,234 yen").
        tail = text[move.end : move.end + 80]
        stop = _CLAUSE_STOP.search(tail)
        picked = _pick_listing(
            move, mention, f"{between} {tail[: stop.start() if stop else 80]}", tagged, master, ref
        )
        if isinstance(picked, str):
            lost.append(Unattributed(move, picked))
            return
        symbol, via, alternatives = picked
        index_id = getattr(mention, "index_id", None)
        claims.append(
            Claim(
                move,
                symbol,
                mention.text,
                mention.start,
                via,
                mention.company_id,
                alternatives,
                carried,
                index_id,
            )
        )

    for move in moves:
        seg = next((s for s in segments if s[0] <= move.start < s[1]), (move.start, move.end))
        after = _NON_PRICE_AFTER.match(text, move.end)
        if after:
            lost.append(Unattributed(move, f"the move describes {after.group(1)!r}, not a share price"))
            continue
        planned = plan.get(move.start)
        if isinstance(planned, str):
            lost.append(Unattributed(move, planned))
            continue
        if planned:
            for subject in planned:
                tie(move, subject, text[subject.end : move.start])
            continue
        inside = [m for m in ordered if seg[0] <= m.start and m.end <= seg[1] and m.end <= move.start]
        following = [m for m in ordered if m.start >= move.end and m.end <= seg[1]]
        subject = inside and unknown_subject(text, seg[0], move.start, [(m.start, m.end) for m in ordered])
        if subject:  # "Apple rose 2%, and BP shed 4%": the 4% is BP's, not Apple's
            lost.append(
                Unattributed(move, f"the move is about {subject!r}, which is no resolved company or listing")
            )
            continue
        if inside:
            mention = max(inside, key=lambda m: (m.end, m.rule == "exchange_tag"))
            tie(move, mention, text[mention.end : move.start])
            continue
        if following and _LINK_AFTER.match(text[move.end : following[0].start]):
            tie(move, following[0], text[move.end : following[0].end])
            continue
        block = max(text.rfind("\n\n", 0, seg[0]), 0)
        carried, phrase = carried_subject(text, seg, move.start, ordered, block)
        if carried is not None:  # "The shares had closed down 2%": the previous sentence's company
            tie(move, cast(MentionLike, carried), text[seg[0] : move.start], phrase)
        elif phrase:
            lost.append(
                Unattributed(
                    move, f"{phrase!r} could refer to more than one company or index named before it"
                )
            )
        else:
            lost.append(Unattributed(move, "no listing or company mentioned before it in the same sentence"))
    lost += _elliptic(text, moves, ordered, segments)
    covered = [(m.start, m.end) for m in moves] + [(u.move.start, u.move.end) for u in lost]
    return Attribution(
        tuple(claims), tuple(sorted(lost, key=lambda u: u.move.start)), tuple(non_claims(text, covered))
    )


def _elliptic(
    text: str, moves: list[QuotedMove], mentions: list[MentionLike], segments: list[tuple[int, int]]
) -> list[Unattributed]:
    """Bare percentages right after a mention, in a sentence that quotes moves ("Nvidia 18.7%").

    Probably elliptic moves ("Apple was up 15.3%, Nvidia 18.7%"), but the direction is not printed:
    reported with ``sign=0``, never checked.
    """
    out: list[Unattributed] = []
    for m in _BARE_PCT.finditer(text):
        seg = next((s for s in segments if s[0] <= m.start() < s[1]), None)
        if seg is None or any(mv.start <= m.start() < mv.end for mv in moves):
            continue
        if not any(seg[0] <= mv.start < seg[1] for mv in moves):
            continue
        before = [x for x in mentions if seg[0] <= x.start and x.end <= m.start()]
        near = max(before, key=lambda x: x.end, default=None)
        if near is None or not re.fullmatch(r"[\s):,\-–—]*", text[near.end : m.start()]):
            continue
        num = m.group(1)
        decimals = len(num.split(".")[1]) if "." in num else 0
        move = QuotedMove(m.group(0), m.start(), m.end(), 0, float(num), "pct", None, decimals)
        out.append(
            Unattributed(move, f"percentage after {near.text!r} without a direction word; not checked")
        )
    return out
