"""FinanceDatabase legacy v1 tree (2023-03-08, stale): the only staged source of most US OTC lines.

The tar holds ``Database/Equities/Countries/<Country>/<Sector>/<Industry>.json`` objects keyed by symbol. It is
read in place (no extraction). A symbol repeated across industry files is kept once (first file in sorted
path order; ``otc_2023_duplicate_symbol``). Country comes from the record (else the folder name), the venue
from the ``exchange`` code as for the current FinanceDatabase files; lines are flagged stale unless a current
source also has them (decided in :mod:`.build`). OTC 5-letter symbols ending W/R/U/Z are dropped as
non-equity; ending in Y -> adr, others -> otc. ``long_name`` (else ``short_name``) is the name.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import Stats, clean_name, frame
from marketreact.reference.importers.countries import iso2
from marketreact.reference.importers.financedatabase import classify
from marketreact.reference.importers.venues import FD_EXCHANGE_MIC

REL = "global/financedatabase_v1_2023/Database_Equities_Countries_industry_files.tar.gz"


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return one row per distinct symbol of the 2023 tree on a mapped venue."""
    rec = stats.file(root, REL, "otc_2023", "2023-03-08", "MIT (FinanceDatabase); facts Yahoo-derived")
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    with tarfile.open(root / REL, "r:gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".json")),
                         key=lambda m: m.name)  # fmt: skip
        for member in members:
            fh = tar.extractfile(member)
            if fh is None:
                continue
            folder_country = member.name.split("/")[3] if member.name.count("/") >= 4 else ""
            for symbol, rec_ in json.load(fh).items():
                rec.rows_read += 1
                if symbol in seen:
                    stats.count("otc_2023_duplicate_symbol")
                    continue
                seen.add(symbol)
                mic = FD_EXCHANGE_MIC.get(rec_.get("exchange") or "")
                if mic is None:
                    stats.count("exchange_unmapped")
                    continue
                name = rec_.get("long_name") or rec_.get("short_name") or ""
                line = classify(symbol.strip(), mic, name, stats)
                if line is None:
                    continue
                ysym, kind = line
                rows.append({"symbol": ysym, "name": clean_name(name), "mic": mic, "kind": kind,
                             "currency": rec_.get("currency") or "", "sector": rec_.get("sector") or "",
                             "country": iso2(rec_.get("country") or folder_country)})  # fmt: skip
    rec.rows_used = len(rows)
    return frame(rows, "otc_2023", "2023-03-08", stale=True)
