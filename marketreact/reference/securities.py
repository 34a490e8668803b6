"""The security master: companies, their aliases and their listings.

Two layers under ``data/securities/``:

* the **curated** files ``companies.csv`` and ``listings.csv`` (reviewed by hand:
  the flagship companies, local benchmarks), authoritative wherever they speak;
* the **imported world master** (``world_*.csv.gz``, built by ``marketreact data
  import-securities`` from public security lists; see :mod:`marketreact.reference.world`).

:func:`load_master` reads and validates both once; a curated row wins over an
imported one with the same symbol or company id, and imported listings of a
curated company join it. Every lookup goes through the returned :class:`SecurityMaster`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast, get_args

from marketreact.errors import SnapshotError, UnknownSymbol
from marketreact.reference import paths as _paths
from marketreact.reference.venues import EXCHANGES, VENUES, Exchange, exchange, exchange_for_suffix, venue
from marketreact.reference.world import LazyMap, WorldTables, read_world

__all__ = ["Company", "Listing", "ListingType", "SecurityMaster", "load_master", "mic_for_symbol"]

ListingType = Literal[
    "primary", "secondary", "adr", "otc_ordinary", "subsidiary", "index", "benchmark_etf", "etf"
]
_LISTING_TYPES = frozenset(get_args(ListingType))


@dataclass(frozen=True)
class Listing:
    """One tradable line: a Yahoo symbol on one venue.

    :attr:`exchange`, :attr:`currency` and :attr:`timezone` read the *bundled*
    venue table (kept for existing callers). A venue only a custom
    :class:`~marketreact.reference.refdata.ReferenceData` knows is not there:
    ask the reference (``reference.exchange(listing.mic)``), as planning does.
    """

    symbol: str
    company_id: str
    name: str
    mic: str
    listing_type: ListingType
    adr_ratio: float | None
    benchmark: str
    note: str
    stale: bool = False
    source: str = "curated"

    @property
    def exchange(self) -> Exchange:
        """The listing's venue (possibly one without sessions yet: see ``Exchange.covered``)."""
        return venue(self.mic)

    @property
    def currency(self) -> str | None:
        """Currency of the venue in the bundled venue table; None for a venue it does not hold."""
        known = VENUES.get(self.mic)
        return known.currency if known is not None else None

    @property
    def timezone(self) -> str | None:
        """Time zone of the venue in the bundled venue table; None for a venue it does not hold."""
        known = VENUES.get(self.mic)
        return known.timezone if known is not None else None


@dataclass(frozen=True)
class Company:
    """A company with the names news articles use for it."""

    company_id: str
    name: str
    aliases: tuple[str, ...]
    listed: bool
    note: str
    listings: tuple[Listing, ...] = field(default=())
    country: str = ""
    market_cap_usd: float | None = None
    source: str = "curated"
    size: str = ""  # size class of the imported lists ("Large Cap"), where no market value is given

    @property
    def primary(self) -> Listing | None:
        """The primary listing (None for unlisted companies)."""
        for listing in self.listings:
            if listing.listing_type == "primary":
                return listing
        return None


@dataclass(frozen=True)
class SecurityMaster:
    """Validated companies and listings, keyed by id and symbol.

    ``fingerprint`` identifies the content (used to key caches built from it,
    such as the name matcher); empty for a master built in memory.
    """

    companies: Mapping[str, Company]
    listings: Mapping[str, Listing]
    fingerprint: str = ""

    def listing(self, symbol: str) -> Listing:
        """The listing of ``symbol``; :class:`UnknownSymbol` names the file to extend otherwise."""
        try:
            return self.listings[symbol]
        except KeyError:
            raise UnknownSymbol(
                symbol,
                "the security master",
                "add a row to data/securities/listings.csv",
            ) from None


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise SnapshotError(f"security master file missing: {path}")
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def load_master(root: Path | None = None) -> SecurityMaster:
    """Read and validate ``companies.csv`` and ``listings.csv``.

    Raises
    ------
    SnapshotError
        On a duplicate symbol, an unknown company id, MIC or listing type, or a
        benchmark that is itself not a listing.
    """
    base = (root or _paths.data_dir()) / "securities"
    company_rows = _read_csv(base / "companies.csv")
    listing_rows = _read_csv(base / "listings.csv")
    listings: dict[str, Listing] = {}
    for i, row in enumerate(listing_rows, start=2):
        where = f"{base / 'listings.csv'} line {i}"
        sym = row["symbol"].strip()
        if not sym or sym in listings:
            raise SnapshotError(f"{where}: empty or duplicate symbol {sym!r}")
        if row["listing_type"] not in _LISTING_TYPES:
            raise SnapshotError(
                f"{where}: listing_type {row['listing_type']!r} not in {sorted(_LISTING_TYPES)}"
            )
        try:
            exchange(row["mic"])
        except Exception as exc:
            raise SnapshotError(f"{where}: {exc}") from exc
        ratio = row.get("adr_ratio", "").strip()
        listings[sym] = Listing(
            symbol=sym,
            company_id=row["company_id"].strip(),
            name=row["name"].strip(),
            mic=row["mic"].strip(),
            listing_type=cast(ListingType, row["listing_type"]),
            adr_ratio=float(ratio) if ratio else None,
            benchmark=row["benchmark"].strip(),
            note=row.get("note", "").strip(),
        )
    for sym, lst in listings.items():
        if lst.benchmark and lst.benchmark not in listings:
            raise SnapshotError(f"listing {sym}: benchmark {lst.benchmark!r} is not itself a listing")
    world = read_world(root or _paths.data_dir())
    by_company: dict[str, list[Listing]] = {}
    for lst in listings.values():  # one pass: grouping must stay linear for 100k-row masters
        by_company.setdefault(lst.company_id, []).append(lst)
    companies: dict[str, Company] = {}
    for i, row in enumerate(company_rows, start=2):
        cid = row["company_id"].strip()
        if not cid or cid in companies:
            raise SnapshotError(f"{base / 'companies.csv'} line {i}: empty or duplicate company_id {cid!r}")
        own = list(by_company.get(cid, ()))
        if world is not None:  # imported lines of a curated company join it (curated symbols win)
            own += [
                _world_listing(world, j)
                for j in world.by_company.get(cid, ())
                if world.listings["symbol"][j] not in listings
            ]
        companies[cid] = Company(
            company_id=cid,
            name=row["name"].strip(),
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            listed=row["listed"].strip().lower() == "yes",
            note=row.get("note", "").strip(),
            listings=tuple(own),
        )
    for sym, lst in listings.items():
        if lst.company_id and lst.company_id not in companies:
            raise SnapshotError(f"listing {sym}: company_id {lst.company_id!r} not in companies.csv")
    digest = hashlib.sha256((base / "companies.csv").read_bytes() + (base / "listings.csv").read_bytes())
    if world is None:
        return SecurityMaster(companies=companies, listings=listings, fingerprint=digest.hexdigest())
    digest.update(world.fingerprint.encode())
    return SecurityMaster(
        companies=LazyMap(companies, world.company_row, functools.partial(_world_company, world, listings)),
        listings=LazyMap(listings, world.listing_row, functools.partial(_world_listing, world)),
        fingerprint=digest.hexdigest(),
    )


def _float(text: str) -> float | None:
    return float(text) if text else None


def _world_listing(world: WorldTables, j: int) -> Listing:
    col = world.listings
    mic = col["mic"][j]
    return Listing(
        symbol=col["symbol"][j],
        company_id=col["company_id"][j],
        name=col["name"][j],
        mic=mic,
        listing_type=cast(ListingType, col["listing_type"][j]),
        adr_ratio=_float(col["adr_ratio"][j]),
        benchmark=exchange(mic).benchmark if mic in EXCHANGES else "",
        note="",
        stale=col["stale"][j] == "1",
        source=col["source"][j],
    )


def _world_company(world: WorldTables, curated: Mapping[str, Listing], i: int) -> Company:
    col = world.companies
    cid = col["company_id"][i]
    own = tuple(
        curated.get(world.listings["symbol"][j]) or _world_listing(world, j)
        for j in world.by_company.get(cid, ())
    )
    return Company(
        company_id=cid,
        name=col["name"][i],
        aliases=tuple(a for a in col["aliases"][i].split("|") if a),
        listed=bool(own),
        note="",
        listings=own,
        country=col["country"][i],
        market_cap_usd=_float(col["market_cap_usd"][i]),
        source=col["source"][i],
        size=col["size"][i] if "size" in col else "",
    )


def mic_for_symbol(symbol: str) -> str:
    """Venue of ``symbol``: from the security master, else from its Yahoo suffix."""
    master = load_master()
    if symbol in master.listings:
        return master.listings[symbol].mic
    if symbol.startswith("^"):
        from marketreact.reference.indices import index_mic  # the index table knows each index's venue

        mic = index_mic(symbol)
        if mic is not None and mic in EXCHANGES:
            return mic
        raise UnknownSymbol(
            symbol, "the security master", "indices need a row in data/securities/listings.csv"
        )
    return exchange_for_suffix(symbol).mic
