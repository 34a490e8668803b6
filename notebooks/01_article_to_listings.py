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
# # 1. From an article to the listings to study
#
# Before any return is computed, an event study has to answer three questions about the text:
# which companies does it mention, which traded lines (listings) stand for them, and which
# trading session on each listing's own exchange was the first one that could react (day 0).
# This notebook follows `marketreact.events.plan` through each step and shows the audit trail it
# keeps: the span of text behind every mention, the reason for every listing, and the rule
# behind every day 0. The sentences in italics or plain text between the tables are written by
# `marketreact.report.narrative` from the results, so they describe whichever article is loaded.

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

pd.set_option("display.max_colwidth", 120)
pd.set_option("display.width", 160)

# %% [markdown]
# ## The article
#
# The publication time matters because day 0 depends on it; `published` overrides the file's
# front matter (and is required when the file has none).

# %%
article = mr.read_article(article_path, published=published)
p = mr.plan(article, source=source)
Markdown(narrative.article_intro(article))

# %% [markdown]
# ## Mentions: what the text names, and by which rule
#
# Three rules find mentions: an exchange tag such as `NASDAQ:AAPL` (`exchange_tag`), a
# company's registered name (`company_name`) and one of its aliases (`alias`). Each row keeps
# the character span, so `text == article.text[start:end]`.

# %%
views.mentions_table(p)

# %%
print(f"unresolved spans: {p.extraction.unresolved or 'none'}")
print(f"notes: {p.extraction.notes or 'none'}")

# %% [markdown]
# ## Listings: which traded line stands for each company, and why
#
# The listing policy analyses every tagged listing, plus the primary listing of every named
# company. A company without a listing, or a listing without prices, stays in the table with
# the reason rather than disappearing.

# %%
views.listings_table(p)

# %%
Markdown(narrative.listings_summary(p))

# %% [markdown]
# ## Day 0 on each exchange
#
# Each listing's clock is its own exchange's session calendar. The rule: published before a
# session's close, that session is day 0; at or after the close, or on a non-trading day, the next
# session. A date without a time takes that date if it is a session, else the next one.

# %%
views.timing_table(p)

# %%
Markdown(narrative.day0_summary(p))

# %% [markdown]
# The chart puts every listing's sessions on one UTC axis: grey bars are day −1 and day +1,
# the blue bar is day 0, and the vertical line is the publication time (absent for a date-only
# article). Read across a row to see whether the article appeared before that exchange's day-0
# session closed.

# %%
views.timeline_figure(p)

# %% [markdown]
# ## How sensitive is day 0 to the publication time?
#
# Publication times of news digests are often approximate. Re-planning with the nearest later
# time that crosses an exchange's close (one minute after the first day-0 close that follows
# publication) shows which day 0s depend on the exact minute.

# %%
alternative_published = views.alternative_published(p)
alt = mr.plan(article, published=alternative_published, source=source) if alternative_published else None
Markdown(narrative.timing_sensitivity(p, alt, alternative_published))

# %%
views.day0_comparison(p, alt) if alt is not None else views.Note("No alternative time to compare.")

# %% [markdown]
# ## What the next notebooks use
#
# `p.events` is the input of the event study: one row per analysed listing with its day 0 and
# local benchmark. Whether each line has prices around day 0 is checked in notebooks 2 and 3.

# %%
p.events[["symbol", "day0", "benchmark", "mic"]] if not p.events.empty else views.Note("No listing to study.")
