"""The files of a corpus run, and reading them back to resume a run.

``events.csv`` is the copy read back on a rerun (it needs no optional package);
``events.parquet`` needs pyarrow (``pip install 'marketreact[parquet]'``): without it the
Parquet file is left out and ``notes.txt`` says so. Every file is written to a temporary
name and renamed, so an interrupted run leaves the previous files whole.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from marketreact.errors import InvalidParameter

__all__ = [
    "ARTICLE_COLUMNS",
    "FAILURE_COLUMNS",
    "OUTPUT_FILES",
    "Previous",
    "read_previous",
    "summary_json",
    "write_outputs",
]

ARTICLE_COLUMNS = ("article_id", "title", "source", "published", "status", "listings")
FAILURE_COLUMNS = ("article_id", "reason")
OUTPUT_FILES = (
    "events.parquet",
    "events.csv",
    "summary.csv",
    "summary.json",
    "failures.csv",
    "articles.csv",
)


@dataclass(frozen=True)
class Previous:
    """An earlier run's articles (every id it finished), failures and planned events."""

    articles: pd.DataFrame
    failures: pd.DataFrame
    events: pd.DataFrame


def read_previous(out: Path) -> Previous | None:
    """The finished part of an earlier run in ``out``, or None when there is none."""
    path = out / "articles.csv"
    if not path.is_file():
        return None
    try:
        articles = pd.read_csv(path, dtype=str, keep_default_na=False)
        failures = _read(out / "failures.csv", FAILURE_COLUMNS)
        events = _read(out / "events.csv", ())
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise InvalidParameter(
            "out",
            str(out),
            f"its earlier results cannot be read ({exc}); give a new folder or empty this one",
        ) from exc
    if "article_id" not in articles:
        raise InvalidParameter("out", str(out), "articles.csv has no article_id column; give a new folder")
    articles["listings"] = pd.to_numeric(articles["listings"], errors="coerce").fillna(0).astype(int)
    if not events.empty:
        events["day0"] = pd.to_datetime(events["day0"])
        events = events.replace({"": None})
    return Previous(articles, failures, events)


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file() or path.stat().st_size == 0:
        return pd.DataFrame(columns=list(columns))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_outputs(out: Path, result: Any) -> list[Path]:
    """Write every output file of ``result`` (a :class:`~marketreact.report.corpus.CorpusResult`)
    into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    notes = list(result.notes)
    if importlib.util.find_spec("pyarrow") is not None:  # the Parquet engine pandas uses
        written.append(_atomic(out / "events.parquet", lambda p: result.events.to_parquet(p, index=False)))
    else:
        notes.append("events.parquet not written: pyarrow is missing (pip install 'marketreact[parquet]')")
    written.append(_atomic(out / "events.csv", lambda p: result.events.to_csv(p, index=False)))
    written.append(_atomic(out / "summary.csv", lambda p: result.summary.to_csv(p, index=False)))
    written.append(
        _atomic(
            out / "summary.json", lambda p: Path(p).write_text(summary_json(result.summary) + "\n", "utf-8")
        )
    )
    written.append(_atomic(out / "failures.csv", lambda p: result.failures.to_csv(p, index=False)))
    # articles.csv last: it marks the ids as finished for a rerun.
    written.append(_atomic(out / "articles.csv", lambda p: result.articles.to_csv(p, index=False)))
    if notes:
        written.append(
            _atomic(out / "notes.txt", lambda p: Path(p).write_text("\n".join(notes) + "\n", "utf-8"))
        )
    return written


def summary_json(summary: pd.DataFrame) -> str:
    """``summary.json``: the summary rows as a list of objects (NaN and infinities as null)."""

    def clean(v: Any) -> Any:
        if isinstance(v, np.generic):
            v = v.item()
        return None if isinstance(v, float) and not math.isfinite(v) else v

    rows = [{k: clean(v) for k, v in row.items()} for row in summary.to_dict("records")]
    return json.dumps(rows, indent=2, ensure_ascii=False)


def _atomic(path: Path, write: Any) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; outputs are ordinary files
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
