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
# # 5. The article's quoted moves, and what else happened
#
# Articles often print share-price moves next to the news, and a reader may take them as the
# market's reaction. This notebook checks each quoted move against the listing's actual
# close-to-close change on every session around day 0, to find which session it describes. Then it
# lists the confounders: the sessions on which the benchmarks themselves moved extremely.

# %% tags=["parameters"]
article_path = "../data/articles/2025-04-09-foxconn-nissan-ev.md"
published = None  # None: the article's own publication time (ISO with zone, or a date)
source = "snapshot"

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown

import marketreact as mr
from marketreact.plots.claims import plot_claims
from marketreact.report import narrative, views
from marketreact.study.confounders import shock_warning

pd.set_option("display.width", 170)
pd.set_option("display.max_colwidth", 130)

# %%
article = mr.read_article(article_path, published=published)
analysis = mr.analyse(article, source=source, charts=False)
claims = analysis.claims
Markdown(narrative.article_intro(article))

# %%
print(
    f"{len(claims.claims)} quoted move(s) attributed to a listing; {len(claims.unattributed)} not attributed"
)
for u in claims.unattributed:
    print(f"  not attributed: {u.move.text!r}: {u.reason}")

# %% [markdown]
# ## Quoted moves against the data
#
# One row per quoted move: the text, the listing it was attributed to (and by which rule), the
# listing's day 0, the sessions whose actual move matches the quote within its printed rounding, and
# the verdict.

# %%
table = claims.to_frame()
columns = [
    "text",
    "symbol",
    "via",
    "quoted_pct",
    "day0",
    "matches",
    "closest_relative_day",
    "status",
    "verdict",
]
table.reindex(columns=columns) if not table.empty else views.Note("No quoted move was tied to a listing.")

# %% [markdown]
# The chart draws each listing's actual move on every session around its day 0 (solid), the quoted
# figure as a dashed level in the same colour, and a ring on each session that matches the quote. Look
# for where the rings sit relative to the dotted day-0 line.

# %%
ax = plot_claims(claims) if claims.claims else None

# %%
Markdown(narrative.claims_summary(claims))

# %% [markdown]
# ## Confounders: market-wide shocks
#
# `market_shocks` standardises each benchmark's returns in the event window by the mean and standard
# deviation of its estimation window and flags sessions beyond the threshold. One table per
# benchmark, on its own exchange's calendar, with day 0 taken from the plan:

# %%
shocks = views.shock_tables(analysis)
for bench, frame in shocks.items():
    if frame.empty:
        print(f"{bench}: not computed: {frame.attrs.get('error')}\n")
        continue
    print(
        f"{bench}: day 0 {frame.attrs.get('day0', '')}, estimation sd {frame.attrs['sd_est']:.4f}, threshold {frame.attrs['threshold']}"
    )
    print(
        frame.assign(ret_pct=frame["return"] * 100)
        .drop(columns="return")
        .round({"z": 2, "ret_pct": 2})
        .to_string(index=False)
    )
    print(shock_warning(frame) or "no shock in this window", end="\n\n")
if not shocks:
    print("no benchmark to check: no listing is analysed")

# %% [markdown]
# A publication time only a little later can move day 0 to the next session on some exchanges
# (notebook 1); the shocks then fall on different relative days:

# %%
later = views.alternative_published(analysis.plan)
Markdown(
    narrative.timing_sensitivity(
        analysis.plan, mr.plan(article, published=later, source=source) if later else None, later
    )
)

# %%
for bench, frame in (views.shock_tables(analysis, (-2, 2), published=later) if later else {}).items():
    print(
        f"{bench} if published {later}: {(shock_warning(frame) or 'no market-wide shock') if not frame.empty else frame.attrs.get('error')}"
    )

# %% [markdown]
# ## Summary

# %%
Markdown(
    "\n".join(
        f"* {x}"
        for x in [
            narrative.claims_summary(claims),
            narrative.shock_summary(analysis.study)
            if analysis.study
            else "No event study, so no shock check.",
            narrative.reaction_summary(analysis.study),
        ]
    )
)
