"""load_prices / to_returns against figures typed by hand from PROVENANCE.md."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from marketreact import load_prices, to_returns
from marketreact.data.prices import total_return_close
from marketreact.errors import DataQualityWarning, InvalidParameter, OutOfRange, UnknownSymbol


def test_flagship_aapl_closes_exact() -> None:
    p = load_prices(["AAPL"], "2025-04-01", "2025-04-11")
    aapl = p.xs("AAPL")
    assert aapl.loc["2025-04-08", "close"] == 172.4199981689453
    assert aapl.loc["2025-04-09", "close"] == 198.85000610351562
    assert list(p.index.names) == ["symbol", "date"]
    assert aapl.index[0] == pd.Timestamp("2025-04-01") and aapl.index[-1] == pd.Timestamp("2025-04-11")


@pytest.mark.parametrize("symbol", ["SPY", "NVDA", "HMC", "TM", "QQQ", "NSANY", "MMTOF", "7201.T", "^N225"])
def test_flagship_symbols_load(symbol: str) -> None:
    assert len(load_prices(symbol, "2025-03-01", "2025-04-07").xs(symbol)) > 10


def test_quoted_moves_hold_in_the_data() -> None:
    # PROVENANCE.md: AAPL -4.98%, NVDA -1.372%, HMC -0.474%, NSANY +0.459% on 2025-04-08 (close to close).
    p = load_prices(["AAPL", "NVDA", "HMC", "NSANY"], "2025-04-07", "2025-04-08")
    change = (
        p["close"].groupby(level="symbol").pct_change().xs(pd.Timestamp("2025-04-08"), level="date") * 100
    )
    assert change.round(2).to_dict() == {"AAPL": -4.98, "NVDA": -1.37, "HMC": -0.47, "NSANY": 0.46}


def test_out_of_range_and_unknown_symbol_are_errors() -> None:
    with pytest.raises(OutOfRange, match=r"NSANY: no rows in requested range 2025-05-01\.\.2025-05-30"):
        load_prices("NSANY", "2025-05-01", "2025-05-30")
    with pytest.raises(UnknownSymbol, match="'ZZZZ'"):
        load_prices("ZZZZ")
    with pytest.raises(InvalidParameter, match="start"):
        load_prices("AAPL", "9 April 2025")
    with pytest.raises(InvalidParameter, match="end must not be before start"):
        load_prices("AAPL", "2025-04-09", "2025-04-01")


def test_partial_coverage_warns_or_raises() -> None:
    with pytest.warns(DataQualityWarning, match=r"MMTOF: data cover 2023-10-02\.\.2025-04-07"):
        p = load_prices("MMTOF", "2025-04-01", "2025-04-11")
    assert p.xs("MMTOF").index[-1] == pd.Timestamp("2025-04-07")  # nothing filled after the end
    with pytest.raises(OutOfRange):
        load_prices("MMTOF", "2025-04-01", "2025-04-11", on_partial="raise")


def test_total_return_from_dividends_toy() -> None:
    # Synthetic: closes 10, 10, 11 with a 0.5 dividend going ex on day 2.
    # r2 = (10 + 0.5)/10 - 1 = 0.05; r3 = 11/10 - 1 = 0.10; level scaled so the last equals 11.
    bars = pd.DataFrame(
        {"close": [10.0, 10.0, 11.0], "adj_close": [np.nan] * 3, "dividends": [0.0, 0.5, 0.0]},
        index=pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-06"]),
    )
    level, basis = total_return_close(bars)
    assert basis == "dividends"
    assert level.iloc[-1] == 11.0
    assert math.isclose(level.iloc[1] / level.iloc[0] - 1, 0.05)
    assert math.isclose(level.iloc[2] / level.iloc[1] - 1, 0.10)


def test_total_return_basis_per_symbol() -> None:
    p = load_prices(["AAPL", "7203.T", "^N225"], "2025-03-25", "2025-04-02")
    assert p.groupby(level="symbol")["basis"].first().to_dict() == {
        "AAPL": "adjusted", "7203.T": "dividends", "^N225": "price",
    }  # fmt: skip
    # Toyota went ex ¥50 on 2025-03-28 (PROVENANCE.md): the total return adds it back.
    toyota = p.xs("7203.T")
    raw = toyota["close"].pct_change().loc["2025-03-28"]
    total = toyota["tr_close"].pct_change().loc["2025-03-28"]
    prev = toyota["close"].loc["2025-03-27"]
    assert math.isclose(total - raw, 50.0 / prev, rel_tol=1e-9)


def test_recorded_closure_is_not_a_gap() -> None:
    # The 2024-10-31 Taiwan typhoon closure (data/calendar_overrides.csv): 10-30 -> 11-01 is one session.
    r = to_returns(load_prices(["2317.TW", "^TWII"], "2024-10-25", "2024-11-08"))
    assert not r["gap"].any()
    assert r.loc[("2317.TW", pd.Timestamp("2024-11-01")), "sessions_spanned"] == 1


def test_returns_flag_a_missing_row_instead_of_bridging() -> None:
    # Synthetic gap: drop 7201.T's 2025-04-08 row. The 04-09 return then spans two sessions and is flagged.
    prices = load_prices(["7201.T", "^N225"], "2025-04-03", "2025-04-11")
    r = to_returns(prices.drop(index=("7201.T", pd.Timestamp("2025-04-08"))))
    gaps = r[r["gap"]]
    assert gaps.index.tolist() == [("7201.T", pd.Timestamp("2025-04-09"))]
    assert gaps["sessions_spanned"].tolist() == [2]
    # 311.5 / 309.6 - 1 (closes of 04-09 and 04-07, PROVENANCE.md): the return is kept, flagged, not split.
    assert math.isclose(gaps["return"].iloc[0], 311.5 / 309.6 - 1)


def test_simple_and_log_returns_toy() -> None:
    p = load_prices("AAPL", "2025-04-07", "2025-04-09")
    simple = to_returns(p).xs("AAPL")["return"]
    log = to_returns(p, kind="log").xs("AAPL")["return"]
    adj = p.xs("AAPL")["adj_close"]
    assert simple.loc["2025-04-09"] == adj.loc["2025-04-09"] / adj.loc["2025-04-08"] - 1
    assert math.isclose(log.loc["2025-04-09"], math.log1p(simple.loc["2025-04-09"]))
    with pytest.raises(InvalidParameter, match="kind"):
        to_returns(p, kind="pct")  # type: ignore[arg-type]


def test_dates_before_the_calendar_are_clamped_not_a_crash() -> None:
    # exchange_calendars starts its sessions in 2000 here; a 1990 start must warn, not raise DateOutOfBounds.
    with pytest.warns(DataQualityWarning, match="before 2023-10-02"):
        p = load_prices("AAPL", "1990-01-01", "2023-10-05")
    assert p.xs("AAPL").index[0] == pd.Timestamp("2023-10-02")


def test_single_row_cannot_make_a_return() -> None:
    with pytest.raises(InvalidParameter, match=r"prices='AAPL'.*at least two rows"):
        to_returns(load_prices("AAPL", "2025-04-09", "2025-04-09"))
    assert to_returns(load_prices("AAPL", "2025-04-08", "2025-04-09")).attrs["kind"] == "simple"
