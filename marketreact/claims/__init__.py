"""Stage 5, quoted moves: find the price moves an article quotes and check which session they describe.

:mod:`~marketreact.claims.text` reads moves from text and attributes them to a
subject; :mod:`~marketreact.claims.check` checks each against the bars.
"""

from __future__ import annotations

from marketreact.claims.check import ClaimCheck, ClaimResult, check_article, verify_claims

__all__ = ["ClaimCheck", "ClaimResult", "check_article", "verify_claims"]
