"""Reading a corpus: a folder of article files, or a JSONL / CSV / Parquet table of articles.

A table has one row per article with ``id``, ``text`` and ``published`` (``title`` and
``source`` optional; ``published`` may be empty when the text has a front-matter header). A
row that cannot be read (bad JSON, an empty id, an id given twice) becomes an
:class:`ArticleRecord` with ``error`` set, reported in ``failures.csv``: a bad article never
stops the run. A table without an ``id`` or ``text`` column, or an unknown file type, is an
error of the whole input.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from marketreact.errors import InvalidParameter

__all__ = ["ARTICLE_SUFFIXES", "TABLE_SUFFIXES", "ArticleRecord", "read_corpus", "to_records"]

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
TABLE_SUFFIXES = (".jsonl", ".csv", ".parquet")


@dataclass(frozen=True)
class ArticleRecord:
    """One article of a corpus, not yet parsed.

    ``text`` may start with a front-matter header; ``published``, ``title`` and
    ``source`` override the header's. ``error`` marks a record that could not be read.
    """

    id: str
    text: str
    published: Any = None
    title: str | None = None
    source: str | None = None
    origin: str = ""
    error: str | None = None


def read_corpus(path: str | Path) -> list[ArticleRecord]:
    """The articles of ``path``: a folder of ``.md``/``.txt`` files (id = file name without
    suffix, sorted by name) or a ``.jsonl``/``.csv``/``.parquet`` table.

    Raises
    ------
    InvalidParameter
        A missing path, an unknown file type, or a table without ``id`` and ``text`` columns.
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise InvalidParameter(
                "input", str(p), f"the folder holds no article files ({', '.join(ARTICLE_SUFFIXES)})"
            )
        return to_records(_file_record(f) for f in files)
    if not p.is_file():
        raise InvalidParameter("input", str(p), "give a folder of article files or a JSONL/CSV/Parquet table")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        rows: list[dict[str, Any]] = []
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                row = {"id": f"{p.name}:{n}", "_error": f"line {n} is not a JSON object ({exc})"}
            rows.append(row | {"_origin": f"{p}:{n}"})
        return to_records(rows, where=str(p))
    if suffix in (".csv", ".parquet"):
        try:
            frame = (
                pd.read_csv(p, dtype=str, keep_default_na=False) if suffix == ".csv" else pd.read_parquet(p)
            )
        except ImportError as exc:
            raise InvalidParameter(
                "input", str(p), f"reading Parquet needs pyarrow: pip install 'marketreact[parquet]' ({exc})"
            ) from exc
        return to_records_checked(frame, p)
    raise InvalidParameter(
        "input", str(p), f"use a folder of article files or a {'/'.join(TABLE_SUFFIXES)} table"
    )


def to_records_checked(frame: pd.DataFrame, path: Path) -> list[ArticleRecord]:
    """Records of a CSV/Parquet table, after checking its columns."""
    missing = [c for c in ("id", "text") if c not in frame.columns]
    if missing:
        raise InvalidParameter(
            "input",
            str(path),
            f"the table has no {' or '.join(repr(c) for c in missing)} column; give id, text and published "
            "(title and source optional)",
        )
    offset = 2 if path.suffix.lower() == ".csv" else 0  # a CSV's first data row is line 2
    rows = [r | {"_origin": f"{path}:{i + offset}"} for i, r in enumerate(frame.to_dict("records"))]
    return to_records(rows, where=str(path))


def _file_record(path: Path) -> dict[str, Any]:
    try:
        return {"id": path.stem, "text": path.read_text(encoding="utf-8"), "_origin": str(path)}
    except (OSError, UnicodeDecodeError) as exc:
        return {"id": path.stem, "_error": f"cannot read {path}: {exc}", "_origin": str(path)}


def to_records(rows: Iterable[Any], where: str = "articles") -> list[ArticleRecord]:
    """Records from mappings (``id``, ``text``, ``published``, ``title``, ``source``) or records.

    Ids are compared as text; the second row with an id already seen is a failed record.
    """
    out: list[ArticleRecord] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        if isinstance(row, ArticleRecord):
            rec = row
        elif isinstance(row, Mapping):
            rec = _from_mapping(row, n, where)
        else:
            raise InvalidParameter("articles", type(row).__name__, "give ArticleRecord objects or dicts")
        if rec.id in seen:
            rec = ArticleRecord(
                rec.id,
                "",
                origin=rec.origin,
                error=f"id {rec.id!r} is given twice; give each article its own id",
            )
        seen.add(rec.id)
        out.append(rec)
    return out


def _from_mapping(row: Mapping[str, Any], n: int, where: str) -> ArticleRecord:
    origin = str(row.get("_origin") or f"{where} row {n}")
    ident = _text(row.get("id"))
    if ident is None:
        return ArticleRecord(
            f"<row {n}>", "", origin=origin, error=f"{origin}: the id is empty; give every row an id"
        )
    if row.get("_error"):
        return ArticleRecord(ident, "", origin=origin, error=str(row["_error"]))
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return ArticleRecord(ident, "", origin=origin, error=f"{origin}: the text is empty")
    return ArticleRecord(
        ident,
        text,
        published=_text(row.get("published")),
        title=_text(row.get("title")),
        source=_text(row.get("source")),
        origin=origin,
    )


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = str(value).strip()
    return text or None
