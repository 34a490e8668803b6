"""worldstock 0.1.3 Yahoo screener dumps (Japan, China, Hong Kong, Korea; 2022-08, stale).

Used for English names (``longName``, else ``shortName``) and for lines no current source has (then the
line is flagged stale). Symbols are already in Yahoo form; the venue follows the suffix (.T, .SS, .SZ, .HK,
.KS, .KQ); other suffixes are skipped (``exchange_unmapped``). quoteType EQUITY -> equity, ETF -> etf, others
dropped (``dropped_other``). Prices and market caps (local currency, 2022) are not used. Company country:
JP / CN / KR from the file; the Hong Kong file lists mainland issuers too, so no country is set from it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import Stats, clean_name, frame
from marketreact.reference.importers.venues import SUFFIX_MIC

_FILES = {"japan": "JP", "china": "CN", "hongkong": "", "korea": "KR"}


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return one row per equity/ETF symbol of the four 2022 files."""
    rows: list[dict[str, object]] = []
    for market, country in _FILES.items():
        rel = f"names_2022_worldstock/{market}_yahoo_dataset.csv.gz"
        rec = stats.file(root, rel, f"names_2022_{market}", "2022-08", "MIT (worldstock); Yahoo-derived")
        df = pd.read_csv(root / rel, dtype=str, keep_default_na=False, usecols=["symbol", "shortName", "longName",
                         "quoteType", "currency"], encoding="utf-8-sig")  # fmt: skip
        rec.rows_read = len(df)
        before = len(rows)
        for symbol, short, long_, qtype, currency in df.itertuples(index=False):
            symbol = symbol.strip().upper()
            suffix = symbol[symbol.rfind(".") :] if "." in symbol else ""
            mic = SUFFIX_MIC.get(suffix)
            if mic is None:
                stats.count("exchange_unmapped")
                continue
            kind = {"EQUITY": "equity", "ETF": "etf"}.get(qtype.strip())
            if kind is None:
                stats.count("dropped_other")
                continue
            rows.append({"symbol": symbol, "name": clean_name(long_ or short), "mic": mic, "kind": kind,
                         "currency": currency.strip(), "country": country})  # fmt: skip
        rec.rows_used = len(rows) - before
    return frame(rows, "names_2022", "2022-08", stale=True)
