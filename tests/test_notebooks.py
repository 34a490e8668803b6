"""The narrated notebooks: each source runs headless, and each committed .ipynb carries its source's code."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketreact.report.notebooks import NOTEBOOK_DIR, execute, notebook_sources, paired_code_matches

SOURCES = notebook_sources()


def test_notebook_sources_exist() -> None:
    assert [p.name[:3] for p in SOURCES] == ["01_", "02_", "03_", "04_", "05_"], NOTEBOOK_DIR


@pytest.mark.notebooks
@pytest.mark.parametrize("py_path", SOURCES, ids=[p.stem for p in SOURCES])
def test_notebook_executes(py_path: Path, tmp_path: Path) -> None:
    # Raises papermill's PapermillExecutionError on the first failing cell; output goes to tmp_path only.
    before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())
    execute(py_path, tmp_path / py_path.with_suffix(".ipynb").name)
    assert (tmp_path / py_path.with_suffix(".ipynb").name).is_file()
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == before, (
        "executing a notebook wrote into notebooks/"
    )


@pytest.mark.parametrize("py_path", SOURCES, ids=[p.stem for p in SOURCES])
def test_committed_notebook_matches_source(py_path: Path) -> None:
    ok, reason = paired_code_matches(py_path)
    assert ok, reason
