"""Price sources: the registry, your own files, frames, studies without an article (issue 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from marketreact.cli import main
from marketreact.data import load_prices
from marketreact.data.sources import SOURCES, FolderSource, FrameSource, resolve_source
from marketreact.errors import InvalidParameter, PriceFileError, UnknownSymbol
from marketreact.reference import paths as _paths
from marketreact.study import EventStudy

DATA = _paths.data_dir() / "prices"


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A user's folder: AAPL's real bars saved as ACME.csv, SPY's as MKT.csv."""
    shutil.copy(DATA / "AAPL.csv", tmp_path / "ACME.csv")
    shutil.copy(DATA / "SPY.csv", tmp_path / "MKT.csv")
    return tmp_path


def _independent_market_model(
    listing: Path, bench: Path, day0: str, est: tuple[int, int], win: tuple[int, int]
):
    """Market model CAR and CLM t by plain numpy on the files, not through marketreact.

    Returns on the adjusted close (both files have one on every row); offsets
    count the files' rows, which are the NYSE sessions (no session is missing).
    Var(CAR) = 1' V 1 with V = s^2 (I + X0 (X'X)^-1 X0'), s^2 with ddof 2
    (Campbell, Lo & MacKinlay 1997, eq. 4.4.8-4.4.14).
    """
    a = pd.read_csv(listing, index_col="date", parse_dates=True)["adj_close"]
    b = pd.read_csv(bench, index_col="date", parse_dates=True)["adj_close"]
    ra, rb = a.pct_change().dropna(), b.pct_change().dropna()
    i0 = ra.index.get_loc(pd.Timestamp(day0))
    y, x = ra.to_numpy(), rb.reindex(ra.index).to_numpy()
    e = slice(i0 + est[0], i0 + est[1] + 1)
    w = slice(i0 + win[0], i0 + win[1] + 1)
    X = np.column_stack([np.ones(e.stop - e.start), x[e]])
    coef, *_ = np.linalg.lstsq(X, y[e], rcond=None)
    resid = y[e] - X @ coef
    s2 = resid @ resid / (len(resid) - 2)
    X0 = np.column_stack([np.ones(w.stop - w.start), x[w]])
    ar = y[w] - X0 @ coef
    V = s2 * (np.eye(len(ar)) + X0 @ np.linalg.inv(X.T @ X) @ X0.T)
    car = ar.sum()
    return car, car / np.sqrt(V.sum())


def test_own_folder_study_equals_independent_market_model(
    own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["study", "--event", "ACME@2025-04-09", "--benchmark", "MKT", "--source", str(own), "--model", "market",
         "--estimation=-250,-11", "--window=-1,1", "--format", "json"]
    )  # fmt: skip
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    window = body["listings"][0]["windows"][0]
    car, t = _independent_market_model(own / "ACME.csv", own / "MKT.csv", "2025-04-09", (-250, -11), (-1, 1))
    assert window["window"] == [-1, 1]
    assert window["car"] == pytest.approx(car, abs=1e-6)
    assert window["t"] == pytest.approx(t, abs=1e-6)
    # the venue guess is said once
    assert sum("not in the security master" in w for w in body["warnings"]) == 1


def test_registry_names_and_folder_resolution(own: Path) -> None:
    assert set(SOURCES) == {"snapshot", "yahoo", "auto"}
    assert isinstance(resolve_source(str(own)), FolderSource)
    assert resolve_source("snapshot").name == "snapshot"
    with pytest.raises(InvalidParameter, match="no such folder"):
        resolve_source(str(own / "missing"))
    with pytest.raises(InvalidParameter, match="'snapshot', 'yahoo', 'auto'"):
        resolve_source("bloomberg")


def test_folder_bars_equal_the_snapshot(own: Path) -> None:
    mine = load_prices("ACME", "2025-01-02", "2025-03-31", source=own)
    ref = load_prices("AAPL", "2025-01-02", "2025-03-31")
    np.testing.assert_array_equal(mine["tr_close"].to_numpy(), ref["tr_close"].to_numpy())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("day,close\n2025-01-02,1\n", "no 'date' column"),
        ("date,open\n2025-01-02,1\n", "no 'close' column"),
        ("date,close\n2025-01-02,1\n2025-01-02,2\n", "appears more than once"),
        ("date,close\n2025-01-02,1\n2025-01-03,n/a\n", "'n/a' is not a number"),
        ("date,close\n2025-13-45,1\n", "does not parse"),
    ],
)
def test_bad_user_files_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "BAD.csv").write_text(content)
    with pytest.raises(PriceFileError, match=message):
        FolderSource(tmp_path).bars("BAD", None, None)


def test_optional_columns_are_unknown_not_zero(tmp_path: Path) -> None:
    (tmp_path / "X.csv").write_text("Date,Close\n2025-01-02,10\n2025-01-03,11\n")
    bars = FolderSource(tmp_path).bars("X", None, None)
    assert bars["close"].tolist() == [10.0, 11.0]
    assert bars["volume"].isna().all() and bars["dividends"].isna().all()


def test_missing_symbol_names_the_file_to_add(own: Path) -> None:
    with pytest.raises(UnknownSymbol, match=r"add NOPE\.csv"):
        FolderSource(own).bars("NOPE", None, None)


def test_frame_source_and_shared_event_ids(own: Path) -> None:
    frame = load_prices(["ACME", "MKT"], source=own)
    rows = [
        {"symbol": "ACME", "day0": "2025-04-09", "id": "article-1"},
        {"symbol": "ACME", "day0": "2025-04-09", "id": "article-2"},
    ]
    res = EventStudy(benchmark="MKT", event_windows=[(0, 0)]).fit(rows, source=FrameSource(frame))
    assert list(res.car.index) == ["ACME[article-1]", "ACME[article-2]"]
    assert res.car.iloc[0, 0] == res.car.iloc[1, 0]
    assert any("clustered" in w for w in res.warnings)
    with pytest.raises(InvalidParameter, match="given twice"):
        EventStudy(benchmark="MKT").fit([rows[0], rows[0]], source=frame)


def test_returns_only_frame_and_benchmark_outside_master(own: Path) -> None:
    """A user's returns frame with only a 'return' column; an index benchmark the master does not hold."""
    shutil.copy(DATA / "SPY.csv", own / "^MYIDX.csv")
    prices = load_prices(["ACME", "^MYIDX"], source=own)
    close = prices["tr_close"]
    returns = close.groupby(level=0).pct_change().dropna().to_frame("return")
    res = EventStudy(benchmark="^MYIDX", event_windows=[(0, 0)]).fit(
        [{"symbol": "ACME", "day0": "2025-04-09"}], returns=returns
    )
    assert np.isfinite(res.car.iloc[0, 0])
    assert any("^MYIDX" in w and "own rows" in w for w in res.warnings)


def test_calendar_option_keeps_tokyo_rows(own: Path) -> None:
    """Tokyo bars under a plain name: with --calendar XTKS no row is off-calendar."""
    shutil.copy(DATA / "7201.T.csv", own / "NISSAN.csv")
    shutil.copy(DATA / "^N225.csv", own / "NIKKEI.csv")
    res = EventStudy(benchmark="NIKKEI", event_windows=[(0, 0)]).fit(
        [{"symbol": "NISSAN", "day0": "2025-04-09"}], source=own, mics={"NISSAN": "XTKS", "NIKKEI": "XTKS"}
    )
    assert res.quality.loc["NISSAN", "calendar"] == "XTKS"
    assert res.quality.loc["NISSAN", "rows_off_calendar"] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["study", "--event", "ACME@2025-04-0x", "--source", "{own}"], "--event"),
        (["study", "--event", "ACME", "--source", "{own}"], "SYMBOL@YYYY-MM-DD"),
        (["study", "--event", "NOPE@2025-04-09", "--source", "{own}"], "NOPE.csv"),
        (["study", "--event", "ACME@2025-04-09", "--source", "{own}/missing"], "no such folder"),
        (["study", "--events", "{own}/none.csv"], "no such file"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    own: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code = main([a.replace("{own}", str(own)) for a in argv])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and message in err


def test_events_file_with_ids(own: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events.csv"
    events.write_text("symbol,day0,benchmark,id\nACME,2025-04-09,MKT,a\nACME,2025-04-09,MKT,b\n")
    assert (
        main(["study", "--events", str(events), "--source", str(own), "--window=0,0", "--format", "csv"]) == 0
    )
    out = capsys.readouterr().out
    assert "ACME[a]" in out and "ACME[b]" in out
