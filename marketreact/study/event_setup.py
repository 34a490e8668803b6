"""Per-event estimation windows and factor regressors for :class:`~marketreact.study.EventStudy`.

Kept apart from :mod:`marketreact.study.assemble` so the engine only calls small helpers.

Per-event estimation windows. An events table may carry an ``estimation_window``
column (a pair ``(a, b)`` or the text ``"a,b"``; empty = the study's window).
Each window is validated against the study's event windows like the study's
own. The stacked estimation arrays then span the UNION axis ``(min a, max b)``
by relative day, and cells outside an event's own window are NaN (not used),
so the relative-day alignment of the Brown-Warner and rank tests is kept.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from marketreact.errors import InvalidParameter
from marketreact.study.factor_cells import resolve_noted
from marketreact.study.factors import FactorSource
from marketreact.study.windows import Windows

__all__ = ["event_estimation_windows", "factor_regressors", "union_windows"]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def event_estimation_windows(events: Any, windows: Windows) -> list[tuple[int, int]]:
    """Each event's estimation window (the study's when the row has none), in event order.

    Raises
    ------
    InvalidParameter
        Naming ``events[i].estimation_window`` when a window is malformed or overlaps an event window.
    """
    if isinstance(events, pd.DataFrame):
        if "estimation_window" not in events.columns:
            return [windows.estimation] * len(events)
        values = list(events["estimation_window"])
    else:
        values = [row.get("estimation_window") if isinstance(row, Mapping) else None for row in events]
    out = []
    for i, value in enumerate(values):
        if _blank(value):
            out.append(windows.estimation)
            continue
        try:
            parsed = Windows.parse(tuple(value) if isinstance(value, np.ndarray) else value, windows.events)
        except InvalidParameter as exc:
            raise InvalidParameter(f"events[{i}].estimation_window", value, exc.hint) from None
        if parsed.estimation_length < 3:
            raise InvalidParameter(f"events[{i}].estimation_window", value, "give at least 3 sessions")
        out.append(parsed.estimation)
    return out


def union_windows(own: list[tuple[int, int]], windows: Windows) -> Windows:
    """The study's windows with the estimation window widened to hold every event's own."""
    return Windows((min(a for a, _ in own), max(b for _, b in own)), windows.events)


def factor_regressors(
    source: FactorSource,
    symbol: str,
    mic: str,
    sessions: pd.DatetimeIndex,
    first: int,
    last: int,
    kind: str,
) -> tuple[np.ndarray, np.ndarray, str, str | None]:
    """Factor regressors and RF on a listing's sessions for its window positions ``first..last``.

    ``mic`` is the listing's venue (its region's table applies first).

    Returns ``x`` (n, k), ``rf`` (n,) (log(1 + RF) for log returns), the table's name, and the
    fallback warning's text (also re-issued as a warning) or None.
    """
    n = len(sessions)
    start = sessions[int(np.clip(first, 0, n - 1))]
    end = sessions[int(np.clip(last, 0, n - 1))]
    table, note = resolve_noted(source, symbol, mic, start, end, stacklevel=5)
    x, rf = table.place(sessions)
    if kind == "log":
        rf = np.log1p(rf)
    return x, rf, table.name, note
