"""Factor models and per-event estimation windows on the vectorised path equal the per-event path.

``EventStudy._prepare`` (one event at a time, pandas look-ups) is the reference, as in
tests/test_study_gather.py: every array, note, calendar, quality entry and risk-free rate of
:func:`marketreact.study.gather.gather` must equal it. Inputs are SYNTHETIC returns with missing
rows, gap rows, a listing ending inside the event window and a Tokyo listing (whose Japan factors
end in 2022, so it falls back to another region with a warning), over the bundled French factors
or a user factor frame with a missing row and a short coverage.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from test_study_gather import XNYS, _synthetic, gather_for

from marketreact.errors import MarketReactWarning
from marketreact.reference.refdata import default_reference
from marketreact.study import EventStudy
from marketreact.study.assemble import _labels, _parse_events
from marketreact.study.event_setup import event_estimation_windows, union_windows


def _compare(study: EventStudy, events: list[dict[str, Any]], returns: pd.DataFrame) -> tuple[int, int]:
    """(events assembled, events failing) after checking gather == _prepare for each."""
    ref = default_reference()
    rows = _parse_events(events)
    own = event_estimation_windows(events, study.windows)
    axis = union_windows(own, study.windows)
    for row, window in zip(rows, own, strict=True):
        row["benchmark"] = row["benchmark"] or study.benchmark
        row["estimation_window"] = window
    labels = _labels(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarketReactWarning)  # fallbacks warn on both paths
        g = gather_for(study, rows, labels, returns, axis=axis)
        for k, i in enumerate(g.done):
            p = study._prepare(labels[i], rows[i], returns, None, {}, ref, {}, axis.estimation)
            for name in ("y_est", "x_est", "y_ev", "x_ev", "dates"):
                np.testing.assert_array_equal(
                    getattr(g, name)[k], getattr(p, name), err_msg=f"{labels[i]} {name}"
                )
            if study.factor_source is not None:
                assert g.rf_ev is not None
                np.testing.assert_array_equal(g.rf_ev[k], p.rf_ev, err_msg=labels[i])
            assert g.notes[k] == p.notes, labels[i]
            assert g.calendars[k] == p.calendars, labels[i]
            assert g.infos[k] == p.info, labels[i]
        for i in [*g.rest, *g.errors]:
            with pytest.raises(Exception) as exc:
                study._prepare(labels[i], rows[i], returns, None, {}, ref, {}, axis.estimation)
            if i in g.errors:
                assert str(exc.value) == str(g.errors[i])
    return len(g.done), len(g.rest) + len(g.errors)


@pytest.mark.parametrize("model", ["capm", "ff3", "carhart"])
@pytest.mark.parametrize("kind", ["simple", "log"])
def test_bundled_factor_models_match_prepare(model: str, kind: str) -> None:
    returns, events = _synthetic()
    study = EventStudy(model=model, kind=kind, estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)])
    done, failing = _compare(study, events, returns)
    assert (done, failing) == (7, 3)


def test_tokyo_listing_falls_back_and_says_so() -> None:
    returns, events = _synthetic()
    study = EventStudy(model="ff3", estimation_window=(-250, -11))
    tokyo = [e for e in events if e["symbol"] == "7777.T"]
    with pytest.warns(MarketReactWarning, match="Japan ff3"):
        res = study.fit(tokyo, returns=returns)
    quality = res.quality.loc["7777.T"]
    assert quality["factors"] == "US ff3" and "Japan ff3" in quality["factor_note"]


def _user_factors(drop: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """SYNTHETIC decimal factors on XNYS sessions up to ``last``, without the row ``drop``."""
    rng = np.random.default_rng(11)
    days = XNYS[last >= XNYS]
    frame = pd.DataFrame(
        {"MKT": rng.normal(0, 0.01, len(days)), "HML": rng.normal(0, 0.005, len(days)), "RF": 0.0001},
        index=days,
    )
    return frame.drop(index=drop)


def test_user_factors_missing_row_and_short_coverage_match_prepare() -> None:
    returns, events = _synthetic()
    # GA's day 0 is session 305: drop the factors' row on day +2 (an event-cell note) and end the
    # table at session 452 (GA@450's window to +5 reaches past it: FactorsNotCovered).
    factors = _user_factors(XNYS[307], XNYS[452])
    # A second listing with the same day 0: its error must name it, not GA.
    events.append({"symbol": "GB", "day0": XNYS[450], "benchmark": "GMKT", "id": "a10"})
    study = EventStudy(
        model="factors", factors=factors, estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)]
    )
    done, failing = _compare(study, events, returns)
    assert (done, failing) == (6, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarketReactWarning)
        res = study.fit(events, returns=returns)
    first = [i.event_id for i in res.listings].index("a1")
    assert "factors have no row" in res.window_note(first, (-5, 5))
    assert "FactorsNotCovered" in res.skipped["GA@" + str(XNYS[450].date())]
    assert "GB" in res.skipped["GB@" + str(XNYS[450].date())]


def test_per_event_estimation_windows_match_prepare() -> None:
    returns, events = _synthetic()
    for event, window in zip(
        events, [(-120, -11), None, "-200,-30", (-60, -6), None, (-100, -11)], strict=False
    ):
        event["estimation_window"] = window
    for model in ("market", "dimson", "ff3"):
        study = EventStudy(
            model=model, estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)], min_estimation=40
        )
        done, _ = _compare(study, events, returns)
        assert done >= 7
    study = EventStudy(estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)], min_estimation=40)
    res = study.fit(events, returns=returns)
    q = res.quality
    assert q.loc["GA@" + str(XNYS[305].date()) + "[a1]", "estimation_window_sessions"] == 110
    assert q.loc["GA@" + str(XNYS[305].date()) + "[a1]", "estimation_window"] == "-120,-11"


def _edit_ga(returns: pd.DataFrame, dates: pd.DatetimeIndex, **values: Any) -> pd.DataFrame:
    """SYNTHETIC returns with GA's rows on ``dates`` set to ``values``."""
    out = returns.copy()
    rows = [("GA", d) for d in dates]
    for column, value in values.items():
        out.loc[rows, column] = value
    return out


def test_thin_trading_is_read_from_the_listings_own_returns_under_factor_models() -> None:
    """Zero returns on half of GA's estimation days: thin trading under every model (a zero raw
    return minus RF is not zero, yet the day was not traded)."""
    returns, events = _synthetic()
    returns = _edit_ga(returns, XNYS[56:296:2], **{"return": 0.0})  # 120 of sessions 55..294
    ga = [e for e in events if e["id"] == "a1"]
    for model in ("market", "ff3", "constant_mean"):
        res = EventStudy(model=model, estimation_window=(-250, -11)).fit(ga, returns=returns)
        quality = res.quality.iloc[0]
        assert quality["zero_return_share"] == pytest.approx(120 / 240), model
        assert bool(quality["thin_trading"]), model
    for model in ("ff3", "constant_mean", "market"):
        study = EventStudy(model=model, estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)])
        _compare(study, events, returns)


def test_a_multi_session_return_in_the_event_window_is_noted_alike_on_both_paths() -> None:
    """GA's return on day +2 of its 2024 event spans two sessions (SYNTHETIC gap row)."""
    returns, events = _synthetic()
    returns = _edit_ga(returns, XNYS[307:308], gap=True, sessions_spanned=2.0)
    for model in ("constant_mean", "ff3", "market"):
        study = EventStudy(model=model, estimation_window=(-250, -11), event_windows=[(0, 0), (-5, 5)])
        _compare(study, events, returns)
        res = study.fit([events[0]], returns=returns)  # GA@305 (a1)
        note = " | ".join(res._cell_notes[0].values())
        if model == "market":
            assert "GA and GMKT returns on" in note and "span different sessions" in note
        else:
            assert "GA's return on" in note and "one-session normal return" in note and "None" not in note
