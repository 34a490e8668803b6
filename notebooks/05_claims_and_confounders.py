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
# The article printed share-price moves next to the report. A reader may take them as the market's
# reaction to the news. This notebook checks each quoted move against the listing's actual
# close-to-close change on every session around day 0, to find which session it describes. Then it
# lists the confounders: the sessions on which the benchmarks themselves moved extremely.

# %% tags=["parameters"]
article_path = "../data/articles/2025-04-09-foxconn-nissan-ev.md"
published = None  # None: the article's own publication time
event_windows = [(0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5), (-10, 10)]
source = "snapshot"
shock_benchmarks = ["SPY", "^N225"]
alternative_published = "2025-04-09T16:00+09:00"  # as in notebook 1: after the Tokyo close

# %%
# %matplotlib inline
import pandas as pd

import marketreact as mr
from marketreact.plots.claims import plot_claims
from marketreact.study.confounders import market_shocks, shock_warning

pd.set_option("display.width", 170)
pd.set_option("display.max_colwidth", 130)

# %%
article = mr.read_article(article_path)
analysis = mr.analyse(article, published=published, event_windows=event_windows, source=source)
claims = analysis.claims
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
# the closest session.

# %%
table = claims.to_frame()
table[
    [
        "text",
        "symbol",
        "via",
        "quoted_pct",
        "day0",
        "matches",
        "closest_date",
        "closest_relative_day",
        "closest_actual_pct",
        "status",
    ]
].round(3)

# %%
for row in table.itertuples():
    print(f"{row.symbol:>6}: {row.text!r} -> {row.verdict}")
print()
print(claims.summary)

# %% [markdown]
# The chart draws each listing's actual move on every session around its day 0 (solid), the quoted
# figure as a dashed level in the same colour, and a ring on each session that matches the quote. Look
# for where the rings sit relative to the dotted day-0 line.

# %%
ax = plot_claims(claims)

# %% [markdown]
# The matching sessions lie before day 0: the quoted figures are the moves of the previous close, i.e.
# they describe the market before the news, not the reaction to it. A line whose data end before day 0
# (MMTOF) cannot be checked at all; the verdict says how far the nearest available session is from the
# quote.

# %%
day0_matches = table["matches"].map(len).sum()
before = table.explode("matches").dropna(subset=["matches"])
print(
    f"matched sessions: {day0_matches}; all of them before the listing's day 0: {bool((pd.to_datetime(before['matches']) < pd.to_datetime(before['day0'])).all())}"
)
print(f"not checkable for lack of data: {list(table.loc[table['status'] == 'no_data', 'symbol'])}")

# %% [markdown]
# ## Confounders: market-wide shocks
#
# `market_shocks` standardises each benchmark's returns in the event window by the mean and standard
# deviation of its estimation window and flags sessions beyond the threshold. One table per
# benchmark, day 0 taken from the plan (the US benchmark on the New York calendar, the Nikkei on
# Tokyo's):

# %%
day0_of = analysis.plan.events.groupby("benchmark")["day0"].first()
shocks = {b: market_shocks(b, day0_of[b], event_window=(-5, 5), source=source) for b in shock_benchmarks}
for bench, frame in shocks.items():
    print(
        f"{bench}: day 0 {day0_of[bench].date()}, estimation mean {frame.attrs['mean_est']:+.4f}, sd {frame.attrs['sd_est']:.4f}, n {frame.attrs['n_est']}, threshold {frame.attrs['threshold']}"
    )
    print(
        frame.assign(ret_pct=frame["return"] * 100)
        .drop(columns="return")
        .round({"z": 2, "ret_pct": 2})
        .to_string(index=False)
    )
    print(shock_warning(frame))
    print()

# %% [markdown]
# For the US listings the biggest shock of the window is on day 0 itself; for the Tokyo listings it is
# on day +1. If the article had appeared after the Tokyo close (notebook 1), Tokyo's day 0 would move to
# the next session, and that shock would fall on day 0 instead:

# %%
alt_day0 = (
    mr.plan(article, published=alternative_published, source=source)
    .events.groupby("benchmark")["day0"]
    .first()
)
alt = market_shocks("^N225", alt_day0["^N225"], event_window=(-2, 2), source=source)
print(f"^N225 with day 0 = {alt_day0['^N225'].date()}:")
print(shock_warning(alt))

# %% [markdown]
# ## The shock warnings of the event study
#
# The event study of notebook 3 runs the same check for every listing over its widest window; these
# are its warnings, grouped by benchmark:

# %%
for w in analysis.study.warnings:
    if "market-wide shock" in w:
        print("-", w)

# %% [markdown]
# ## Summary
#
# * The moves printed with the article are the previous session's closes, taken before the news could
#   move anything; they are not evidence of a reaction.
# * The days around the article carry benchmark moves of many standard deviations (z above), in
#   both directions. The article's day 0 in New York is the tariff-pause rally; Tokyo's rebound came
#   one session later. Any abnormal return on those days is dominated by how the model handles the
#   market move (notebook 4), not by the article.
