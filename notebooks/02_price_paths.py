# ---
# jupyter:
#   jupytext:
#     formats: py:percent,ipynb
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2. Price paths around the article, and what the whole market did that week
#
# Before estimating anything, look at the prices. Each listing is shown in its own currency,
# on its own exchange's sessions, against its local benchmark, both indexed to 100 at the close
# before day 0. Then the benchmarks alone: the article appeared in the middle of the April 2025
# tariff sell-off and rebound, and any abnormal return has to be read against that.

# %% tags=["parameters"]
article_path = "../data/articles/2025-04-09-foxconn-nissan-ev.md"
published = None  # None: the article's own publication time
event_windows = [(0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5), (-10, 10)]
source = "snapshot"
show = ["7201.T", "2317.TW", "601138.SS", "AAPL"]  # listings to draw
week = ("2025-04-02", "2025-04-11")  # sessions to tabulate for the benchmarks
focus = ["2025-04-09", "2025-04-10"]  # the article's date and the next session

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import marketreact as mr
from marketreact.plots import plot_price_paths

pd.set_option("display.width", 160)

# %%
analysis = mr.analyse(
    mr.read_article(article_path), published=published, event_windows=event_windows, source=source
)
events = analysis.plan.events.set_index("symbol")
study = analysis.study
events.loc[show, ["day0", "benchmark", "mic"]]

# %% [markdown]
# ## Listings against their local benchmarks
#
# Solid line: the listing's close; dashed grey: its benchmark. Both are price closes (not total
# returns) indexed to 100 on day −1. Yellow columns mark sessions on which the benchmark itself
# moved more than three of its own estimation-window standard deviations (a market-wide shock).

# %%
fig, axes = plt.subplots(2, 2, figsize=(13, 8.5))
for sym, ax in zip(show, axes.ravel(), strict=True):
    plot_price_paths(
        analysis.prices,
        sym,
        events.loc[sym, "day0"],
        benchmark=events.loc[sym, "benchmark"],
        shock_days=study.shock_days(sym),
        ax=ax,
    )
fig.tight_layout()

# %% [markdown]
# The two OTC lines mentioned in the article show why the data coverage matters: their bundled
# history stops before day 0, and the chart says so instead of drawing a flat line.

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.2))
for sym, ax in zip(["NSANY", "MMTOF"], axes, strict=True):
    plot_price_paths(analysis.prices, sym, events.loc[sym, "day0"], benchmark="SPY", ax=ax)
fig.tight_layout()
for note in analysis.notes:
    print(note)

# %% [markdown]
# ## The market that week
#
# Daily returns of the four local benchmarks, computed from the bundled closes. Each column
# follows its own exchange's calendar: an empty cell is a session that market did not hold (a
# holiday), never a filled value.

# %%
benchmarks = list(dict.fromkeys(events["benchmark"]))
bench_returns = mr.to_returns(mr.load_prices(benchmarks, "2025-03-20", week[1], source=source))
moves = (bench_returns["return"].unstack("symbol").loc[week[0] : week[1], benchmarks] * 100).round(2)
moves

# %%
spy, n225 = moves["SPY"], moves["^N225"]
print(
    f"SPY: largest fall {spy.min():+.1f}% on {spy.idxmin().date()}, largest rise {spy.max():+.1f}% on {spy.idxmax().date()}"
)
print(
    f"^N225: largest fall {n225.min():+.1f}% on {n225.idxmin().date()}, largest rise {n225.max():+.1f}% on {n225.idxmax().date()}"
)

# %% [markdown]
# Read the table row by row with the time zones in mind. The US rebound came during the New York
# session of 9 April, after Tokyo, Shanghai and Taipei had closed for the day; those markets
# could only react on their next session, 10 April. So, for the Asian listings, the article's day
# 0 falls before the rebound, and day +1 contains it; for the US listings, the article's day 0 is
# the rebound day itself.

# %%
moves.loc[pd.to_datetime(focus)].T.rename(columns=lambda d: f"{d.date()} (%)")

# %% [markdown]
# With index moves of this size on day 0 and day +1, a listing's abnormal return depends heavily
# on how well its beta is estimated: notebook 3 fits the model, and notebook 5 lists the shock
# days with their z-scores.
