"""``marketreact notebook``: argument errors are the CLI's one-line errors (exit 2), before any kernel starts."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

from marketreact.cli import main
from marketreact.report.notebooks import NOTEBOOK_DIR, _set_parameters


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("marketreact: error: ") and "\n" not in err, err
    return err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(capsys, ["notebook", str(tmp_path / "nope.md"), "--out", str(tmp_path / "out")])
    assert "no such file" in err
    assert not (tmp_path / "out").exists()  # nothing written for a bad article


def test_no_time_and_bad_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text("Apple (NASDAQ:AAPL) said something.\n")
    assert "no publication time" in _error(capsys, ["notebook", str(article), "--out", str(tmp_path / "o")])
    err = _error(
        capsys, ["notebook", str(article), "--published", "2025-06-19T14:30", "--out", str(tmp_path / "o")]
    )
    assert "published" in err and "zone" in err


def test_stdin_and_jobs_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "save the article to a file" in _error(capsys, ["notebook", "-", "--out", str(tmp_path)])
    article = tmp_path / "a.md"
    article.write_text("---\npublished: 2025-06-19\n---\nText.\n")
    assert "--jobs" in _error(capsys, ["notebook", str(article), "--jobs", "0", "--out", str(tmp_path)])


def test_parameters_written_into_the_parameters_cell() -> None:
    # A notebook run for another article shows that article's path, not the flagship's default.
    nb = jupytext.read(NOTEBOOK_DIR / "03_event_study.py")
    _set_parameters(nb, {"article_path": "/x/my.md", "published": "2025-06-19", "extra": 1})
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    lines = cell.source.splitlines()
    assert "article_path = '/x/my.md'" in lines
    assert "published = '2025-06-19'" in lines
    assert "extra = 1" in lines
    assert "foxconn" not in cell.source
    assert "model = " in cell.source  # other defaults stay
