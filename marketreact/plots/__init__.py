"""Charts. Every function takes ``ax=None`` and returns the Axes; none shows or saves."""

from marketreact.plots._style import chart_style, save_figure
from marketreact.plots.paths import TimelineRow, plot_event_timeline, plot_price_paths

__all__ = ["TimelineRow", "chart_style", "plot_event_timeline", "plot_price_paths", "save_figure"]
