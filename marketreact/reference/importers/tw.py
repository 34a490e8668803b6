"""Taiwan: twstock code tables (TWSE + TPEx, ~2026-03) and the exchanges' company basic data (2024-10-29).

Rules: TWSE-listed codes -> ``.TW`` on XTAI, TPEx codes -> ``.TWO`` on ROCO (the suffix follows the file, i.e.
the board, never the code). Types: 股票 / 創新板 (ordinary shares, incl. the innovation board) and REIT
beneficiary certificates -> equity; ETF -> etf; TDR (Taiwan depositary receipts) -> adr; warrants (權證),
preferreds (特別股), ETNs and asset-backed certificates are dropped by reason. The English short name
(英文簡稱, e.g. "TSMC") from t187ap03_L/O becomes the name where the company code matches; the Chinese short
name is the local name. ISIN as given.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import Stats, frame

_LICENCE_CODES = "MIT (twstock); data from TWSE/TPEx ISIN pages"
_LICENCE_OPEN = "Taiwan Open Government Data License v1.0 (attribution)"


def _kind(kind: str, stats: Stats) -> str | None:
    if kind in ("股票", "創新板", "受益證券-不動產投資信託"):
        return "equity"
    if kind == "ETF":
        return "etf"
    if kind.startswith("臺灣存託憑證"):
        return "adr"
    reason = ("dropped_warrant" if "權證" in kind else "dropped_preferred" if kind == "特別股"
              else "dropped_note" if kind == "ETN" or "資產基礎" in kind else "dropped_other")  # fmt: skip
    stats.count(reason)
    return None


def _english(root: Path, stats: Stats, rel: str, source: str) -> dict[str, str]:
    rec = stats.file(root, rel, source, "2024-10-29", _LICENCE_OPEN)
    df = pd.read_csv(root / rel, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rec.rows_read = len(df)
    out = {
        c.strip(): " ".join(e.split())
        for c, e in zip(df["公司代號"], df["英文簡稱"], strict=True)
        if e.strip()
    }
    rec.rows_used = len(out)
    return out


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return one row per TWSE / TPEx equity, ETF or TDR line."""
    english = _english(root, stats, "tw/t187ap03_L.csv", "tw_twse_basic")
    english.update(_english(root, stats, "tw/t187ap03_O.csv", "tw_tpex_basic"))
    rows: list[dict[str, object]] = []
    for rel, source, suffix, mic in (
        ("tw/twse_equities.csv", "tw_twse_codes", ".TW", "XTAI"),
        ("tw/tpex_equities.csv", "tw_tpex_codes", ".TWO", "ROCO"),
    ):
        rec = stats.file(root, rel, source, "2026-03-31", _LICENCE_CODES)
        df = pd.read_csv(root / rel, dtype=str, keep_default_na=False)
        rec.rows_read = len(df)
        before = len(rows)
        for r in df.itertuples(index=False):
            kind = _kind(r[0].strip(), stats)
            if kind is None:
                continue
            code = r[1].strip().upper()
            rows.append({"symbol": f"{code}{suffix}", "name": english.get(code, ""), "local_name": r[2].strip(),
                         "mic": mic, "kind": kind, "currency": "TWD", "isin": r[3].strip(),
                         "country": "TW" if kind != "adr" else ""})  # fmt: skip
        rec.rows_used = len(rows) - before
    return frame(rows, "tw_exchanges", "2026-03-31", stale=False)
