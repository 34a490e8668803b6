"""Stage 4, prices: one price API over registered sources (the bundled snapshot, Yahoo, your own files)."""

from __future__ import annotations

from marketreact.data.prices import load_prices, to_returns

__all__ = ["load_prices", "to_returns"]
