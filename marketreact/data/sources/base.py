"""The one protocol every price source implements, and the one bar schema they return."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import pandas as pd

__all__ = ["BAR_COLUMNS", "PriceSource"]

#: Columns of every source's bars (float64; NaN = unknown), indexed by session ``date``.
BAR_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume", "dividends")


@runtime_checkable
class PriceSource(Protocol):
    """Daily bars by symbol."""

    @property
    def name(self) -> str:
        """Short name shown in outputs (``"snapshot"``, ``"yahoo"``, a folder path)."""
        ...

    def bars(self, symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
        """Bars of ``symbol`` over at least ``[start, end]`` (None: open-ended).

        Returns a frame indexed by tz-naive session ``date`` (sorted, unique) with
        the float columns :data:`BAR_COLUMNS`. Raises
        :class:`~marketreact.errors.UnknownSymbol` when the source has no such symbol.
        """
        ...

    def holds(self) -> frozenset[str] | None:
        """The symbols the source holds, or None when it cannot tell in advance (a download source)."""
        ...

    def credit(self) -> str:
        """The data credit printed under charts."""
        ...
