"""The record of one quoted figure (:class:`QuotedMove`), shared by the claims modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Kind", "Qualifier", "QuotedMove"]

Qualifier = Literal["exact", "approx", "at_least", "at_most", "intraday", "limit"]
Kind = Literal["close", "intraday", "extended", "open", "multi_day", "ytd", "52_week", "level"]


@dataclass(frozen=True)
class QuotedMove:
    """One quoted price move, as printed in the text.

    Attributes
    ----------
    text : str
        The quoted phrase; ``article[start:end] == text``.
    start, end : int
    sign : int
        ``-1`` (down) or ``+1`` (up); ``0`` only for an unattributed bare
        percentage whose direction is not printed.
    magnitude : float
        Absolute size: percentage points for ``unit="pct"``; major currency
        units for ``unit="currency"`` ("12 cents" -> 0.12).
    unit : {"pct", "currency", "level"}
        ``level`` is a price level ("closed at $212.40"), checked against the close.
    currency : str or None
        The currency as printed (``"$"``, ``"¥"``, ``"yen"``); cents and pence
        are folded into ``"$"`` and ``"£"`` with ``minor=True``.
    decimals : int
        Decimals printed ("4.98" -> 2): the quote is taken as exact to half a
        unit of its last digit.
    minor : bool
        The amount was printed in cents or pence.
    qualifier : {"exact", "approx", "at_least", "at_most", "intraday", "limit"}
        From words such as "nearly", "about", "roughly" (approx), "more than",
        "greater than", "at least" (at_least), "as much as" (an intraday
        extreme, which closes cannot confirm) or "by the daily limit of"
        (limit: the exchange's price limit, checked like an exact figure).
    kind : {"close", "intraday", "extended", "open", "multi_day", "ytd", "52_week", "level"}
        What the figure measures (see :mod:`marketreact.claims.kinds`); only
        ``close`` (close-to-close on one session) can match a session.
    period : str or None
        For ``multi_day``: ``"week"``, ``"month"``, ``"sessions:N"`` or ``"since"``.
    """

    text: str
    start: int
    end: int
    sign: int
    magnitude: float
    unit: Literal["pct", "currency", "level"]
    currency: str | None
    decimals: int
    minor: bool = False
    qualifier: Qualifier = "exact"
    kind: Kind = "close"
    period: str | None = None

    @property
    def value(self) -> float:
        """The signed quoted move (pp or major currency units)."""
        return self.sign * self.magnitude

    @property
    def tolerance(self) -> float:
        """Half a unit of the last printed digit, in the unit of :attr:`value`."""
        return 0.5 * 10.0**-self.decimals * (0.01 if self.minor else 1.0)
