"""Tokyo Stock Exchange: JPX listed-issues file (data_j.xls, 2025-09-30) and the daily code list (2026-08-21).

Rules: the 2026 code list (``all_stocks.json``) decides which codes exist today; ``data_j.xls`` gives the
market segment. Segment "ETF・ETN" -> etf; "出資証券" (investment certificates) dropped as ``dropped_other``;
domestic/foreign stocks, PRO Market, REITs and infrastructure funds -> equity (foreign-stock segments get no
company country). Codes new since 2025-09 are classified by name (ETF / 上場投信 / ETN -> etf). Codes in
data_j.xls but absent from the 2026 list are dropped (``dropped_jp_delisted``). Codes stay verbatim
(``130A.T``). Both files carry Japanese names only: English names come from FinanceDatabase / worldstock.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd

from marketreact.reference.importers._common import Stats, frame, jp_symbol

_LICENCE = "no repo licence; JPX copyright / site terms"


def _read_data_j(path: Path) -> pd.DataFrame:
    try:
        import xlrd  # noqa: F401  (lazy: only the importer needs the .xls reader)
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("reading data_j.xls needs xlrd: pip install 'marketreact[import]'") from exc
    with warnings.catch_warnings():
        # pandas 3 flags the xlrd engine as deprecated; it is still the only reader of legacy .xls here.
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", message="The xlrd engine is deprecated")
        return pd.read_excel(path, dtype=str, engine="xlrd").fillna("")


def load(root: Path, stats: Stats) -> pd.DataFrame:
    """Return one row per current Tokyo code (equity or etf)."""
    rel = "jp/data_j.xls"
    rec_j = stats.file(root, rel, "jp_jpx_list", "2025-09-30", _LICENCE)
    data_j = _read_data_j(root / rel)
    rec_j.rows_read = len(data_j)
    segment = dict(zip(data_j["コード"].str.strip().str.upper(), data_j["市場・商品区分"], strict=True))
    rel = "jp/all_stocks.json"
    rec = stats.file(root, rel, "jp_codes_2026", "2026-08-21", "no repo licence; derived from JPX data")
    codes = json.loads((root / rel).read_text(encoding="utf-8"))
    rec.rows_read = len(codes)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for item in codes:
        code = str(item["コード"]).strip().upper()
        local = str(item["銘柄名"]).strip()
        seg = segment.get(code)
        if seg is None:
            stats.count("jp_code_classified_by_name")
            fund = any(t in local.upper() for t in ("ETF", "ETN", "上場投信", "ＥＴＦ"))
            kind = "etf" if fund else "equity"
        elif seg == "出資証券":
            stats.count("dropped_other")
            continue
        else:
            kind = "etf" if seg.startswith("ETF") else "equity"
        seen.add(code)
        country = "" if seg and "外国株式" in seg else "JP"
        rows.append({"symbol": jp_symbol(code), "local_name": local, "mic": "XTKS", "kind": kind,
                     "currency": "JPY", "country": country})  # fmt: skip
    stats.count("dropped_jp_delisted", sum(1 for c in segment if c not in seen and segment[c] != "出資証券"))
    rec.rows_used = len(rows)
    rec_j.rows_used = sum(1 for c in segment if c in seen)
    return frame(rows, "jp_jpx", "2026-08-21", stale=False)
