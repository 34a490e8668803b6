"""A ReferenceData passed in is the one the claim check, day 0 and the price sources use.

The reference data here is a SMALL hand-built one: a made-up company "Acmezor Robotics" whose
only listing "ACME" trades on Tokyo (XTKS, yen). The bundled master has no "ACME", so with the
bundled reference it is a plain ticker taken as US-listed (XNYS, dollars): every test below
gives a different answer under the two, which is how it shows which one was used.

All prices are SYNTHETIC (made up here, never presented as real): a close of 1,000 yen on every
Tokyo session before 2025-04-30 and 1,040 yen from then on, with a 1,030 yen open on 2025-04-30.
Hand-computed facts the tests rely on (Tokyo sessions from ``exchange_calendars``' XTKS):

* 2025-04-29 (Showa Day) is no Tokyo session, so the session before 2025-04-30 is 2025-04-28 and
  the 2025-04-30 move is 1040 - 1000 = +40 yen = +4.0 %; the open is 1030 / 1000 - 1 = +3.0 %;
* published 2025-04-28 18:00 Tokyo time is after that day's 15:30 close, so Tokyo day 0 is the
  next session, 2025-04-30; the same instant is 05:00 in New York, before the NYSE close, so a
  US day 0 would be 2025-04-28.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import marketreact.data.sources.yahoo as yahoo_module
from marketreact.claims.check import Claim, check_article, verify_claims
from marketreact.claims.dates import text_anchor
from marketreact.claims.subjects import index_subjects
from marketreact.claims.text import attribute_claims, extract_quoted_moves
from marketreact.data.prices import load_prices, to_returns
from marketreact.data.snapshot import COLUMNS, import_snapshot, read_manifest
from marketreact.data.sources import BAR_COLUMNS, FrameSource, YahooSource
from marketreact.errors import UnknownExchange, UnknownSymbol
from marketreact.events.day0 import event_day, plan_events
from marketreact.events.plan import plan
from marketreact.plots.claims import plot_claim
from marketreact.plots.paths import TimelineRow, plot_event_timeline, plot_price_paths
from marketreact.reference.calendars import calendar
from marketreact.reference.refdata import ReferenceData
from marketreact.reference.securities import Company, Listing, SecurityMaster, mic_for_symbol
from marketreact.reference.venues import EXCHANGES
from marketreact.report import charts, views
from marketreact.report.analysis import analyse
from marketreact.study.confounders import event_window_sessions, market_shocks
from marketreact.study.engine import EventStudy
from marketreact.study.shock_batch import batch_shocks
from marketreact.study.windows import Windows
from marketreact.text.article import Article, parse_article
from marketreact.text.mentions import extract_mentions

ACME = Listing("ACME", "acmezor", "Acmezor Robotics", "XTKS", "primary", None, "^N225", "made up for tests")
# An index outside the bundled master, placed on Tokyo by this reference only.
ACMX = Listing("^ACMX", "acmx_index", "Acmezor Index", "XTKS", "index", None, "", "made up for tests")
MASTER = SecurityMaster(
    companies={"acmezor": Company("acmezor", "Acmezor Robotics", ("Acmezor",), True, "", (ACME,))},
    listings={"ACME": ACME, "^ACMX": ACMX},
)
REF = ReferenceData(master=MASTER)

AFTER_TOKYO_CLOSE = "2025-04-28T18:00+09:00"
DAY0 = pd.Timestamp("2025-04-30")


def _synthetic_bars() -> pd.DataFrame:
    """SYNTHETIC daily bars of ACME on the Tokyo sessions of March to May 2025 (see the module doc)."""
    sessions = calendar("XTKS").sessions_in_range("2025-03-03", "2025-05-30")
    close = pd.Series(1000.0, index=sessions)
    close[close.index >= DAY0] = 1040.0
    opens = close.copy()
    opens[DAY0] = 1030.0
    bars = pd.DataFrame(
        {
            "open": opens,
            "high": pd.concat([opens, close], axis=1).max(axis=1),
            "low": pd.concat([opens, close], axis=1).min(axis=1),
            "close": close,
        }
    )
    bars.index = pd.MultiIndex.from_arrays([["ACME"] * len(bars), sessions], names=["symbol", "date"])
    return bars


SYNTHETIC = FrameSource(_synthetic_bars(), name="synthetic")


def _article(text: str, published: str = AFTER_TOKYO_CLOSE) -> Article:
    return parse_article(text, published=published)


# ------------------------------------------------------------------------------------ the helpers
def test_require_mic_agrees_with_the_former_global_lookup_on_the_bundled_data() -> None:
    bundled = ReferenceData.bundled()
    for symbol in ("AAPL", "7201.T", "^N225", "ZZQX"):  # master, suffix, index, plain ticker
        assert bundled.require_mic(symbol) == mic_for_symbol(symbol)
    for symbol, error in (("^ZZQX", UnknownSymbol), ("ZZQX.ZZ", UnknownExchange)):
        with pytest.raises(error):
            mic_for_symbol(symbol)
        with pytest.raises(error) as info:
            bundled.require_mic(symbol)
        assert "ZZQX" in str(info.value)


def test_require_mic_reads_the_reference_it_is_called_on() -> None:
    assert REF.require_mic("ACME") == "XTKS"
    assert ReferenceData.bundled().require_mic("ACME") == "XNYS"  # a plain ticker: assumed US
    assert REF.require_mic("ACME", {"ACME": "XNYS"}) == "XNYS"  # an explicit mapping wins
    no_us = ReferenceData(master=MASTER, venues={"XTKS": EXCHANGES["XTKS"]})
    with pytest.raises(UnknownExchange, match="no XNYS to assume"):
        no_us.require_mic("ZZQX")


def test_calendar_is_the_venue_tables_calendar() -> None:
    assert REF.calendar("XTKS") is calendar("XTKS")  # the same memoised calendar object
    with pytest.raises(UnknownExchange, match="known MICs"):
        ReferenceData(master=MASTER, venues={"XTKS": EXCHANGES["XTKS"]}).calendar("XNYS")


# ------------------------------------------------------------------------------- (a) claim check
def test_a_quoted_yen_move_is_checked_on_the_tokyo_listing() -> None:
    text = "Acmezor Robotics shares jumped 40 yen. Acmezor Robotics rose 4.0%."
    check = check_article(_article(text), source=SYNTHETIC, window=(-2, 2), reference=REF)
    got = {r.claim.move.text: (r.claim.symbol, r.day0, r.status, r.verdict) for r in check.claims}
    assert got == {
        "jumped 40 yen": ("ACME", DAY0, "match", "matches 2025-04-30 (day +0)"),
        "rose 4.0%": ("ACME", DAY0, "match", "matches 2025-04-30 (day +0)"),
    }
    (yen,) = [r for r in check.claims if r.claim.move.unit == "currency"]
    # day -1 is 2025-04-28: 2025-04-29 is no Tokyo session, so it is never reported as missing
    assert [s.date for s in yen.sessions] == pd.to_datetime(
        ["2025-04-25", "2025-04-28", "2025-04-30", "2025-05-01", "2025-05-02"]
    ).tolist()
    assert yen.missing == () and yen.sessions[2].actual_change == 40.0


def test_a_dollar_move_is_not_tied_to_a_yen_listing() -> None:
    text = "Acmezor Robotics shares fell $1.50."
    check = check_article(_article(text), source=SYNTHETIC, reference=REF)
    assert check.claims == []
    (lost,) = check.unattributed
    assert lost.reason == "quoted in $ but no listing of 'Acmezor Robotics' trades in that currency"


def test_a_dollar_move_given_for_the_yen_listing_says_it_trades_in_jpy() -> None:
    (move,) = extract_quoted_moves("Acmezor Robotics shares fell $1.50.")
    claim = Claim(move, "ACME", "Acmezor Robotics", 0, "primary", "acmezor")
    (result,) = verify_claims([claim], day0s="2025-04-30", prices_source=SYNTHETIC, reference=REF).claims
    assert result.status == "not_checkable"
    assert result.verdict == "not checkable: quoted in $, ACME trades in JPY"


def test_an_opening_quote_is_checked_on_tokyo_sessions() -> None:
    text = "Acmezor Robotics opened 3.0% higher."
    check = check_article(_article(text), source=SYNTHETIC, window=(-1, 0), reference=REF)
    (result,) = check.claims
    assert (result.claim.move.kind, result.status) == ("open", "consistent")
    assert result.kind_hits == ((DAY0, pytest.approx(3.0)),)
    # day -1 is 2025-04-28 on Tokyo's calendar (New York's 2025-04-29 would be reported without data)
    assert result.verdict == "consistent with the opening price vs the previous close on 2025-04-30 (day +0)"


def test_a_master_alone_also_gives_the_venues() -> None:
    # The former signature (master=, no reference): the master's own listings say where they trade.
    text = "Acmezor Robotics shares jumped 40 yen."
    mentions = extract_mentions(text, MASTER).mentions
    (claim,) = attribute_claims(text, mentions, master=MASTER).claims
    assert (claim.symbol, claim.via) == ("ACME", "primary")
    assert attribute_claims(text, mentions, reference=REF).claims == (claim,)


def test_an_index_subject_is_placed_by_the_reference() -> None:
    @dataclass(frozen=True)
    class Span:
        start: int
        end: int
        surface: str
        index_id: str
        yahoo: str

    span = Span(0, 13, "Acmezor Index", "acmx", "^ACMX")
    assert index_subjects([span], reference=REF)[0].mic == "XTKS"
    assert index_subjects([span])[0].mic is None  # the bundled data do not know the index


def test_the_text_anchor_reads_tokyo_sessions() -> None:
    # "on Wednesday" before publication on Thursday 2025-05-01 is 2025-04-30, a Tokyo session.
    article = _article("On Wednesday, Acmezor Robotics rose 4.0%.", published="2025-05-01T09:00+09:00")
    check = check_article(article, source=SYNTHETIC, window=(-2, 0), reference=REF)
    session, evidence = text_anchor(article, check, ["ACME"], reference=REF)["ACME"]
    assert session == DAY0
    assert evidence[0] == "'On Wednesday' -> 2025-04-30 (XTKS session(s))"


# ---------------------------------------------------------------------------------- (b) day 0
def test_planning_day0_uses_the_tokyo_calendar_and_time_zone() -> None:
    article = _article("Acmezor Robotics said it would build a new plant.")
    (event,) = plan(article, source=SYNTHETIC, reference=REF).timing
    assert (event.symbol, event.mic, event.day0) == ("ACME", "XTKS", DAY0)
    assert str(event.published_local.tz) == "Asia/Tokyo"
    assert plan_events(article, ["ACME"], reference=REF) == [event]
    # The bundled data place the plain ticker in New York: there the same instant is 05:00, day 0 that day.
    (us,) = plan_events(article, ["ACME"])
    assert (us.mic, us.day0) == ("XNYS", pd.Timestamp("2025-04-28"))


# A made-up MIC with Tokyo's hours and calendar: absent from the bundled venue table. Its listing
# and its benchmark (the made-up index ^ACMX) trade there, so every calendar, time zone and currency
# of the pipeline must come from the reference.
XACM = dataclasses.replace(EXCHANGES["XTKS"], mic="XACM", name="Acmezor test venue", tags=(), ric=())


def _made_up_venue() -> ReferenceData:
    listing = dataclasses.replace(ACME, mic="XACM", benchmark="^ACMX")
    index = dataclasses.replace(ACMX, mic="XACM")
    company = Company("acmezor", "Acmezor Robotics", ("Acmezor",), True, "", (listing,))
    master = SecurityMaster({"acmezor": company}, {"ACME": listing, "^ACMX": index})
    return ReferenceData(master=master, venues={**EXCHANGES, "XACM": XACM})


def _synthetic_pair() -> FrameSource:
    """SYNTHETIC closes of ACME and its benchmark ^ACMX on Tokyo sessions, 2024-01-04 to 2025-06-30.

    With k the session offset from 2025-04-30: ^ACMX closes at 101 when k mod 4 is 1 or 2, else 100
    (so its day-0 return is 100 / 100 - 1 = 0); ACME closes at 10 x ^ACMX before day 0 (times a
    0.998 / 1 / 1.002 wiggle before day -1, so that abnormal returns vary) and 10.4 x ^ACMX from
    day 0 on. Hand-computed: ACME's day-0 return is 10.4 * 100 / (10 * 100) - 1 = +4.0 %, so its
    market-adjusted abnormal return on day 0 is 0.04 - 0 = 0.04, and 0 on every later day.
    """
    sessions = calendar("XTKS").sessions_in_range("2024-01-04", "2025-06-30")
    k = np.arange(len(sessions)) - sessions.get_loc(DAY0)
    index = np.where(np.isin(k % 4, (1, 2)), 101.0, 100.0)
    wiggle = np.where(k < -1, 1 + 0.002 * (k % 3 - 1), 1.0)
    acme = index * np.where(k >= 0, 10.4, 10.0) * wiggle
    frames = []
    for symbol, close in (("ACME", acme), ("^ACMX", index)):
        bars = pd.DataFrame({"open": close, "high": close, "low": close, "close": close})
        bars.index = pd.MultiIndex.from_arrays([[symbol] * len(bars), sessions], names=["symbol", "date"])
        frames.append(bars)
    return FrameSource(pd.concat(frames), name="synthetic pair")


def _pair_bars(source: FrameSource) -> pd.DataFrame:
    return load_prices(["ACME", "^ACMX"], source=source, reference=_made_up_venue())


def test_a_venue_only_the_reference_knows() -> None:
    ref = _made_up_venue()
    ev = event_day(AFTER_TOKYO_CLOSE, "XACM", reference=ref)
    assert (ev.day0, str(ev.published_local.tz)) == (DAY0, "Asia/Tokyo")
    with pytest.raises(UnknownExchange):
        event_day(AFTER_TOKYO_CLOSE, "XACM")
    (move,) = extract_quoted_moves("Acmezor Robotics rose 4.0%.")
    claim = Claim(move, "ACME", "Acmezor Robotics", 0, "primary", None)
    (result,) = verify_claims(
        [claim], AFTER_TOKYO_CLOSE, prices_source=SYNTHETIC, window=(0, 0), reference=ref
    ).claims
    assert (result.day0, result.status) == (DAY0, "match")


def test_planning_on_a_venue_only_the_reference_knows() -> None:
    ref = _made_up_venue()
    source = _synthetic_pair()
    article = _article("Acmezor Robotics rose 4.0% after it said it would build a new plant.")
    # The bundled venue table does not hold XACM: the listing's own properties cannot say.
    assert (ref.master.listings["ACME"].currency, ref.master.listings["ACME"].timezone) == (None, None)
    p = plan(article, source=source, reference=ref)
    (listing,) = p.listings
    assert (listing.mic, listing.currency, listing.timezone) == ("XACM", "JPY", "Asia/Tokyo")
    assert [(r.symbol, r.mic, r.day0, r.benchmark) for r in p.rows] == [("ACME", "XACM", DAY0, "^ACMX")]
    assert p.excluded == {}
    assert plan(article, source=source).events.empty  # the bundled master has no Acmezor


def test_a_venue_the_reference_lacks_is_excluded_with_the_reason() -> None:
    ref = _made_up_venue()
    lacking = ReferenceData(master=ref.master)  # the bundled venue table: no XACM
    article = _article("Acmezor Robotics said it would build a new plant.")
    p = plan(article, source=_synthetic_pair(), reference=lacking)
    assert p.events.empty
    assert p.excluded["ACME"].startswith("trades on XACM, a venue the reference data do not hold")


def test_analysis_on_a_venue_only_the_reference_knows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = _made_up_venue()
    article = _article("Acmezor Robotics rose 4.0% after it said it would build a new plant.")
    a = analyse(article, source=_synthetic_pair(), model="market_adjusted", reference=ref)
    assert a.reference is ref
    assert a.study is not None and list(a.study.abnormal_returns.columns) == ["ACME"]
    ar = a.study.abnormal_returns["ACME"]
    assert ar.loc[0] == pytest.approx(0.04)  # hand-computed in _synthetic_pair's doc
    assert ar.loc[1:].abs().max() == pytest.approx(0.0, abs=1e-12)
    assert a.study.shock_days("ACME") == []
    assert not [w for w in a.warnings if "market-shock check" in w or "not analysed" in w]
    (claim,) = a.claims.claims
    assert (claim.claim.symbol, claim.day0, claim.status) == ("ACME", DAY0, "match")
    # The charts read the venue from the analysis' reference (the timeline needs XACM's sessions).
    written = a.write_charts(tmp_path)
    assert [p.name for p in written] == [
        "01_timeline.png",
        "02_price_paths.png",
        "03_abnormal_returns.png",
        "04_car_paths.png",
        "05_car_by_window.png",
        "06_claims.png",
    ]
    # The price panels: names from the reference, sessions of XACM (no base-day note: day -1 has a row).
    fig = views.price_paths_figure(a)
    assert not isinstance(fig, views.Note)
    assert [line.get_label() for line in fig.axes[0].get_lines()][:2] == [
        "Acmezor Robotics (ACME)",
        "Acmezor Index (^ACMX)",
    ]
    seen: list[object] = []

    def spy(plot: Callable[..., object]) -> Callable[..., object]:
        def record(*args: object, **kw: object) -> object:
            seen.append(kw.get("reference"))
            return plot(*args, **kw)

        return record

    monkeypatch.setattr(charts, "plot_price_paths", spy(charts.plot_price_paths))
    monkeypatch.setattr(charts, "plot_claims_grid", spy(charts.plot_claims_grid))
    jobs = {job.name: job for job in charts.chart_jobs(a, tmp_path)}
    jobs["02_price_paths"].run()
    jobs["06_claims"].run()
    assert seen == [ref, ref]


# ------------------------------------------------------------------------------------- (d) charts
def test_price_paths_name_the_reference_venue_and_currency() -> None:
    ref = _made_up_venue()
    prices = _pair_bars(_synthetic_pair())
    ax = plot_price_paths(prices, "ACME", DAY0, reference=ref)
    assert ax.get_title(loc="left") == "Acmezor Robotics (ACME), JPY, vs ^ACMX"
    assert ax.get_xlabel() == "trading days relative to day 0 (2025-04-30, Acmezor test venue sessions)"
    assert ax.get_lines()[0].get_xdata().tolist() == list(range(-10, 11))
    plt.close(ax.figure)  # type: ignore[arg-type]
    # The bundled data take the plain ticker as US-listed: NYSE sessions, dollars, SPY.
    ax = plot_price_paths(prices, "ACME", DAY0)
    assert ax.get_title(loc="left") == "ACME (ACME), USD, vs SPY"
    plt.close(ax.figure)  # type: ignore[arg-type]


def test_timeline_reads_the_reference_venue() -> None:
    ref = _made_up_venue()
    row = TimelineRow("ACME", "XACM", DAY0)
    ax = plot_event_timeline(pd.Timestamp(AFTER_TOKYO_CLOSE), [row], reference=ref)
    # 09:00 Tokyo (UTC+9) opening of 2025-04-30, Tokyo's day 0
    assert "day 0 2025-04-30, opens 09:00 local (UTC+9)" in [t.get_text() for t in ax.texts]
    plt.close(ax.figure)  # type: ignore[arg-type]
    with pytest.raises(UnknownExchange):
        plot_event_timeline(pd.Timestamp(AFTER_TOKYO_CLOSE), [row])


def test_claim_panel_labels_a_bare_amount_in_the_reference_currency() -> None:
    (move,) = extract_quoted_moves("Acmezor Robotics shares jumped 40 yen.")
    bare = dataclasses.replace(move, currency=None)  # an amount quoted without its currency
    claim = Claim(bare, "ACME", "Acmezor Robotics", 0, "primary", "acmezor")
    (result,) = verify_claims([claim], day0s="2025-04-30", prices_source=SYNTHETIC, reference=REF).claims
    ax = plot_claim(result, reference=REF)
    assert ax.get_ylabel() == "close-to-close change (JPY)"
    plt.close(ax.figure)  # type: ignore[arg-type]
    ax = plot_claim(result)  # the bundled data: ACME is a US ticker
    assert ax.get_ylabel() == "close-to-close change (USD)"
    plt.close(ax.figure)  # type: ignore[arg-type]


# -------------------------------------------------------------------------------- (e) market shocks
# Days -2..+2 around 2025-04-30 on Tokyo's calendar (2025-04-29 is Showa Day, a Tokyo holiday).
TOKYO_WEEK = pd.to_datetime(["2025-04-25", "2025-04-28", "2025-04-30", "2025-05-01", "2025-05-02"]).tolist()


def test_event_window_sessions_come_from_the_reference_calendar() -> None:
    assert event_window_sessions("ACME", DAY0, (-2, 2), reference=REF)["date"].tolist() == TOKYO_WEEK
    # New York: 2025-04-29 is a session there (Showa Day is a Tokyo holiday only).
    us = event_window_sessions("ACME", DAY0, (-2, 2))["date"].tolist()
    assert (
        us == pd.to_datetime(["2025-04-28", "2025-04-29", "2025-04-30", "2025-05-01", "2025-05-02"]).tolist()
    )


def test_market_shocks_place_the_benchmark_with_the_reference() -> None:
    ref = _made_up_venue()
    source = _synthetic_pair()
    returns = to_returns(_pair_bars(source), reference=ref)
    windows = Windows.parse((-250, -11), [(-2, 2)])
    # ACME as a benchmark: on XACM (Tokyo sessions) with this reference, on the NYSE without.
    found = batch_shocks([("ACME", DAY0)], windows, returns, 3.0, reference=ref)[("ACME", DAY0)]
    assert isinstance(found, pd.DataFrame)
    assert found["date"].tolist() == TOKYO_WEEK
    assert found.attrs["n_est"] == 240  # every session of the window has its return on XACM's calendar
    want = market_shocks("ACME", DAY0, (-2, 2), (-250, -11), 3.0, returns=returns, reference=ref)
    pd.testing.assert_frame_equal(found, want)
    bundled = batch_shocks([("ACME", DAY0)], windows, returns, 3.0)[("ACME", DAY0)]
    assert isinstance(bundled, pd.DataFrame) and pd.Timestamp("2025-04-29") in bundled["date"].tolist()


def test_the_study_flags_shocks_on_the_reference_calendar() -> None:
    ref = _made_up_venue()
    events = pd.DataFrame({"symbol": ["^ACMX"], "day0": [DAY0], "benchmark": ["ACME"]})
    other = [("2025-04-29", "a made-up announcement")]  # Showa Day: first traded in Tokyo on 2025-04-30
    study = EventStudy(model="market_adjusted", other_events=other).fit(
        events, source=_synthetic_pair(), reference=ref
    )
    assert study.shocks["^ACMX"]["date"].iloc[8:13].tolist() == TOKYO_WEEK  # days -2..+2 of (-10, 10)
    (row,) = study.overlaps.itertuples(index=False)
    assert (row.symbol, row.session, row.relative_day) == ("^ACMX", DAY0, 0)


# ------------------------------------------------------------------------------ (c) price sources
def test_yahoo_labels_bars_in_the_reference_venues_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert yahoo_module._timezone("ACME", REF) == "Asia/Tokyo"
    assert yahoo_module._timezone("ACME", ReferenceData.bundled()) == "America/New_York"
    assert yahoo_module._timezone("ZZQX.ZZ", REF) is None  # unknown venue: yfinance looks it up
    seen: list[ReferenceData | None] = []
    bars = SYNTHETIC.bars("ACME", None, None)

    def fake_fetch(symbol: str, start: object, end: object, **kw: object) -> pd.DataFrame:
        seen.append(kw["reference"])  # type: ignore[arg-type]
        return bars[list(BAR_COLUMNS)]

    monkeypatch.setattr(yahoo_module, "fetch_prices", fake_fetch)
    load_prices("ACME", "2025-04-25", "2025-05-02", source="yahoo", reference=REF)
    load_prices("ACME", "2025-04-25", "2025-05-02", source=YahooSource(reference=REF))
    load_prices("ACME", "2025-04-25", "2025-05-02", source="yahoo")
    assert seen == [REF, REF, None]  # None: fetch_prices then uses the bundled reference


def test_snapshot_import_records_the_reference_venue(tmp_path: Path) -> None:
    # A SYNTHETIC price file in the snapshot format, without the 2025-05-01 row.
    bars = SYNTHETIC.bars("ACME", None, None).loc["2025-04-24":"2025-05-08"]
    lines = [",".join(COLUMNS)]
    for date, row in bars.drop(pd.Timestamp("2025-05-01")).iterrows():
        lines.append(f"{date:%Y-%m-%d},{row.open},{row.high},{row.low},{row.close},,1000,")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ACME.csv").write_text("\n".join(lines) + "\n")
    import_snapshot(tmp_path / "in", tmp_path / "snap", reference=REF)
    row = read_manifest(tmp_path / "snap")["ACME"]
    assert (row.name, row.mic, row.currency, row.timezone) == (
        "Acmezor Robotics",
        "XTKS",
        "JPY",
        "Asia/Tokyo",
    )
    assert row.missing_sessions == "2025-05-01"  # 2025-04-29 and 2025-05-05/06 are Tokyo holidays


# ---------------------------------------------------------------------------------- architecture
_ALLOWED = ("reference",)  # the reference subpackage itself
# The global venue and calendar look-ups; text/ still reads them (its owners thread it separately).
_GLOBAL_LOOKUPS = {"calendar", "exchange", "venue", "exchange_for_suffix", "mic_for_symbol", "load_master"}
_NOT_YET = ("text",)


def test_no_global_master_lookup_outside_the_reference_package() -> None:
    package = Path(__file__).resolve().parents[1] / "marketreact"
    offenders: list[str] = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] in _ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(package.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ImportFrom) and any(a.name == "mic_for_symbol" for a in node.names):
                offenders.append(f"{where} imports mic_for_symbol")
            elif isinstance(node, ast.Attribute) and node.attr == "mic_for_symbol":
                offenders.append(f"{where} uses mic_for_symbol")
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name == "load_master":
                    offenders.append(f"{where} calls load_master()")
    assert offenders == [], "use the ReferenceData handed in (ref.mic_for / ref.require_mic / ref.master)"


def test_no_global_venue_or_calendar_lookup_outside_reference_and_text() -> None:
    package = Path(__file__).resolve().parents[1] / "marketreact"
    offenders: list[str] = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] in (*_ALLOWED, *_NOT_YET):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("marketreact.reference")
                and any(a.name in _GLOBAL_LOOKUPS for a in node.names)
            ):
                names = sorted(a.name for a in node.names if a.name in _GLOBAL_LOOKUPS)
                offenders.append(
                    f"{path.relative_to(package.parent)}:{node.lineno} imports {', '.join(names)}"
                )
    assert offenders == [], "use the ReferenceData handed in (ref.calendar / ref.exchange / ref.require_mic)"


def test_reference_data_pickles_for_process_pools_and_the_chart_process() -> None:
    """The bundled reference travels as a token (the receiver's own cached object); a custom one as
    its master and venues, equal after the round trip."""
    import pickle

    from marketreact.reference.refdata import default_reference

    assert pickle.loads(pickle.dumps(default_reference())) is default_reference()
    custom = pickle.loads(pickle.dumps(_made_up_venue()))
    assert custom.listing("ACME") == _made_up_venue().listing("ACME")
    assert custom.exchange("XACM") == XACM
    assert custom.require_mic("ACME") == _made_up_venue().require_mic("ACME")
