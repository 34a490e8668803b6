"""FinanceDatabase (JerBouma, MIT; Yahoo-derived), current per-exchange equity files (2026-08-16).

Rules: rows flagged ``delisted=True`` are dropped; the ``exchange`` code maps to a MIC via
:data:`~marketreact.reference.importers.venues.FD_EXCHANGE_MIC` (unmapped codes such as IOB, AQS, TLO are
skipped and counted); a symbol whose Yahoo suffix disagrees with its venue's suffix is dropped
(``dropped_suffix_mismatch``). Known defects (PROVENANCE): the ``isin`` column carries US ADR ISINs on home
listings, so an ISIN is kept only when its country prefix equals the venue's country
(``fd_isin_untrusted_dropped`` otherwise); names such as "... Sponsored GDR RegS" on a home line are cleaned of
the descriptor (``name_descriptor_stripped``). ``market_cap`` is a size bucket ("Large Cap"), not a number,
so it is not used. US OTC lines: 5-letter symbols ending in Y -> adr, others -> otc.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import Stats, clean_name, drop_reason, frame, us_symbol
from marketreact.reference.importers.countries import iso2
from marketreact.reference.importers.venues import FD_EXCHANGE_MIC, VENUES

_LICENCE = "MIT (FinanceDatabase); facts Yahoo-derived"
_DIR = "global/financedatabase/database/equities"


def line_kind(symbol: str, mic: str, name: str) -> str | None:
    """Kind of an FD/Yahoo equity line: otc/adr on OTCM, adr for US-listed depositary names, else equity."""
    if mic == "OTCM":
        if len(symbol) == 5 and symbol[-1] in "WRUZ":
            return None
        return "adr" if len(symbol) == 5 and symbol.endswith("Y") else "otc"
    if VENUES[mic].country == "US" and any(t in name.upper() for t in (" ADR", "DEPOSITARY", " ADS")):
        return "adr"
    return "equity"


def yahoo_symbol(symbol: str, mic: str) -> str | None:
    """Normalise a Yahoo-style symbol for its venue; None when its suffix contradicts the venue."""
    venue = VENUES[mic]
    if venue.country == "US":
        return (
            None
            if "." in symbol.replace(".", "", 0) and not symbol.replace(".", "").isalnum()
            else us_symbol(symbol)
        )
    return symbol if symbol.endswith(venue.yahoo_suffix) and symbol.count(".") == 1 else None


def classify(symbol: str, mic: str, name: str, stats: Stats) -> tuple[str, str] | None:
    """``(Yahoo symbol, kind)`` of a FinanceDatabase line, or None with the drop reason counted."""
    ysym = yahoo_symbol(symbol, mic)
    if ysym is None:
        stats.count("dropped_suffix_mismatch")
        return None
    reason = drop_reason(name)
    if reason:
        stats.count(reason)
        return None
    kind = line_kind(ysym, mic, name)
    if kind is None:
        stats.count("dropped_otc_non_equity")
        return None
    return ysym, kind


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return one row per current, non-delisted FinanceDatabase equity line on a mapped venue."""
    rows: list[dict[str, object]] = []
    for path in sorted((root / _DIR).glob("*.csv")):
        rel = f"{_DIR}/{path.name}"
        rec = stats.file(root, rel, f"fd_{path.stem.lower()}", "2026-08-16", _LICENCE)
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        rec.rows_read = len(df)
        before = len(rows)
        for r in df[
            ["symbol", "name", "currency", "sector", "exchange", "country", "isin", "delisted", "market_cap"]
        ].itertuples(index=False):
            symbol, name, currency, sector, exch, country, isin, delisted, size = (str(v).strip() for v in r)
            if delisted == "True":
                stats.count("dropped_fd_delisted")
                continue
            mic = FD_EXCHANGE_MIC.get(exch)
            if mic is None:
                stats.count("exchange_unmapped")
                continue
            line = classify(symbol, mic, name, stats)
            if line is None:
                continue
            ysym, kind = line
            cleaned = clean_name(name)
            if kind == "equity" and cleaned != " ".join(name.split()):
                stats.count("name_descriptor_stripped")
            if isin and isin[:2] != VENUES[mic].country:
                stats.count("fd_isin_untrusted_dropped")
                isin = ""
            code = iso2(country)
            if country and not code:
                stats.count("country_name_unmapped")
            rows.append({"symbol": ysym, "name": cleaned, "mic": mic, "kind": kind, "currency": currency,
                         "isin": isin, "country": code, "sector": sector, "size": size})  # fmt: skip
        rec.rows_used = len(rows) - before
    return frame(rows, "financedatabase", "2026-08-16", stale=False)
