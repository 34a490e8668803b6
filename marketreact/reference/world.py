"""The imported world security master: ``data/securities/world_*.csv.gz``, read lazily.

``marketreact data import-securities`` builds two compact files from public
security lists (see ``data/securities/IMPORT.md``): ``world_companies.csv.gz``
and ``world_listings.csv.gz``. They hold 100,000+ rows, so they are parsed
once into column arrays, kept in a pickle in the user cache keyed by the files'
sha256 (so a changed file is never read stale), and turned into
:class:`~marketreact.reference.securities.Listing` / ``Company`` objects only
when looked up.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import pandas as pd

from marketreact.reference import paths as _paths

__all__ = ["LazyMap", "WorldTables", "read_world"]

COMPANIES_FILE = "world_companies.csv.gz"
LISTINGS_FILE = "world_listings.csv.gz"
_FORMAT = 1  # bump when the pickled layout changes

V = TypeVar("V")


@dataclass(frozen=True)
class WorldTables:
    """Column arrays of the imported master (strings; '' = empty) and lookups by key.

    ``companies[col][i]`` / ``listings[col][j]``; ``company_row`` and
    ``listing_row`` map ids and symbols to rows; ``by_company`` maps a company id
    to its listing rows.
    """

    fingerprint: str
    companies: dict[str, list[str]]
    listings: dict[str, list[str]]
    company_row: dict[str, int]
    listing_row: dict[str, int]
    by_company: dict[str, list[int]]


def _fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256(f"world-master v{_FORMAT}".encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _parse(files: list[Path], fingerprint: str) -> WorldTables:
    comp = pd.read_csv(files[0], dtype=str, keep_default_na=False, compression="gzip")
    lst = pd.read_csv(files[1], dtype=str, keep_default_na=False, compression="gzip")
    companies = {c: comp[c].tolist() for c in comp.columns}
    listings = {c: lst[c].tolist() for c in lst.columns}
    by_company: dict[str, list[int]] = {}
    for j, cid in enumerate(listings["company_id"]):  # one pass
        by_company.setdefault(cid, []).append(j)
    return WorldTables(
        fingerprint=fingerprint,
        companies=companies,
        listings=listings,
        company_row={cid: i for i, cid in enumerate(companies["company_id"])},
        listing_row={sym: j for j, sym in enumerate(listings["symbol"])},
        by_company=by_company,
    )


def _cache_file(fingerprint: str) -> Path:
    return _paths.cache_dir() / "master" / f"world-{fingerprint[:32]}.pkl"


def read_world(root: Path) -> WorldTables | None:
    """The imported master under ``root/securities``, or None when it has not been imported.

    The parsed tables are cached on disk (user cache directory) under the files'
    fingerprint; a cache that cannot be written or read is rebuilt from the files.
    """
    base = root / "securities"
    files = [base / COMPANIES_FILE, base / LISTINGS_FILE]
    if not all(f.is_file() for f in files):
        return None
    fingerprint = _fingerprint(files)
    cache = _cache_file(fingerprint)
    try:
        with cache.open("rb") as fh, _paths.no_gc():
            tables = pickle.load(fh)
        if isinstance(tables, WorldTables) and tables.fingerprint == fingerprint:
            return tables
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # no cache yet, or an old one: rebuild below
    tables = _parse(files, fingerprint)
    _write_cache(cache, tables)
    return tables


def _write_cache(path: Path, tables: WorldTables) -> None:
    _paths.write_cache(path, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))


class LazyMap(Mapping[str, V], Generic[V]):
    """A mapping of eager entries plus entries built on first access from row numbers.

    Eager entries (the curated master) win over lazy ones with the same key.
    """

    def __init__(self, eager: dict[str, V], rows: Mapping[str, int], make: Callable[[int], V]) -> None:
        self._eager = eager
        self._rows = rows
        self._make = make
        self._built: dict[str, V] = {}
        self._len: int | None = None

    def __getitem__(self, key: str) -> V:
        if key in self._eager:
            return self._eager[key]
        if key in self._built:
            return self._built[key]
        value = self._make(self._rows[key])  # KeyError for an unknown key, as a dict
        self._built[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._eager or key in self._rows

    def __iter__(self) -> Iterator[str]:
        yield from self._eager
        yield from (k for k in self._rows if k not in self._eager)

    def __len__(self) -> int:
        if self._len is None:
            self._len = len(self._eager) + sum(1 for k in self._rows if k not in self._eager)
        return self._len
