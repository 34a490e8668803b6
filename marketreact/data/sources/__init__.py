"""Price sources: every source implements :class:`PriceSource`; named ones are in :data:`SOURCES`.

A source is given as ``source=`` everywhere prices are needed (``load_prices``,
``plan``, ``EventStudy.fit``, ``analyse``, the CLI's ``--source``):

* a registered name, ``"snapshot"`` (the bundled offline data, default),
  ``"yahoo"`` (download through yfinance, cached on disk) or ``"auto"``
  (cache, then snapshot, then Yahoo);
* the path of a folder of your own files (:class:`FolderSource`);
* a DataFrame of prices (:class:`FrameSource`);
* any object implementing :class:`PriceSource`.

To add a named source, add one entry to :data:`SOURCES`: CLI choices,
validation and error hints derive from it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeAlias

import pandas as pd

from marketreact.data.sources.base import BAR_COLUMNS, PriceSource
from marketreact.data.sources.builtin import SnapshotSource, YahooSource
from marketreact.data.sources.folder import FolderSource
from marketreact.data.sources.frame import FrameSource
from marketreact.errors import InvalidParameter

__all__ = [
    "BAR_COLUMNS",
    "SOURCES",
    "FolderSource",
    "FrameSource",
    "PriceSource",
    "SnapshotSource",
    "SourceSpec",
    "YahooSource",
    "resolve_source",
    "source_help",
]

#: Named sources: name -> (factory, one-line description).
SOURCES: MappingProxyType[str, tuple[Callable[[], PriceSource], str]] = MappingProxyType(
    {
        "snapshot": (SnapshotSource, "the bundled offline snapshot (default)"),
        "yahoo": (YahooSource, "Yahoo Finance through yfinance, cached on disk (needs internet)"),
        "auto": (
            lambda: YahooSource(prefer_snapshot=True, name="auto"),
            "the cache, then the snapshot, then Yahoo",
        ),
    }
)

SourceSpec: TypeAlias = "str | os.PathLike[str] | PriceSource | pd.DataFrame"


def source_help() -> str:
    """One line for ``--help`` and error hints: the named sources and the folder form."""
    names = "; ".join(f"{name}: {desc}" for name, (_, desc) in SOURCES.items())
    return f"{names}; or a folder of your own <SYMBOL>.csv/.parquet files"


def resolve_source(spec: Any, param: str = "source") -> PriceSource:
    """The :class:`PriceSource` that ``spec`` names.

    Raises
    ------
    InvalidParameter
        ``spec`` is neither a registered name, an existing folder, a DataFrame
        nor a price source.
    """
    if isinstance(spec, pd.DataFrame):
        return FrameSource(spec)
    if isinstance(spec, PriceSource):
        return spec
    if isinstance(spec, str) and spec in SOURCES:
        return SOURCES[spec][0]()
    if isinstance(spec, str | os.PathLike):
        path = Path(spec)
        if path.is_dir():
            return FolderSource(path)
        looks_like_path = isinstance(spec, os.PathLike) or any(c in str(spec) for c in "/\\.~")
        if looks_like_path:
            raise InvalidParameter(param, str(spec), f"no such folder; {source_help()}")
    raise InvalidParameter(param, spec, f"use {', '.join(map(repr, SOURCES))} or a folder of price files")
