"""Article -> plan: listings analysed, day 0, exclusions with reasons (golden, by hand)."""

from __future__ import annotations

import pandas as pd

from marketreact.events.plan import plan
from marketreact.text.article import parse_article, read_article
from tests.conftest import REPO

FLAGSHIP = REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md"


def test_flagship_plan_morning_jst() -> None:
    p = plan(read_article(FLAGSHIP))
    events = p.events.set_index("symbol")
    assert set(events.index) == {
        "2317.TW", "601138.SS", "7201.T", "7211.T", "7267.T", "NSANY", "MMTOF",
        "HMC", "AAPL", "NVDA", "TSLA", "STLA",
    }  # fmt: skip
    assert (events["day0"] == pd.Timestamp("2025-04-09")).all()
    assert events.loc["7201.T", "benchmark"] == "^N225"
    assert events.loc["601138.SS", "benchmark"] == "000300.SS"
    assert events.loc["HMC", "benchmark"] == "SPY"
    assert "standing in for STLAM.MI" in events.loc["STLA", "reason"]
    assert p.excluded["STLAM.MI"].startswith("no price data in the snapshot")
    assert p.excluded["ZF Friedrichshafen"].startswith("unlisted (private)")


def test_flagship_plan_after_tokyo_close() -> None:
    p = plan(read_article(FLAGSHIP), published="2025-04-09T16:00+09:00")
    day0 = p.events.set_index("symbol")["day0"]
    assert day0["7201.T"] == pd.Timestamp("2025-04-10")  # after the 15:30 close
    assert day0["HMC"] == pd.Timestamp("2025-04-09")  # 03:00 New York time, before the open
    assert day0["601138.SS"] == pd.Timestamp("2025-04-10")


def test_untagged_unknown_company_gives_empty_plan_not_error() -> None:
    p = plan(parse_article("Nothing listed here.", published="2025-04-09"))
    assert p.events.empty and p.excluded == {}


TARIFF = REPO / "data" / "articles" / "2025-04-09-us-tariff-pause.md"


def test_benchmark_override_reaches_every_listing() -> None:
    p = plan(read_article(TARIFF), benchmark="QQQ")
    assert set(p.events["benchmark"]) == {"QQQ"}
    assert all(r.endswith("benchmark QQQ set by the user") for r in p.events["reason"])


def test_a_benchmark_named_in_the_text_is_excluded_with_the_reason() -> None:
    # The tariff digest tags NYSEARCA:SPY: the market itself, with no benchmark to be abnormal against.
    p = plan(read_article(TARIFF))
    assert "SPY" not in set(p.events["symbol"])
    assert p.excluded["SPY"].startswith("is itself a benchmark (benchmark_etf)")
    assert "nan" not in set(p.events["benchmark"].astype(str))


def test_claim_about_a_listing_without_data_is_reported_not_raised() -> None:
    from marketreact.report.analysis import analyse

    article = parse_article("BP (LON:BP) fell 2.1% on the day.", published="2025-04-09T12:00+01:00")
    result = analyse(article)
    (claim,) = result.claims.claims
    assert claim.claim.symbol == "BP.L" and claim.status == "no_data"
    assert claim.verdict.startswith("no data: unknown symbol 'BP.L'")
    assert result.study is None and any("nothing to study" in w for w in result.warnings)
