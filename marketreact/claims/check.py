"""Check an article's quoted market moves ("Apple was down 4.98%") against the data.

Three steps, each usable alone:

1. :func:`extract_quoted_moves` finds percentage and price-change statements.
2. :func:`attribute_claims` ties each move to the listing it is about, using
   the company/ticker mentions of the article (from ``marketreact.text.mentions``).
3. :func:`verify_claims` compares each attributed move with the listing's
   actual close-to-close change on every session around day 0.

Steps 1 and 2 (and the rule for what counts as a move) live in
:mod:`marketreact.claims.text`; their public names are re-exported here.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import pandas as pd

from marketreact._parse import parse_date, parse_window
from marketreact.claims.grammar import NonClaim
from marketreact.claims.kind_checks import check_kind
from marketreact.claims.kinds import compare
from marketreact.claims.subjects import IndexSpanLike
from marketreact.claims.text import (
    Attribution,
    Claim,
    MentionLike,
    QuotedMove,
    Unattributed,
    _currency_ok,
    attribute_claims,
    extract_quoted_moves,
)
from marketreact.data.prices import SourceSpec, load_prices
from marketreact.data.sources import resolve_source
from marketreact.errors import (
    DataQualityWarning,
    FetchFailed,
    InvalidParameter,
    MarketReactError,
    NoDataReturned,
    OutOfRange,
    UnknownExchange,
    UnknownSymbol,
)
from marketreact.events.day0 import event_day
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.text.article import Article
from marketreact.text.mentions import extract_mentions

__all__ = [
    "Attribution",
    "Claim",
    "ClaimCheck",
    "ClaimResult",
    "MentionLike",
    "QuotedMove",
    "SessionMove",
    "Unattributed",
    "attribute_claims",
    "check_article",
    "extract_quoted_moves",
    "verify_claims",
]

# "match" only for a close-to-close quote; "close": within one unit of the last printed digit (the writer
# may have truncated), never a match; "consistent": another kind of quote (intraday, open, multi-day,
# year-to-date, 52-week, price level) that agrees with the bars.
Status = Literal["match", "close", "consistent", "no_match", "no_data", "not_checkable"]


# -------------------------------------------------------------------------------------------- verification
@dataclass(frozen=True)
class SessionMove:
    """A listing's close-to-close move on one session (price change, not total return)."""

    date: pd.Timestamp
    relative_day: int
    close: float
    previous_date: pd.Timestamp
    previous_close: float
    actual_pct: float
    actual_change: float  # in major currency units (GBp listings: pounds)
    sessions_spanned: int


@dataclass(frozen=True)
class ClaimResult:
    """One attributed claim checked against the sessions around its listing's day 0."""

    claim: Claim
    day0: pd.Timestamp
    sessions: tuple[SessionMove, ...]
    missing: tuple[pd.Timestamp, ...]
    matches: tuple[SessionMove, ...]
    closest: SessionMove | None
    status: Status
    verdict: str
    alternative_matches: tuple[tuple[str, SessionMove], ...] = ()
    kind_hits: tuple[tuple[pd.Timestamp, float], ...] = ()
    matched_symbol: str | None = None


@dataclass(frozen=True)
class ClaimCheck:
    """Result of :func:`verify_claims`."""

    claims: list[ClaimResult]
    unattributed: list[Unattributed]
    summary: str
    window: tuple[int, int] = (-5, 5)
    non_claims: list[NonClaim] = dataclasses.field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict: ``{"claims": [...], "unattributed": [...], "summary": str}``."""
        claims: list[dict[str, Any]] = []
        for r in self.claims:
            mv, best = r.claim.move, r.closest
            closest = None
            if best is not None:
                closest = {"date": best.date.date().isoformat(), "relative_day": best.relative_day}
                closest |= {"actual_pct": best.actual_pct, "actual_change": best.actual_change}
            claims.append(
                {
                    "text": mv.text,
                    "start": mv.start,
                    "end": mv.end,
                    "symbol": r.claim.symbol,
                    "via": r.claim.via,
                }
            )
            claims[-1] |= {"quoted_pct": mv.value if mv.unit == "pct" else None, "currency": mv.currency}
            claims[-1] |= {"quoted_change": mv.value if mv.unit == "currency" else None}
            claims[-1] |= {
                "day0": r.day0.date().isoformat(),
                "matches": [s.date.date().isoformat() for s in r.matches],
            }
            claims[-1] |= {"closest": closest, "status": r.status, "verdict": r.verdict}
            claims[-1] |= _extra_fields(r)
        lost = [
            {"text": u.move.text, "start": u.move.start, "end": u.move.end, "reason": u.reason}
            for u in self.unattributed
        ]
        others = [
            {"text": n.text, "start": n.start, "end": n.end, "value": n.value, "reason": n.reason}
            for n in self.non_claims
        ]
        return {"claims": claims, "unattributed": lost, "summary": self.summary, "non_claims": others}

    def to_frame(self) -> pd.DataFrame:
        """One row per attributed claim (the ``claims`` of :meth:`to_json_dict`, ``closest`` flattened)."""
        rows = []
        for row in self.to_json_dict()["claims"]:
            closest = row.pop("closest") or {}
            rows.append(row | {f"closest_{k}": v for k, v in closest.items()})
        return pd.DataFrame(rows, columns=None if rows else ["text", "symbol", "status", "verdict"])


def _extra_fields(r: ClaimResult) -> dict[str, Any]:
    """Fields added after the first JSON version (never renamed): kind, qualifier, lines, level."""
    mv = r.claim.move
    return {
        "kind": mv.kind,
        "period": mv.period,
        "qualifier": mv.qualifier,
        "quoted_level": mv.magnitude if mv.unit == "level" else None,
        "consistent_with": [d.date().isoformat() for d, _ in r.kind_hits],
        "matched_symbol": r.matched_symbol,
        "other_lines": [
            {"symbol": sym, "date": s.date.date().isoformat(), "actual_pct": s.actual_pct}
            for sym, s in r.alternative_matches
        ],
        "carried_by": r.claim.carried or None,
        "index_id": r.claim.index_id,
    }


def _day0_for(
    symbol: str, mic: str, day0s: Any, event_time: Any, date_only: bool, ref: ReferenceData
) -> pd.Timestamp:
    if isinstance(day0s, Mapping):
        if symbol in day0s:
            return parse_date(day0s[symbol], f"day0s[{symbol!r}]")
    elif day0s is not None:
        return parse_date(day0s, "day0s")
    if event_time is None:
        raise InvalidParameter(
            "day0s", day0s, f"give day 0 for {symbol} (day0s={{'{symbol}': '2025-04-09'}}) or event_time"
        )
    return pd.Timestamp(event_day(event_time, mic, date_only=date_only, reference=ref).day0)


def _session_moves(
    symbol: str, day0: pd.Timestamp, window: tuple[int, int], source: SourceSpec, ref: ReferenceData
) -> tuple[list[SessionMove], list[pd.Timestamp], pd.Timestamp, pd.Timestamp]:
    """Close-to-close moves on the window's sessions; also the sessions without data and the data's range."""
    mic = ref.require_mic(symbol)
    sessions = ref.calendar(mic).sessions
    if day0 not in sessions:
        raise InvalidParameter(
            "day0s", day0.date().isoformat(), f"day 0 of {symbol} must be a session of {mic}"
        )
    i0 = sessions.get_loc(day0)
    lo, hi = max(i0 + window[0], 0), min(i0 + window[1], len(sessions) - 1)
    # A bounded request (the window plus the close before it) lets the cache and the snapshot serve it.
    start = sessions[max(lo - 1, 0)] - pd.Timedelta(days=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # missing sessions are reported in the verdict
        bars = load_prices(symbol, start, sessions[hi], source=source, reference=ref).xs(symbol)
    close = bars["close"].astype(float)
    # Venues quoted in minor units (London pence, Johannesburg cents, Tel Aviv agorot).
    scale = 0.01 if ref.exchange(mic).currency in ("GBp", "ZAc", "ILA") else 1.0
    moves: list[SessionMove] = []
    missing: list[pd.Timestamp] = []
    for i in range(lo, hi + 1):
        date = sessions[i]
        pos = close.index.get_indexer(pd.DatetimeIndex([date]))[0]
        if pos <= 0 or math.isnan(close.iloc[pos]) or math.isnan(close.iloc[pos - 1]):
            missing.append(date)  # no row, or no previous row to compare with
            continue
        now, before = float(close.iloc[pos]), float(close.iloc[pos - 1])
        spanned = int(
            sessions.get_loc(date) - sessions.get_indexer(pd.DatetimeIndex([close.index[pos - 1]]))[0]
        )
        moves.append(
            SessionMove(
                date,
                i - i0,
                now,
                close.index[pos - 1],
                before,
                (now / before - 1) * 100,
                (now - before) * scale,
                spanned,
            )
        )
    return moves, missing, bars.index[0], bars.index[-1]


def _actual(move: QuotedMove, s: SessionMove) -> float:
    return s.actual_pct if move.unit == "pct" else s.actual_change


def _agreement(move: QuotedMove, actual: float) -> str | None:
    """``"match"`` / ``"close"`` / None (see :func:`marketreact.claims.kinds.compare`)."""
    return compare(move.value, actual, decimals=move.decimals, qualifier=move.qualifier, minor=move.minor)


def _is_match(move: QuotedMove, actual: float) -> bool:
    """Within half a unit of the last printed digit ("nearly": one unit), with the same sign."""
    return _agreement(move, actual) == "match"


def _fmt_session(s: SessionMove) -> str:
    # A change across a missing session (market closure or data gap) is said so.
    gap = (
        f", change since {s.previous_date.date()} across {s.sessions_spanned} sessions"
        if s.sessions_spanned != 1
        else ""
    )
    return f"{s.date.date().isoformat()} (day {s.relative_day:+d}{gap})"


def _fmt_off(move: QuotedMove, s: SessionMove) -> str:
    off = abs(_actual(move, s) - move.value)
    if move.unit == "pct":
        return f"{off:.2f} pp"
    amount = f"{off:.{max(move.decimals, 2)}f}"
    return f"{amount} {move.currency}" if (move.currency or "x")[-1].isalpha() else f"{move.currency}{amount}"


def _describe_missing(missing: list[pd.Timestamp], first: pd.Timestamp, last: pd.Timestamp) -> str:
    after = [d for d in missing if d > last]
    before = [d for d in missing if d <= first]
    inner = [d.date().isoformat() for d in missing if first < d <= last]
    parts = [f"no data for sessions after {last.date().isoformat()}"] if after else []
    parts += [f"no data for sessions up to {first.date().isoformat()}"] if before else []
    parts += [f"no data for {', '.join(inner)}"] if inner else []
    return "; ".join(parts)


def _check(
    claim: Claim, day0: pd.Timestamp, window: tuple[int, int], source: SourceSpec, ref: ReferenceData
) -> ClaimResult:
    move = claim.move
    if move.kind != "close" and _currency_ok(move, claim.symbol, ref):
        kc = check_kind(move, claim.symbol, day0, window, source, reference=ref)
        return ClaimResult(claim, day0, (), (), (), None, kc.status, kc.verdict, kind_hits=kc.hits)
    try:
        sessions, missing, first, last = _session_moves(claim.symbol, day0, window, source, ref)
    except (OutOfRange, UnknownSymbol, FetchFailed, NoDataReturned) as exc:
        return ClaimResult(claim, day0, (), (), (), None, "no_data", f"no data: {exc}")
    matches = tuple(s for s in sessions if _is_match(move, _actual(move, s)))
    near = tuple(s for s in sessions if _agreement(move, _actual(move, s)) == "close")
    closest = min(sessions, key=lambda s: abs(_actual(move, s) - move.value), default=None)
    gaps = _describe_missing(missing, first, last)
    if not _currency_ok(move, claim.symbol, ref):
        status: Status = "not_checkable"
        traded = ref.exchange(ref.require_mic(claim.symbol)).currency
        verdict = f"not checkable: quoted in {move.currency}, {claim.symbol} trades in {traded}"
    elif matches:
        status, verdict = "match", "matches " + " and ".join(_fmt_session(s) for s in matches)
    elif near:
        status = "close"
        verdict = "close to " + " and ".join(f"{_fmt_session(s)} (off by {_fmt_off(move, s)})" for s in near)
        verdict += ": within one unit of the last printed digit (the writer may have truncated), not a match"
    elif missing:
        status, verdict = "no_data", gaps
        verdict += (
            f" (closest available {_fmt_session(closest)}, off by {_fmt_off(move, closest)})"
            if closest
            else ""
        )
    else:
        assert closest is not None  # a window of sessions all with data
        status = "no_match"
        verdict = f"no match (closest {_fmt_session(closest)}, off by {_fmt_off(move, closest)})"
    if status == "match" and gaps:
        verdict += f"; {gaps}"
    return ClaimResult(claim, day0, tuple(sessions), tuple(missing), matches, closest, status, verdict)


def _summary(results: list[ClaimResult], unattributed: int) -> str:
    if not results:
        text = "No quoted move could be tied to a listing"
        return text + (f" ({unattributed} quoted move(s) left unattributed)." if unattributed else ".")
    matched = [r for r in results if r.status == "match"]

    def sessions_of(r: ClaimResult) -> tuple[SessionMove, ...]:  # another line's match counts too
        return r.matches or tuple(s for _, s in r.alternative_matches)

    counts = Counter(k for r in matched for k in {s.relative_day for s in sessions_of(r)})
    parts: list[str] = []
    if counts:
        k, n_k = max(counts.items(), key=lambda kv: (kv[1], -abs(kv[0])))
        dates = sorted(
            {s.date.date().isoformat() for r in matched for s in sessions_of(r) if s.relative_day == k}
        )
        when = "before the news" if k < 0 else "on the event day" if k == 0 else "after the news"
        who = "the quoted moves" if n_k == len(results) else f"{n_k} of {len(results)} checked quoted moves"
        parts.append(f"{who} match the {' / '.join(dates)} closes (day {k:+d}), i.e. {when}")
    for status, label in (
        ("close", "close but not matching (possibly truncated)"),
        ("consistent", "consistent with the bars as intraday, opening, multi-day or level quotes"),
        ("no_data", "without the data to decide"),
        ("no_match", "matching no session"),
        ("not_checkable", "not checkable with closes"),
    ):
        n = sum(r.status == status for r in results)
        if n:
            parts.append(f"{n} {label}")
    if unattributed:
        parts.append(f"{unattributed} quoted move(s) could not be tied to a listing")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + " (close-to-close price changes, not total returns)."


def verify_claims(
    claims: Attribution | Sequence[Claim],
    event_time: Any = None,
    *,
    day0s: Mapping[str, Any] | Any = None,
    prices_source: SourceSpec = "snapshot",
    window: Any = (-5, 5),
    date_only: bool = False,
    reference: ReferenceData | None = None,
) -> ClaimCheck:
    """Check each attributed quoted move against its listing's actual moves.

    The actual move on a session is the change of the traded ``close`` from
    the previous row (what journalists quote: a price change, NOT a total
    return, so an ex-dividend day can differ from a total-return series). A
    claim matches a session when the signs agree and the values agree to
    within half a unit of the quote's last printed digit ("4.98%" -> +-0.005 pp).

    Parameters
    ----------
    claims : Attribution or sequence of Claim
        From :func:`attribute_claims`.
    event_time : str or Timestamp, optional
        Publication time; each listing's day 0 comes from
        ``marketreact.events.day0.event_day(event_time, mic)``.
    day0s : mapping or date-like, optional
        ``{symbol: day0}`` or one day 0 for every listing; wins over ``event_time``.
    prices_source : {"snapshot", "yahoo", "auto"}
    window : (int, int)
        Sessions around day 0 to search, on the listing's own exchange calendar.
    date_only : bool
        Passed to ``event_day`` when the publication time has no time of day.
    reference : ReferenceData, optional
        Each listing's venue, calendar and currency (the bundled reference data by default).

    Returns
    -------
    ClaimCheck
        Per claim: the matching sessions, the closest session, a status
        (``match``, ``no_match``, ``no_data``, ``not_checkable``) and a verdict;
        the unattributed moves; a one-sentence summary.
    """
    win = parse_window(window, "window")
    found = list(claims.claims) if isinstance(claims, Attribution) else list(claims)
    lost = list(claims.unattributed) if isinstance(claims, Attribution) else []
    day0_cache: dict[str, pd.Timestamp] = {}
    ref = default_reference(reference)

    def day0(symbol: str) -> pd.Timestamp:
        if symbol not in day0_cache:
            mic = ref.require_mic(symbol)
            day0_cache[symbol] = _day0_for(symbol, mic, day0s, event_time, date_only, ref)
        return day0_cache[symbol]

    results: list[ClaimResult] = []
    for claim in found:
        try:
            anchor = day0(claim.symbol)
        except (UnknownSymbol, UnknownExchange) as exc:  # no sessions for the symbol: say so, go on
            no_day = cast(pd.Timestamp, pd.NaT)
            results.append(ClaimResult(claim, no_day, (), (), (), None, "no_data", f"no data: {exc}"))
            continue
        result = _check(claim, anchor, win, prices_source, ref)
        if claim.move.kind == "close" and claim.alternatives:
            result = _other_lines(result, day0, win, prices_source, ref)
        results.append(result)
    others = list(claims.non_claims) if isinstance(claims, Attribution) else []
    return ClaimCheck(results, lost, _summary(results, len(lost)), win, others)


# Listing words chose the line: another line's match is a hint, not the answer.
_CHOSEN_BY_WORDS = ("adr_named", "venue_named", "currency_match", "index_named")


def _other_lines(
    result: ClaimResult, day0: Any, win: tuple[int, int], source: SourceSpec, ref: ReferenceData
) -> ClaimResult:
    """Check the company's other listings; name the line(s) whose close matches the quote."""
    claim = result.claim
    hits, notes = _alternatives(claim, day0, win, source, ref)
    if result.status == "match":
        if not hits:
            return result
        also = "; the quoted figure also matches " + ", ".join(f"{x} on {_fmt_session(s)}" for x, s in hits)
        return dataclasses.replace(result, verdict=result.verdict + also, alternative_matches=tuple(hits))
    if hits and claim.via not in _CHOSEN_BY_WORDS:
        lines = sorted({x for x, _ in hits})
        which = {"exchange_tag": "tagged", "tagged_elsewhere": "tagged", "primary": "primary"}.get(
            claim.via, ""
        )
        verdict = "matches " + ", ".join(f"{x} on {_fmt_session(s)}" for x, s in hits)
        verdict += f"; the {which + ' ' if which else ''}{claim.symbol} line does not ({result.verdict})"
        return dataclasses.replace(
            result, status="match", verdict=verdict, alternative_matches=tuple(hits), matched_symbol=lines[0]
        )
    if hits:
        notes.insert(
            0, "the quoted figure matches " + ", ".join(f"{x} on {_fmt_session(s)}" for x, s in hits)
        )
    if result.status not in ("no_match", "no_data", "close"):
        notes = []
    verdict = "; ".join([result.verdict, *notes])
    return dataclasses.replace(result, verdict=verdict, alternative_matches=tuple(hits))


def _alternatives(
    claim: Claim, day0: Any, window: tuple[int, int], source: SourceSpec, ref: ReferenceData
) -> tuple[list[tuple[str, SessionMove]], list[str]]:
    """The company's other listings that match the quote, and notes on those that lack data.

    A hint for the reader, never a re-attribution.
    """
    hits: list[tuple[str, SessionMove]] = []
    notes: list[str] = []
    held = resolve_source(source).holds()  # None: a download source cannot tell in advance
    for symbol in claim.alternatives:
        if not _currency_ok(claim.move, symbol, ref):
            continue
        if held is not None and symbol not in held:
            continue  # no bars to compare (as the load below would find): no day 0 to compute either
        try:
            sessions, missing, first, last = _session_moves(symbol, day0(symbol), window, source, ref)
        except MarketReactError:  # a hint must never break the main check
            continue
        found = [(symbol, s) for s in sessions if _is_match(claim.move, _actual(claim.move, s))]
        hits += found
        if not found and missing:
            notes.append(
                f"the other listing {symbol} cannot be checked: {_describe_missing(missing, first, last)}"
            )
    return hits, notes


def check_article(
    article: Article,
    *,
    source: SourceSpec = "snapshot",
    window: Any = (-5, 5),
    mentions: Sequence[MentionLike] | None = None,
    extra_subjects: Sequence[IndexSpanLike] = (),
    reference: ReferenceData | None = None,
) -> ClaimCheck:
    """Attribute the quoted moves of ``article`` to listings and verify them around each day 0.

    ``reference`` is the security master and venues (the bundled ones by default).

    ``mentions`` (from :func:`marketreact.text.mentions.extract_mentions`) are
    extracted from the article's text when not given; ``extra_subjects`` are
    index spans (``find_index_mentions(text, table)``) passed to
    :func:`attribute_claims`.
    """
    ref = default_reference(reference)
    if mentions is None:
        mentions = extract_mentions(article.text, ref.master).mentions
    attribution = attribute_claims(article.text, mentions, extra_subjects=extra_subjects, reference=ref)
    return verify_claims(
        attribution,
        article.published,
        prices_source=source,
        window=window,
        date_only=article.date_only,
        reference=reference,
    )
