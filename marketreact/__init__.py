"""marketreact: did the market react to this news article, and by how much?

The usual flow::

    import marketreact as mr

    article = mr.read_article("data/articles/2025-04-09-foxconn-nissan-ev.md")
    analysis = mr.analyse(article)          # plan -> event study -> claim check
    print(analysis)                         # readable report with caveats
    analysis.study.summary()                # group tests, one row per window
    analysis.study.car                      # CAR, listing x window
"""

from __future__ import annotations

from marketreact.data.prices import load_prices, to_returns
from marketreact.errors import MarketReactError, MarketReactWarning
from marketreact.events.plan import Plan, plan
from marketreact.report.analysis import Analysis, analyse
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
    "load_prices",
    "parse_article",
    "plan",
    "read_article",
    "to_returns",
]
__version__ = "0.1.0"
