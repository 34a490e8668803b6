"""US listings: Nasdaq Trader symbol directories, the SEC ticker file and the Nasdaq.com screener (rreichel3).

Rules:

* The symbol directories (``nasdaq-listed-symbols.csv``, ``other-listed.csv``) decide what a listed symbol
  *is*: test issues, warrants, rights, units, preferreds (incl. depositary shares of preferreds, ``$`` in the
  ACT symbol), notes/debentures are dropped and counted by reason; ``ETF=Y`` -> etf (named by its security
  name, since "Company Name" is the sponsor) unless it is an ETN (dropped as a note); security names with
  "American Depositary" / "ADS" -> adr, with the ratio when the name states it ("each representing ten ...").
* ``Company Name`` is used for the name (descriptors such as "Common Stock" stripped); other-listed exchange
  codes N/A/P/Z -> XNYS/XASE/ARCX/BATS; nasdaq-listed -> XNAS.
* SEC ``company_tickers_exchange.json`` adds the CIK as an explicit cross-reference (all tickers of one CIK are
  one issuer: BRK-A/BRK-B, TM/TOYOF) and its OTC lines (exchange "OTC" -> OTCM). SEC rows on a listed exchange
  contribute only their CIK (not for funds: a fund's CIK is its sponsor's); rows with exchange null are dropped (no venue); OTC symbols of 5 letters ending
  in W/R/U/Z (warrant, rights, unit, misc.) are dropped as non-equity; ending in Y -> adr, else otc.
* The screener files add company country, sector and market cap (USD) to symbols already classified.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import (
    Stats,
    adr_ratio,
    clean_name,
    drop_reason,
    frame,
    us_symbol,
)
from marketreact.reference.importers.countries import iso2

_LICENCE_NASDAQ = "ODC-PDDL-1.0 (datahub); source (c) Nasdaq Trader"
_ETN = re.compile(r"\bETNs?\b|exchange traded notes?", re.I)
_ADR = re.compile(r"american depositary|american depository|\bADS\b|\bADR\b", re.I)
_OTC_DROP = {"W": "warrant", "R": "right", "U": "unit", "Z": "otc_misc"}


def _classify(security_name: str, etf: str, stats: Stats) -> str | None:
    """Return equity/etf/adr for a listed security, or None (dropped and counted) for other instruments."""
    if etf == "Y":
        if _ETN.search(security_name):
            stats.count("dropped_note")
            return None
        return "etf"  # fund names may say "Bond" or "Preferred": the ETF flag wins over the name patterns
    reason = drop_reason(security_name)
    if reason:
        stats.count(reason)
        return None
    return "adr" if _ADR.search(security_name) else "equity"


def _directory(root: Path, stats: Stats) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    rel = "us/nasdaq-listed-symbols.csv"
    rec = stats.file(root, rel, "us_nasdaq", "2026-07-31", _LICENCE_NASDAQ)
    nas = pd.read_csv(root / rel, dtype=str, keep_default_na=False)
    nas = nas[~nas["Symbol"].str.startswith("File Creation Time") & (nas["Symbol"] != "")]
    rec.rows_read = len(nas)
    for r in nas.itertuples(index=False):
        if r[4] == "Y":  # Test Issue
            stats.count("dropped_test_issue")
            continue
        kind = _classify(r[2], r[7], stats)
        if kind is None:
            continue
        ratio = adr_ratio(r[2]) if kind == "adr" else None
        # A fund's "Company Name" is often its sponsor (Bank of Montreal for its ETNs): funds use the security name.
        name = r[2] if kind == "etf" else r[1]
        rows.append({"symbol": us_symbol(r[0]), "name": clean_name(name), "mic": "XNAS", "kind": kind,
                     "currency": "USD", "adr_ratio": ratio})  # fmt: skip
    rec.rows_used = len(rows)
    rel = "us/other-listed.csv"
    rec = stats.file(root, rel, "us_other", "2026-08-21", _LICENCE_NASDAQ)
    oth = pd.read_csv(root / rel, dtype=str, keep_default_na=False)
    rec.rows_read = len(oth)
    mics = {"N": "XNYS", "A": "XASE", "P": "ARCX", "Z": "BATS"}
    before = len(rows)
    for r in oth.itertuples(index=False):
        if r[7] == "Y":
            stats.count("dropped_test_issue")
            continue
        if "$" in r[0]:  # ACT symbology marks preferreds with $
            stats.count("dropped_preferred")
            continue
        kind = _classify(r[2], r[5], stats)
        if kind is None:
            continue
        mic = mics.get(r[3])
        if mic is None:
            stats.count("exchange_unmapped")
            continue
        ratio = adr_ratio(r[2]) if kind == "adr" else None
        name = r[2] if kind == "etf" else r[1]
        rows.append({"symbol": us_symbol(r[0]), "name": clean_name(name), "mic": mic, "kind": kind,
                     "currency": "USD", "adr_ratio": ratio})  # fmt: skip
    rec.rows_used = len(rows) - before
    return frame(rows, "us_symbol_directory", "2026-08-21", stale=False)


def _sec(root: Path, stats: Stats, listed: set[str], funds: set[str]) -> pd.DataFrame:
    rel = "us/company_tickers_exchange.json"
    rec = stats.file(root, rel, "us_sec", "2026-08-22", "SEC data, public domain (repo AGPL-3.0)")
    data = json.loads((root / rel).read_text(encoding="utf-8"))
    rec.rows_read = len(data["data"])
    rows: list[dict[str, object]] = []
    for cik, name, ticker, exch in data["data"]:
        symbol = us_symbol(str(ticker).replace(".", "-"))
        xref = f"cik:{int(cik)}"
        if exch is None:
            stats.count("dropped_sec_exchange_null")
            continue
        if exch != "OTC":
            if symbol not in listed:
                # The directories classify every listed symbol; one they lack is a preferred/warrant or delisted.
                stats.count("dropped_sec_listed_not_in_directory")
                continue
            if symbol in funds:
                # The CIK and name of a fund line are its sponsor's: they would tie the fund to the sponsor.
                stats.count("sec_fund_row_ignored")
                continue
            rows.append({"symbol": symbol, "name": clean_name(name), "xref": xref})
            continue
        if len(symbol) == 5 and symbol[-1] in _OTC_DROP:
            stats.count(f"dropped_{_OTC_DROP[symbol[-1]]}")
            continue
        kind = "adr" if len(symbol) == 5 and symbol.endswith("Y") else "otc"
        rows.append({"symbol": symbol, "name": clean_name(name), "mic": "OTCM", "kind": kind,
                     "currency": "USD", "xref": xref})  # fmt: skip
    rec.rows_used = len(rows)
    return frame(rows, "us_sec", "2026-08-22", stale=False)


def _screener(root: Path, stats: Stats, listed: set[str]) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for board in ("nasdaq", "nyse", "amex"):
        rel = f"us/rreichel3/{board}_full_tickers.json"
        rec = stats.file(root, rel, f"us_screener_{board}", "2026-08-21", "no licence; Nasdaq.com screener")
        data = json.loads((root / rel).read_text(encoding="utf-8"))
        rec.rows_read = len(data)
        used = 0
        for r in data:
            symbol = us_symbol(str(r["symbol"]).replace("^", "-P").replace("/", "-"))
            if symbol not in listed:
                stats.count("dropped_screener_not_in_directory")
                continue
            cap = pd.to_numeric(r.get("marketCap") or "", errors="coerce")
            country = iso2(r.get("country"))
            rows.append({"symbol": symbol, "name": clean_name(r["name"]), "country": country,
                         "sector": r.get("sector") or "", "market_cap_usd": cap if cap and cap > 0 else None})  # fmt: skip
            used += 1
        rec.rows_used = used
    return frame(rows, "us_screener", "2026-08-21", stale=False)


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return the US lines (listed + SEC OTC) and the enrichment rows, one frame, source column per origin."""
    directory = _directory(root, stats)
    listed = set(directory["symbol"])
    funds = set(directory.loc[directory["kind"] == "etf", "symbol"])
    return pd.concat(
        [directory, _sec(root, stats, listed, funds), _screener(root, stats, listed)], ignore_index=True
    )
