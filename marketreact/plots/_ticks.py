"""Tick locators that return only the ticks that are drawn.

Matplotlib builds a full ``Tick`` (three lines, two texts) for every location a
locator returns, also for the one or two just outside the view that
:class:`~matplotlib.ticker.MaxNLocator` adds at each end and that are never
drawn. On a grid of small panels, ticks are most of the drawing time, so the
charts ask for fewer, all visible ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = ["InViewLocator", "day_locator", "value_locator"]


class InViewLocator(MaxNLocator):
    """:class:`~matplotlib.ticker.MaxNLocator` without the locations outside the view interval."""

    def __call__(self) -> Sequence[float]:
        """Tick locations inside the axis' current view (the ends included)."""
        if self.axis is None:  # not attached to an axis: nothing to filter against
            return super().__call__()
        vmin, vmax = sorted(self.axis.get_view_interval())
        locs = np.asarray(self.tick_values(vmin, vmax), dtype=float)
        # Matplotlib itself draws a tick within 1e-10 of the span of an end (its own test).
        slack = (vmax - vmin) * 1e-10
        return list(locs[(locs >= vmin - slack) & (locs <= vmax + slack)])


def day_locator() -> InViewLocator:
    """Whole relative days, about five of them: ±10 days read −10, −5, 0, 5, 10; ±5 read −4 … 4."""
    return InViewLocator(nbins=6, integer=True, steps=[1, 2, 5, 10], min_n_ticks=3)


def value_locator(
    integer: bool = False, steps: Sequence[float] = (1, 2, 2.5, 5, 10), nbins: int = 5
) -> InViewLocator:
    """Three to ``nbins`` round values on a value axis (whole numbers only with ``integer``).

    ``steps`` are the allowed tick spacings times a power of ten (matplotlib's default here).
    """
    return InViewLocator(nbins=nbins, integer=integer, steps=list(steps), min_n_ticks=3)
