"""Estimation and event windows in trading-day offsets relative to day 0.

All windows are inclusive ``(a, b)`` pairs of whole offsets. Offsets count the
sessions of the listing's exchange calendar (:func:`marketreact.reference.venues.calendar`),
not the rows of its data: a session without a row (a data gap) still counts and
holds a NaN return, so a gap never shifts the offsets around it. This is the
same definition :mod:`marketreact.claims.check` and the charts use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from marketreact._parse import parse_window, parse_windows
from marketreact.errors import InvalidParameter

__all__ = [
    "DEFAULT_ESTIMATION_WINDOW",
    "DEFAULT_EVENT_WINDOWS",
    "Windows",
    "window_label",
]

DEFAULT_ESTIMATION_WINDOW: tuple[int, int] = (-250, -11)
DEFAULT_EVENT_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5), (-10, 10))


def window_label(window: tuple[int, int]) -> str:
    """Text label of a window, e.g. ``(-1,1)``; used as a pandas label and in messages."""
    return f"({window[0]},{window[1]})"


def _is_offset(item: Any) -> bool:
    return isinstance(item, int | float | np.integer | np.floating) and not isinstance(item, bool)


def _as_window_list(value: Any) -> list[Any]:
    """``event_windows`` as a list of windows: one string or one pair of numbers is ONE window."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and len(value) == 2 and all(_is_offset(v) for v in value):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return list(value)
    raise InvalidParameter(
        "event_windows", value, "give one window such as (-1, 1) or '-1,1', or a list of them"
    )


@dataclass(frozen=True)
class Windows:
    """Validated estimation window and event windows.

    Attributes
    ----------
    estimation : (int, int)
    events : tuple of (int, int)
    span : (int, int)
        Smallest window holding every event window: the abnormal returns are
        computed on this span once and each event window is a slice of it.
    """

    estimation: tuple[int, int]
    events: tuple[tuple[int, int], ...]

    @classmethod
    def parse(cls, estimation_window: Any, event_windows: Any) -> Windows:
        """Parse and validate the windows.

        ``event_windows`` is an iterable of windows; a single window given as a
        string (``"-1,1"``) or as a pair of whole numbers (``(-1, 1)``) is
        accepted as one window.

        Raises
        ------
        InvalidParameter
            On a malformed window, an event window overlapping the estimation
            window (the message names both), or an estimation window that does
            not end before day 0 and before the earliest event-window day.
        """
        est = parse_window(estimation_window, "estimation_window")
        events = tuple(parse_windows(_as_window_list(event_windows), "event_windows"))
        for ev in events:
            if not (est[1] < ev[0] or ev[1] < est[0]):
                raise InvalidParameter(
                    "estimation_window",
                    est,
                    f"it overlaps event window {window_label(ev)}; "
                    "end the estimation window before the first event-window day, e.g. (-250, -11)",
                )
        first = min(a for a, _ in events)
        if est[1] >= 0 or est[1] >= first:
            limit = min(first, 0) - 1
            raise InvalidParameter(
                "estimation_window",
                est,
                f"the estimation window must end before day 0 and before the earliest event-window day "
                f"({first}); end it at {limit} or earlier, e.g. ({limit - 239}, {limit})",
            )
        return cls(est, events)

    @property
    def span(self) -> tuple[int, int]:
        return min(a for a, _ in self.events), max(b for _, b in self.events)

    @property
    def estimation_length(self) -> int:
        return self.estimation[1] - self.estimation[0] + 1

    @property
    def span_length(self) -> int:
        lo, hi = self.span
        return hi - lo + 1

    def columns(self, window: tuple[int, int]) -> slice:
        """Column slice of ``window`` within the event span arrays."""
        lo = self.span[0]
        return slice(window[0] - lo, window[1] - lo + 1)

    @property
    def labels(self) -> list[str]:
        return [window_label(w) for w in self.events]
