"""Hong Kong: HKEX "List of Securities" (ListOfSecurities.xlsx, as of 2025-12-31).

Rules: category Equity (Main Board, GEM, Investment Companies, Depositary Receipts, Trading Only Securities)
-> equity; Exchange Traded Products -> etf; REITs -> equity; derivative warrants, CBBCs, equity warrants and
debt securities are dropped by reason. Codes to Yahoo with :func:`hk_symbol` (00700 -> 0700.HK). Names are
HKEX's short upper-case names (e.g. "TENCENT"): they become the local name, English display names come from
FinanceDatabase where it has the code. ISIN and trading currency as given. Company country is left empty
(HKEX lists many mainland and offshore issuers; the ISIN prefix is the incorporation, not the home market).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import Stats, frame, hk_symbol

_DROP = {
    "Callable Bull/Bear Contracts": "dropped_cbbc",
    "Derivative Warrants": "dropped_warrant",
    "Equity Warrants (Main Board)": "dropped_warrant",
    "Debt Securities": "dropped_note",
}


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return one row per HKEX equity / ETF line."""
    try:
        import openpyxl  # noqa: F401  (lazy: only the importer needs the .xlsx reader)
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "reading ListOfSecurities.xlsx needs openpyxl: pip install 'marketreact[import]'"
        ) from exc
    rel = "hk/ListOfSecurities.xlsx"
    rec = stats.file(root, rel, "hk_hkex", "2025-12-31", "no repo licence; (c) HKEX, site terms")
    df = pd.read_excel(root / rel, header=2, dtype=str, engine="openpyxl").fillna("")
    df = df[df["Stock Code"].str.strip() != ""]
    rec.rows_read = len(df)
    rows: list[dict[str, object]] = []
    for r in df.itertuples(index=False):
        code, name, category = str(r[0]).strip(), str(r[1]).strip(), str(r[2]).strip()
        if category in _DROP:
            stats.count(_DROP[category])
            continue
        if category == "Exchange Traded Products":
            kind = "etf"
        elif category in ("Equity", "Real Estate Investment Trusts"):
            kind = "equity"
        else:
            stats.count("dropped_other")
            continue
        rows.append({"symbol": hk_symbol(code), "local_name": name, "mic": "XHKG", "kind": kind,
                     "currency": str(r[16]).strip(), "isin": str(r[5]).strip()})  # fmt: skip
    rec.rows_used = len(rows)
    return frame(rows, "hk_hkex", "2025-12-31", stale=False)
