"""Shared output helpers for the sub-commands (JSON that keeps figures exact)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from marketreact.data.sources import source_help
from marketreact.errors import InvalidParameter
from marketreact.text.article import Article, parse_article, read_article

__all__ = [
    "FORMATS",
    "SOURCE_HELP",
    "add_article_args",
    "flat",
    "load_article",
    "out_dir",
    "table",
    "to_jsonable",
    "write_json",
]

FORMATS = ("table", "json", "csv")
SOURCE_HELP = f"where prices come from: {source_help()}"


def to_jsonable(obj: Any) -> Any:
    """Convert pandas/numpy values for ``json``: ISO dates, NaN -> null, floats as repr."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, pd.Timestamp):
        if obj.tzinfo is None and obj == obj.normalize():
            return obj.date().isoformat()
        return obj.isoformat()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if obj is pd.NaT or obj is pd.NA:
        return None
    return obj


def write_json(obj: Any) -> str:
    """Indented JSON of ``obj`` after :func:`to_jsonable` (UTF-8 text kept as is)."""
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False)


def add_article_args(p: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """The ARTICLE and --published arguments every article command takes."""
    p.add_argument(
        "article",
        nargs="?" if optional else None,
        help="article file (UTF-8 text or Markdown), or '-' for standard input",
    )
    p.add_argument(
        "--published",
        help="publication time, overrides the file: ISO with zone, e.g. 2025-04-09T09:00+09:00, or a date",
    )


def load_article(args: argparse.Namespace) -> Article:
    """Read ARTICLE (or standard input for '-'), applying --published on reading.

    Applying it on reading lets a file without a ``published:`` header work
    when the time is given on the command line.
    """
    if args.article == "-":
        return parse_article(sys.stdin.read(), published=args.published, origin="<stdin>")
    return read_article(args.article, published=args.published)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns, two spaces apart, indented by two."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join("  " + line for line in lines)


def flat(text: str) -> str:
    """One line: a span holding line breaks is shown with its whitespace folded, quoted."""
    return repr(" ".join(text.split()))[1:-1] if "\n" in text else text


def out_dir(path: Path, param: str = "--out") -> Path:
    """Create the output directory ``path``; a path that cannot be one is an InvalidParameter."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidParameter(
            param, str(path), f"give a directory you can write to ({exc.strerror})"
        ) from None
    return path
