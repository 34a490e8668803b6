"""Reference data as one object: the security master, the venue table and the calendars.

Built once (:meth:`ReferenceData.bundled` reads the files shipped in ``data/``)
and handed explicitly to planning, the study and the claim check, so a test or
a user can pass a small one of their own instead of the bundled files.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import exchange_calendars as xcals
import pandas as pd

from marketreact.errors import UnknownExchange, UnknownSymbol
from marketreact.reference.calendars import BarsCalendar, SessionCalendar
from marketreact.reference.calendars import _named as _calendar_named  # same subpackage: memoised by name
from marketreact.reference.indices import index_mic
from marketreact.reference.securities import Listing, SecurityMaster, load_master
from marketreact.reference.venues import EXCHANGES, Exchange

__all__ = ["ReferenceData", "default_reference"]


@dataclass(frozen=True)
class ReferenceData:
    """The security master and the venues it refers to.

    Parameters
    ----------
    master : SecurityMaster
        Companies and listings.
    venues : mapping of str to Exchange
        Covered venues by MIC (the bundled venue table by default).
    """

    master: SecurityMaster
    venues: Mapping[str, Exchange] = field(default_factory=lambda: EXCHANGES)

    @classmethod
    def bundled(cls, root: Path | None = None) -> ReferenceData:
        """The reference data shipped with marketreact (read once per process and root)."""
        return _bundled(root)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle support (process pools, the chart process): the bundled reference travels as
        a token and is re-read from the receiver's own cache; any other as master and venues."""
        if self is _bundled(None):
            return default_reference, ()
        return ReferenceData, (self.master, dict(self.venues))

    def listing(self, symbol: str) -> Listing | None:
        """The master's listing of ``symbol``, or None."""
        return self.master.listings.get(symbol)

    def mic_for(self, symbol: str, mics: Mapping[str, str] | None = None) -> str | None:
        """Venue of ``symbol``: an explicit ``mics`` entry, the master, else its Yahoo form.

        A known Yahoo suffix names the venue (``6758.T`` -> XTKS); a plain
        ticker outside the master is taken as US-listed (XNYS sessions), Yahoo's
        own convention (:meth:`venue_assumed` tells). None for an index outside
        the master (``^GSPC``) or an unknown suffix (``X.ZZ``): its sessions then
        come from its own bars.
        """
        if mics and symbol in mics:
            return mics[symbol]
        listing = self.master.listings.get(symbol)
        if listing is not None:
            return listing.mic
        if symbol.startswith("^"):
            mic = index_mic(symbol)  # the index table knows each index's home venue
            return mic if mic is not None and mic in self.venues else None
        if "." in symbol:
            suffix = "." + symbol.rsplit(".", 1)[1].upper()
            for venue in self.venues.values():
                if venue.yahoo_suffix and venue.yahoo_suffix.upper() == suffix:
                    return venue.mic
            return None
        return "XNYS" if "XNYS" in self.venues else None

    def require_mic(self, symbol: str, mics: Mapping[str, str] | None = None) -> str:
        """Venue of ``symbol`` as :meth:`mic_for` finds it, or an error that says what is missing.

        For the call sites that cannot go on without a venue (a calendar, a
        currency): the errors are those of the former global look-up.

        Raises
        ------
        UnknownSymbol
            An index outside the master whose home venue is not known.
        UnknownExchange
            A Yahoo suffix no venue carries, or a plain ticker when the venue
            table has no XNYS to assume.
        """
        mic = self.mic_for(symbol, mics)
        if mic is not None:
            return mic
        if symbol.startswith("^"):
            raise UnknownSymbol(
                symbol, "the security master", "indices need a row in data/securities/listings.csv"
            )
        if "." in symbol:
            suffix = "." + symbol.rsplit(".", 1)[1]
            raise UnknownExchange(suffix, f"no exchange with Yahoo suffix {suffix!r} (symbol {symbol!r})")
        raise UnknownExchange("XNYS", f"{symbol!r} has no listing and the venue table has no XNYS to assume")

    def venue_assumed(self, symbol: str, mics: Mapping[str, str] | None = None) -> bool:
        """True when :meth:`mic_for` guessed the venue (a plain ticker outside the master)."""
        return (
            not (mics and symbol in mics)
            and symbol not in self.master.listings
            and "." not in symbol
            and not symbol.startswith("^")
        )

    def exchange(self, mic: str) -> Exchange:
        """The venue ``mic``; :class:`UnknownExchange` names the known ones otherwise."""
        try:
            return self.venues[mic]
        except KeyError:
            raise UnknownExchange(mic, f"known MICs: {', '.join(sorted(self.venues))}") from None

    def calendar(self, mic: str) -> xcals.ExchangeCalendar:
        """The sessions of venue ``mic`` (its ``exchange_calendars`` calendar, recorded closures applied).

        Raises
        ------
        UnknownExchange
            ``mic`` is not one of :attr:`venues`.
        """
        return _calendar_named(self.exchange(mic).calendar)

    def calendar_for(
        self, symbol: str, dates: pd.DatetimeIndex | None = None, mics: Mapping[str, str] | None = None
    ) -> SessionCalendar | None:
        """The sessions ``symbol`` trades on: its venue's calendar, else its own bars' dates.

        Returns None when the venue is unknown and no ``dates`` are given.
        """
        mic = self.mic_for(symbol, mics)
        if mic is not None:
            return self.calendar(mic)
        if dates is None or len(dates) == 0:
            return None
        return BarsCalendar(dates, name=f"{symbol}'s own bars")


@functools.cache
def _bundled(root: Path | None) -> ReferenceData:
    # load_master() and load_master(None) are two functools.cache keys: call it as the other stages do.
    return ReferenceData(master=load_master(root) if root is not None else load_master())


def default_reference(reference: ReferenceData | None = None) -> ReferenceData:
    """``reference`` itself, or the bundled reference data when None (the public APIs' default)."""
    return reference if reference is not None else _bundled(None)
