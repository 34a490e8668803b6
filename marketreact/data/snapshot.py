"""The bundled offline price snapshot: import, manifest, verified reads.

Layout under the data directory::

    prices/<SYMBOL>.csv   one file per Yahoo symbol, figures exactly as imported
    manifest.csv          one row per file: metadata, coverage and sha256
    PROVENANCE.md         the source record that came with the imported files

The importer never changes a figure: it validates each input file and writes
its lines unchanged (normalised to LF). Re-importing unchanged input writes no
byte. Every read checks the file's sha256 against the manifest.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from marketreact.errors import ChecksumMismatch, SnapshotError, UnknownSymbol
from marketreact.reference import paths as _paths
from marketreact.reference.refdata import ReferenceData, default_reference

__all__ = [
    "COLUMNS",
    "ManifestRow",
    "import_snapshot",
    "read_manifest",
    "read_snapshot_file",
    "verify_snapshot",
]

COLUMNS = ("date", "open", "high", "low", "close", "adj_close", "volume", "dividends")
MANIFEST_FIELDS = (
    "symbol",
    "name",
    "mic",
    "currency",
    "timezone",
    "first",
    "last",
    "rows",
    "columns",
    "return_basis",
    "missing_sessions",
    "zero_volume_rows",
    "source",
    "sha256",
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ManifestRow:
    """One snapshot file as recorded in ``manifest.csv``."""

    symbol: str
    name: str
    mic: str
    currency: str
    timezone: str
    first: str
    last: str
    rows: int
    columns: str
    return_basis: str
    missing_sessions: str
    zero_volume_rows: int
    source: str
    sha256: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _validate_lines(path: Path, text: str) -> list[list[str]]:
    """Check one input file; return its data rows as lists of the original strings."""
    if "\x00" in text:
        raise SnapshotError(f"{path}: binary content (NUL byte); expected a CSV text file")
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    header = lines[0].split(",")
    if tuple(header) != COLUMNS:
        raise SnapshotError(f"{path}: header {lines[0]!r}; expected {','.join(COLUMNS)}")
    rows: list[list[str]] = []
    previous = ""
    for lineno, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != len(COLUMNS):
            raise SnapshotError(f"{path} line {lineno}: {len(fields)} fields, expected {len(COLUMNS)}")
        date = fields[0]
        if not _DATE_RE.fullmatch(date) or date <= previous:
            raise SnapshotError(
                f"{path} line {lineno}: date {date!r} is not ISO or not after {previous!r} "
                "(rows must be ascending, one per session)"
            )
        previous = date
        for name, value in zip(COLUMNS[1:], fields[1:], strict=True):
            if value == "":
                if name in ("open", "high", "low", "close"):
                    raise SnapshotError(f"{path} line {lineno}: empty {name}; prices are never filled")
                continue
            try:
                number = float(value)
            except ValueError:
                raise SnapshotError(f"{path} line {lineno}: {name}={value!r} is not a number") from None
            if not math.isfinite(number) or number < 0:
                raise SnapshotError(
                    f"{path} line {lineno}: {name}={value!r} is not a finite non-negative number"
                )
        rows.append(fields)
    if not rows:
        raise SnapshotError(f"{path}: no data rows")
    return rows


def _basis(rows: list[list[str]]) -> str:
    adj = [r[5] for r in rows]
    div = [r[7] for r in rows]
    if all(adj):
        return "adjusted"
    if all(div):
        return "dividends"
    return "price"


def _missing_sessions(mic: str, dates: list[str], ref: ReferenceData) -> list[str]:
    cal = ref.calendar(mic)
    sessions = cal.sessions_in_range(dates[0], dates[-1]).strftime("%Y-%m-%d")
    return sorted(set(sessions) - set(dates))


def _manifest_row(
    symbol: str, rows: list[list[str]], content: bytes, source: str, ref: ReferenceData
) -> dict[str, str]:
    listing = ref.listing(symbol)
    mic = ref.require_mic(symbol)
    venue = ref.exchange(mic)
    present = [c for i, c in enumerate(COLUMNS) if i == 0 or any(r[i] for r in rows)]
    dates = [r[0] for r in rows]
    zero_volume = sum(1 for r in rows if r[6] != "" and float(r[6]) == 0.0)
    return {
        "symbol": symbol,
        "name": listing.name if listing else "",
        "mic": mic,
        "currency": venue.currency,
        "timezone": venue.timezone,
        "first": dates[0],
        "last": dates[-1],
        "rows": str(len(rows)),
        "columns": "|".join(present),
        "return_basis": _basis(rows),
        "missing_sessions": "|".join(_missing_sessions(mic, dates, ref)),
        "zero_volume_rows": str(zero_volume),
        "source": source,
        "sha256": _sha256(content),
    }


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return True


def _read_sources(dest: Path) -> dict[str, str]:
    path = dest / "snapshot_sources.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["symbol"]: row["source"] for row in csv.DictReader(fh)}


def import_snapshot(
    source_dir: Path, dest: Path | None = None, *, reference: ReferenceData | None = None
) -> list[str]:
    """Import ``source_dir/prices/*.csv`` (or ``source_dir/*.csv``) into the snapshot.

    Parameters
    ----------
    source_dir : Path
        A directory holding ``prices/<SYMBOL>.csv`` files in the snapshot format,
        optionally with a ``PROVENANCE.md`` beside ``prices/``.
    dest : Path, optional
        Snapshot directory; the package's data directory by default.
    reference : ReferenceData, optional
        Each file's listing, venue, currency and calendar for its manifest row
        (the bundled reference data by default).

    Returns
    -------
    list of str
        Paths written (empty when the snapshot already matched the input).
    """
    dest = dest or _paths.data_dir()
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise SnapshotError(
            f"{source_dir} is not a directory; give the folder that holds prices/<SYMBOL>.csv"
        )
    prices_dir = source_dir / "prices" if (source_dir / "prices").is_dir() else source_dir
    files = sorted(prices_dir.glob("*.csv"))
    if not files:
        raise SnapshotError(f"no *.csv files in {prices_dir}; expected prices/<SYMBOL>.csv files")
    sources = _read_sources(dest)
    ref = default_reference(reference)
    written: list[str] = []
    manifest: list[dict[str, str]] = []
    for path in files:
        symbol = path.name[: -len(".csv")]
        text = path.read_bytes().decode("utf-8")
        rows = _validate_lines(path, text)
        content = ("\n".join([",".join(COLUMNS), *(",".join(r) for r in rows)]) + "\n").encode()
        target = dest / "prices" / path.name
        if _write_if_changed(target, content):
            written.append(str(target))
        source = sources.get(symbol, "not recorded (add it to data/snapshot_sources.csv)")
        manifest.append(_manifest_row(symbol, rows, content, source, ref))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(manifest)
    if _write_if_changed(dest / "manifest.csv", buf.getvalue().encode()):
        written.append(str(dest / "manifest.csv"))
    provenance = source_dir / "PROVENANCE.md"
    if provenance.is_file() and _write_if_changed(dest / "PROVENANCE.md", provenance.read_bytes()):
        written.append(str(dest / "PROVENANCE.md"))
    return written


def _stamp(path: Path) -> tuple[str, int, int]:
    """Identity of a file's current content for memoising: (path, size, mtime in ns)."""
    st = path.stat()
    return str(path), st.st_size, st.st_mtime_ns


def read_manifest(root: Path | None = None) -> dict[str, ManifestRow]:
    """The manifest as ``{symbol: ManifestRow}``."""
    path = (root or _paths.data_dir()) / "manifest.csv"
    if not path.is_file():
        raise SnapshotError(f"snapshot manifest missing: {path}; run `marketreact data import DIR`")
    return dict(_parse_manifest(*_stamp(path)))


@functools.lru_cache(maxsize=8)
def _parse_manifest(path: str, size: int, mtime_ns: int) -> dict[str, ManifestRow]:
    # Memoised on the file's identity: an edited manifest is read again.
    with open(path, newline="", encoding="utf-8") as fh:
        out: dict[str, ManifestRow] = {}
        for row in csv.DictReader(fh):
            row_int = {**row, "rows": int(row["rows"]), "zero_volume_rows": int(row["zero_volume_rows"])}
            out[row["symbol"]] = ManifestRow(**row_int)  # type: ignore[arg-type]
    return out


def read_snapshot_file(symbol: str, root: Path | None = None) -> pd.DataFrame:
    """Read one symbol's bars after verifying its checksum.

    Returns a frame indexed by session ``date`` (tz-naive, exchange-local) with
    float columns ``open high low close adj_close volume dividends``; empty
    source fields are NaN (unknown), never zero. A file is hashed and parsed once
    per process while its size and modification time stay the same.
    """
    root = root or _paths.data_dir()
    manifest = read_manifest(root)
    if symbol not in manifest:
        raise UnknownSymbol(
            symbol,
            "the bundled snapshot",
            f"it holds {len(manifest)} symbols (marketreact data list); use source='yahoo' (--source yahoo) "
            "or a folder of your own price files",
        )
    path = root / "prices" / f"{symbol}.csv"
    if not path.is_file():
        raise SnapshotError(
            f"{path} is listed in the manifest but missing; restore it with `git checkout -- data/`"
        )
    return _read_verified(*_stamp(path), manifest[symbol].sha256).copy()


@functools.lru_cache(maxsize=64)
def _read_verified(path: str, size: int, mtime_ns: int, expected: str) -> pd.DataFrame:
    content = Path(path).read_bytes()
    actual = _sha256(content)
    if actual != expected:
        raise ChecksumMismatch(path, expected, actual)
    # Read as text, then convert with Python's float(): exact round trip of the
    # stored strings whatever the pandas version's C parser precision.
    frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    numbers = frame[list(COLUMNS[1:])].replace("", None).astype("float64")
    numbers.index = pd.DatetimeIndex(pd.to_datetime(frame["date"], format="%Y-%m-%d"), name="date")
    return numbers


def verify_snapshot(root: Path | None = None) -> dict[str, str]:
    """Check every file against the manifest; return ``{symbol: 'ok' | problem}``."""
    root = root or _paths.data_dir()
    out: dict[str, str] = {}
    for symbol in read_manifest(root):
        try:
            read_snapshot_file(symbol, root)
            out[symbol] = "ok"
        except SnapshotError as exc:
            out[symbol] = str(exc)
    return out
