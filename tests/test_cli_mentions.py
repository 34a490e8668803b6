"""``marketreact mentions`` through ``marketreact.cli.main``; expectations written by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from marketreact.cli import main

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = str(REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md")


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    assert main(["mentions", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_flagship_json(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, FLAGSHIP)
    assert out["article"]["published"] == "2025-04-09T09:00:00+09:00"
    first = out["mentions"][0]
    assert {k: first[k] for k in ("text", "start", "end", "rule", "company", "symbols")} == {
        "text": "Foxconn",
        "start": 0,
        "end": 7,
        "rule": "alias",
        "company": "foxconn",
        "symbols": ["2317.TW", "HNHPF"],  # the Taipei line, then its US OTC line (world master)
    }
    rows = {r["symbol"]: r for r in out["listings"]}
    for sym in (
        "7201.T",
        "7211.T",
        "7267.T",
        "601138.SS",
        "2317.TW",
        "AAPL",
        "NVDA",
        "NSANY",
        "HMC",
        "MMTOF",
    ):
        assert rows[sym]["day0"] == "2025-04-09", sym
    assert rows["NSANY"]["reason"] == "tagged in text as OTC:NSANY"
    assert (rows["7201.T"]["mic"], rows["7201.T"]["currency"], rows["7201.T"]["benchmark"]) == (
        "XTKS",
        "JPY",
        "^N225",
    )
    assert rows["HMC"]["published_local"] == "2025-04-08T20:00:00-04:00"
    assert rows[None]["reason"].startswith("unlisted (private)") and rows[None]["day0"] is None
    assert out["unresolved"] == []


def test_published_override_moves_tokyo_day0(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, FLAGSHIP, "--published", "2025-04-09T16:00+09:00")
    rows = {r["symbol"]: r["day0"] for r in out["listings"]}
    assert rows["7201.T"] == "2025-04-10"
    assert rows["601138.SS"] == "2025-04-10"  # 15:00 Shanghai, at the close
    assert rows["HMC"] == "2025-04-09"


def test_date_only_article(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, str(REPO / "data" / "articles" / "2024-12-18-honda-nissan-merger-talks.md"))
    assert out["article"] == out["article"] | {"published": "2024-12-18", "date_only": True}
    assert {r["day0"] for r in out["listings"] if r["symbol"]} == {"2024-12-18"}


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mentions", FLAGSHIP]) == 0
    out = capsys.readouterr().out
    assert "Mentions (32)" in out and "Listings (13)" in out and "Unresolved (0)" in out
    assert "tagged in text as OTC:NSANY" in out
    assert "2025-04-08 20:00 America/New_York" in out


def test_unknown_prefix_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "published: 2025-04-09T09:00+09:00\n\nAcme (FOO:BAR) and Nissan rose.\n", encoding="utf-8"
    )
    out = _json(capsys, str(path))
    assert out["unresolved"] == [
        {"text": "FOO:BAR", "start": 6, "end": 13, "reason": out["unresolved"][0]["reason"], "candidates": []}
    ]
    assert "'FOO'" in out["unresolved"][0]["reason"]
    assert main(["mentions", str(path)]) == 0
    assert "FOO:BAR" in capsys.readouterr().out


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Honda (NYSE:HMC) fell."))
    out = _json(capsys, "-", "--published", "2025-04-09")
    assert [r["symbol"] for r in out["listings"]] == ["7267.T", "HMC"]


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        (b"", [], "empty"),
        (b"\x00\x01\x02binary", [], "binary"),
        (b"Nissan rose.", [], "no publication time"),
        (b"---\npublished: 2025-04-09T09:00\n---\nNissan", [], "no zone"),
        (b"Nissan rose.", ["--published", "2025-04-09T09:00"], "no zone"),
        (b"Nissan rose.", ["--published", "yesterday"], "2025-04-09T09:00+09:00"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, argv: list[str], message: str
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(content)
    assert main(["mentions", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("marketreact: error: ") and message in err
    assert err.count("\n") == 1


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mentions", str(tmp_path / "missing.md")]) == 2
    assert "no such file" in capsys.readouterr().err
