"""Factor data for the factor models (CAPM, Fama-French 3/5, Carhart, user factors).

Two sources:

* the Kenneth R. French Data Library's daily CSV files, bundled into the
  snapshot by ``marketreact data import-factors DIR`` (:func:`import_factors`)
  as tidy ``data/factors/<name>.csv`` files (``date`` + factor columns in
  DECIMAL returns: the library's percent figures with the decimal point moved
  two places, digit for digit, no float rounding) and a ``manifest.csv``;
* any DataFrame (or French-layout CSV path) the user passes as ``factors=``.

Each listing gets the factor set of its region (:func:`region_for_mic`) when
that table covers the listing's estimation and event windows; otherwise the
next region in ``(own, Developed, US)`` that does, with a
:class:`~marketreact.errors.FactorCoverageWarning`, or
:class:`~marketreact.errors.FactorsNotCovered` when none does. Factors are
matched to the listing's sessions by date; a session without a factor row is a
NaN cell (excluded, never filled).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from marketreact.data.snapshot import _write_if_changed
from marketreact.errors import (
    ChecksumMismatch,
    DataQualityWarning,
    FactorCoverageWarning,
    FactorsNotCovered,
    InvalidParameter,
    SnapshotError,
)
from marketreact.reference import paths as _paths
from marketreact.reference.venues import US_MICS

__all__ = [
    "FACTOR_SETS",
    "MANIFEST_FIELDS",
    "FactorSource",
    "FactorTable",
    "import_factors",
    "read_factor_manifest",
    "read_french_csv",
    "region_for_mic",
]

# model -> (file kind, regressor columns); "3+mom" joins the 3-factor and momentum files.
FACTOR_SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "capm": ("3", ("Mkt-RF",)),
    "ff3": ("3", ("Mkt-RF", "SMB", "HML")),
    "ff5": ("5", ("Mkt-RF", "SMB", "HML", "RMW", "CMA")),
    "carhart": ("3+mom", ("Mkt-RF", "SMB", "HML", "Mom")),
}
REGIONS = ("US", "Europe", "Japan", "Asia Pacific ex Japan", "Developed")
# The library's region codes: Europe = 16 developed European markets; Asia Pacific ex Japan =
# Australia, Hong Kong, New Zealand, Singapore. Venues in none of these (mainland China,
# Taiwan, Korea, India, Canada) get the Developed factors (see docs/conventions.md).
_EUROPE_MICS = frozenset({"XLON", "XETR", "XFRA", "XPAR", "XAMS", "XMIL", "XSWX", "XMAD", "XBRU", "XSTO"})
_APXJ_MICS = frozenset({"XASX", "XHKG", "XSES", "XNZE"})
# Known daily file stems (lower case) -> (tidy name, region, kind).
KNOWN_FILES: dict[str, tuple[str, str, str]] = {
    "f-f_research_data_factors_daily": ("us_3", "US", "3"),
    "f-f_research_data_5_factors_2x3_daily": ("us_5", "US", "5"),
    "f-f_momentum_factor_daily": ("us_mom", "US", "mom"),
}
for _region, _code in (
    ("Europe", "europe"),
    ("Japan", "japan"),
    ("Asia Pacific ex Japan", "asia_pacific_ex_japan"),
    ("Developed", "developed"),
):
    KNOWN_FILES[f"{_code}_3_factors_daily"] = (f"{_code}_3", _region, "3")
    KNOWN_FILES[f"{_code}_5_factors_daily"] = (f"{_code}_5", _region, "5")
    KNOWN_FILES[f"{_code}_mom_factor_daily"] = (f"{_code}_mom", _region, "mom")
MANIFEST_FIELDS = (
    "name", "source_file", "source_sha256", "region", "factor_set", "first", "last", "rows", "columns", "sha256",
)  # fmt: skip
_MISSING_CODES = ("-99.99", "-999")
_DATE = re.compile(r"\d{8}")


def region_for_mic(mic: str) -> str:
    """The French Data Library region whose factors apply to a venue (see module notes)."""
    if mic in US_MICS:
        return "US"
    if mic in _EUROPE_MICS:
        return "Europe"
    if mic == "XTKS":
        return "Japan"
    if mic in _APXJ_MICS:
        return "Asia Pacific ex Japan"
    return "Developed"


def _percent_to_decimal(cell: str, where: str) -> str:
    """'-0.67' -> '-0.0067': the decimal point moved two places, exactly (Decimal, no float)."""
    text = cell.strip()
    if text in _MISSING_CODES:
        raise SnapshotError(
            f"{where}: missing-value code {text}; the library codes missing data as -99.99/-999 and "
            "marketreact never fills them: drop the factor file or cut it before the gap"
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SnapshotError(f"{where}: {text!r} is not a number") from None
    return format(value.scaleb(-2), "f")


def _french_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Column names and the first block's rows (date + decimal strings) of a French-layout file."""
    text = path.read_bytes().decode("utf-8", errors="strict")
    columns: list[str] | None = None
    rows: list[list[str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c.strip() for c in line.split(",")]
        if columns is None:
            if len(cells) > 1 and cells[0] == "" and all(cells[1:]):
                columns = cells[1:]
            continue
        if not _DATE.fullmatch(cells[0]):
            break  # end of the daily block (annual blocks and the copyright line follow)
        if len(cells) != len(columns) + 1:
            raise SnapshotError(f"{path.name}:{number}: {len(cells) - 1} values for {len(columns)} columns")
        iso = f"{cells[0][:4]}-{cells[0][4:6]}-{cells[0][6:]}"
        rows.append([iso] + [_percent_to_decimal(c, f"{path.name}:{number}") for c in cells[1:]])
    if columns is None or not rows:
        raise SnapshotError(
            f"{path.name}: no ',Col1,Col2,...' header followed by YYYYMMDD rows; is it a French Data "
            "Library daily CSV?"
        )
    dates = [r[0] for r in rows]
    if any(b <= a for a, b in itertools.pairwise(dates)):
        raise SnapshotError(f"{path.name}: dates are not strictly ascending")
    return columns, rows


def read_french_csv(path: str | Path) -> pd.DataFrame:
    """Read a French Data Library daily CSV (percent) into DECIMAL returns indexed by date.

    Parameters
    ----------
    path : str or Path
        A file in the library's layout: header text, a ``,Mkt-RF,...`` line, YYYYMMDD rows in
        percent, then possibly annual blocks and a copyright line (ignored).

    Raises
    ------
    SnapshotError
        On a file without a daily block, a malformed row or a missing-value code.
    """
    columns, rows = _french_rows(Path(path))
    return _frame(columns, rows)


def _frame(columns: Sequence[str], rows: list[list[str]]) -> pd.DataFrame:
    index = pd.DatetimeIndex([r[0] for r in rows], name="date")
    data = np.array([[float(v) for v in r[1:]] for r in rows])
    return pd.DataFrame(data, index=index, columns=list(columns))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_factors(source_dir: Path, dest: Path | None = None) -> list[str]:
    """Import French Data Library daily factor files into ``dest/factors/``.

    Parameters
    ----------
    source_dir : Path
        Folder with the library's daily CSV files under their library names (e.g.
        ``F-F_Research_Data_Factors_daily.CSV``, ``Japan_3_Factors_Daily.csv``), optionally a
        ``PROVENANCE.md`` (copied alongside).
    dest : Path, optional
        Snapshot directory (the package's data directory by default).

    Returns
    -------
    list of str
        Paths written (empty when everything already matched).
    """
    dest = Path(dest) if dest is not None else _paths.data_dir()
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise SnapshotError(f"{source_dir} is not a directory; give the folder holding the factor CSV files")
    files = sorted(p for p in source_dir.iterdir() if p.suffix.lower() == ".csv")
    known = [p for p in files if p.stem.lower() in KNOWN_FILES]
    for p in files:
        if p not in known:
            warnings.warn(
                f"{p.name} skipped: not a French Data Library daily factor file name "
                f"(known: {', '.join(sorted(KNOWN_FILES))})",
                DataQualityWarning,
                stacklevel=2,
            )
    if not known:
        raise SnapshotError(f"no French Data Library daily factor file in {source_dir}")
    out_dir = dest / "factors"
    written: list[str] = []
    manifest = []
    for path in known:
        name, region, kind = KNOWN_FILES[path.stem.lower()]
        columns, rows = _french_rows(path)
        body = "\n".join([",".join(["date", *columns]), *(",".join(r) for r in rows)]) + "\n"
        content = body.encode()
        target = out_dir / f"{name}.csv"
        if _write_if_changed(target, content):
            written.append(str(target))
        manifest.append(
            {
                "name": name,
                "source_file": path.name,
                "source_sha256": _sha256(path.read_bytes()),
                "region": region,
                "factor_set": kind,
                "first": rows[0][0],
                "last": rows[-1][0],
                "rows": str(len(rows)),
                "columns": "|".join(columns),
                "sha256": _sha256(content),
            }
        )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(manifest, key=lambda r: r["name"]))
    if _write_if_changed(out_dir / "manifest.csv", buf.getvalue().encode()):
        written.append(str(out_dir / "manifest.csv"))
    provenance = source_dir / "PROVENANCE.md"
    if provenance.is_file() and _write_if_changed(out_dir / "PROVENANCE.md", provenance.read_bytes()):
        written.append(str(out_dir / "PROVENANCE.md"))
    return written


def read_factor_manifest(root: Path | None = None) -> dict[str, dict[str, str]]:
    """``data/factors/manifest.csv`` as name -> row (empty when no factors were imported)."""
    path = (root or _paths.data_dir()) / "factors" / "manifest.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["name"]: row for row in csv.DictReader(fh)}


@functools.lru_cache(maxsize=16)
def _read_table(path: str, size: int, mtime_ns: int, expected: str) -> pd.DataFrame:
    content = Path(path).read_bytes()
    actual = _sha256(content)
    if actual != expected:
        raise ChecksumMismatch(path, expected, actual)
    frame = pd.read_csv(io.BytesIO(content), index_col="date", parse_dates=["date"])
    return frame.astype(float)


def _load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    row = read_factor_manifest(root)[name]
    path = (root or _paths.data_dir()) / "factors" / f"{name}.csv"
    st = path.stat()
    return _read_table(str(path), st.st_size, st.st_mtime_ns, row["sha256"])


@dataclass(frozen=True)
class FactorTable:
    """Factor returns (decimal) by date for one region and factor set.

    Attributes
    ----------
    name : str
        Label used in messages and the quality report, e.g. ``US ff3``.
    frame : DataFrame
        Index dates; the regressor ``columns`` and, when excess returns apply, ``RF``.
    columns : tuple of str
        Regressor columns, in design order (the market factor first for the named models).
    """

    name: str
    frame: pd.DataFrame
    columns: tuple[str, ...]

    @property
    def first(self) -> pd.Timestamp:
        return pd.Timestamp(self.frame.index[0])

    @property
    def last(self) -> pd.Timestamp:
        return pd.Timestamp(self.frame.index[-1])

    def covers(self, start: pd.Timestamp, end: pd.Timestamp) -> bool:
        return bool(self.first <= start and self.last >= end)

    def place(self, sessions: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        """Regressors (n, k) and RF (n,) on ``sessions``; NaN where the table has no row.

        Without an ``RF`` column (a user frame of raw factors) RF is 0: the model is then fitted
        to raw, not excess, returns (documented in docs/conventions.md).
        """
        on = self.frame.reindex(sessions)
        x = on[list(self.columns)].to_numpy(dtype=float)
        rf = on["RF"].to_numpy(dtype=float) if "RF" in on else np.where(np.isnan(x[:, 0]), np.nan, 0.0)
        return x, rf


class FactorSource:
    """Resolves the factor table of each listing for one factor model.

    Parameters
    ----------
    model : {"capm", "ff3", "ff5", "carhart", "factors"}
    factors : DataFrame, str, Path or None
        None: the bundled tables by region. A DataFrame: decimal factor returns indexed by
        date (or with a ``date`` column), with an ``RF`` column for excess returns. A path:
        a French Data Library daily CSV (percent, converted).
    factor_columns : sequence of str, optional
        The regressors for ``model="factors"`` (default: every column but ``RF``).
    root : Path, optional
        Snapshot directory holding ``factors/``.
    """

    def __init__(
        self,
        model: str,
        factors: Any = None,
        factor_columns: Sequence[str] | None = None,
        root: Path | None = None,
    ) -> None:
        self.model = model
        self.root = root
        self.user: FactorTable | None = None
        if factors is None:
            if model == "factors":
                raise InvalidParameter(
                    "factors", None, "model='factors' needs factors=<DataFrame of decimal factor returns>"
                )
            if factor_columns is not None:
                raise InvalidParameter(
                    "factor_columns", factor_columns, "only with model='factors' and a factors= frame"
                )
            self.columns = FACTOR_SETS[model][1]
            return
        frame = self._user_frame(factors)
        if model == "factors":
            cols = (
                tuple(factor_columns)
                if factor_columns is not None
                else tuple(str(c) for c in frame if c != "RF")
            )
            if not cols:
                raise InvalidParameter("factor_columns", factor_columns, "name at least one factor column")
        else:
            if factor_columns is not None:
                raise InvalidParameter(
                    "factor_columns", factor_columns, f"model={model!r} uses {FACTOR_SETS[model][1]}"
                )
            cols = FACTOR_SETS[model][1]
            if "RF" not in frame:
                raise InvalidParameter(
                    "factors", list(frame.columns), f"model={model!r} needs an 'RF' column for excess returns"
                )
        absent = [c for c in cols if c not in frame]
        if absent:
            raise InvalidParameter(
                "factors", list(frame.columns), f"columns {absent} are missing; give {list(cols)} (and RF)"
            )
        self.columns = cols
        keep = [*cols, "RF"] if "RF" in frame else list(cols)
        self.user = FactorTable("user", frame[keep], cols)

    @staticmethod
    def _user_frame(factors: Any) -> pd.DataFrame:
        if isinstance(factors, str | Path):
            return read_french_csv(factors)
        if not isinstance(factors, pd.DataFrame):
            raise InvalidParameter(
                "factors",
                type(factors).__name__,
                "give a DataFrame of decimal returns indexed by date, or a path",
            )
        frame = factors.set_index("date") if "date" in factors.columns else factors
        try:
            index = pd.DatetimeIndex(pd.to_datetime(frame.index))
        except (ValueError, TypeError):
            raise InvalidParameter(
                "factors", "index", "index the frame by date or give a 'date' column"
            ) from None
        if index.tz is not None:
            index = index.tz_localize(None)
        frame = frame.set_axis(index.normalize()).sort_index()
        if frame.index.duplicated().any():
            raise InvalidParameter("factors", "index", "each date must appear once; drop duplicate rows")
        return frame.apply(pd.to_numeric, errors="raise").astype(float)

    @property
    def n_factors(self) -> int:
        return len(self.columns)

    def _table(self, region: str) -> FactorTable | None:
        """The bundled table of ``region`` for this model, or None when not imported."""
        kind, cols = FACTOR_SETS[self.model]
        manifest = read_factor_manifest(self.root)
        by_kind = {(r["region"], r["factor_set"]): name for name, r in manifest.items()}
        label = f"{region} {self.model}"
        if kind == "3+mom":
            three, mom = by_kind.get((region, "3")), by_kind.get((region, "mom"))
            if three is None or mom is None:
                return None
            # Outer join: a date in one file only stays, with NaN for the other (excluded, not filled).
            frame = _load_table(three, self.root).join(_load_table(mom, self.root), how="outer")
            return FactorTable(label, frame[[*cols, "RF"]], cols)
        name = by_kind.get((region, kind))
        if name is None:
            return None
        return FactorTable(label, _load_table(name, self.root)[[*cols, "RF"]], cols)

    def resolve(self, symbol: str, mic: str, start: pd.Timestamp, end: pd.Timestamp) -> FactorTable:
        """The table for a listing whose windows need ``start..end`` (warns on a fallback)."""
        span = f"{start.date()}..{end.date()}"
        if self.user is not None:
            if not self.user.covers(start, end):
                raise FactorsNotCovered(
                    symbol, self.model, str(start.date()), str(end.date()),
                    f"the factors given cover {self.user.first.date()}..{self.user.last.date()}",
                    "pass a factor frame covering the estimation and event windows",
                )  # fmt: skip
            return self.user
        own = region_for_mic(mic)
        tried: list[str] = []
        for region in dict.fromkeys((own, "Developed", "US")):
            table = self._table(region)
            if table is None:
                tried.append(f"no {region} {self.model} factor file imported")
                continue
            if table.covers(start, end):
                if region != own:
                    warnings.warn(
                        FactorCoverageWarning(symbol, f"{own} {self.model}", table.name, "; ".join(tried)),
                        stacklevel=3,
                    )
                return table
            tried.append(
                f"the {table.name} factors cover {table.first.date()}..{table.last.date()}, not {span}"
            )
        raise FactorsNotCovered(symbol, self.model, str(start.date()), str(end.date()), "; ".join(tried))
