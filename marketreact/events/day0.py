"""Day 0 of an article on each listing's own exchange.

Each listing's event timeline runs in the sessions of its own exchange, taken
from ``exchange_calendars`` through :func:`marketreact.reference.venues.calendar`
(holidays, half days, lunch breaks and changes such as Tokyo's close moving
from 15:00 to 15:30 on 2024-11-05 are the calendar's business). The rules:

* published on a session day **before** that session's close (including before
  the open, or during a lunch break) -> that session;
* published **at or after** the close -> the next session;
* published on a weekend or holiday -> the next session;
* **date-only** publication -> that date if it is a session, else the next
  session. The date is read as the same calendar date on every exchange. An
  article that appeared after the close of that day would in fact hit the next
  session: supply a time when it is known.

Example: 2025-04-09T09:00+09:00 is 20:00 on 8 April in New York, after the
16:00 close, so US day 0 is 9 April, as it is in Tokyo (before 15:30),
Shanghai and Taipei. The same text at 16:00+09:00 is after Tokyo's close
(day 0 10 April) but still before the New York open of 9 April (day 0 9 April).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from marketreact._parse import parse_date, parse_timestamp
from marketreact.errors import InvalidParameter
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.text.article import Article

__all__ = ["EventDay", "PlannedEvent", "event_day", "plan_events"]


@dataclass(frozen=True)
class EventDay:
    """Day 0 of an article on one exchange.

    Attributes
    ----------
    mic : str
    day0 : pandas.Timestamp
        The session date (tz-naive midnight).
    published_local : pandas.Timestamp
        The publication time in the exchange's zone; for a date-only article,
        midnight of that date in the exchange's zone (no time is known).
    date_only : bool
    rule : str
        Which rule chose ``day0``, in words.
    """

    mic: str
    day0: pd.Timestamp
    published_local: pd.Timestamp
    date_only: bool
    rule: str


@dataclass(frozen=True)
class PlannedEvent:
    """Day 0 of one listing (see :func:`plan_events`)."""

    symbol: str
    mic: str
    day0: pd.Timestamp
    published_local: pd.Timestamp
    date_only: bool
    rule: str


class _ListingLike(Protocol):
    @property
    def symbol(self) -> str | None: ...

    @property
    def mic(self) -> str | None: ...


def event_day(
    published: Any, mic: str, *, date_only: bool = False, reference: ReferenceData | None = None
) -> EventDay:
    """Day 0 on exchange ``mic`` for an article published at ``published``.

    Parameters
    ----------
    published : str, datetime, date or Timestamp
        Tz-aware time, or a date (then date-only). A time without a zone is
        rejected (:func:`marketreact._parse.parse_timestamp`).
    mic : str
        Exchange MIC (``XTKS``, ``XNYS``, ``OTCM``...).
    date_only : bool
        Use only the calendar date of ``published`` (its own local date).
    reference : ReferenceData, optional
        The venue table and calendars ``mic`` is looked up in (the bundled ones by default).

    Raises
    ------
    InvalidParameter
        Unparseable time, time without zone, or a date outside the calendar.
    UnknownExchange
        ``mic`` is not in the exchange table.
    """
    ref = default_reference(reference)
    venue = ref.exchange(mic)
    cal = ref.calendar(mic)
    if date_only:
        ts, only = parse_date(published, "published"), True
    else:
        ts, only = parse_timestamp(published, "published")
    local_date = ts if only else ts.tz_convert(venue.timezone).normalize().tz_localize(None)
    local = ts.tz_localize(venue.timezone) if only else ts.tz_convert(venue.timezone)
    first, last = cal.first_session, cal.last_session
    if not first <= local_date < last:
        raise InvalidParameter(
            "published",
            published,
            f"the {mic} calendar covers sessions {first.date()}..{last.date()} (day 0 must have a next "
            "session); give a publication time inside that range",
        )
    day = local_date.date()
    when = f"published {local:%Y-%m-%d %H:%M} {venue.timezone}"
    if cal.is_session(local_date):
        if only:
            return EventDay(mic, local_date, local, True, f"date-only: {day} is a {mic} session")
        close = cal.session_close(local_date).tz_convert(venue.timezone)
        if local < close:
            return EventDay(
                mic, local_date, local, False, f"{when}, before that session's {close:%H:%M} close"
            )
        rule = f"{when}, at or after that session's {close:%H:%M} close: next session"
        return EventDay(mic, cal.next_session(local_date), local, False, rule)
    nxt = cal.date_to_session(local_date, direction="next")
    kind = "weekend" if local_date.day_of_week >= 5 else "holiday"
    lead = f"date-only: {day}" if only else when
    return EventDay(mic, nxt, local, only, f"{lead}, not a {mic} session ({kind}): next session")


def plan_events(
    article: Article, listings: Iterable[_ListingLike | str], *, reference: ReferenceData | None = None
) -> list[PlannedEvent]:
    """Day 0 of ``article`` for each listing, in its own exchange's sessions.

    Parameters
    ----------
    article : Article
    listings : iterable of SelectedListing or str
        Rows from :func:`marketreact.text.mentions.select_listings` (rows without a
        symbol, i.e. unlisted companies, are skipped) or Yahoo symbols (venue
        from :meth:`ReferenceData.require_mic`).
    reference : ReferenceData, optional
        Venues of the symbols given as str, and every venue's calendar and time
        zone (the bundled reference data by default).
    """
    ref = default_reference(reference)
    out: list[PlannedEvent] = []
    for item in listings:
        if isinstance(item, str):
            symbol, mic = item, ref.require_mic(item)
        else:
            if item.symbol is None or item.mic is None:
                continue
            symbol, mic = item.symbol, item.mic
        ev = event_day(article.published, mic, date_only=article.date_only, reference=ref)
        out.append(PlannedEvent(symbol, mic, ev.day0, ev.published_local, ev.date_only, ev.rule))
    return out
