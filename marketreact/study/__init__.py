"""Event studies: normal-return models, abnormal returns, CAR/BHAR and their tests.

>>> from marketreact.study import EventStudy
>>> res = EventStudy(model="market").fit([{"symbol": "7201.T", "day0": "2025-04-09"}])  # doctest: +SKIP
"""

from __future__ import annotations

from marketreact.study.engine import EventStudy
from marketreact.study.result import EventStudyResult
from marketreact.study.windows import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS, Windows

__all__ = ["DEFAULT_ESTIMATION_WINDOW", "DEFAULT_EVENT_WINDOWS", "EventStudy", "EventStudyResult", "Windows"]
