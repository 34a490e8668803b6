"""Prices already in memory as a price source."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from marketreact.data.sources.base import BAR_COLUMNS
from marketreact.errors import InvalidParameter, UnknownSymbol

__all__ = ["FrameSource"]


@dataclass(frozen=True)
class FrameSource:
    """A DataFrame of prices as a source.

    Parameters
    ----------
    prices : DataFrame
        Long form indexed ``(symbol, date)`` with at least a ``close`` column
        (the shape :func:`marketreact.load_prices` returns), or wide form: a
        ``date`` index and one column of closes per symbol.
    """

    prices: pd.DataFrame
    name: str = "frame"
    _by_symbol: dict[str, pd.DataFrame] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        frame = self.prices
        if not isinstance(frame, pd.DataFrame):
            raise InvalidParameter("source", type(frame).__name__, "pass a DataFrame of prices")
        if isinstance(frame.index, pd.MultiIndex):
            if "close" not in frame.columns:
                raise InvalidParameter(
                    "source", "DataFrame", "a long price frame needs a 'close' column (index symbol, date)"
                )
            groups = {str(s): g.droplevel(0) for s, g in frame.groupby(level=0, sort=False)}
        else:
            groups = {str(s): frame[[s]].rename(columns={s: "close"}) for s in frame.columns}
        parts: dict[str, pd.DataFrame] = {}
        for symbol, g in groups.items():
            bars = pd.DataFrame(index=pd.DatetimeIndex(g.index, name="date"))
            for column in BAR_COLUMNS:
                bars[column] = (
                    pd.to_numeric(g[column], errors="raise").to_numpy(float) if column in g else float("nan")
                )
            if bars.index.duplicated().any():
                raise InvalidParameter("source", symbol, "the price frame has a date twice for this symbol")
            parts[symbol] = bars.sort_index()
        object.__setattr__(self, "_by_symbol", parts)

    def bars(self, symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
        try:
            return self._by_symbol[symbol].copy()
        except KeyError:
            raise UnknownSymbol(symbol, "the price frame passed in", "add its rows to the frame") from None

    def holds(self) -> frozenset[str]:
        return frozenset(self._by_symbol)

    def credit(self) -> str:
        return "Data: prices passed in by the user"
