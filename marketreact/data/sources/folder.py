"""Your own price files: a folder with one CSV or Parquet file per symbol.

Each file is named ``<SYMBOL>.csv`` or ``<SYMBOL>.parquet`` and has a ``date``
column and a ``close`` column; ``open``, ``high``, ``low``, ``adj_close``,
``volume`` and ``dividends`` are optional (absent = unknown, never zero).
Column names are matched without regard to case, spaces or underscores, so a
Yahoo/Bloomberg export's ``Adj Close`` is ``adj_close``. Files are read as they
are: nothing is filled, and a file that cannot be trusted (duplicate dates,
text in a price column) is an error naming the file and the fix.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from marketreact.data.sources.base import BAR_COLUMNS
from marketreact.errors import InvalidParameter, PriceFileError, UnknownSymbol

__all__ = ["FolderSource", "read_price_file"]

_SUFFIXES = (".csv", ".parquet")


def _norm(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_").replace("-", "_")


@dataclass(frozen=True)
class FolderSource:
    """Price files in ``path``, one per symbol (see the module docstring)."""

    path: Path

    def __post_init__(self) -> None:
        if not Path(self.path).is_dir():
            raise InvalidParameter(
                "source",
                str(self.path),
                "no such folder; give a folder holding one <SYMBOL>.csv or .parquet file per symbol, "
                "or one of the named sources",
            )

    @property
    def name(self) -> str:
        return str(self.path)

    def _file(self, symbol: str) -> Path:
        for suffix in _SUFFIXES:
            candidate = Path(self.path) / f"{symbol}{suffix}"
            if candidate.is_file():
                return candidate
        raise UnknownSymbol(
            symbol, f"the folder {self.path}", f"add {symbol}.csv (columns date, close, ...) to it"
        )

    def bars(self, symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
        path = self._file(symbol)
        stat = path.stat()
        return _read_cached(str(path), stat.st_size, stat.st_mtime_ns).copy()

    def holds(self) -> frozenset[str]:
        return frozenset(p.stem for p in Path(self.path).iterdir() if p.suffix.lower() in _SUFFIXES)

    def credit(self) -> str:
        return f"Data: the user's own price files in {self.path}"


@functools.lru_cache(maxsize=256)
def _read_cached(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    return read_price_file(Path(path))


def read_price_file(path: Path) -> pd.DataFrame:
    """Read and validate one user price file into the bar schema.

    Raises
    ------
    PriceFileError
        No ``date`` or ``close`` column, an unparseable or duplicate date, or a
        non-numeric value in a price column.
    """
    where = str(path)
    if path.suffix.lower() == ".parquet":
        raw = pd.read_parquet(path)
        if "date" not in {_norm(c) for c in raw.columns} and raw.index.name is not None:
            raw = raw.reset_index()
    else:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = [_norm(c) for c in raw.columns]
    for needed in ("date", "close"):
        if needed not in raw.columns:
            raise PriceFileError(
                where,
                f"no {needed!r} column (columns: {', '.join(map(str, raw.columns))})",
                "add it: a file needs 'date' and 'close'; 'open', 'high', 'low', 'adj_close', 'volume', "
                "'dividends' are optional",
            )
    dates = pd.to_datetime(raw["date"].astype(str).str.strip(), errors="coerce", format="mixed")
    if dates.isna().any():
        bad = raw["date"][dates.isna()].iloc[0]
        raise PriceFileError(where, f"date {bad!r} does not parse", "write dates as YYYY-MM-DD")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    dates = dates.dt.normalize()
    dup = dates[dates.duplicated()]
    if len(dup):
        raise PriceFileError(
            where, f"date {dup.iloc[0].date()} appears more than once", "keep one row per session"
        )
    out = pd.DataFrame(index=pd.DatetimeIndex(dates, name="date"))
    for column in BAR_COLUMNS:
        if column not in raw.columns:
            out[column] = float("nan")
            continue
        text = raw[column].astype(str).str.strip().str.replace(",", "", regex=False)
        values = pd.to_numeric(
            text.where(text != "", None).where(text.str.lower() != "nan", None), errors="coerce"
        )
        bad_mask = values.isna() & text.ne("") & text.str.lower().ne("nan") & text.str.lower().ne("none")
        if bad_mask.any():
            bad = raw[column][bad_mask].iloc[0]
            raise PriceFileError(
                where, f"{column} value {bad!r} is not a number", "use plain numbers (empty = unknown)"
            )
        out[column] = values.to_numpy(dtype="float64")
    if out["close"].isna().all():
        raise PriceFileError(where, "the close column is empty", "fill in the closes")
    return out.sort_index()
