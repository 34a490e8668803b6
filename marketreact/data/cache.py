"""The on-disk download cache: one CSV of bars + actions per symbol, with a JSON record.

Layout under ``<cache dir>/yahoo/`` (``MARKETREACT_CACHE_DIR`` or the user cache dir)::

    <KEY>.json            the commit record: symbol, fetch time (UTC ISO), yfinance
                          version, covered range, row count, data file name, sha256
    <KEY>.<sha12>.csv     the bars: date,open,high,low,close,adj_close,volume,
                          dividends,stock_splits (floats written with repr(): exact)

``KEY`` is the symbol with characters unsafe in file names percent-encoded.

Writes are atomic. The data file gets a content-addressed name and is written
first (temp file in the same directory, fsync, ``os.replace``); the JSON record
is then replaced the same way and is the commit point. An interruption at any
step leaves the previous record pointing at its intact previous data file, so
a reader sees either the old entry or the new one, never a mixture. Leftover
temp files and superseded data files are removed by the next write.

A damaged entry (unparsable record, checksum mismatch, malformed rows) raises
:class:`~marketreact.errors.CacheError` naming the file and how to clear it: a
cache that silently refetched would hide disk problems and edited files. A
record whose data file has vanished is a plain miss.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from marketreact.errors import CacheError
from marketreact.reference import paths as _paths

__all__ = [
    "CACHE_COLUMNS",
    "CacheMeta",
    "clear",
    "covers",
    "entry_paths",
    "lookup",
    "read",
    "read_meta",
    "write",
]

CACHE_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume", "dividends", "stock_splits")
FORMAT = 1
# A temp file younger than this may belong to a writer in another process: leave it alone.
_STALE_TMP_SECONDS = 600.0


@dataclass(frozen=True)
class CacheMeta:
    """One cache entry's commit record.

    ``start`` is None when the fetch asked for the whole history; ``end`` is the
    last session date whose bar is final (never after the day before the fetch,
    UTC). A request ``[a, b]`` is served from the entry when ``start <= a`` and
    ``b <= end``.
    """

    symbol: str
    source: str
    fetched_at: str
    yfinance_version: str
    start: str | None
    end: str
    first: str
    last: str
    rows: int
    file: str
    sha256: str
    format: int = FORMAT


def _root(root: Path | None) -> Path:
    return (Path(root) if root is not None else _paths.cache_dir()) / "yahoo"


def _key(symbol: str) -> str:
    # '^' and '=' (indices, FX) are safe on every platform; '%' escapes the rest.
    return quote(symbol, safe="^=.-_")


def entry_paths(symbol: str, root: Path | None = None) -> Path:
    """Path of ``symbol``'s JSON record under cache directory ``root`` (its data file sits beside it)."""
    return _root(root) / f"{_key(symbol)}.json"


def _fix(path: Path, symbol: str) -> str:
    return (
        f"delete {path} (and the {_key(symbol)}.*.csv beside it), call "
        f"marketreact.data.cache.clear({symbol!r}), or fetch with refresh=True"
    )


def _atomic_write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that a reader never sees a partial file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _serialise(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("date", *CACHE_COLUMNS))
    values = frame[list(CACHE_COLUMNS)].to_numpy(dtype="float64")
    for day, row in zip(frame.index, values, strict=True):
        writer.writerow((day.strftime("%Y-%m-%d"), *("" if math.isnan(v) else repr(float(v)) for v in row)))
    return buf.getvalue().encode()


def _parse(content: bytes, path: Path, symbol: str) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    if not rows or tuple(rows[0]) != ("date", *CACHE_COLUMNS):
        raise CacheError(f"cache file {path} has an unexpected header; {_fix(path, symbol)}")
    dates: list[str] = []
    numbers: list[list[float]] = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(CACHE_COLUMNS) + 1:
            raise CacheError(f"cache file {path} line {lineno} has {len(row)} fields; {_fix(path, symbol)}")
        try:
            dt.date.fromisoformat(row[0])
            numbers.append([float(v) if v else math.nan for v in row[1:]])
        except ValueError:
            raise CacheError(f"cache file {path} line {lineno} is malformed; {_fix(path, symbol)}") from None
        dates.append(row[0])
    index = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates, dtype=str), format="%Y-%m-%d"), name="date")
    return pd.DataFrame(numbers, index=index, columns=list(CACHE_COLUMNS), dtype="float64")


def read_meta(symbol: str, root: Path | None = None) -> CacheMeta | None:
    """``symbol``'s commit record, or None when nothing is cached; :class:`CacheError` if damaged."""
    path = entry_paths(symbol, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheError(f"cannot read cache record {path}: {exc}; {_fix(path, symbol)}") from exc
    try:
        meta = CacheMeta(**json.loads(text))
    except (ValueError, TypeError) as exc:
        raise CacheError(f"cache record {path} is not a valid record ({exc}); {_fix(path, symbol)}") from None
    if meta.symbol != symbol or meta.format != FORMAT:
        raise CacheError(
            f"cache record {path} is for {meta.symbol!r} format {meta.format}; {_fix(path, symbol)}"
        )
    return meta


def read(symbol: str, root: Path | None = None) -> tuple[pd.DataFrame, CacheMeta] | None:
    """The whole cached entry of ``symbol`` (bars and record), or None when there is none.

    Raises
    ------
    CacheError
        The entry is damaged (the message names the file and how to clear it).
    """
    meta = read_meta(symbol, root)
    if meta is None:
        return None
    path = _root(root) / meta.file
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None  # record outlived its data file (concurrent writer, manual delete): a miss
    if hashlib.sha256(content).hexdigest() != meta.sha256:
        raise CacheError(f"cache file {path} does not match its record's sha256; {_fix(path, symbol)}")
    return _parse(content, path, symbol), meta


def covers(meta: CacheMeta, start: pd.Timestamp | None, end: pd.Timestamp | None) -> bool:
    """Whether the entry ``meta`` answers a request for the inclusive range ``[start, end]``.

    ``end=None`` asks for the latest data, which no cache entry can promise.
    """
    if end is None or end > pd.Timestamp(meta.end):
        return False
    if meta.start is None:
        return True
    return start is not None and start >= pd.Timestamp(meta.start)


def lookup(
    symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None, root: Path | None = None
) -> pd.DataFrame | None:
    """Cached bars of ``symbol`` in ``[start, end]`` (may be empty), or None on a miss."""
    meta = read_meta(symbol, root)
    if meta is None or not covers(meta, start, end):
        return None
    entry = read(symbol, root)
    if entry is None:
        return None
    return entry[0].loc[start:end]


def write(
    symbol: str,
    frame: pd.DataFrame,
    start: pd.Timestamp | None,
    end: pd.Timestamp,
    *,
    yfinance_version: str,
    source: str = "yahoo",
    fetched_at: dt.datetime | None = None,
    root: Path | None = None,
) -> CacheMeta:
    """Store the rows of ``frame`` in ``[start, end]`` as ``symbol``'s entry, replacing any older one.

    Parameters
    ----------
    frame : DataFrame
        Indexed by session ``date``, with the float columns :data:`CACHE_COLUMNS`.
    start, end : Timestamp
        The range the fetch covered (``start=None``: the whole history).

    Raises
    ------
    CacheError
        The cache directory cannot be written.
    """
    rows = frame.loc[start:end]
    if rows.empty:
        raise CacheError(f"refusing to cache an empty frame for {symbol} ({start}..{end.date()})")
    directory = _root(root)
    content = _serialise(rows)
    digest = hashlib.sha256(content).hexdigest()
    data_name = f"{_key(symbol)}.{digest[:12]}.csv"
    meta = CacheMeta(
        symbol=symbol,
        source=source,
        fetched_at=(fetched_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        yfinance_version=yfinance_version,
        start=None if start is None else start.date().isoformat(),
        end=end.date().isoformat(),
        first=rows.index[0].date().isoformat(),
        last=rows.index[-1].date().isoformat(),
        rows=len(rows),
        file=data_name,
        sha256=digest,
    )
    record = entry_paths(symbol, root)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _atomic_write(directory / data_name, content)
        _atomic_write(record, (json.dumps(asdict(meta), indent=1) + "\n").encode())
    except OSError as exc:
        raise CacheError(
            f"cannot write the cache entry {record}: {exc}; check the permissions of {directory} "
            "or point MARKETREACT_CACHE_DIR at a writable directory"
        ) from exc
    _clean(symbol, directory, keep=data_name)
    return meta


def _owned(directory: Path, key: str) -> tuple[list[Path], list[Path]]:
    """``key``'s data files and temp files (a glob alone would also match longer keys)."""
    data = re.compile(re.escape(key) + r"\.[0-9a-f]{12}\.csv")
    tmp = re.compile(r"\." + re.escape(key) + r"\.(json|[0-9a-f]{12}\.csv)\..+\.tmp")
    names = [p for p in directory.iterdir() if p.is_file()]
    return [p for p in names if data.fullmatch(p.name)], [p for p in names if tmp.fullmatch(p.name)]


def _clean(symbol: str, directory: Path, keep: str) -> None:
    """Remove ``symbol``'s superseded data files and stale temp files (best effort)."""
    data, tmps = _owned(directory, _key(symbol))
    now = time.time()
    for path in tmps:
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > _STALE_TMP_SECONDS:
                path.unlink()
    for path in data:
        if path.name != keep:
            with contextlib.suppress(OSError):
                path.unlink()


def clear(symbol: str | None = None, root: Path | None = None) -> list[Path]:
    """Delete ``symbol``'s cache entry (every entry when None); return the paths removed."""
    directory = _root(root)
    if not directory.is_dir():
        return []
    removed: list[Path] = []
    if symbol is None:
        paths = [p for p in directory.iterdir() if p.is_file()]
    else:
        data, tmps = _owned(directory, _key(symbol))
        paths = [entry_paths(symbol, root), *data, *tmps]
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed
