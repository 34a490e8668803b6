"""Plain-language sentences about an analysis, for the notebooks (Markdown strings).

Every function reads results and returns one short Markdown paragraph; none
of them knows which article it describes. The notebooks show the text with
``IPython.display.Markdown``, so the prose always matches the numbers printed
next to it, whatever the article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from marketreact.claims.check import ClaimCheck
    from marketreact.events.plan import Plan
    from marketreact.study.result import EventStudyResult
    from marketreact.text.article import Article

__all__ = [
    "article_intro",
    "benchmark_moves_summary",
    "beta_sensitivity",
    "claims_summary",
    "day0_summary",
    "listings_summary",
    "not_studied",
    "reaction_summary",
    "robustness_summary",
    "shock_summary",
    "study_coverage",
    "timing_sensitivity",
]

ALPHA = 0.05


def _day(k: int) -> str:
    return "day 0" if k == 0 else f"day {k:+d}"


def _names(items: Sequence[str], limit: int = 8) -> str:
    """``a, b and c``; past ``limit`` names, the count of the rest."""
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def article_intro(article: Article) -> str:
    """Title, publication time (saying when it is a date only) and the source line."""
    title = article.title or f"the article in {article.origin}"
    if article.date_only:
        when = (
            f"on {article.published.date().isoformat()} (a date without a time: day 0 is that date "
            "on every exchange that trades then, else the next session)"
        )
    else:
        when = f"at {article.published_iso}"
    text = f"**{title}**, published {when}."
    if article.source:
        text += f" Source: {article.source}."
    if article.note:
        text += f" Note: {article.note}"
    return text


def listings_summary(plan: Plan) -> str:
    """How many listings the article leads to, and which ones cannot be analysed and why."""
    analysed = list(plan.events["symbol"]) if not plan.events.empty else []
    if not analysed:
        text = "No listing named in the article can be analysed with this price source"
        text += (
            " (the article names no company or ticker the security master knows)."
            if not plan.excluded
            else "."
        )
    else:
        text = f"{_plural(len(analysed), 'listing')} will be analysed: {_names(analysed, 12)}."
    if plan.excluded:
        reasons = "; ".join(f"{name}: {reason}" for name, reason in plan.excluded.items())
        text += f" {_plural(len(plan.excluded), 'listing')} named in the text cannot be analysed ({reasons})."
    return text


def day0_summary(plan: Plan) -> str:
    """Day 0 by exchange, e.g. ``2025-04-09 on XNAS, XNYS; 2025-04-10 on XTKS``."""
    if not plan.timing:
        return "There is no day 0 to set: no listing is analysed."
    by_date: dict[str, list[str]] = {}
    for e in plan.timing:
        mics = by_date.setdefault(e.day0.date().isoformat(), [])
        if e.mic not in mics:
            mics.append(e.mic)
    parts = [f"{date} on {', '.join(mics)}" for date, mics in sorted(by_date.items())]
    if len(parts) == 1:
        return f"Day 0 is {parts[0]}."
    return f"Day 0 differs by exchange: {'; '.join(parts)}. Results on different exchanges describe different sessions."


def timing_sensitivity(base: Plan, alternative: Plan | None, alternative_published: str | None) -> str:
    """Which day 0s move if the article had appeared at ``alternative_published`` instead."""
    if alternative is None or alternative_published is None:
        if base.article.date_only:
            return (
                "The article gives a date without a time, so its sensitivity to the time of day cannot be "
                "explored; pass `published` with a time and a zone to do so."
            )
        return "No alternative publication time applies: no listing is analysed."
    old = {e.symbol: e.day0 for e in base.timing}
    moved = sorted({e.mic for e in alternative.timing if old.get(e.symbol) != e.day0})
    kept = sorted({e.mic for e in alternative.timing if old.get(e.symbol) == e.day0})
    if not moved:
        return f"Published at {alternative_published} instead, no listing's day 0 would change."
    text = f"Published at {alternative_published} instead, day 0 would move to a later session on {', '.join(moved)}"
    return text + (f" and stay where it is on {', '.join(kept)}." if kept else ".")


def not_studied(skipped: Mapping[str, str], excluded: Mapping[str, str] | None = None) -> str:
    """``N listings could not be studied: …``, or an empty string when every listing was studied."""
    reasons = {**(excluded or {}), **skipped}
    if not reasons:
        return ""
    lines = [f"- **{name}**: {reason}" for name, reason in reasons.items()]
    head = f"{_plural(len(reasons), 'listing')} could not be studied:"
    return "\n".join([head, *lines])


def study_coverage(plan: Plan, study: EventStudyResult | None, notes: Sequence[str] = ()) -> str:
    """Which listings were studied, and why the others were not (exclusions, skips, notes)."""
    skipped = study.skipped if study is not None else {}
    if plan.events.empty and not plan.excluded:
        return "The article names no listing to study, so no price or return can be shown."
    parts = [not_studied(skipped, plan.excluded)]
    if study is not None:
        parts.insert(
            0, f"{_plural(study.n_listings, 'listing')} studied: {_names(list(study.car.index), 12)}."
        )
    elif not plan.events.empty:
        parts.insert(0, "No listing could be studied.")
    parts += [f"*{note}*" for note in notes]
    return "\n\n".join(x for x in parts if x)


def _window_bounds(label: str) -> tuple[int, int]:
    lo, hi = label.strip("()").split(",")
    return int(lo), int(hi)


def shock_summary(study: EventStudyResult, days: tuple[int, int] = (-2, 2)) -> str:
    """Market-wide shocks (benchmark moves beyond the study's threshold) near day 0, by benchmark."""
    found: dict[str, list[str]] = {}
    for label, frame in study.shocks.items():
        if frame is None or frame.empty:
            continue
        bench = str(study.params.loc[label, "benchmark"]) if label in study.params.index else label
        near = frame[(frame["relative_day"] >= days[0]) & (frame["relative_day"] <= days[1])]
        hits = near[near["shock"].fillna(False).astype(bool)]
        for day, date, z in zip(hits["relative_day"], hits["date"], hits["z"], strict=True):
            entry = f"{_day(int(day))} ({pd.Timestamp(date).date()}, z = {float(z):+.1f})"
            found.setdefault(bench, [])
            if entry not in found[bench]:
                found[bench].append(entry)
    if not found:
        return (
            f"No benchmark had a market-wide shock between {_day(days[0])} and {_day(days[1])}: "
            "the abnormal returns are not dominated by an extreme market move."
        )
    parts = [f"{bench} on {', '.join(entries)}" for bench, entries in found.items()]
    return (
        f"The window holds a market-wide shock: {'; '.join(parts)}. On such days an abnormal return is the "
        "small difference between two large numbers, and an error in beta moves it one-for-one with the market."
    )


def reaction_summary(study: EventStudyResult | None, alpha: float = ALPHA) -> str:
    """Whether any listing's CAR, or any group test, rejects zero at ``alpha``."""
    if study is None:
        return "No event study could be computed, so nothing can be said about a reaction (see the reasons above)."
    tests = study.tests
    cells = tests[tests["p"] < alpha]
    summary = study.summary()
    pcols = [c for c in summary.columns if str(c).endswith("_p")]
    group_hits = [(str(w), c[:-2]) for w, row in summary[pcols].iterrows() for c in pcols if row[c] < alpha]
    n_cells = int(tests["p"].notna().sum())
    if cells.empty and not group_hits:
        return (
            f"No listing shows a detectable reaction: none of the {n_cells} listing-window CARs has "
            f"p < {alpha:g}, and no group test rejects a zero mean in any window."
        )
    parts = []
    if not cells.empty:
        shown = []
        with_shock = 0
        for key, car in cells["car"].items():
            label, window = str(key[0]), str(key[1])  # type: ignore[index]
            lo, hi = _window_bounds(window)
            if any(lo <= d <= hi for d in study.shock_days(label)):
                with_shock += 1
            shown.append(f"{label} {window} {float(car):+.2%}")
        parts.append(f"{len(cells)} of {n_cells} listing-window CARs have p < {alpha:g} ({_names(shown, 6)})")
        if with_shock:
            parts.append(
                f"{with_shock} of them span a day on which the listing's benchmark had a market-wide shock"
            )
    else:
        parts.append(f"no listing-window CAR has p < {alpha:g}")
    if group_hits:
        parts.append("group tests rejecting a zero mean: " + _names([f"{t} {w}" for w, t in group_hits], 6))
    else:
        parts.append("no group test rejects a zero mean in any window")
    text = "; ".join(parts)
    if not cells.empty:
        # Overlapping windows of one listing are not independent tests; the count is a yardstick only.
        text += f". By chance alone about {alpha * n_cells:.0f} of {n_cells} would fall below {alpha:g}"
    return text[0].upper() + text[1:] + "."


def beta_sensitivity(impact: pd.DataFrame, ratio: float = 3.0) -> str:
    """Listings whose day-0 AR is small next to the market part (beta x benchmark return) of the day.

    ``impact`` has columns ``beta_x_bench_day0`` and ``ar_day0`` (see
    :func:`marketreact.report.views.beta_impact`).
    """
    valid = impact.dropna(subset=["beta_x_bench_day0", "ar_day0"])
    if valid.empty:
        return "No listing has both a beta and a day-0 abnormal return, so this check does not apply."
    fragile = valid[valid["beta_x_bench_day0"].abs() > ratio * valid["ar_day0"].abs()]
    if fragile.empty:
        return (
            f"For every listing the day-0 abnormal return is at least 1/{ratio:g} of the market part "
            "(beta times the benchmark's day-0 return): a modest error in beta would not flip its sign."
        )
    return (
        f"For {_names([str(s) for s in fragile.index])} the market part of day 0 is more than {ratio:g} times the "
        "abnormal return: a modest error in the estimated beta would change the sign of the AR."
    )


def benchmark_moves_summary(moves: pd.DataFrame) -> str:
    """Largest fall and rise of each benchmark column of ``moves`` (percent, dates as index)."""
    parts = []
    for col in moves.columns:
        series = moves[col].dropna()
        if series.empty:
            parts.append(f"{col}: no returns in this range")
            continue
        lo, hi = int(series.to_numpy().argmin()), int(series.to_numpy().argmax())
        parts.append(
            f"{col}: largest fall {series.iloc[lo]:+.1f}% on {pd.Timestamp(series.index[lo]).date()}, "
            f"largest rise {series.iloc[hi]:+.1f}% on {pd.Timestamp(series.index[hi]).date()}"
        )
    if not parts:
        return "No benchmark returns to show."
    return "- " + "\n- ".join(parts)


def claims_summary(check: ClaimCheck) -> str:
    """What the quoted moves describe: the session before the news, day 0, later, or nothing checkable."""
    results, lost = check.claims, check.unattributed
    if not results:
        if not lost:
            return "The article quotes no share-price move, so there is nothing to check against the data."
        return (
            f"No quoted move could be tied to a listing ({_plural(len(lost), 'quoted move')} left unattributed), "
            "so none can be checked against the data."
        )
    matched = [r for r in results if r.status == "match"]
    days = sorted({s.relative_day for r in matched for s in r.matches})
    parts: list[str] = []
    if matched:
        if all(d < 0 for d in days):
            parts.append(
                "the quoted moves describe the session before the news: they are not a reaction to it"
            )
        elif all(d == 0 for d in days):
            parts.append("the quoted moves describe the day-0 session itself")
        elif all(d > 0 for d in days):
            parts.append("the quoted moves describe sessions after day 0")
        else:
            parts.append("the quoted moves match sessions on " + ", ".join(_day(d) for d in days))
        parts[-1] += f" ({len(matched)} of {len(results)} match a session)"
    no_data = [r.claim.symbol for r in results if r.status == "no_data"]
    if no_data:
        parts.append(f"{_names(sorted(set(no_data)))} cannot be checked: the data do not cover the sessions")
    near = [r.claim.symbol for r in results if r.status == "close"]
    if near:
        parts.append(
            f"{_plural(len(near), 'quoted move')} come within one unit of the last printed digit of a "
            f"session without matching it ({_names(sorted(set(near)))})"
        )
    agree = [r.claim.symbol for r in results if r.status == "consistent"]
    if agree:
        parts.append(
            f"{_plural(len(agree), 'quoted move')} of another kind (intraday, opening, multi-day or a price "
            f"level) agree with the bars ({_names(sorted(set(agree)))})"
        )
    other = [r.claim.symbol for r in results if r.status in ("no_match", "not_checkable")]
    if other:
        parts.append(f"{_plural(len(other), 'quoted move')} match no session ({_names(sorted(set(other)))})")
    if lost:
        parts.append(f"{_plural(len(lost), 'quoted move')} could not be tied to a listing")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def robustness_summary(group: pd.DataFrame, baseline: str, alpha: float = ALPHA) -> str:
    """Which specifications' group tests reject a zero mean (``compare_summary`` output)."""
    pcols = [c for c in group.columns if str(c).endswith("_p")]
    if group.empty or not pcols:
        return "No specification could be fitted."
    hits = group[(group[pcols] < alpha).any(axis=1)]
    specs = list(dict.fromkeys(str(s) for s, _ in hits.index))
    if not specs:
        return f"No specification's group tests reject a zero mean at {alpha:g} in any window."
    text = f"Group tests reject a zero mean at {alpha:g} under {_names(specs)}"
    if baseline in specs:
        return text + ", including the baseline."
    return (
        text + f", but not under the baseline ({baseline}): the result depends on the specification, "
        "which is a reason for caution, not a finding."
    )
