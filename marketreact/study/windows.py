"""Estimation and event windows in trading-day offsets relative to day 0.

All windows are inclusive ``(a, b)`` pairs of whole offsets. Offsets count the
listing's own sessions: the rows of its return series, which follow its
exchange calendar (a session the exchange did not trade, such as Taiwan's
2024-10-31 typhoon closure, has no row and is not counted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
    def parse(cls, estimation_window: Any, event_windows: Iterable[Any]) -> Windows:
        """Parse and validate; estimation and event windows must not overlap.

        Raises
        ------
        InvalidParameter
            On a malformed window, or an event window overlapping the estimation
            window (the message names both).
        """
        est = parse_window(estimation_window, "estimation_window")
        events = tuple(parse_windows(event_windows, "event_windows"))
        for ev in events:
            if not (est[1] < ev[0] or ev[1] < est[0]):
                raise InvalidParameter(
                    "event_windows",
                    ev,
                    f"event window {window_label(ev)} overlaps estimation_window {window_label(est)}; "
                    "end the estimation window before the first event-window day, e.g. (-250, -11)",
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
