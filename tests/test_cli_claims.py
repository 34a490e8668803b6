"""``marketreact claims`` through ``marketreact.cli.main`` (snapshot data, no network).

Expected values are those of tests/test_claims.py, typed by hand from data/prices/*.csv:
AAPL, NVDA, HMC and NSANY closes of 2025-04-08 vs 2025-04-07 give -4.98 %, -1.37 %, -0.47 % and
+0.46 % (the digest's figures), i.e. day -1 for a day 0 of 2025-04-09; MMTOF has no row after
2025-04-07 (data/PROVENANCE.md), so its +5.53 % cannot be decided.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from marketreact.cli import main

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md"
SUMMARY = (
    "4 of 5 checked quoted moves match the 2025-04-08 closes (day -1), i.e. before the news; "
    "1 without the data to decide (close-to-close price changes, not total returns)."
)
US_MATCHES = {"AAPL", "NVDA", "HMC", "NSANY"}

pytestmark = pytest.mark.skipif(not FLAGSHIP.is_file(), reason=f"{FLAGSHIP} not present")


def run_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    assert main(["claims", str(FLAGSHIP), "--format", "json", *extra]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_json_flagship(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys)
    assert {"claims", "unattributed", "summary"} <= set(data)
    claims = {c["symbol"]: c for c in data["claims"]}
    assert len(data["claims"]) == 5 and set(claims) == US_MATCHES | {"MMTOF"}
    for c in data["claims"]:
        assert {"text", "start", "end", "symbol", "quoted_pct", "matches", "closest", "verdict"} <= set(c)
        assert {"date", "actual_pct"} <= set(c["closest"])
    text = FLAGSHIP.read_text(encoding="utf-8")
    assert "Apple (NASDAQ:AAPL): lost 4.98%" in text  # offsets are into the body, after the header
    assert claims["AAPL"]["text"] == "lost 4.98%" and claims["AAPL"]["quoted_pct"] == -4.98
    for symbol in US_MATCHES:
        assert claims[symbol]["matches"] == ["2025-04-08"], symbol
        assert claims[symbol]["closest"]["date"] == "2025-04-08"
    assert claims["AAPL"]["closest"]["actual_pct"] == pytest.approx(-4.9818, abs=5e-5)
    assert claims["MMTOF"]["matches"] == []
    assert claims["MMTOF"]["verdict"].startswith("no data")
    assert data["unattributed"] == []
    assert data["summary"] == SUMMARY


def test_table_flagship(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(FLAGSHIP)]) == 0
    out = capsys.readouterr().out
    assert SUMMARY in out
    lines = out.splitlines()
    header = next(line for line in lines if line.split()[:2] == ["quote", "listing"])
    aapl = next(line for line in lines if "lost 4.98%" in line)
    # aligned columns: the listing starts under its header
    assert aapl.index("AAPL") == header.index("listing")
    assert "matches 2025-04-08 (day -1)" in aapl
    assert lines.index(next(x for x in lines if SUMMARY in x)) > lines.index(aapl)
    assert "Unattributed (0)" in out


def test_later_publication_keeps_us_day0(capsys: pytest.CaptureFixture[str]) -> None:
    """16:00 Tokyo on 2025-04-09 is 03:00 New York the same day, before the US open: US day 0 stays 04-09."""
    data = run_json(capsys, "--published", "2025-04-09T16:00+09:00")
    assert data["article"]["published"] == "2025-04-09T16:00:00+09:00"
    claims = {c["symbol"]: c for c in data["claims"]}
    for symbol in US_MATCHES:
        assert claims[symbol]["day0"] == "2025-04-09", symbol
        assert claims[symbol]["matches"] == ["2025-04-08"], symbol
    assert claims["MMTOF"]["verdict"].startswith("no data")


def test_window_is_honoured(capsys: pytest.CaptureFixture[str]) -> None:
    """Only day 0 (2025-04-09): the 04-08 moves are outside, so AAPL's -4.98 % matches nothing."""
    data = run_json(capsys, "--window=0,0")
    aapl = next(c for c in data["claims"] if c["symbol"] == "AAPL")
    assert aapl["matches"] == [] and aapl["status"] == "no_match"
    assert aapl["closest"]["date"] == "2025-04-09"


def test_article_from_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Apple (NASDAQ:AAPL) was down 4.98% on Tuesday.\n"))
    assert main(["claims", "-", "--published", "2025-04-09T09:00+09:00", "--format", "json"]) == 0
    (claim,) = json.loads(capsys.readouterr().out)["claims"]
    assert claim["symbol"] == "AAPL" and claim["matches"] == ["2025-04-08"]


def test_missing_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.md"
    assert main(["claims", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and str(missing) in err


def test_bad_window_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(FLAGSHIP), "--window=3,1"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "window" in err
