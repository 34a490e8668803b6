"""Build, check and run the narrated notebooks (needs the ``notebooks`` or ``test`` extra).

Each notebook has a reviewed jupytext ``py:percent`` source ``notebooks/NN_name.py``
and a committed ``NN_name.ipynb`` carrying the outputs of a headless run from a
fresh kernel. ``python -m marketreact.report.notebooks build`` regenerates the
``.ipynb`` files; the test suite executes the sources and checks that each
committed notebook's code equals its ``.py``. :func:`run_set` executes the
whole set for any article (``marketreact notebook``).

The sources ship inside the wheel as ``marketreact/_notebooks`` (see
``pyproject.toml``), so the installed package finds them without a checkout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "NOTEBOOK_DIR",
    "code_cells",
    "execute",
    "export_html",
    "notebook_dir",
    "notebook_sources",
    "paired_code_matches",
    "run_set",
]


def notebook_dir() -> Path:
    """Where the ``NN_*.py`` sources are: the wheel's ``marketreact/_notebooks``, else the checkout's ``notebooks/``."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_notebooks"
    return packaged if packaged.is_dir() else package.parent / "notebooks"


NOTEBOOK_DIR = notebook_dir()


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


def execute(
    py_path: Path,
    output: Path,
    parameters: dict[str, Any] | None = None,
    timeout: int = 300,
    cwd: Path | None = None,
    inline_parameters: bool = False,
) -> Any:
    """Run a notebook source headless in a fresh kernel; write the executed ``.ipynb``.

    ``cwd`` is the kernel's working directory (default: the source's folder,
    where the default ``article_path`` resolves). With ``inline_parameters``
    the values replace the defaults in the ``parameters`` cell itself instead
    of going into a papermill cell after it, so a notebook run for another
    article does not show the flagship's path. Raises papermill's
    ``PapermillExecutionError`` on the first failing cell.
    """
    import jupytext
    import nbformat
    import papermill

    notebook = jupytext.read(py_path)
    if inline_parameters and parameters:
        _set_parameters(notebook, parameters)
        parameters = {}
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
            cwd=str(cwd or py_path.parent),
            progress_bar=False,
            execution_timeout=timeout,
        )
    finally:
        source.unlink(missing_ok=True)
    _strip_volatile_metadata(output)
    return result


def _set_parameters(notebook: Any, parameters: dict[str, Any]) -> None:
    """Rewrite ``name = default`` lines of the ``parameters`` cell; append names it lacks."""
    import re

    cell = next((c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise ValueError("the notebook has no cell tagged 'parameters'")
    todo = dict(parameters)
    lines = []
    for line in cell.source.splitlines():
        match = re.match(r"(\w+)\s*=", line)
        if match and match.group(1) in todo:
            name = match.group(1)
            line = f"{name} = {todo.pop(name)!r}"
        lines.append(line)
    lines += [f"{name} = {value!r}" for name, value in todo.items()]
    cell.source = "\n".join(lines)


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


def export_html(ipynb: Path) -> Path:
    """Write ``X.html`` next to ``X.ipynb``: code, outputs and images in one file (images embedded)."""
    import re

    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(ipynb, as_version=4))
    # The page is static (no widgets, no formulae): drop the CDN scripts so it opens offline as is.
    body = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", body)
    html = ipynb.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def run_set(
    article_path: str | Path,
    out: Path,
    *,
    published: str | None = None,
    source: str = "snapshot",
    html: bool = True,
    sources: Sequence[Path] | None = None,
    jobs: int = 1,
    timeout: int = 300,
) -> list[Path]:
    """Execute every notebook for one article into ``out``; returns the files written.

    Only ``article_path`` and ``published`` (and ``source``) are passed; every
    other choice derives from the analysis inside the notebooks. The article
    is read first, so a bad path or time fails here with the library's error
    rather than inside a kernel. ``jobs`` notebooks run at once, each in its
    own fresh kernel.
    """
    from concurrent.futures import ThreadPoolExecutor

    from marketreact.text.article import read_article

    read_article(article_path, published=published)  # fail fast: ArticleError / InvalidParameter
    out.mkdir(parents=True, exist_ok=True)
    parameters: dict[str, Any] = {"article_path": str(Path(article_path).resolve()), "source": source}
    if published is not None:
        parameters["published"] = published
    todo = list(sources) if sources is not None else notebook_sources()

    def one(py_path: Path) -> list[Path]:
        target = out / py_path.with_suffix(".ipynb").name
        execute(py_path, target, parameters, timeout=timeout, cwd=out, inline_parameters=True)
        return [target, export_html(target)] if html else [target]

    if jobs <= 1:
        results = [one(p) for p in todo]
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, todo))
    return [path for pair in results for path in pair]


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
