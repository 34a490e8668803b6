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
# # 2. Price paths around the article, and what the whole market did
#
# Before estimating anything, look at the prices. Each listing is shown in its own currency,
# on its own exchange's sessions, against its local benchmark, both indexed to 100 at the close
# before day 0. Then the benchmarks alone: any abnormal return has to be read against what the
# market as a whole did in the same days.

# %% tags=["parameters"]
article_path = "../data/articles/2025-04-09-foxconn-nissan-ev.md"
published = None  # None: the article's own publication time (ISO with zone, or a date)
source = "snapshot"

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown

import marketreact as mr
from marketreact.report import narrative, views

pd.set_option("display.width", 160)

# %%
analysis = mr.analyse(mr.read_article(article_path, published=published), source=source)
Markdown(narrative.article_intro(analysis.article))

# %% [markdown]
# ## Listings against their local benchmarks
#
# Solid line: the listing's close; dashed grey: its benchmark. Both are price closes (not total
# returns) indexed to 100 on day −1. Yellow columns mark sessions on which the benchmark itself
# moved more than three of its own estimation-window standard deviations (a market-wide shock).
# A listing whose data stop before day 0 says so in its panel instead of drawing a flat line.

# %%
views.price_paths_figure(analysis)

# %%
Markdown(narrative.study_coverage(analysis.plan, analysis.study, analysis.notes))

# %% [markdown]
# ## The market in those days
#
# Daily returns (%) of the local benchmarks, computed from the bundled closes. Each column
# follows its own exchange's calendar: an empty cell is a session that market did not hold (a
# holiday or a weekend in that time zone), never a filled value. Read the rows with the time
# zones in mind: an Asian market can only react to news from a New York session on its next
# session.

# %%
moves = views.benchmark_moves(analysis)
moves

# %%
Markdown(narrative.benchmark_moves_summary(moves) if isinstance(moves, pd.DataFrame) else "")

# %% [markdown]
# Large index moves on day 0 or day +1 make a listing's abnormal return depend heavily on how
# well its beta is estimated: notebook 3 fits the model, and notebook 5 lists the shock days with
# their z-scores.
