"""`marketreact study`, `report` and `charts` through the CLI entry point (offline snapshot)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketreact.cli import main
from tests.conftest import REPO

FLAGSHIP = str(REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md")


def test_study_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["study", FLAGSHIP, "--window", "-1,1", "--window", "0,0", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"listings", "group", "warnings"} <= set(out)
    listing = next(item for item in out["listings"] if item["symbol"] == "AAPL")
    assert {
        "symbol",
        "benchmark",
        "day0",
        "alpha",
        "beta",
        "sigma",
        "n_estimation",
        "windows",
        "quality",
    } <= set(listing)
    assert listing["benchmark"] == "SPY" and listing["day0"] == "2025-04-09"
    assert [w["window"] for w in listing["windows"]] == [[-1, 1], [0, 0]]
    assert {"car", "bhar", "t", "p"} <= set(listing["windows"][0])
    # The two OTC lines whose data end before day 0 are reported, not dropped.
    assert any(w.startswith("NSANY skipped") for w in out["warnings"])
    assert any(w.startswith("MMTOF skipped") for w in out["warnings"])
    assert any("SPY +10.5% on 2025-04-09 (day +0" in w for w in out["warnings"])


def test_study_table_and_bad_window(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["study", FLAGSHIP, "--window", "0,1"]) == 0
    out = capsys.readouterr().out
    assert "Event study: market model" in out and "7201.T" in out
    assert main(["study", FLAGSHIP, "--window", "2,1"]) == 2
    err = capsys.readouterr().err
    assert "--window" in err and err.count("\n") == 1


def test_study_rejects_overlapping_windows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["study", FLAGSHIP, "--estimation", "-250,0"]) == 2
    assert "estimation" in capsys.readouterr().err


def test_report_writes_text_json_and_charts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", FLAGSHIP, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Quoted moves in the article" in out and "match the 2025-04-08 closes" in out
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["excluded"]["STLAM.MI"].startswith("no price data")
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == [
        "01_timeline.png",
        "02_price_paths.png",
        "03_abnormal_returns.png",
        "04_car_paths.png",
        "05_car_by_window.png",
        "06_claims.png",
    ]


def test_charts_are_byte_identical_across_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b"):
        assert main(["charts", FLAGSHIP, "--out", str(tmp_path / name)]) == 0
    printed = capsys.readouterr().out.split()
    assert len(printed) == 12
    first = sorted((tmp_path / "a").rglob("*.png"))
    assert first
    for path in first:
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_unusable_out_directory_is_one_line_error_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    assert main(["report", FLAGSHIP, "--out", str(blocker)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing analysed or printed before the failure
    assert captured.err.startswith("marketreact: error: invalid --out=") and captured.err.count("\n") == 1
    assert main(["charts", FLAGSHIP, "--out", str(blocker)]) == 2


def test_study_with_no_computable_listing_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # NSANY's data end on 2025-04-08: a 2025-04-09 day 0 leaves nothing to study.
    article = tmp_path / "nsany.md"
    article.write_text("---\npublished: 2025-04-09T09:00+09:00\n---\nThe ADR (OTC:NSANY) was quoted.\n")
    assert main(["study", str(article)]) == 2
    err = capsys.readouterr().err
    assert "no event study could be computed" in err and "NSANY" in err


def test_unknown_benchmark_is_an_error_not_an_empty_study(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["study", FLAGSHIP, "--benchmark", "NOSUCH"]) == 2
    assert "unknown symbol 'NOSUCH'" in capsys.readouterr().err


def test_conventions_flag_reaches_the_study(capsys: pytest.CaptureFixture[str]) -> None:
    """--conventions changes the per-listing variance (same CAR, another t) and the text says which."""
    from marketreact.study import EventStudy

    args = ["study", "--event", "AAPL@2025-04-09", "--window", "0,0"]
    assert main([*args, "--format", "json"]) == 0
    clm = json.loads(capsys.readouterr().out)["listings"][0]["windows"][0]
    assert main([*args, "--conventions", "simple", "--format", "json"]) == 0
    simple = json.loads(capsys.readouterr().out)["listings"][0]["windows"][0]
    assert simple["car"] == pytest.approx(clm["car"], abs=0) and simple["t"] != pytest.approx(clm["t"])
    # The same numbers as the library with the same preset.
    want = EventStudy(event_windows=[(0, 0)], conventions="simple").fit(
        [{"symbol": "AAPL", "day0": "2025-04-09"}]
    )
    assert simple["t"] == pytest.approx(float(want.tests["t"].iloc[0]), rel=1e-12)
    assert main([*args, "--conventions", "estudy2"]) == 0
    assert "SSR/(n - 1) variance" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([*args, "--conventions", "paper"])
