"""marketreact: did the market react to this news article, and by how much?

The usual flow::

    import marketreact as mr

    article = mr.read_article("data/articles/2025-04-09-foxconn-nissan-ev.md")
    analysis = mr.analyse(article)          # plan -> event study -> claim check
    print(analysis)                         # readable report with caveats
    analysis.study.summary()                # group tests, one row per window
    analysis.study.car                      # CAR, listing x window

The public names are imported on first use (PEP 562), so that a command that
only reads text does not pay for the statistics and plotting stacks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketreact.data.prices import load_prices, to_returns
    from marketreact.errors import MarketReactError, MarketReactWarning
    from marketreact.events.plan import Plan, plan
    from marketreact.report.analysis import Analysis, analyse
    from marketreact.report.corpus import analyse_many
    from marketreact.study import EventStudy, EventStudyResult
    from marketreact.text.article import Article, parse_article, read_article

__all__ = [
    "Analysis",
    "Article",
    "EventStudy",
    "EventStudyResult",
    "MarketReactError",
    "MarketReactWarning",
    "Plan",
    "analyse",
    "analyse_many",
    "load_prices",
    "parse_article",
    "plan",
    "read_article",
    "to_returns",
]
__version__ = "0.1.0"

_WHERE = {
    "Analysis": "marketreact.report.analysis",
    "analyse": "marketreact.report.analysis",
    "analyse_many": "marketreact.report.corpus",
    "Article": "marketreact.text.article",
    "parse_article": "marketreact.text.article",
    "read_article": "marketreact.text.article",
    "EventStudy": "marketreact.study",
    "EventStudyResult": "marketreact.study",
    "MarketReactError": "marketreact.errors",
    "MarketReactWarning": "marketreact.errors",
    "Plan": "marketreact.events.plan",
    "plan": "marketreact.events.plan",
    "load_prices": "marketreact.data.prices",
    "to_returns": "marketreact.data.prices",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'marketreact' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
