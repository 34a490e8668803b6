"""Charts return their Axes, label units, and render to identical bytes twice."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from marketreact import load_prices
from marketreact.plots import TimelineRow, plot_event_timeline, plot_price_paths, save_figure
from marketreact.plots.paths import indexed_paths, relative_days

DAY0 = pd.Timestamp("2025-04-09")


def test_relative_days_count_sessions_not_rows() -> None:
    # XNYS: 2025-04-18 is Good Friday, 2025-04-19 a Saturday. Counting sessions, 04-17 -> 04-21 is one day,
    # and a listing with no 04-21 row still has 04-22 two sessions after 04-17.
    dates = pd.DatetimeIndex(["2025-04-17", "2025-04-21", "2025-04-22", "2025-04-19"])
    rel = relative_days(dates, pd.Timestamp("2025-04-17"), "XNYS")
    assert rel[:3].tolist() == [0.0, 1.0, 2.0]
    assert np.isnan(rel[3])
    # XTAI: the 2024-10-31 typhoon closure is recorded in data/calendar_overrides.csv.
    taipei = relative_days(pd.DatetimeIndex(["2024-10-30", "2024-11-01"]), pd.Timestamp("2024-10-30"), "XTAI")
    assert taipei.tolist() == [0.0, 1.0]


def test_indexed_paths_base_is_day_minus_one() -> None:
    prices = load_prices(["7201.T"], "2025-03-25", "2025-04-15")
    paths = indexed_paths(prices, ["7201.T"], DAY0, "XTKS", (-2, 1))
    # PROVENANCE.md closes: 04-07 309.6, 04-08 334.9 (day -1), 04-09 311.5, 04-10 339.7.
    expected = [309.6 / 334.9 * 100, 100.0, 311.5 / 334.9 * 100, 339.7 / 334.9 * 100]
    assert np.allclose(paths["7201.T"].to_numpy(), expected)


def test_price_path_uses_given_axes_and_labels_units() -> None:
    prices = load_prices(["7201.T", "^N225"], "2025-03-20", "2025-04-25")
    fig, ax = plt.subplots()
    out = plot_price_paths(prices, "7201.T", DAY0, shock_days=[1], ax=ax)
    assert out is ax
    assert "day −1 = 100" in ax.get_ylabel()
    assert "Nissan Motor (7201.T)" in ax.get_title(loc="left")
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == [
        "Nissan Motor (7201.T)",
        "Nikkei 225 index (^N225)",
    ]
    plt.close(fig)


def test_timeline_requires_aware_time_and_returns_axes() -> None:
    rows = [TimelineRow("7201.T", "XTKS", DAY0), TimelineRow("HMC", "XNYS", DAY0)]
    ax = plot_event_timeline(pd.Timestamp("2025-04-09T09:00+09:00"), rows)
    assert isinstance(ax, Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["7201.T (XTKS)", "HMC (XNYS)"]
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="tz-aware"):
        plot_event_timeline(pd.Timestamp("2025-04-09 09:00"), rows)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_saving_is_byte_deterministic(tmp_path: Path, fmt: str) -> None:
    prices = load_prices(["7201.T", "^N225"], "2025-03-20", "2025-04-25")
    paths = []
    for name in ("a", "b"):
        ax = plot_price_paths(prices, "7201.T", DAY0)
        paths.append(save_figure(ax.figure, tmp_path / name, fmt))  # type: ignore[arg-type]
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_study_charts_on_synthetic_inputs() -> None:
    from marketreact.plots.study import plot_abnormal_returns, plot_car_heatmap, plot_car_path

    # Synthetic inputs (not market data): AR of +1%, NaN, -2% on days -1..1.
    ar = pd.Series([0.01, np.nan, -0.02], index=[-1, 0, 1])
    ax = plot_abnormal_returns(ar, shock_days=[0])
    assert ax.get_ylabel() == "abnormal return (%)"
    assert any(t.get_text() == "n/a" for t in ax.texts)  # the missing day is marked, not drawn as 0
    plt.close(ax.figure)

    car = pd.Series([0.01, 0.03], index=[0, 1])
    se = pd.Series([0.01, 0.014], index=[0, 1])
    ax = plot_car_path(car, se, df=100)
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    # 95% two-sided t(100) quantile = 1.98397 (scipy.stats.t.ppf(0.975, 100)); band top at day 1 = 3 + 1.984*1.4 %.
    assert np.isclose(band.max(), 3 + 1.983971519 * 1.4, atol=1e-6)
    plt.close(ax.figure)

    table = pd.DataFrame({"(0, 0)": [0.05, np.nan], "(-1, 1)": [-0.02, 0.01]}, index=["A", "B"])
    pvals = pd.DataFrame({"(0, 0)": [0.001, np.nan], "(-1, 1)": [0.2, 0.04]}, index=["A", "B"])
    ax = plot_car_heatmap(table, pvals)
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["+1.0*", "+5.0**", "n/a", "\u22122.0"]  # the minus sign, like the tick labels
    plt.close(ax.figure)


def test_indexed_paths_rebases_when_day_minus_one_is_missing() -> None:
    # MMTOF ends 2025-04-07 (day -2 for a 2025-04-09 day 0): base is its 04-07 close, not NaN, and nothing
    # after it is drawn.
    prices = load_prices(["MMTOF"], "2025-03-25", "2025-04-07")
    paths = indexed_paths(prices, ["MMTOF"], DAY0, "XNYS", (-3, 1))
    assert paths.attrs["base_day"] == {"MMTOF": -2}
    assert paths.loc[-2, "MMTOF"] == 100.0
    assert paths.loc[[-1, 0, 1], "MMTOF"].isna().all()


def test_chart_style_keeps_interactive_mode_switched_on_inside_it() -> None:
    # Jupyter's inline backend turns interactive mode on when the first figure is made; if that happens
    # inside chart_style(), leaving the block must not switch it back off (later figures would not show).
    import matplotlib as mpl

    from marketreact.plots import chart_style

    was = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with chart_style():
            mpl.interactive(True)
        assert mpl.is_interactive()
        with chart_style():
            assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
    finally:
        mpl.interactive(was)


def test_timeline_for_a_date_only_article_says_so() -> None:
    rows = [TimelineRow("7201.T", "XTKS", pd.Timestamp("2024-12-18"))]
    ax = plot_event_timeline(pd.Timestamp("2024-12-18"), rows, date_only=True)
    assert any("time unknown" in t.get_text() for t in ax.texts)
    assert not ax.lines  # no publication instant is drawn
    plt.close(ax.figure)


# Reasons as EventStudyResult.skipped records them for the flagship article (tests/test_cli_study.py checks
# that MMTOF and NSANY are skipped there); written out by hand.
SKIPPED = {
    "MMTOF": "EventOutsideData: MMTOF: no rows on 2025-04-09; day 0 lies outside the listing's data "
    "(the data end on 2025-04-07); fetch newer data with source='yahoo' (--source yahoo)",
    "NSANY": "EventOutsideData: NSANY: no rows on 2025-04-09; day 0 lies outside the listing's data "
    "(the data end on 2025-04-08); fetch newer data with source='yahoo' (--source yahoo)",
}


def test_short_reasons_and_skipped_note() -> None:
    from marketreact.report.charts import short_reason, skipped_note

    assert short_reason(SKIPPED["MMTOF"]) == "data end before day 0"
    too_few = "InsufficientEstimationData: X: only 12 usable estimation-window returns, fewer than 60"
    assert short_reason(too_few) == "too few estimation-window returns"
    assert short_reason("FetchFailed: X: the download failed; retry") == "the download failed"
    assert skipped_note(SKIPPED) == "not computable: MMTOF, NSANY (data end before day 0)"
    assert skipped_note({**SKIPPED, "X": too_few}) == (
        "not computable: MMTOF, NSANY (data end before day 0); X (too few estimation-window returns)"
    )
    assert skipped_note({}) == ""


def test_timeline_row_note_is_shown_in_its_label() -> None:
    rows = [TimelineRow("HMC", "XNYS", DAY0), TimelineRow("MMTOF", "OTCM", DAY0, note="no data on day 0")]
    ax = plot_event_timeline(pd.Timestamp("2025-04-09T09:00+09:00"), rows)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["HMC (XNYS)", "MMTOF (OTCM): no data on day 0"]
    assert "hatched" in ax.get_xlabel()
    # The day-0 text starts a few points right of its session's start, not on it.
    day0_text = next(t for t in ax.texts if t.get_text().startswith("day 0"))
    assert day0_text.anncoords == "offset points" and day0_text.xyann[0] > 0  # type: ignore[attr-defined]
    plt.close("all")


def test_heat_table_note_lists_skipped_listings() -> None:
    from marketreact.plots.study import plot_car_heatmap
    from marketreact.report.charts import skipped_note

    table = pd.DataFrame({"(0, 0)": [0.05]}, index=["A"])  # synthetic
    ax = plot_car_heatmap(table, note=skipped_note(SKIPPED))
    assert "not computable: MMTOF, NSANY (data end before day 0)" in [t.get_text() for t in ax.texts]
    assert "CLM" not in ax.get_title(loc="left")
    plt.close("all")


def test_price_path_note_and_whole_number_ticks() -> None:
    from marketreact.errors import DataQualityWarning

    with pytest.warns(DataQualityWarning, match="MMTOF"):  # its data end 2025-04-07 (PROVENANCE.md)
        prices = load_prices(["MMTOF", "SPY"], "2025-03-20", "2025-04-25")
    ax = plot_price_paths(prices, "MMTOF", DAY0, benchmark="SPY")
    note = next(t for t in ax.texts if t.get_text() == "no MMTOF data after 2025-04-07")
    assert note.get_position()[1] > 0.9  # top of the axes, above the data (headroom added)
    assert note.get_bbox_patch() is not None
    ticks = ax.get_yticks()
    assert np.allclose(ticks, np.round(ticks))
    plt.close("all")


def test_claims_grid_has_one_panel_per_claim_titled_with_its_verdict() -> None:
    from marketreact import read_article
    from marketreact.claims.check import check_article
    from marketreact.plots.claims import plot_claims_grid, short_verdict
    from tests.conftest import REPO

    check = check_article(read_article(REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md"))
    by_symbol = {r.claim.symbol: r for r in check.claims}
    # Verdicts of the report (tests/test_cli_study.py: "match the 2025-04-08 closes"); MMTOF ends 2025-04-07.
    assert short_verdict(by_symbol["AAPL"]) == "matches 2025-04-08 (day \u22121)"
    assert short_verdict(by_symbol["MMTOF"]) == "no data after 2025-04-07"
    fig = plot_claims_grid(check)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(check.claims)
    titles = [ax.get_title(loc="left") for ax in panels]
    assert titles[0].startswith("AAPL: quoted 'lost 4.98%'") and titles[0].endswith("(day \u22121)")
    assert fig.legends  # one legend for all panels
    plt.close(fig)


def test_widened_figure_holds_its_source_line_at_the_saved_dpi() -> None:
    """A one-panel grid is widened for its source line; measured as drawn (the style's text
    settings, at the saving dpi), the line ends inside the figure."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import RendererAgg

    from marketreact.plots._style import add_source_line, chart_style, finish_grid, panel_grid

    fig, _ = panel_grid(1, "one panel")
    finish_grid(fig)
    add_source_line(fig, "Data: " + "a long credit line naming the source and its manifest digest " * 2)
    with chart_style():
        dpi = float(mpl.rcParams["savefig.dpi"])
        renderer = RendererAgg(int(fig.get_figwidth() * dpi), int(fig.get_figheight() * dpi), dpi)
        end = fig.texts[-1].get_window_extent(renderer).x1
    assert end <= fig.get_figwidth() * dpi
