"""EventStudy argument validation, loading errors and warnings (SYNTHETIC returns; no network)."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import marketreact.data.prices
import marketreact.data.sources.yahoo
from marketreact.errors import (
    DataQualityWarning,
    EventOutsideData,
    FetchFailed,
    InvalidParameter,
    MarketReactError,
)
from marketreact.reference.calendars import calendar
from marketreact.study import EventStudy, Windows
from marketreact.study.models import fit_batch

DATES = calendar("XNYS").sessions_in_range("2024-01-02", "2025-12-31")[:200]


def _returns(constant_market: bool = False) -> pd.DataFrame:
    """SYNTHETIC returns for SYNA, SYNB (on XNYS sessions) and the market SYNM."""
    rng = np.random.default_rng(3)
    market = np.full(len(DATES), 0.001) if constant_market else rng.normal(0, 0.01, len(DATES))
    frames = []
    for sym, r in (
        ("SYNA", market + rng.normal(0, 0.01, len(DATES))),
        ("SYNB", 0.5 * market),
        ("SYNM", market),
    ):
        idx = pd.MultiIndex.from_arrays([[sym] * len(DATES), DATES], names=["symbol", "date"])
        frames.append(
            pd.DataFrame({"return": r, "sessions_spanned": 1.0, "gap": False, "basis": "adjusted"}, idx)
        )
    return pd.concat(frames)


def _study(**kw: Any) -> EventStudy:
    base: dict[str, Any] = {
        "estimation_window": (-120, -11),
        "event_windows": [(0, 0), (-1, 1)],
        "min_estimation": 80,
        "benchmark": "SYNM",
    }
    return EventStudy(**(base | kw))


# ----------------------------------------------------------------------------- item 1: real load errors
def _fail(symbol: str, *args: Any, **kwargs: Any) -> pd.DataFrame:
    raise FetchFailed(symbol, "yahoo", "network unreachable (test)")


def test_fetch_failure_is_reported_not_renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(marketreact.data.sources.yahoo, "fetch_prices", _fail)
    with pytest.raises(FetchFailed, match="fetching AAPL from yahoo failed"):
        EventStudy().fit([{"symbol": "AAPL", "day0": "2025-04-09"}], source="yahoo")


def test_one_failing_symbol_skipped_with_its_own_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = marketreact.data.prices.load_prices

    def flaky(symbols: Any, *args: Any, **kwargs: Any) -> pd.DataFrame:
        if symbols == "NVDA":
            _fail("NVDA")
        return real(symbols, *args, **kwargs)

    monkeypatch.setattr(marketreact.data.prices, "load_prices", flaky)
    res = EventStudy().fit([{"symbol": s, "day0": "2025-04-09"} for s in ("AAPL", "NVDA")])
    assert list(res.car.index) == ["AAPL"]
    assert res.skipped["NVDA"].startswith("FetchFailed: fetching NVDA from yahoo failed")


def test_source_validated_in_fit() -> None:
    with pytest.raises(InvalidParameter, match="source"):
        EventStudy().fit([{"symbol": "AAPL", "day0": "2025-04-09"}], source="bloomberg")


# ----------------------------------------------------------------------------- item 2: bounded range
def test_load_asks_for_a_bounded_range_and_records_partial_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    real = marketreact.data.prices.load_prices
    calls: dict[str, tuple[Any, Any]] = {}

    def spy(symbols: Any, start: Any = None, end: Any = None, **kwargs: Any) -> pd.DataFrame:
        calls[symbols] = (start, end)
        return real(symbols, start, end, **kwargs)

    monkeypatch.setattr(marketreact.data.prices, "load_prices", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)  # must be recorded, not printed
        res = EventStudy(event_windows=[(0, 0)], shock_threshold=None).fit(
            [{"symbol": s, "day0": "2025-04-07"} for s in ("AAPL", "MMTOF")]
        )
    xnys = calendar("XNYS").sessions
    i0 = xnys.get_loc(pd.Timestamp("2025-04-07"))
    # Estimation start -250 (and one more session for the first return, one for a Dimson lag) minus 10 days;
    # last event day 0 (+1 for a lead) plus 10 days.
    start, end = calls["AAPL"]
    assert pd.Timestamp(start) == xnys[i0 - 252] - pd.Timedelta(days=10)
    assert pd.Timestamp(end) == xnys[i0 + 1] + pd.Timedelta(days=10)
    assert set(calls) == {"AAPL", "MMTOF", "SPY"}
    # PROVENANCE.md: MMTOF ends 2025-04-07, so the margin after it is reported as a load warning.
    assert any(w.startswith("loading MMTOF:") and "2025-04-07" in w for w in res.warnings)


# ----------------------------------------------------------------------------- items 4-7: arguments
def test_duplicate_event_rejected() -> None:
    events = [{"symbol": "SYNA", "day0": DATES[150]}, {"symbol": "SYNA", "day0": str(DATES[150].date())}]
    with pytest.raises(InvalidParameter, match=r"events.*SYNA.*given twice"):
        _study().fit(events, returns=_returns())


def test_estimation_window_must_end_before_day0_and_event_windows() -> None:
    with pytest.raises(InvalidParameter, match=r"estimation_window.*end it at -1 or earlier"):
        Windows.parse((5, 100), [(0, 0)])
    # An event window wholly before the estimation window does not overlap it, but is still refused.
    with pytest.raises(InvalidParameter, match=r"estimation_window.*earliest event-window day \(-300\)"):
        Windows.parse((-250, -50), [(0, 0), (-300, -290)])
    with pytest.raises(InvalidParameter, match="estimation_window"):
        EventStudy(estimation_window=(-10, -1), event_windows=[(-20, -15)])


@pytest.mark.parametrize(("model", "least"), [("market", 4), ("dimson", 6), ("constant_mean", 3)])
def test_min_estimation_must_exceed_parameter_count(model: str, least: int) -> None:
    with pytest.raises(InvalidParameter, match=f"min_estimation.*not estimable.*at least {least}"):
        EventStudy(model=model, min_estimation=least - 1)
    EventStudy(model=model, min_estimation=least)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"thin_threshold": "a"}, "thin_threshold"),
        ({"thin_threshold": float("nan")}, "thin_threshold"),
        ({"shock_threshold": "3"}, "shock_threshold"),
        ({"min_estimation": 100.5}, "min_estimation"),
        ({"min_estimation": True}, "min_estimation"),
        ({"benchmark": ""}, "benchmark"),
        ({"benchmark": 5}, "benchmark"),
        ({"model": ["market"]}, "model"),
        ({"kind": None}, "kind"),
        ({"event_windows": 5}, "event_windows"),
        ({"event_windows": "a,b"}, "event_windows"),
        ({"estimation_window": None}, "estimation_window"),
        ({"other_events": "2025-04-10"}, "other_events"),
        ({"other_events": [("not a date", "CPI")]}, "other_events"),
    ],
)
def test_constructor_arguments_raise_invalid_parameter(kwargs: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidParameter, match=param) as info:
        EventStudy(**kwargs)
    assert info.value.param.startswith(param)


def test_single_event_window_given_alone() -> None:
    assert EventStudy(event_windows="-1,1").windows.events == ((-1, 1),)
    assert EventStudy(event_windows=(-1, 1)).windows.events == ((-1, 1),)
    assert EventStudy(event_windows=[(-1, 1)]).windows.events == ((-1, 1),)
    assert EventStudy(event_windows=[(0, 0), "-1,1"]).windows.events == ((0, 0), (-1, 1))


# ----------------------------------------------------------------------------- item 8: calendars
def test_benchmark_on_another_calendar_is_warned() -> None:
    res = EventStudy(event_windows=[(0, 0)], benchmark="SPY", shock_threshold=None).fit(
        [{"symbol": "7201.T", "day0": "2025-04-09"}]
    )
    expected = (
        "7201.T (XTKS) against SPY (XNYS): returns are matched by date across calendars; "
        "consider model='dimson' or a local benchmark"
    )
    assert expected in res.warnings
    local = EventStudy(event_windows=[(0, 0)], shock_threshold=None).fit(
        [{"symbol": "7201.T", "day0": "2025-04-09"}]
    )
    assert not any("across calendars" in w for w in local.warnings)


# ----------------------------------------------------------------------------- item 9: return kind
def test_returns_of_the_other_kind_rejected() -> None:
    returns = _returns()
    returns.attrs["kind"] = "log"
    with pytest.raises(InvalidParameter, match=r"returns.*kind='simple'"):
        _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=returns)
    assert _study(kind="log").fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=returns).n_listings == 1


# ----------------------------------------------------------------------------- item 3: day 0 outside data
def test_day0_after_the_data_is_event_outside_data() -> None:
    with pytest.raises(EventOutsideData, match=str(DATES[-1].date())):
        _study().fit([{"symbol": "SYNA", "day0": DATES[-1] + pd.Timedelta(days=7)}], returns=_returns())


# ----------------------------------------------------------------------------- item 10: mean CAR path
def test_mean_car_path_uses_complete_listings_only() -> None:
    returns = _returns().drop(("SYNB", DATES[151]))  # SYNB has no row on day +1
    res = _study().fit([{"symbol": s, "day0": DATES[150]} for s in ("SYNA", "SYNB")], returns=returns)
    path, complete = res.mean_car_path()
    assert complete == ["SYNA"]
    # One complete listing: the mean path is SYNA's own CAR path, cumulated from day -1.
    np.testing.assert_allclose(path.to_numpy(), res.abnormal_returns["SYNA"].cumsum().to_numpy())
    labels = [line.get_label() for line in res.plot().get_lines()]
    assert "mean CAR (1 of 2 listings with complete paths)" in labels


# ----------------------------------------------------------------------------- item 11: singular design
def test_singular_design_recorded_and_warned() -> None:
    # SYNTHETIC: x = [1, 1, 1] (constant) makes X'X = [[3, 3], [3, 3]] singular; the second event is regular.
    y = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 5.0]])
    x = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 1.0, 2.0, 3.0]])[:, :, None]
    fit = fit_batch("market", y, x, y[:, :1], x[:, :1])
    assert fit.singular.tolist() == [True, False]
    # Regular event: exact OLS, x = 0..3, y = 1, 2, 3, 5 -> beta = Sxy / Sxx = 6.5 / 5 = 1.3.
    assert fit.beta[1] == pytest.approx(1.3)
    res = _study(min_estimation=80).fit(
        [{"symbol": "SYNA", "day0": DATES[150]}, {"symbol": "SYNB", "day0": DATES[150]}],
        returns=_returns(constant_market=True),
    )
    assert any(w.startswith("beta not identified for SYNA, SYNB") for w in res.warnings)


def test_all_errors_are_marketreact_errors() -> None:
    with pytest.raises(MarketReactError):
        EventStudy(thin_threshold="a")  # type: ignore[arg-type]
    car = _study().fit([{"symbol": "SYNA", "day0": DATES[150]}], returns=_returns()).car
    assert math.isfinite(float(car.to_numpy()[0, 0]))


def test_day0_of_tz_aware_times_is_each_ones_local_date() -> None:
    """One instant in two zones is two local dates: parsing once per distinct value must not merge them."""
    from marketreact.study.assemble import _parse_events

    tokyo = pd.Timestamp("2024-03-05 00:30", tz="Asia/Tokyo")
    new_york = pd.Timestamp("2024-03-04 10:30", tz="America/New_York")
    assert tokyo == new_york  # the same instant
    rows = _parse_events([{"symbol": "SYNA", "day0": tokyo}, {"symbol": "SYNA", "day0": new_york}])
    assert [r["day0"] for r in rows] == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-04")]
    # Text and naive timestamps shared by many events parse once, to the same day.
    many = _parse_events([{"symbol": f"S{i}", "day0": "2024-03-04"} for i in range(3)])
    assert {r["day0"] for r in many} == {pd.Timestamp("2024-03-04")}


def test_events_frame_with_a_column_twice_is_named() -> None:
    frame = pd.DataFrame([["SYNA", "2024-06-03", "2024-06-04"]], columns=["symbol", "day0", "day0"])
    with pytest.raises(InvalidParameter, match=r"give each column once \(day0 twice\)"):
        EventStudy().fit(frame, returns=_returns())
