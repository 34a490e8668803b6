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
# # 3. The event study
#
# For each listing, a market model is estimated on a window of sessions well before the article,
# against the listing's local benchmark. The abnormal return (AR) on a day is the listing's return
# minus what the model predicts from the benchmark's return that day; the cumulative abnormal
# return (CAR) adds ARs over an event window. Each CAR gets a t-test with the Campbell–Lo–MacKinlay
# variance (which includes the estimation error of alpha and beta), and the listings together get
# group tests. Then comes the harder part: reading the numbers honestly.

# %% tags=["parameters"]
article_path = "../data/articles/2025-04-09-foxconn-nissan-ev.md"
published = None  # None: the article's own publication time (ISO with zone, or a date)
source = "snapshot"
event_windows = [(0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5), (-10, 10)]
model = "market"
estimation_window = (-250, -11)
n_examples = 4  # listings drawn in detail (smallest p-value first)

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown

import marketreact as mr
from marketreact.plots.study import plot_car_heatmap
from marketreact.report import narrative, views
from marketreact.report.charts import skipped_note
from marketreact.study.result import SMALL_N

pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 160)

# %%
analysis = mr.analyse(
    mr.read_article(article_path, published=published),
    source=source,
    model=model,
    estimation_window=estimation_window,
    event_windows=event_windows,
    charts=False,
)
study = analysis.study
Markdown(narrative.article_intro(analysis.article))

# %%
Markdown(narrative.study_coverage(analysis.plan, study, analysis.notes))

# %% [markdown]
# ## The model and the estimation window
#
# One row per listing: the benchmark, the fitted alpha and beta, the residual standard deviation
# (sigma, a daily fraction) and the number of estimation sessions used. The estimation window is
# counted in each listing's own sessions, so it covers different calendar dates on different
# exchanges.

# %%
study.params.round(4) if study else views.Note("No model was fitted.")

# %%
views.estimation_ranges(analysis)

# %% [markdown]
# ## Data quality
#
# Before trusting a beta: how many estimation returns were usable, how many were exactly zero
# (thin trading), and on what basis the returns are computed (`adjusted`/`dividends` = total
# return, `price` = price index without dividends).

# %%
quality_columns = ["n_estimation", "estimation_window_sessions", "zero_return_share", "thin_trading", "basis"]
study.quality[quality_columns] if study else views.Note("No data-quality report without a study.")

# %% [markdown]
# ## Per-listing CAR and t-tests
#
# CAR by listing and window (fractions: 0.01 = 1%), then the same as a heat table with stars for
# per-listing p-values below 5% and 1%:

# %%
study.car.round(4) if study else views.Note("No CAR was computed.")

# %%
if study is not None:
    pvalues = study.tests["p"].unstack("window").loc[study.car.index, study.car.columns]
    ax = plot_car_heatmap(study.car, pvalues, note=skipped_note(study.skipped))

# %% [markdown]
# The full per-listing test table: CAR, its standard error, t, degrees of freedom and p.

# %%
study.tests[["car", "se", "t", "df", "p"]].round(4) if study else views.Note("No tests were computed.")

# %%
Markdown(narrative.reaction_summary(study))

# %% [markdown]
# ## Abnormal returns day by day and CAR paths
#
# All listings' CAR paths, cumulated from the first day of the widest window, with the mean path
# of the listings with complete data in black:

# %%
ax = study.plot() if study else None

# %% [markdown]
# The listings with the smallest p-values in detail: the CAR from the start of the widest window
# to each day, with its 95% band, and the daily ARs. Yellow marks days on which the listing's
# benchmark had a market-wide shock.

# %%
views.car_paths_figure(study, views.car_examples(study, n_examples) if study else [])

# %% [markdown]
# ## Group tests
#
# With few listings, cross-sectional tests (which estimate the spread of CARs across listings)
# have few degrees of freedom; below the library's `SMALL_N` threshold the summary puts the
# portfolio (Brown–Warner) and Patell tests first. `n` is the number of listings with a CAR in the
# window.

# %%
print(f"N = {study.n_listings if study else 0} listings; SMALL_N = {SMALL_N}")
study.summary().round(3) if study else views.Note("No group test without a study.")

# %% [markdown]
# ## What can and cannot be concluded
#
# **Market-wide shocks.** Each listing's benchmark move as a z-score (in estimation-window
# standard deviations) for the sessions around day 0:

# %%
views.shock_zscores(study)

# %%
Markdown(narrative.shock_summary(study) if study else "No shock check without a study.")

# %% [markdown]
# **How much of day 0 is the market?** Beta times the benchmark's day-0 return is the part of the
# listing's move the model attributes to the market; the AR is what is left.

# %%
impact = views.beta_impact(study)
impact.round(4) if isinstance(impact, pd.DataFrame) else impact

# %%
Markdown(narrative.beta_sensitivity(impact) if isinstance(impact, pd.DataFrame) else str(impact))

# %% [markdown]
# **Caveats.** The study's own warnings, as the library reports them (listings that share a
# company or an event date are not independent, price-only benchmarks, thin trading):

# %%
for w in analysis.warnings:
    print("-", w)
