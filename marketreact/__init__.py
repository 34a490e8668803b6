"""marketreact: did the market react to this news article, and by how much?"""

from __future__ import annotations

from marketreact.errors import MarketReactError
from marketreact.prices import load_prices, to_returns

__all__ = ["MarketReactError", "load_prices", "to_returns"]
__version__ = "0.1.0"
