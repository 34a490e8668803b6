"""When the news happened, in the article's own words: dated phrases resolved to sessions.

A pure function of the text, the publication time and the exchange calendars (the wiring into the
study and the report lives elsewhere):

* :func:`dated_phrases` finds "on Monday", "yesterday", "today", "last week", "this week",
  "Friday's session", "on Dec. 18" / "18 December", "earlier this month" and "overnight", and
  resolves each to calendar dates against the publication date (the writer's own clock: the
  publication time's offset). A weekday is the latest such day on or before publication.
* :func:`text_anchor` combines them with the sessions the quoted moves match into
  ``{symbol: (session or None, [evidence])}`` on each listing's own calendar
  (``ReferenceData.calendar(mic)``, bundled by default).

Rules of :func:`text_anchor`, for each listing: the dated phrase nearest the listing's quoted
moves (same sentence first, then the same paragraph, then the whole article when the article
names exactly one date) gives the text's session; a phrase naming another venue ("on Tuesday in
New York") is used only for listings on that venue. A session the quoted moves match confirms it;
when no phrase dates the move, a single matched session is the anchor; several matched sessions
and no phrase leave it undecided (``None``), with the evidence that says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from marketreact.claims.context import venue_mics
from marketreact.errors import InvalidParameter
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = ["DatedPhrase", "dated_phrases", "text_anchor"]

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        )
    )
    for name in names.split()
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_VENUES = r"New\s+York|Tokyo|Hong\s+Kong|Taipei|Shanghai|London|Paris|Wall\s+Street"


def _venue_tail(n: int) -> str:
    return rf"(?:\s+(?:in|on)\s+(?:the\s+)?(?P<venue{n}>{_VENUES}))?"


_PHRASE = re.compile(
    r"\b(?:"
    rf"(?:on|last|since|from|by|until|through)\s+(?P<wday>{'|'.join(_DAYS)})\b{_venue_tail(1)}|"
    rf"(?P<wday_poss>{'|'.join(_DAYS)})'s\s+(?:session|trading|close|trade){_venue_tail(2)}|"
    rf"(?:on\s+)?(?P<mon>{_MONTH_RE})\.?\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?{_venue_tail(3)}|"
    rf"(?:on\s+)?(?P<mday2>\d{{1,2}})\s+(?P<mon2>{_MONTH_RE})\b\.?(?:\s+(?P<year2>\d{{4}}))?{_venue_tail(4)}|"
    r"(?P<yesterday>yesterday)|(?P<today>today)|(?P<lastweek>last\s+week)|(?P<thisweek>this\s+week)|"
    r"(?P<earlier>earlier\s+this\s+month)|(?P<overnight>overnight)"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DatedPhrase:
    """A phrase that dates something, resolved to calendar dates (``first`` .. ``last``, inclusive).

    ``overnight`` is ``True`` for "overnight": the last session of the venue in question that
    closed before publication, resolved per listing. ``venue_mics`` are the venues the phrase
    names ("on Tuesday in New York"), empty when it names none.
    """

    text: str
    start: int
    end: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    overnight: bool = False
    venue_mics: tuple[str, ...] = ()


def _local_date(published: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(published.date())


def dated_phrases(text: str, published: Any) -> list[DatedPhrase]:
    """Every dated phrase in ``text``, resolved against the publication date (its own local date)."""
    if not isinstance(text, str):
        raise InvalidParameter("text", type(text).__name__, "pass the article text as a str")
    pub = pd.Timestamp(published)
    today = _local_date(pub)
    out: list[DatedPhrase] = []
    for m in _PHRASE.finditer(text):
        g = m.groupdict()
        first: pd.Timestamp | None
        last: pd.Timestamp | None
        overnight = False
        wday = g["wday"] or g["wday_poss"]
        if wday:
            back = (today.day_of_week - _DAYS.index(wday.lower())) % 7
            first = last = today - pd.Timedelta(days=back)
        elif g["mon"] or g["mon2"]:
            month = _MONTHS[(g["mon"] or g["mon2"]).lower()]
            day = int(g["mday"] or g["mday2"])
            year_text = g["year"] or g["year2"]
            year = int(year_text) if year_text else today.year
            try:
                first = pd.Timestamp(year, month, day)
            except ValueError:
                continue  # "Feb 30": not a date
            if not year_text and first > today:
                first = pd.Timestamp(year - 1, month, day)  # "on Dec. 18" read in January
            last = first
        elif g["yesterday"]:
            first = last = today - pd.Timedelta(days=1)
        elif g["today"]:
            first = last = today
        elif g["lastweek"]:
            monday = today - pd.Timedelta(days=today.day_of_week)
            first, last = monday - pd.Timedelta(days=7), monday - pd.Timedelta(days=1)
        elif g["thisweek"]:
            first, last = today - pd.Timedelta(days=today.day_of_week), today
        elif g["earlier"]:
            first, last = pd.Timestamp(today.year, today.month, 1), today - pd.Timedelta(days=1)
        else:
            first = last = None
            overnight = True
        venue = next((g[f"venue{n}"] for n in range(1, 5) if g[f"venue{n}"]), "")
        out.append(
            DatedPhrase(
                m.group(0),
                m.start(),
                m.end(),
                first,
                last,
                overnight,
                venue_mics(f"in {venue}") if venue else (),
            )
        )
    return out


def _sessions(
    phrase: DatedPhrase, mic: str, published: pd.Timestamp, ref: ReferenceData
) -> tuple[list[pd.Timestamp], str]:
    """The phrase's sessions on ``mic`` and a note on how they were found."""
    cal = ref.calendar(mic)
    if phrase.overnight:
        if published.tzinfo is None:
            return [], "'overnight' needs a publication time"
        local = published.tz_convert(ref.exchange(mic).timezone)
        day = pd.Timestamp(local.date())
        s = cal.date_to_session(day, direction="previous")
        if cal.session_close(s) > published:
            s = cal.previous_session(s)
        return [s], f"the last {mic} session closed before publication"
    assert phrase.first is not None and phrase.last is not None
    if phrase.last < cal.first_session or phrase.first > cal.last_session:
        return [], f"outside the {mic} calendar"
    found = list(
        cal.sessions_in_range(max(phrase.first, cal.first_session), min(phrase.last, cal.last_session))
    )
    if not found:
        return [], f"{phrase.first.date()} is not a {mic} session"
    return found, f"{mic} session(s)"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    b_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x >= 0]
    return a, min(b_candidates) if b_candidates else len(text)


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n\n", 0, pos)
    b = text.find("\n\n", pos)
    return (a + 2 if a >= 0 else 0), (b if b >= 0 else len(text))


def _symbol_of(listing: Any) -> str:
    return listing if isinstance(listing, str) else str(listing.symbol)


def text_anchor(
    article: Any, claims: Any, listings: Iterable[Any], *, reference: ReferenceData | None = None
) -> dict[str, tuple[pd.Timestamp | None, list[str]]]:
    """The session the article's own words date each listing's move (or news) to.

    Parameters
    ----------
    article : marketreact.text.article.Article
        Its ``text`` and ``published`` time (a date-only article resolves dates the same way;
        "overnight" then stays unresolved).
    claims : ClaimCheck or sequence of ClaimResult
        From :func:`marketreact.claims.check.verify_claims`: the sessions the quoted moves match.
    listings : iterable of str or objects with ``symbol``
        The listings to anchor (e.g. the study's listings).
    reference : ReferenceData, optional
        Each listing's venue and calendar (the bundled reference data by default).

    Returns
    -------
    dict
        ``{symbol: (session or None, [evidence strings])}``.
    """
    text: str = article.text
    published = pd.Timestamp(article.published)
    results: Sequence[Any] = list(getattr(claims, "claims", claims))
    phrases = dated_phrases(text, published)
    ref = default_reference(reference)
    out: dict[str, tuple[pd.Timestamp | None, list[str]]] = {}
    for listing in listings:
        symbol = _symbol_of(listing)
        mic = ref.require_mic(symbol)
        own = [r for r in results if r.claim.symbol == symbol or r.matched_symbol == symbol]
        matched: dict[pd.Timestamp, str] = {}
        for r in own:
            sessions = (
                r.matches
                if r.claim.symbol == symbol
                else [s for x, s in r.alternative_matches if x == symbol]
            )
            for s in sessions:
                matched.setdefault(
                    s.date, f"{r.claim.move.text!r} matches the {s.date.date()} close of {symbol}"
                )
        evidence: list[str] = []
        usable = [p for p in phrases if not p.venue_mics or mic in p.venue_mics]
        chosen: list[pd.Timestamp] = []
        positions = [r.claim.move.start for r in own]
        for scope in (_sentence_bounds, _paragraph_bounds):
            near = [
                p
                for p in usable
                if any(scope(text, pos)[0] <= p.start < scope(text, pos)[1] for pos in positions)
            ]
            if near:
                p = min(near, key=lambda q: min(abs(q.start - pos) for pos in positions))
                chosen, note = _sessions(p, mic, published, ref)
                evidence.append(
                    f"{p.text!r} -> {', '.join(str(d.date()) for d in chosen) or 'no session'} ({note})"
                )
                break
        if not chosen:  # no phrase near the moves: the article's one date, if it has only one
            dated = list(usable)
            if len({(p.first, p.last, p.overnight) for p in dated}) == 1:
                chosen, note = _sessions(dated[0], mic, published, ref)
                evidence.append(
                    f"{dated[0].text!r} (the article's only date) -> "
                    f"{', '.join(str(d.date()) for d in chosen) or 'no session'} ({note})"
                )
        both = [d for d in chosen if d in matched]
        if both:
            evidence.append(matched[both[-1]])
            out[symbol] = (both[-1], evidence)
        elif len(chosen) == 1:
            if matched:
                evidence.append(f"the quoted moves match {', '.join(str(d.date()) for d in matched)} instead")
            out[symbol] = (chosen[0], evidence)
        elif len(matched) == 1:
            (day,) = matched
            evidence.append(matched[day])
            out[symbol] = (day, evidence)
        else:
            if matched:
                evidence.append(
                    f"the quoted moves match several sessions: {', '.join(str(d.date()) for d in matched)}"
                )
            if len(chosen) > 1:
                evidence.append("the dated phrase spans several sessions")
            evidence = evidence or ["no dated phrase and no matching quoted move"]
            out[symbol] = (None, evidence)
    return out
