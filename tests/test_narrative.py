"""The notebooks' sentences (marketreact.report.narrative) and tables (marketreact.report.views).

Toy inputs are built by hand so that each sentence can be checked against what it must say;
the numeric views are checked against an independent computation from the bundled CSV files.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

import marketreact as mr
from marketreact.report import narrative, views

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "data" / "articles"


# ------------------------------------------------------------------ toy objects
def _move(day: int) -> Any:
    return SimpleNamespace(relative_day=day, date=pd.Timestamp("2025-01-10") + pd.Timedelta(days=day))


def _result(symbol: str, status: str, days: tuple[int, ...] = ()) -> Any:
    return SimpleNamespace(
        claim=SimpleNamespace(symbol=symbol), status=status, matches=[_move(d) for d in days]
    )


def _check(results: list[Any], lost: int = 0) -> Any:
    return SimpleNamespace(claims=results, unattributed=[object()] * lost)


def _study(
    p: dict[tuple[str, str], float], shock_days: dict[str, list[int]] | None = None, group_p: float = 0.5
) -> Any:
    """A fake EventStudyResult: CARs of 1% with the given per-listing p-values."""
    index = pd.MultiIndex.from_tuples(list(p), names=["symbol", "window"])
    tests = pd.DataFrame({"car": 0.01, "p": list(p.values())}, index=index)
    windows = sorted({w for _, w in p})
    summary = pd.DataFrame({"n": 2.0, "caar": 0.0, "patell": 0.1, "patell_p": group_p}, index=windows)
    labels = sorted({s for s, _ in p})
    return SimpleNamespace(
        tests=tests,
        summary=lambda: summary,
        shock_days=lambda label: (shock_days or {}).get(label, []),
        n_listings=len(labels),
        windows=SimpleNamespace(events=[tuple(int(x) for x in w.strip("()").split(",")) for w in windows]),
    )


# ------------------------------------------------------------------ reaction
def test_no_detectable_reaction() -> None:
    text = narrative.reaction_summary(_study({("A", "(0,0)"): 0.4, ("B", "(0,0)"): 0.9}))
    assert text.startswith("No listing shows a detectable reaction")
    assert "none of the 2 listing-window CARs" in text


def test_significant_cells_named_with_shock_count_and_chance_yardstick() -> None:
    study = _study(
        {("A", "(0,1)"): 0.01, ("B", "(0,1)"): 0.5, ("A", "(0,0)"): 0.6, ("B", "(0,0)"): 0.7}, {"A": [1]}
    )
    text = narrative.reaction_summary(study)
    assert "1 of 4 listing-window CARs have p < 0.05 (A (0,1) +1.00%)" in text
    assert "1 of them span a day on which the listing's benchmark had a market-wide shock" in text
    assert "about 0 of 4" in text  # 5% of 4 cells, rounded: the count expected by chance
    assert "no group test rejects" in text


def test_group_rejection_reported() -> None:
    text = narrative.reaction_summary(_study({("A", "(0,0)"): 0.5}, group_p=0.01))
    assert "group tests rejecting a zero mean: patell (0,0)" in text


def test_no_study() -> None:
    assert "No event study could be computed" in narrative.reaction_summary(None)


# ------------------------------------------------------------------ claims
@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        ((-1,), "describe the session before the news"),
        ((0,), "describe the day-0 session itself"),
        ((2,), "describe sessions after day 0"),
        ((-1, 1), "match sessions on day -1, day +1"),
    ],
)
def test_claims_which_session(days: tuple[int, ...], phrase: str) -> None:
    text = narrative.claims_summary(_check([_result("A", "match", days)]))
    assert phrase in text
    assert "(1 of 1 match a session)" in text


def test_claims_without_data_and_unattributed() -> None:
    check = _check([_result("A", "match", (-1,)), _result("Z", "no_data"), _result("Y", "no_match")], lost=2)
    text = narrative.claims_summary(check)
    assert "(1 of 3 match a session)" in text
    assert "Z cannot be checked: the data do not cover the sessions" in text
    assert "1 quoted move match no session (Y)" in text
    assert "2 quoted moves could not be tied to a listing" in text


def test_claims_none() -> None:
    assert narrative.claims_summary(_check([])) == (
        "The article quotes no share-price move, so there is nothing to check against the data."
    )
    assert "2 quoted moves left unattributed" in narrative.claims_summary(_check([], lost=2))


# ------------------------------------------------------------------ coverage, sensitivity, moves
def test_not_studied_lists_every_reason() -> None:
    text = narrative.not_studied({"NSANY": "data end before day 0"}, {"ZF": "unlisted"})
    assert text.splitlines() == [
        "2 listings could not be studied:",
        "- **ZF**: unlisted",
        "- **NSANY**: data end before day 0",
    ]
    assert narrative.not_studied({}) == ""


def test_beta_sensitivity_flags_small_ar_next_to_large_market_part() -> None:
    impact = pd.DataFrame({"beta_x_bench_day0": [0.09, 0.01], "ar_day0": [0.02, 0.05]}, index=["X", "Y"])
    text = narrative.beta_sensitivity(impact)
    assert text.startswith("For X the market part of day 0 is more than 3 times")
    assert "Y" not in text
    calm = narrative.beta_sensitivity(impact.loc[["Y"]])
    assert "would not flip its sign" in calm


def test_benchmark_moves_summary_extremes() -> None:
    moves = pd.DataFrame(
        {"SPY": [1.0, -5.5, 10.5], "^N225": [float("nan"), -7.8, 9.1]},
        index=pd.to_datetime(["2025-04-04", "2025-04-07", "2025-04-09"]),
    )
    text = narrative.benchmark_moves_summary(moves)
    assert "SPY: largest fall -5.5% on 2025-04-07, largest rise +10.5% on 2025-04-09" in text
    assert "^N225: largest fall -7.8% on 2025-04-07, largest rise +9.1% on 2025-04-09" in text


def test_robustness_summary_baseline_or_not() -> None:
    index = pd.MultiIndex.from_tuples([("base", "(0,0)"), ("alt", "(0,0)")], names=["spec", "window"])
    group = pd.DataFrame({"patell_p": [0.5, 0.01]}, index=index)
    text = narrative.robustness_summary(group, baseline="base")
    assert "under alt, but not under the baseline (base)" in text
    group["patell_p"] = [0.5, 0.5]
    assert narrative.robustness_summary(group, baseline="base").startswith("No specification")


# ------------------------------------------------------------------ on real bundled articles
@pytest.fixture(scope="module")
def tokyo() -> mr.Analysis:
    return mr.analyse(mr.read_article(ARTICLES / "2024-08-05-tokyo-stocks-plunge.md"), charts=False)


def test_after_close_wrap_up(tokyo: mr.Analysis) -> None:
    # Published 16:00 Tokyo time, after the 15:30 close: day 0 is the next session, and the
    # quoted closing moves are those of the session before it.
    assert narrative.day0_summary(tokyo.plan) == "Day 0 is 2024-08-06 on XTKS."
    assert "describe the session before the news" in narrative.claims_summary(tokyo.claims)
    assert tokyo.study is not None
    shock = narrative.shock_summary(tokyo.study)
    assert shock.startswith("The window holds a market-wide shock: ^N225 on day -2 (2024-08-02")
    assert "day 0 (2024-08-06" in shock


def test_alternative_time_crosses_first_close(tokyo: mr.Analysis) -> None:
    # The next close after 16:00 on 5 August is 15:00 on 6 August (Tokyo closed at 15:00 until it
    # moved its close to 15:30 on 5 November 2024): one minute later moves day 0.
    alt = views.alternative_published(tokyo.plan)
    assert alt == "2024-08-06T15:01+09:00"
    moved = mr.plan(tokyo.article, published=alt)
    assert "day 0 would move to a later session on XTKS." in narrative.timing_sensitivity(
        tokyo.plan, moved, alt
    )


def test_date_only_has_no_alternative_time() -> None:
    p = mr.plan(mr.read_article(ARTICLES / "2024-12-18-honda-nissan-merger-talks.md"))
    assert views.alternative_published(p) is None
    assert "date without a time" in narrative.timing_sensitivity(p, None, None)
    assert "a date without a time" in narrative.article_intro(p.article)


def test_benchmark_moves_match_closes_from_the_csv(tokyo: mr.Analysis) -> None:
    # Independent computation: close-to-close change from the bundled CSV, read with pandas only.
    moves = views.benchmark_moves(tokyo)
    assert isinstance(moves, pd.DataFrame)
    raw = pd.read_csv(REPO / "data" / "prices" / "^N225.csv", parse_dates=["date"]).set_index("date")
    expected = raw["close"].pct_change().loc["2024-08-05"] * 100
    assert moves.loc["2024-08-05", "^N225"] == pytest.approx(expected, abs=0.005)  # table is rounded to 0.01
    assert moves.loc["2024-08-05", "^N225"] == pytest.approx(-12.40, abs=0.01)  # published: -12.4%


def test_beta_impact_is_beta_times_benchmark_day0(tokyo: mr.Analysis) -> None:
    impact = views.beta_impact(tokyo.study)
    assert isinstance(impact, pd.DataFrame)
    raw = pd.read_csv(REPO / "data" / "prices" / "^N225.csv", parse_dates=["date"]).set_index("date")
    bench_day0 = raw["close"].pct_change().loc["2024-08-06"]
    assert impact["bench_day0"].to_numpy() == pytest.approx([bench_day0] * 3, rel=1e-9)
    assert impact["beta_x_bench_day0"].to_numpy() == pytest.approx((impact["beta"] * bench_day0).to_numpy())


def test_views_without_a_study_say_so() -> None:
    art = mr.parse_article("Nothing here names a company.", published="2025-06-19")
    analysis = mr.analyse(art, charts=True)
    assert analysis.study is None
    for view in (
        views.mentions_table(analysis.plan),
        views.timing_table(analysis.plan),
        views.timeline_figure(analysis.plan),
        views.price_paths_figure(analysis),
        views.benchmark_moves(analysis),
        views.estimation_ranges(analysis),
        views.shock_zscores(None),
        views.beta_impact(None),
        views.car_paths_figure(None, []),
    ):
        assert isinstance(view, views.Note)
        assert view._repr_markdown_().startswith("*")
    assert narrative.study_coverage(analysis.plan, None) == (
        "The article names no listing to study, so no price or return can be shown."
    )
    assert views.shock_tables(analysis) == {}


def test_alternative_benchmarks_from_the_index_table() -> None:
    alts = views.alternative_benchmarks(["^N225", "SPY", "000300.SS", "^TWII"])
    assert set(alts["^N225"]) == {"1321.T", "1306.T"}
    assert alts["SPY"] == ["QQQ"]
    assert alts["000300.SS"] == ["000001.SS"]
    assert "^TWII" not in alts  # no other Taiwanese series in the snapshot


@pytest.mark.parametrize(
    ("status", "phrase"),
    [
        (
            "close",
            "1 quoted move come within one unit of the last printed digit of a session without matching it (B)",
        ),
        (
            "consistent",
            "1 quoted move of another kind (intraday, opening, multi-day or a price level) agree with the bars (B)",
        ),
    ],
)
def test_claims_of_every_status_are_summarised(status: str, phrase: str) -> None:
    """A check whose only results are 'close' or 'consistent' still gets a sentence (it used to
    index an empty text and fail)."""
    text = narrative.claims_summary(_check([_result("B", status)]))
    assert phrase in text and text.endswith(".") and not text[0].islower()
