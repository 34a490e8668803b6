"""The yfinance adapter against a loopback fake of Yahoo's chart endpoint (no network).

yfinance's base URL is pointed at the fake, its cookie/crumb step is replaced
by a stub (so fc.yahoo.com and getcrumb are never contacted), its on-disk caches
go to tmp_path, and the session refuses any https:// URL and records it. The
expected figures are the bundled snapshot's own rows, which the fake serves.
"""

from __future__ import annotations

import json
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import requests
import yfinance
import yfinance.base
import yfinance.cache
import yfinance.const
import yfinance.scrapers.history
from requests.adapters import BaseAdapter
from yahoo_server import FakeYahoo, serve
from yfinance.data import SingletonMeta, YfData

import marketreact.data.sources.yahoo
from marketreact.data import cache
from marketreact.data.prices import load_prices
from marketreact.data.snapshot import read_snapshot_file
from marketreact.data.sources.yahoo import fetch_many, fetch_prices
from marketreact.errors import DataQualityWarning, FetchFailed, InvalidParameter, NoDataReturned, RateLimited


class _RefuseAdapter(BaseAdapter):
    """Transport for https://: records the URL and fails, so nothing leaves the machine."""

    def __init__(self, attempts: list[str]) -> None:
        super().__init__()
        self.attempts = attempts

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.attempts.append(str(request.url))
        raise requests.ConnectionError(f"test refused a request to {request.url}")

    def close(self) -> None:
        pass


def _point_yfinance_at(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    for module in (yfinance.const, yfinance.scrapers.history, yfinance.base):
        monkeypatch.setattr(module, "_BASE_URL_", base_url)


@pytest.fixture
def yahoo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeYahoo, requests.Session]]:
    # yfinance's sqlite caches (time zones, cookies, ISINs) go to tmp_path, never to ~.
    for manager in (
        yfinance.cache._TzDBManager,
        yfinance.cache._CookieDBManager,
        yfinance.cache._ISINDBManager,
    ):
        monkeypatch.setattr(manager, "_cache_dir", str(tmp_path / "py-yfinance"))
        monkeypatch.setattr(manager, "_db", None)
    monkeypatch.setattr(yfinance.cache._TzCacheManager, "_tz_cache", None)
    monkeypatch.setattr(yfinance.cache._CookieCacheManager, "_Cookie_cache", None)
    monkeypatch.setattr(yfinance.cache._ISINCacheManager, "_isin_cache", None)
    # A fresh YfData singleton per test (its in-process response memo is per instance).
    monkeypatch.setattr(SingletonMeta, "_instances", {})
    monkeypatch.setattr(YfData, "_get_cookie_and_crumb", lambda self, timeout=30: (None, "basic"))
    attempts: list[str] = []
    session = requests.Session()
    session.trust_env = False  # ignore any *_PROXY variables
    session.mount("https://", _RefuseAdapter(attempts))
    YfData(session=session)
    with serve(FakeYahoo()) as fake:
        _point_yfinance_at(monkeypatch, fake.base_url)
        yield fake, session
    assert attempts == [], f"requests left the machine: {attempts}"


def _epoch(day: str, tz: str) -> int:
    return int(pd.Timestamp(day, tz=tz).timestamp())


def test_aapl_is_the_snapshot_figures(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    got = fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    expected = read_snapshot_file("AAPL").loc["2025-04-01":"2025-04-11"]
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.loc["2025-04-08", "close"] == 172.4199981689453
    assert got.loc["2025-04-09", "close"] == 198.85000610351562
    assert got.index[-1] == pd.Timestamp("2025-04-11")  # the inclusive end is included
    (query,) = fake.chart_requests()
    # yfinance's end is exclusive: the adapter asks up to the next local midnight.
    assert int(query["period1"]) == _epoch("2025-04-01", "America/New_York")
    assert int(query["period2"]) == _epoch("2025-04-12", "America/New_York")
    assert query["interval"] == "1d"
    assert query["events"] == "div,splits,capitalGains"


def test_tokyo_symbol_gets_tokyo_session_dates(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    # 2024-03-28 is an ex-date (15 JPY); the bar's timestamp is 00:00 UTC = 09:00 JST.
    got = fetch_prices("7201.T", "2024-03-21", "2024-04-05", session=session)
    expected = read_snapshot_file("7201.T").loc["2024-03-21":"2024-04-05"]
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.loc["2024-03-28", "dividends"] == 15.0
    assert got["adj_close"].isna().all()  # unknown in the source: stays NaN
    (query,) = fake.chart_requests()
    assert int(query["period1"]) == _epoch("2024-03-21", "Asia/Tokyo")
    assert int(query["period2"]) == _epoch("2024-04-06", "Asia/Tokyo")


def test_dividend_row_of_a_us_listing(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    _, session = yahoo
    got = fetch_prices("AAPL", "2025-05-08", "2025-05-14", session=session)
    assert got.loc["2025-05-12", "dividends"] == 0.26
    assert (got.drop(pd.Timestamp("2025-05-12"))["dividends"] == 0.0).all()


def test_dividend_in_a_foreign_currency_becomes_unknown(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fake.default = "divfx"
    with pytest.warns(DataQualityWarning, match="2025-05-12 XXX"):
        got = fetch_prices("AAPL", "2025-05-08", "2025-05-14", session=session)
    day = pd.Timestamp("2025-05-12")
    assert np.isnan(got["dividends"][day])
    assert got["adj_close"][day] == read_snapshot_file("AAPL")["adj_close"][day]


def test_unknown_venue_lets_yfinance_find_the_time_zone(
    yahoo: tuple[FakeYahoo, requests.Session], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake, session = yahoo
    monkeypatch.setattr(marketreact.data.sources.yahoo, "_timezone", lambda symbol, ref: None)
    got = fetch_prices("7201.T", "2025-04-07", "2025-04-09", session=session)
    assert list(pd.DatetimeIndex(got.index).strftime("%Y-%m-%d")) == [
        "2025-04-07",
        "2025-04-08",
        "2025-04-09",
    ]
    probe, history = fake.chart_requests()
    assert probe["range"] == "1d" and "period1" in history
    # yfinance remembered the zone in its sqlite cache, which the fixture moved to tmp_path.
    assert (tmp_path / "py-yfinance" / "tkr-tz.db").is_file()


def test_second_call_is_served_from_the_cache(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    first = fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    assert len(fake.chart_requests()) == 1
    again = fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    inside = fetch_prices("AAPL", "2025-04-03", "2025-04-09", session=session)
    assert len(fake.chart_requests()) == 1  # zero new requests
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    pd.testing.assert_frame_equal(inside, first.loc["2025-04-03":"2025-04-09"], check_exact=True)
    record = json.loads(cache.entry_paths("AAPL").read_text())
    assert record["yfinance_version"] == yfinance.__version__
    assert (record["start"], record["end"]) == ("2025-04-01", "2025-04-11")
    assert record["fetched_at"].endswith("+00:00")


def test_cache_hit_needs_no_server(
    yahoo: tuple[FakeYahoo, requests.Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = yahoo
    fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    _point_yfinance_at(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    got = fetch_prices("AAPL", "2025-04-02", "2025-04-04", session=session)
    assert list(pd.DatetimeIndex(got.index).strftime("%Y-%m-%d")) == [
        "2025-04-02",
        "2025-04-03",
        "2025-04-04",
    ]


def test_refresh_bypasses_the_cache(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session, refresh=True)
    assert len(fake.chart_requests()) == 2


def test_uncovered_range_refetches_the_union(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    got = fetch_prices("AAPL", "2025-04-07", "2025-04-17", session=session)
    assert got.index[0] == pd.Timestamp("2025-04-07") and got.index[-1] == pd.Timestamp("2025-04-17")
    second = fake.chart_requests()[1]
    assert int(second["period1"]) == _epoch("2025-04-01", "America/New_York")
    assert int(second["period2"]) == _epoch("2025-04-18", "America/New_York")
    fetch_prices("AAPL", "2025-04-02", "2025-04-16", session=session)
    assert len(fake.chart_requests()) == 2


def test_http_429_is_retried_with_backoff(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    # yfinance re-sends once itself after any HTTP >= 400 (data.py _make_request), so
    # three 429s fail the first attempt (2 requests) and the second attempt gets 429 then OK.
    fake.script = ["429", "429", "429"]
    sleeps: list[float] = []
    got = fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session, sleep=sleeps.append)
    assert got.loc["2025-04-09", "close"] == 198.85000610351562
    assert sleeps == [2.0]
    assert len(fake.chart_requests()) == 4


def test_persistent_429_raises_rate_limited(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fake.default = "429"
    sleeps: list[float] = []
    with pytest.raises(RateLimited) as info:
        fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session, max_retries=3, sleep=sleeps.append)
    assert info.value.attempts == 4
    assert sleeps == [2.0, 4.0, 8.0]
    assert isinstance(info.value, FetchFailed)
    assert cache.read_meta("AAPL") is None


def test_yahoo_not_found_error_is_no_data(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fake.default = "404"
    with pytest.raises(NoDataReturned, match="No data found, symbol may be delisted") as info:
        fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    assert (info.value.symbol, info.value.start, info.value.end) == ("AAPL", "2025-04-01", "2025-04-11")
    assert cache.read_meta("AAPL") is None


def test_empty_chart_result_is_no_data(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fake.default = "empty"
    with pytest.raises(NoDataReturned):
        fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)


def test_weekend_only_range_is_no_data(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    _, session = yahoo
    with pytest.raises(NoDataReturned):
        fetch_prices("AAPL", "2025-04-05", "2025-04-06", session=session)


def test_http_error_page_is_fetch_failed(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    fake.default = "html503"
    with pytest.raises(FetchFailed) as info:
        fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session)
    assert not isinstance(info.value, RateLimited | NoDataReturned)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_fetch_failed(
    yahoo: tuple[FakeYahoo, requests.Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = yahoo
    _point_yfinance_at(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    sleeps: list[float] = []
    with pytest.raises(FetchFailed, match="ConnectionError") as info:
        fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session, sleep=sleeps.append)
    assert not isinstance(info.value, RateLimited)
    assert sleeps == []
    assert yfinance.config.debug.hide_exceptions is True  # yfinance's setting is restored


def test_load_prices_source_yahoo_goes_through_the_adapter(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, _ = yahoo  # load_prices passes no session: yfinance's singleton keeps the fixture's
    got = load_prices(["AAPL"], "2025-04-01", "2025-04-11", source="yahoo")
    assert len(fake.chart_requests()) == 1
    bars = got.loc["AAPL"]
    assert bars.loc["2025-04-09", "close"] == 198.85000610351562
    assert (bars["basis"] == "adjusted").all()
    pd.testing.assert_series_equal(bars["tr_close"], bars["adj_close"], check_names=False)


def test_load_prices_auto_prefers_a_covering_snapshot(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, _ = yahoo
    got = load_prices(["7201.T"], "2025-04-01", "2025-04-11", source="auto")
    assert fake.chart_requests() == []
    expected = read_snapshot_file("7201.T").loc["2025-04-01":"2025-04-11"]
    pd.testing.assert_series_equal(got.loc["7201.T"]["close"], expected["close"], check_exact=True)


def test_load_prices_auto_downloads_when_the_snapshot_falls_short(
    yahoo: tuple[FakeYahoo, requests.Session],
) -> None:
    fake, _ = yahoo
    # The snapshot starts 2023-10-02; September's sessions are not in it, so Yahoo is asked
    # (the fake, fed from the same snapshot, has none either: load_prices reports the gap).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = load_prices(["AAPL"], "2023-09-25", "2023-10-06", source="auto")
    assert len(fake.chart_requests()) == 1
    assert got.loc["AAPL"].index[0] == pd.Timestamp("2023-10-02")
    assert any("session(s) before 2023-10-02" in str(w.message) for w in caught)


def test_fetch_many_returns_each_symbol(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    got = fetch_many(["AAPL", "7201.T"], "2025-04-07", "2025-04-09", session=session)
    assert list(got) == ["AAPL", "7201.T"]
    assert list(pd.DatetimeIndex(got["7201.T"].index).strftime("%Y-%m-%d")) == [
        "2025-04-07",
        "2025-04-08",
        "2025-04-09",
    ]
    assert len(fake.chart_requests()) == 2


def test_bad_parameters_are_rejected_before_any_request(yahoo: tuple[FakeYahoo, requests.Session]) -> None:
    fake, session = yahoo
    with pytest.raises(InvalidParameter, match="max_retries"):
        fetch_prices("AAPL", "2025-04-01", "2025-04-11", session=session, max_retries=-1)
    with pytest.raises(InvalidParameter, match="end"):
        fetch_prices("AAPL", "2025-04-11", "2025-04-01", session=session)
    assert fake.requests == []
