"""The bundled snapshot and Yahoo (through the on-disk cache) as price sources."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from marketreact.data.snapshot import read_manifest, read_snapshot_file
from marketreact.reference import paths as _paths
from marketreact.reference.refdata import ReferenceData

__all__ = ["SnapshotSource", "YahooSource"]


@dataclass(frozen=True)
class SnapshotSource:
    """The offline snapshot shipped in ``data/prices`` (every read checksum-verified)."""

    root: Path | None = None
    name: str = "snapshot"

    def bars(self, symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
        return read_snapshot_file(symbol, self.root)

    def holds(self) -> frozenset[str]:
        return frozenset(read_manifest(self.root))

    def credit(self) -> str:
        root = self.root or _paths.data_dir()
        digest = hashlib.sha256((root / "manifest.csv").read_bytes()).hexdigest()[:10]
        return (
            "Data: daily bars (Yahoo Finance; JPX J-Quants for Tokyo stocks; see data/PROVENANCE.md), "
            f"marketreact snapshot, manifest sha256 {digest}"
        )


@dataclass(frozen=True)
class YahooSource:
    """Yahoo Finance through yfinance and the on-disk cache.

    Parameters
    ----------
    prefer_snapshot : bool
        After a cache miss, use the snapshot when it covers the whole range
        before downloading (the ``"auto"`` source).
    cache_dir : path, optional
        Cache base directory; ``MARKETREACT_CACHE_DIR`` or the user cache dir by default.
    reference : ReferenceData, optional
        Venues of the symbols (time zone of Yahoo's bars, calendar of the snapshot
        check); the bundled reference data by default. ``load_prices(reference=...)``
        fills it in when it is not set.
    """

    prefer_snapshot: bool = False
    cache_dir: Path | None = None
    name: str = "yahoo"
    reference: ReferenceData | None = None

    def bars(self, symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
        from marketreact.data.sources import yahoo  # yfinance is imported only when a download is needed

        return yahoo.fetch_prices(
            symbol,
            start,
            end,
            prefer_snapshot=self.prefer_snapshot,
            cache_dir=self.cache_dir,
            reference=self.reference,
        )

    def holds(self) -> None:
        return None

    def credit(self) -> str:
        return f"Data: Yahoo Finance daily bars via yfinance (source={self.name!r})"
