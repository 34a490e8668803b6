"""Factor models, the French-layout reader, ``data import-factors`` and the regional factor choice.

Reference values: ``tests/reference/make_factor_reference.py`` (statsmodels OLS on the
excess returns of the bundled US listings against the bundled US factor files, CLM
variance from ``cov_params``; no marketreact) wrote ``expected_factors.json``.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from marketreact.cli import main
from marketreact.errors import (
    FactorCoverageWarning,
    FactorsNotCovered,
    InvalidParameter,
    SnapshotError,
)
from marketreact.study import EventStudy
from marketreact.study.factors import FactorSource, import_factors, read_french_csv, region_for_mic

REF = Path(__file__).resolve().parent / "reference"
EXPECTED = json.loads((REF / "expected_factors.json").read_text())
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("model", ["capm", "ff3", "ff5", "carhart"])
def test_factor_models_match_statsmodels(model: str) -> None:
    meta = EXPECTED["meta"]
    events = [{"symbol": s, "day0": d} for s, d in meta["day0"].items()]
    res = EventStudy(model=model, event_windows=[tuple(w) for w in meta["event_windows"]]).fit(events)
    assert not res.skipped
    coef = res.batch.fit.coef
    for i, (sym, exp) in enumerate(EXPECTED["models"][model].items()):
        assert res.params.loc[sym, "n_estimation"] == exp["n_estimation"]
        assert res.params.loc[sym, "df"] == exp["df"]
        assert res.params.loc[sym, "alpha"] == pytest.approx(exp["alpha"], rel=1e-8, abs=1e-12)
        assert res.params.loc[sym, "beta"] == pytest.approx(exp["loadings"][0], rel=1e-8)
        np.testing.assert_allclose(coef[i, 1:], exp["loadings"], rtol=1e-8, atol=1e-10)
        assert res.params.loc[sym, "sigma"] == pytest.approx(exp["sigma"], rel=1e-8)
        assert res.quality.loc[sym, "factors"] == f"US {model}"
        for window, w in exp["windows"].items():
            row = res.tests.loc[(sym, window)]
            assert row["car"] == pytest.approx(w["car"], rel=1e-8, abs=1e-12)
            assert row["se"] ** 2 == pytest.approx(w["var_car"], rel=1e-8)
            assert row["t"] == pytest.approx(w["t"], rel=1e-8, abs=1e-12)
            assert row["p"] == pytest.approx(w["p"], rel=1e-8, abs=1e-14)
            assert row["bhar"] == pytest.approx(w["bhar"], rel=1e-8, abs=1e-12)


def test_user_factor_frame_equals_bundled() -> None:
    """model='factors' with the US 3-factor table as a user frame gives the ff3 numbers."""
    frame = pd.read_csv(DATA / "factors" / "us_3.csv", index_col="date", parse_dates=["date"])
    events = [{"symbol": "AAPL", "day0": "2025-04-09"}]
    a = EventStudy(model="ff3").fit(events)
    b = EventStudy(model="factors", factors=frame, factor_columns=["Mkt-RF", "SMB", "HML"]).fit(events)
    np.testing.assert_allclose(a.car.to_numpy(), b.car.to_numpy(), rtol=1e-12)
    assert b.quality.loc["AAPL", "factors"] == "user"


def test_factor_parameter_errors() -> None:
    with pytest.raises(InvalidParameter) as err:
        EventStudy(model="market", factors=pd.DataFrame())
    assert err.value.param == "factors"
    no_rf = pd.DataFrame({"Mkt-RF": [0.01]}, index=pd.DatetimeIndex(["2025-01-02"]))
    with pytest.raises(InvalidParameter, match="RF"):
        EventStudy(model="capm", factors=no_rf)
    with pytest.raises(InvalidParameter) as err:
        EventStudy(model="factors")
    assert err.value.param == "factors"
    with pytest.raises(InvalidParameter) as err:
        EventStudy(model="ff3", conventions="paper")
    assert err.value.param == "conventions"


def test_region_mapping() -> None:
    assert region_for_mic("XNAS") == "US" and region_for_mic("OTCM") == "US"
    assert region_for_mic("XETR") == "Europe" and region_for_mic("XMIL") == "Europe"
    assert region_for_mic("XTKS") == "Japan"
    assert (
        region_for_mic("XHKG") == "Asia Pacific ex Japan"
        and region_for_mic("XASX") == "Asia Pacific ex Japan"
    )
    assert region_for_mic("XTAI") == "Developed"


def test_japan_falls_back_with_a_warning() -> None:
    """The Japan (and Developed) files end in 2022: a 2025 Tokyo event uses the US factors, with a warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = EventStudy(model="ff3").fit([{"symbol": "7201.T", "day0": "2025-04-09"}])
    found = [w.message for w in caught if isinstance(w.message, FactorCoverageWarning)]
    assert found and found[0].used == "US ff3" and found[0].wanted == "Japan ff3"
    assert "2022-06-30" in str(found[0]) and "Developed" in str(found[0])
    assert res.quality.loc["7201.T", "factors"] == "US ff3"
    assert any("used the US ff3 factors" in w for w in res.warnings)
    # A Tokyo session that is not a US session has no factor row: excluded, never filled.
    assert res.params.loc["7201.T", "n_estimation"] < 240


# ------------------------------------------------------------------ French layout and import
FRENCH = (
    "This file was created by a test.\r\n"
    "\r\n"
    ",Mkt-RF,SMB,HML,RF\r\n"
    "20240102,   -0.67,    0.00,   -0.34,    0.01\r\n"
    "20240103,    1.25,   -0.26,    0.26,    0.02\r\n"
    "20240104,   10.5,    -3,      0.10,    0.01\r\n"
    "\r\n"
    " Annual Factors: January-December \r\n"
    ",Mkt-RF,SMB,HML,RF\r\n"
    "  2024,   20.00,    1.00,    2.00,    5.00\r\n"
    "\r\n"
    "Copyright 2026 Eugene F. Fama and Kenneth R. French\r\n"
)


def test_read_french_csv_converts_percent_to_decimal(tmp_path: Path) -> None:
    path = tmp_path / "Japan_3_Factors_Daily.csv"
    path.write_bytes(FRENCH.encode())
    frame = read_french_csv(path)
    assert list(frame.columns) == ["Mkt-RF", "SMB", "HML", "RF"]
    assert len(frame) == 3  # the annual block is not daily data
    assert frame.loc["2024-01-02", "Mkt-RF"] == -0.0067
    assert frame.loc["2024-01-04", "SMB"] == -0.03


def test_import_factors_writes_tidy_files_and_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "Japan_3_Factors_Daily.csv").write_bytes(FRENCH.encode())
    (src / "PROVENANCE.md").write_text("test provenance\n")
    dest = tmp_path / "snap"
    assert main(["data", "import-factors", str(src), "--dest", str(dest)]) == 0
    assert "japan_3.csv" in capsys.readouterr().out
    text = (dest / "factors" / "japan_3.csv").read_text()
    # Digit for digit: the decimal point moved two places, no float rounding.
    assert text.splitlines()[:4] == [
        "date,Mkt-RF,SMB,HML,RF",
        "2024-01-02,-0.0067,0.0000,-0.0034,0.0001",
        "2024-01-03,0.0125,-0.0026,0.0026,0.0002",
        "2024-01-04,0.105,-0.03,0.0010,0.0001",
    ]
    manifest = pd.read_csv(dest / "factors" / "manifest.csv")
    row = manifest.iloc[0]
    assert (row["name"], row["region"], str(row["factor_set"]), row["rows"]) == ("japan_3", "Japan", "3", 3)
    assert (row["first"], row["last"]) == ("2024-01-02", "2024-01-04")
    assert (dest / "factors" / "PROVENANCE.md").is_file()
    assert import_factors(src, dest) == []  # idempotent
    # Only Japan imported: a window past its end and no fallback table -> a clear error.
    source = FactorSource("ff3", root=dest)
    with pytest.raises(FactorsNotCovered, match="2024-01-04"):
        source.resolve("7201.T", "XTKS", pd.Timestamp("2024-01-02"), pd.Timestamp("2024-02-01"))
    assert (
        source.resolve("7201.T", "XTKS", pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-04")).name
        == "Japan ff3"
    )


def test_import_rejects_missing_codes(tmp_path: Path) -> None:
    path = tmp_path / "Europe_3_Factors_Daily.csv"
    path.write_text(FRENCH.replace("1.25", "-99.99"))
    with pytest.raises(SnapshotError, match=r"-99\.99"):
        read_french_csv(path)


def test_bundled_manifest_matches_files() -> None:
    manifest = pd.read_csv(DATA / "factors" / "manifest.csv").set_index("name")
    assert manifest.loc["us_3", "last"] == "2026-04-30" and manifest.loc["us_3", "rows"] == 26233
    assert manifest.loc["japan_3", "last"] == "2022-06-30"
    import hashlib

    for name, row in manifest.iterrows():
        assert hashlib.sha256((DATA / "factors" / f"{name}.csv").read_bytes()).hexdigest() == row["sha256"]


def test_toy_factor_model_by_hand() -> None:
    """y = RF + 0.001 + 2 F exactly, plus +1% on day 0: alpha 0.001, loading 2, AR(0) = 0.01.

    BHAR over (0,0) = (1 + R_0) - (1 + RF + alpha + 2 F_0) = 0.01, by hand.
    """
    from marketreact.reference.calendars import calendar

    dates = calendar("XNYS").sessions_in_range("2024-01-02", "2024-12-31")[:200]
    f = np.random.default_rng(5).normal(0, 0.01, len(dates))
    rf = np.full(len(dates), 0.0002)
    y = rf + 0.001 + 2.0 * f
    day0 = dates[150]
    y[150] += 0.01
    returns = pd.DataFrame(
        {"return": y, "sessions_spanned": 1.0, "gap": False},
        index=pd.MultiIndex.from_product([["TOYF"], dates], names=["symbol", "date"]),
    )
    factors = pd.DataFrame({"F": f, "RF": rf}, index=dates)
    res = EventStudy(
        model="factors",
        factors=factors,
        estimation_window=(-120, -11),
        event_windows=[(0, 0)],
        min_estimation=50,
    ).fit([{"symbol": "TOYF", "day0": day0}], returns=returns)
    assert res.params.loc["TOYF", "alpha"] == pytest.approx(0.001, abs=1e-12)
    assert res.params.loc["TOYF", "beta"] == pytest.approx(2.0, abs=1e-10)
    assert res.params.loc["TOYF", "df"] == 110 - 2
    assert res.car.loc["TOYF", "(0,0)"] == pytest.approx(0.01, abs=1e-12)
    assert res.bhar.loc["TOYF", "(0,0)"] == pytest.approx(0.01, abs=1e-12)
