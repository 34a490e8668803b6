"""When the news happened, from the text: day0_text, its evidence, the study at both anchors (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_sources import _independent_market_model

import marketreact as mr
from marketreact.claims.check import check_article
from marketreact.cli import main
from marketreact.reference import paths as _paths
from marketreact.text.article import parse_article

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
PRICES = _paths.data_dir() / "prices"
DEEPSEEK = ARTICLES / "2025-01-27-deepseek-chip-selloff.md"
AFTER_CLOSE = "2025-01-27T18:00-05:00"  # the same digest, as if published after the New York close


@pytest.fixture(scope="module")
def after_close() -> mr.Analysis:
    return mr.analyse(mr.read_article(DEEPSEEK, published=AFTER_CLOSE), charts=False)


def test_after_close_wrap_up_gets_the_text_anchor_with_evidence(after_close: mr.Analysis) -> None:
    # Published at 18:00 New York time on Monday 27 January: day 0 is Tuesday the 28th, while the
    # text says "on Monday": the move it reports is the 27th's.
    assert str(after_close.plan.rows[0].day0.date()) == "2025-01-28"
    assert after_close.anchor.earlier == ["NVDA", "AAPL"]
    assert str(after_close.anchor.sessions["NVDA"].date()) == "2025-01-27"
    assert any("'on Monday'" in e and "2025-01-27" in e for e in after_close.anchor.evidence["NVDA"])


def test_study_at_the_text_anchor_equals_an_independent_market_model(after_close: mr.Analysis) -> None:
    """NVDA's CAR(0,0) with day 0 on 27 January (the DeepSeek sell-off) by plain numpy on the CSVs."""
    body = after_close.study_json()
    assert body is not None
    nvda = next(row for row in body["listings"] if row["symbol"] == "NVDA")
    text00 = next(w for w in nvda["windows_text"] if w["window"] == [0, 0])
    car, t = _independent_market_model(
        PRICES / "NVDA.csv", PRICES / "SPY.csv", "2025-01-27", (-250, -11), (0, 0)
    )
    assert text00["car"] == pytest.approx(car, abs=1e-9) and text00["t"] == pytest.approx(t, abs=1e-9)
    assert round(car, 3) == -0.133 and round(t, 1) == -5.1  # the sign flips against the publication anchor
    pub00 = next(w for w in nvda["windows"] if w["window"] == [0, 0])
    assert pub00["car"] > 0
    assert nvda["day0_text"] == "2025-01-27" and nvda["day0_text_evidence"]
    assert "before its publication" in body["anchor_note"]


def test_report_says_so_at_the_top_and_never_reanchors_silently(after_close: mr.Analysis) -> None:
    text = str(after_close)
    head = text.split("Listings analysed")[0]
    assert "own words date the move" in head and "2025-01-27" in head
    assert text.index("Event study:") < text.index("Event study at the text anchor")


def test_cli_anchor_text_leads(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["study", str(DEEPSEEK), "--published", AFTER_CLOSE, "--window=0,0"]
    assert main([*args, "--anchor", "text"]) == 0
    out = capsys.readouterr().out
    assert out.index("Event study at the text anchor") < out.index("Event study at the publication anchor")
    assert main([*args, "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert {row["day0_text"] for row in body["listings"]} == {"2025-01-27"}


def test_no_text_anchor_when_the_text_agrees_with_publication() -> None:
    analysis = mr.analyse(mr.read_article(DEEPSEEK), charts=False)  # the mid-session time of the file
    assert analysis.anchor.earlier == [] and analysis.anchor.study is None
    assert "own words date" not in str(analysis)


def test_flagship_original_wording_respectively_matches_the_8_april_closes() -> None:
    """The original report's construction, in our words: both figures attributed by 'respectively'.

    Expected by hand from data/prices: AAPL 8 Apr close 172.42 / 7 Apr 181.46 - 1 = -4.98%;
    NVDA 96.30 / 97.64 - 1 = -1.37% (closes as stored, rounded to the printed digits).
    """
    art = parse_article(
        "published: 2025-04-09T09:00+09:00\n\nIn New York, Apple and Nvidia closed down 4.98% and 1.37% "
        "respectively, before the tariff pause."
    )
    check = check_article(art)
    got = {(r.claim.symbol, str(r.matches[0].date.date()) if r.matches else None) for r in check.claims}
    assert got == {("AAPL", "2025-04-08"), ("NVDA", "2025-04-08")}
    assert not check.unattributed


def test_timeline_marks_both_anchors() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from marketreact.plots import TimelineRow, plot_event_timeline

    row = TimelineRow("NVDA", "XNAS", pd.Timestamp("2025-01-28"), day0_text=pd.Timestamp("2025-01-27"))
    ax = plot_event_timeline(pd.Timestamp(AFTER_CLOSE), [row])
    dashed = [p for p in ax.patches if p.get_linestyle() == "--"]
    assert len(dashed) == 1 and "where the text dates the move" in ax.get_xlabel()
    assert any("text: 2025-01-27" in t.get_text() for t in ax.texts)
