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
# behind every day 0.

# %% tags=["parameters"]
article_path = "../data/articles/2025-04-09-foxconn-nissan-ev.md"
published = None  # None: the article's own publication time
alternative_published = "2025-04-09T16:00+09:00"  # the same text, published after the Tokyo close
event_windows = [(0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5), (-10, 10)]
source = "snapshot"

# %%
# %matplotlib inline
import dataclasses

import pandas as pd

import marketreact as mr
from marketreact.plots import TimelineRow, plot_event_timeline

pd.set_option("display.max_colwidth", 120)
pd.set_option("display.width", 160)

# %% [markdown]
# ## The article
#
# The digests in `data/articles` are short summaries written for this project. The front
# matter carries the publication time, with a zone, because day 0 depends on it.

# %%
article = mr.read_article(article_path)
p = mr.plan(article, published=published, source=source)
print(p.article.title)
print(f"published: {p.article.published}  (date only: {p.article.date_only})")
print(f"note: {p.article.note}")

# %% [markdown]
# ## Mentions: what the text names, and by which rule
#
# Three rules find mentions: an exchange tag such as `NASDAQ:AAPL` (`exchange_tag`), a
# company's registered name (`company_name`) and one of its aliases (`alias`, e.g. "Foxconn"
# for Hon Hai). Each row keeps the character span, so `text == article.text[start:end]`.

# %%
mentions = pd.DataFrame([dataclasses.asdict(m) for m in p.extraction.mentions])
mentions

# %%
print(mentions.groupby(["company_id", "rule"]).size().unstack(fill_value=0))
print(f"\nunresolved spans: {p.extraction.unresolved or 'none'}")
print(f"notes: {p.extraction.notes or 'none'}")

# %% [markdown]
# ## Listings: which traded line stands for each company, and why
#
# The listing policy analyses every tagged listing, plus the primary listing of every named
# company. A subsidiary's own listing (Foxconn Industrial Internet in Shanghai) enters only
# because the text names the subsidiary itself. A company without a listing stays in the table
# with the reason, rather than disappearing.

# %%
listings = pd.DataFrame(
    [(x.symbol, x.company_id, x.mic, x.listing_type, x.benchmark, x.reason) for x in p.listings],
    columns=["symbol", "company_id", "mic", "listing_type", "benchmark", "reason"],
)
listings

# %% [markdown]
# Two listings the policy chose cannot be analysed from the bundled data. The Milan primary line
# of Stellantis has no prices in the snapshot, so its New York line stands in for it (the
# reason says so). ZF Friedrichshafen is privately held and has nothing to trade.

# %%
for name, reason in p.excluded.items():
    print(f"{name}: {reason}")
print()
print(p.events.loc[p.events["reason"].str.contains("standing in"), ["symbol", "mic", "reason"]].to_string())

# %% [markdown]
# ## Day 0 on each exchange
#
# Each listing's clock is its own exchange's session calendar. The rule: published before a
# session's close, that session is day 0; at or after the close, or on a non-trading day, the next
# session. The rule string says which case applied, in the exchange's local time.

# %%
timing = pd.DataFrame(
    [(e.symbol, e.mic, e.published_local, e.day0.date(), e.rule) for e in p.timing],
    columns=["symbol", "mic", "published_local", "day0", "rule"],
)
timing

# %% [markdown]
# The chart puts every listing's sessions on one UTC axis: grey bars are day −1 and day +1,
# the blue bar is day 0, and the vertical line is the publication time. Read across a row to see
# whether the article appeared before that exchange's day-0 session closed.

# %%
rows = [TimelineRow(r.symbol, r.mic, r.day0) for r in p.rows]
ax = plot_event_timeline(p.article.published, rows)

# %% [markdown]
# ## What if the same text had appeared after the Tokyo close?
#
# Publication times of news digests are often approximate (see the note above). Re-planning
# with a later time shows which day 0s are sensitive to it: Asian exchanges have closed by the
# late afternoon in Tokyo, whereas New York has not yet opened.

# %%
alt = mr.plan(article, published=alternative_published, source=source)
day0s = pd.DataFrame(
    {
        "mic": {e.symbol: e.mic for e in p.timing},
        "day0 as published": {e.symbol: e.day0.date() for e in p.timing},
        f"day0 if published {alternative_published}": {e.symbol: e.day0.date() for e in alt.timing},
        "rule (alternative)": {e.symbol: e.rule for e in alt.timing},
    }
)
day0s["moves"] = day0s.iloc[:, 1] != day0s.iloc[:, 2]
day0s

# %%
moved = day0s[day0s["moves"]]
print(f"day 0 moves for {len(moved)} of {len(day0s)} listings, on {sorted(set(moved['mic']))}")
print(f"day 0 unchanged on {sorted(set(day0s.loc[~day0s['moves'], 'mic']))}")

# %%
ax = plot_event_timeline(alt.article.published, [TimelineRow(r.symbol, r.mic, r.day0) for r in alt.rows])

# %% [markdown]
# ## What the next notebooks use
#
# `p.events` is the input of the event study: one row per analysed listing with its day 0 and
# local benchmark. Two of these lines (the OTC tickers NSANY and MMTOF) are in the plan but,
# as notebook 3 shows, their bundled price history ends before day 0.

# %%
p.events[["symbol", "day0", "benchmark", "mic"]]
