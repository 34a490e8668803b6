"""Build and check the narrated notebooks (developer tooling, needs the ``test`` extra).

Each notebook has a reviewed jupytext ``py:percent`` source ``notebooks/NN_name.py``
and a committed ``NN_name.ipynb`` carrying the outputs of a headless run from a
fresh kernel. ``python -m marketreact.report.notebooks build`` regenerates the
``.ipynb`` files; the test suite executes the sources and checks that each
committed notebook's code equals its ``.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["code_cells", "execute", "notebook_sources", "paired_code_matches"]

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


def notebook_sources(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """The ``NN_*.py`` jupytext sources, in order."""
    return sorted(p for p in directory.glob("[0-9][0-9]_*.py"))


def code_cells(notebook: Any) -> list[str]:
    """Source of every code cell, minus papermill's injected-parameters cell."""
    return [
        cell.source.strip()
        for cell in notebook.cells
        if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])
    ]


def paired_code_matches(py_path: Path) -> tuple[bool, str]:
    """Whether ``X.ipynb`` has exactly the code cells of ``X.py``; with a reason if not."""
    import jupytext
    import nbformat

    ipynb = py_path.with_suffix(".ipynb")
    if not ipynb.is_file():
        return False, f"{ipynb.name} is missing; run `python -m marketreact.report.notebooks build`"
    expected = code_cells(jupytext.read(py_path))
    actual = code_cells(nbformat.read(ipynb, as_version=4))
    if expected != actual:
        for i, (a, b) in enumerate(zip(expected, actual, strict=False)):
            if a != b:
                return False, f"{ipynb.name}: code cell {i} differs from {py_path.name}; rebuild the notebook"
        return False, f"{ipynb.name}: {len(actual)} code cells, {py_path.name} has {len(expected)}"
    return True, "ok"


def execute(py_path: Path, output: Path, parameters: dict[str, Any] | None = None, timeout: int = 300) -> Any:
    """Run a notebook source headless in a fresh kernel; write the executed ``.ipynb``.

    Raises papermill's ``PapermillExecutionError`` on the first failing cell.
    """
    import jupytext
    import nbformat
    import papermill

    notebook = jupytext.read(py_path)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = output.with_suffix(".source.ipynb")
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, source)
    try:
        result = papermill.execute_notebook(
            str(source),
            str(output),
            parameters=parameters or {},
            kernel_name="python3",
            cwd=str(py_path.parent),
            progress_bar=False,
            execution_timeout=timeout,
        )
    finally:
        source.unlink(missing_ok=True)
    _strip_volatile_metadata(output)
    return result


def _strip_volatile_metadata(path: Path) -> None:
    """Drop timings and random cell ids, so a rebuild only changes what the code printed."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop("papermill", None)
    for i, cell in enumerate(notebook.cells):
        cell.id = (
            f"cell-{i:02d}"  # jupytext and papermill mint random ids; fixed ones keep diffs to real changes
        )
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    """``build`` re-executes every notebook source; ``check`` verifies each pair. Returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m marketreact.report.notebooks")
    parser.add_argument("action", choices=("build", "check"))
    args = parser.parse_args(argv)
    failures = 0
    for py_path in notebook_sources():
        if args.action == "build":
            execute(py_path, py_path.with_suffix(".ipynb"))
            print(f"built {py_path.with_suffix('.ipynb')}")
        else:
            ok, reason = paired_code_matches(py_path)
            failures += not ok
            print(f"{py_path.name}: {reason}")
    return 1 if failures else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
