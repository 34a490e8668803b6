"""Merge the importers' frames into the world security master and write it deterministically.

Steps and rules (each counted in the manifest under the rule name in brackets):

0. **Korean preferreds** (codes ending 5/7/9, e.g. 005935.KS) are dropped as preferreds
   [``dropped_preferred_kr_code``]; they carry the common share's name and would block name grouping. So are
   ISIN-as-ticker certificate lines and ``-P``/``-PA`` preferred series, see :func:`._common.symbol_drop_reason`.
1. **Symbol merge.** Rows of all sources are merged per Yahoo symbol. Each field takes the first non-empty value
   in :data:`FIELD_PRIORITY` order (exchange files first, then FinanceDatabase, then the stale 2022/2023 dumps);
   the English name uses :data:`NAME_PRIORITY` (long names before HKEX/TWSE short names). A symbol backed by no
   row with a venue is dropped [``dropped_enrichment_only``]; disagreeing venues resolve by priority
   [``mic_conflict_resolved_by_priority``]. ``stale`` = 1 when every supporting source is stale.
2. **Grouping** (union-find over symbols, O(n α(n))). Lines join when (a) a source gives an explicit
   cross-reference (SEC CIK) [``group_edge_xref``] or the same ISIN (only exchange-sourced ISINs and
   FinanceDatabase ISINs whose prefix matches the venue survive, so an ADR ISIN never links; this joins e.g.
   the HKD and RMB counters of one HK stock) [``group_edge_isin``], (b) the curated master puts them under one company
   (subsidiary lines excluded) [``group_edge_curated``], or (c) they share company country *and* normalised
   name (legal suffix and security descriptors removed, see :func:`._common.name_key`) [``group_edge_name``].
   Rule (c) is skipped for a (country, name) key that has two ordinary lines, not already joined by (a)/(b), on
   one home-country main board (VENUE_RANK <= 1), or four on any one venue — two issuers with one name, or a
   generic fund-family name [``name_key_ambiguous_skipped``] — and never applies to ETFs. Names are compared whole,
   so Mitsubishi Corp / Mitsubishi Motors / Mitsubishi UFJ, Toyota Motor / Toyota Industries, Samsung
   Electronics / Samsung SDI stay apart.
3. **Company country** = most frequent non-empty line country (ties: alphabetical).
4. **Primary** = best line by (depositary/OTC last, stale last, home-country venue first,
   :data:`~.venues.VENUE_RANK`, a Hong Kong renminbi counter (8xxxx.HK) after its HKD line, symbol). ADR and
   OTC lines become primary only when nothing else exists.
   Others: etf lines ``etf``, ordinary lines ``secondary``, depositary lines ``adr``, OTC lines ``otc_ordinary``.
5. **Aliases** are every English name variant of the group plus its legal-suffix-free form (never a cut of
   other words); a variant equal to a word-prefix that two or more companies' names start with
   ("Mitsubishi", "Samsung") is dropped [``alias_group_prefix_dropped``] and not used for the company_id; so is
   a fund's name a source attached to a company's line, see :mod:`.aliases` [``alias_fund_name_dropped``].
6. **Curated override.** A company holding a curated symbol takes the curated company_id, name and aliases; the
   curated symbols themselves are not written [``dropped_curated_symbol``]; a group holding two curated
   companies keeps the first id in symbol order [``curated_conflict``].
7. **Output**: ``world_companies.csv.gz``, ``world_listings.csv.gz`` (rows sorted, gzip mtime 0) and
   ``world_manifest.csv``; re-running on the same inputs gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from marketreact.errors import InvalidParameter
from marketreact.reference.importers import financedatabase, hk, jp, names_2022, otc_2023, tw, us
from marketreact.reference.importers._common import (
    Stats,
    is_kr_preferred,
    name_key,
    strip_legal_suffix,
    symbol_drop_reason,
)
from marketreact.reference.importers.aliases import fund_alias
from marketreact.reference.importers.venues import VENUE_RANK, VENUES

LOADERS: dict[str, Callable[[Path, Stats], pd.DataFrame]] = {
    "us": us.load, "jp": jp.load, "tw": tw.load, "hk": hk.load, "financedatabase": financedatabase.load,
    "names_2022": names_2022.load, "otc_2023": otc_2023.load,
}  # fmt: skip
FIELD_PRIORITY = ["us_symbol_directory", "us_sec", "us_screener", "hk_hkex", "tw_exchanges", "jp_jpx",
                  "financedatabase", "names_2022", "otc_2023"]  # fmt: skip
NAME_PRIORITY = ["financedatabase", "us_symbol_directory", "us_screener", "names_2022", "otc_2023", "us_sec",
                 "tw_exchanges"]  # fmt: skip
COMPANY_COLUMNS = ["company_id", "name", "aliases", "country", "sector", "market_cap_usd", "size", "source"]
# FinanceDatabase size classes, largest first: a company takes the largest its lines are given.
_SIZES = ("Mega Cap", "Large Cap", "Mid Cap", "Small Cap", "Micro Cap", "Nano Cap")
LISTING_COLUMNS = ["symbol", "company_id", "name", "mic", "listing_type", "adr_ratio", "currency", "isin",
                   "stale", "source", "as_of"]  # fmt: skip
_KIND_CLASS = {"equity": 0, "etf": 0, "otc": 1, "adr": 2}
_LINE_TYPE = {"equity": "secondary", "etf": "etf", "adr": "adr", "otc": "otc_ordinary"}


def load_sources(root: Path, stats: Stats) -> pd.DataFrame:
    """Run every importer on ``root`` and return their rows concatenated (Korean preferreds removed)."""
    rows = pd.concat([load(root, stats) for load in LOADERS.values()], ignore_index=True)
    preferred = rows["symbol"].map(is_kr_preferred)
    stats.count("dropped_preferred_kr_code", int(rows.loc[preferred, "symbol"].nunique()))
    reasons = rows["symbol"].map(symbol_drop_reason)
    for reason, n in sorted(
        rows.loc[reasons != "", ["symbol"]].assign(r=reasons).drop_duplicates()["r"].value_counts().items()
    ):
        stats.count(str(reason), int(n))
    return rows[~preferred & (reasons == "")].reset_index(drop=True)


def merge_symbols(rows: pd.DataFrame, stats: Stats) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """One row per symbol (fields by priority) and every English name variant per symbol."""
    rank = {s: i for i, s in enumerate(FIELD_PRIORITY)}
    name_rank = {s: i for i, s in enumerate(NAME_PRIORITY)}
    order = rows.assign(_p=rows["source"].map(rank)).sort_values(["symbol", "_p"], kind="stable")
    fields = ["local_name", "mic", "kind", "currency", "isin", "country", "sector", "xref", "size"]
    merged: dict[str, dict[str, Any]] = {}
    named: dict[str, list[tuple[int, str]]] = {}
    mics: dict[str, set[str]] = {}
    # Plain dict passes over ~190k rows: pandas groupby with object columns and Python aggregators is ~10x slower.
    for rec in _records(order):
        sym = rec["symbol"]
        cur = merged.get(sym)
        if cur is None:
            cur = merged[sym] = {"symbol": sym, **{f: "" for f in fields}, "market_cap_usd": np.nan,
                                 "adr_ratio": np.nan, "stale": True, "source": set(), "as_of": ""}  # fmt: skip
        for f in fields:
            if not cur[f] and rec[f]:
                cur[f] = rec[f]
        for f in ("market_cap_usd", "adr_ratio"):
            if pd.isna(cur[f]) and not pd.isna(rec[f]):
                cur[f] = rec[f]
        cur["stale"] = cur["stale"] and bool(rec["stale"])
        cur["source"].add(rec["source"])
        cur["as_of"] = max(cur["as_of"], rec["as_of"])
        if rec["mic"]:
            mics.setdefault(sym, set()).add(rec["mic"])
        if rec["name"]:
            named.setdefault(sym, []).append((name_rank.get(rec["source"], 99), rec["name"]))
    stats.count("mic_conflict_resolved_by_priority", sum(1 for m in mics.values() if len(m) > 1))
    variants: dict[str, list[str]] = {}
    for sym, pairs in named.items():
        variants[sym] = list(dict.fromkeys(n for _, n in sorted(pairs, key=lambda p: p[0])))
    out = []
    for sym in sorted(merged):
        cur = merged[sym]
        if not cur["mic"]:
            stats.count("dropped_enrichment_only")
            continue
        cur["source"] = "|".join(sorted(cur["source"]))
        cur["name"] = variants.get(sym, [""])[0]
        out.append(cur)
    return pd.DataFrame(out), variants


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts; zip over column lists is ~5x faster than ``DataFrame.to_dict("records")``."""
    cols = [str(c) for c in df.columns]
    return [
        dict(zip(cols, values, strict=True)) for values in zip(*(df[c].tolist() for c in cols), strict=True)
    ]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def group_lines(
    lines: pd.DataFrame, variants: dict[str, list[str]], curated: dict[str, str], stats: Stats
) -> list[int]:
    """Return a group root per line (index into ``lines``) using xref, curated and name+country edges."""
    uf = _UnionFind(len(lines))
    edges = (("xref", "group_edge_xref"), ("isin", "group_edge_isin"), ("_curated", "group_edge_curated"))
    for col, rule in edges:
        values = lines["symbol"].map(curated).fillna("") if col == "_curated" else lines[col]
        if col != "_curated":
            # A fund shares its sponsor's CIK (BMO's ETNs, a bank's ETF trust): funds never join by CIK/ISIN.
            values = values.where(lines["kind"] != "etf", "")
        first: dict[str, int] = {}
        for i, v in enumerate(values):
            if v:
                if v in first:
                    stats.count(rule, int(uf.union(first[v], i)))
                else:
                    first[v] = i
    by_key: dict[tuple[str, str], list[int]] = {}
    countryless: list[tuple[int, str]] = []
    symbols, countries, kinds = lines["symbol"].tolist(), lines["country"].tolist(), lines["kind"].tolist()
    for i, sym in enumerate(symbols):
        if kinds[i] == "etf":
            continue
        for key in {name_key(v) for v in variants.get(sym, [])} - {""}:
            if countries[i]:
                by_key.setdefault((countries[i], key), []).append(i)
            else:
                countryless.append((i, key))
    # A line without a company country joins a name only when exactly one country has that name.
    key_countries: dict[str, set[str]] = {}
    for country, key in by_key:
        key_countries.setdefault(key, set()).add(country)
    for i, key in countryless:
        found = key_countries.get(key, set())
        if len(found) == 1:
            by_key[(next(iter(found)), key)].append(i)
            stats.count("name_match_without_country")
    mics = lines["mic"].tolist()
    for (country, _), members in sorted(by_key.items()):
        # Two ordinary lines on one home main board (venue rank <= 1) that no explicit edge joins = two issuers
        # sharing a name. Regional/secondary boards (Frankfurt, Berlin ...) quote one issuer on several lines.
        home: dict[str, set[int]] = {}
        anywhere: dict[str, set[int]] = {}
        for i in members:
            if kinds[i] != "equity":
                continue
            anywhere.setdefault(mics[i], set()).add(uf.find(i))
            if VENUES[mics[i]].country == country and VENUE_RANK.get(mics[i], 5) <= 1:
                home.setdefault(mics[i], set()).add(uf.find(i))
        # Elsewhere up to three lines per venue are normal (ordinary, depositary, old-line quotes in Frankfurt);
        # four or more mean a generic name ("ISHARES" on 89 Santiago lines), not one issuer.
        if any(len(r) > 1 for r in home.values()) or any(len(r) > 3 for r in anywhere.values()):
            stats.count("name_key_ambiguous_skipped")
            continue
        for i in members[1:]:
            stats.count("group_edge_name", int(uf.union(members[0], i)))
    return [uf.find(i) for i in range(len(lines))]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", "_", folded.casefold()).strip("_") or "company"


def _aliases(names: list[str]) -> list[str]:
    """Every name variant plus its legal-suffix-free form; upper-case spellings yield to mixed-case ones."""
    out: dict[str, str] = {}
    for name in names:
        for v in (name, strip_legal_suffix(name)):
            v = " ".join(v.split())
            key = v.casefold()
            if v and (key not in out or (out[key].isupper() and not v.isupper())):
                out[key] = v
    return sorted(out.values(), key=lambda s: (s.casefold(), s))


def _group_prefixes(groups: Iterable[list[dict[str, Any]]], variants: dict[str, list[str]]) -> set[str]:
    """Casefolded word-prefixes of names that more than one company starts with ("mitsubishi", "samsung").

    Such a prefix is a group or brand name, not one company: it is never kept as an alias nor used as an id,
    so "Mitsubishi Corporation" keeps its full name but does not claim the alias "Mitsubishi".
    """
    owners: dict[str, int] = {}
    for gid, grp in enumerate(groups):
        # Only issuers with a home-market ordinary line count: a stray foreign quote with a garbled name
        # ("ASML HOLDING EO -,09") must not make "ASML Holding" ambiguous.
        if not any(r["kind"] == "equity" and VENUES[str(r["mic"])].country == r["_ccountry"] for r in grp):
            continue
        seen: set[str] = set()
        for rec in grp:
            for name in variants.get(str(rec["symbol"]), []):
                words = strip_legal_suffix(name).casefold().split()
                seen.update(" ".join(words[:k]) for k in range(1, len(words)))
        for prefix in seen:
            owners[prefix] = owners.get(prefix, gid) if owners.get(prefix, gid) == gid else -1
    return {p for p, g in owners.items() if g == -1}


def _fmt(x: Any) -> str:
    return "" if pd.isna(x) else f"{x:.0f}" if x >= 1000 else f"{x:g}"


def _company(
    grp: list[dict[str, Any]],
    variants: dict[str, list[str]],
    cur_companies: dict[str, dict[str, str]],
    curated_of: dict[str, str],
    used_ids: set[str],
    ambiguous: set[str],
    stats: Stats,
) -> dict[str, object]:
    """The company row of one group (``grp[0]`` is the primary line); registers its id in ``used_ids``."""
    primary = grp[0]
    symbols = sorted(str(r["symbol"]) for r in grp)
    cur_ids = [curated_of[s] for s in symbols if s in curated_of]
    if len(set(cur_ids)) > 1:
        stats.count("curated_conflict")
    names = [n for s in symbols for n in variants.get(s, [])]
    if cur_ids:
        cid = cur_ids[0]
        display = cur_companies[cid]["name"]
        aliases = cur_companies[cid]["aliases"].split("|")
        stats.count("curated_company_matched")
    else:
        display = str(primary["name"] or next((n for n in names if n), "") or primary["local_name"])
        stripped = strip_legal_suffix(display)
        folded = unicodedata.normalize("NFKD", display).encode("ascii", "ignore").decode()
        if len(folded.strip()) < 0.8 * len(display.strip()):  # mostly non-Latin script: id from the symbol
            base = _slug(str(primary["symbol"]))
        else:
            base = _slug(display if stripped.casefold() in ambiguous else stripped)
        cid = base
        for cand in (
            base,
            f"{base}_{str(primary['_ccountry']).lower()}",
            f"{base}_{_slug(str(primary['symbol']))}",
        ):
            if cand not in used_ids and not cand.endswith("_"):
                cid = cand
                break
        aliases = [a for a in _aliases(names) if a.casefold() not in ambiguous]
        stats.count("alias_group_prefix_dropped", len(_aliases(names)) - len(aliases))
        is_fund = any(r["kind"] == "etf" for r in grp)
        kept = [a for a in aliases if is_fund or not fund_alias(a, display)]
        stats.count("alias_fund_name_dropped", len(aliases) - len(kept))
        aliases = kept
    used_ids.add(cid)
    caps = [float(r["market_cap_usd"]) for r in grp if not pd.isna(r["market_cap_usd"])]
    sectors = [str(r["sector"]) for r in grp if r["sector"]]
    sizes = [s for s in _SIZES if any(r.get("size") == s for r in grp)]
    return {"company_id": cid, "name": display, "aliases": "|".join(aliases), "country": primary["_ccountry"],
            "sector": sectors[0] if sectors else "", "market_cap_usd": _fmt(caps[0]) if caps else "",
            "size": sizes[0] if sizes else "",
            "source": "|".join(sorted({s for r in grp for s in str(r["source"]).split("|")}))}  # fmt: skip


def assemble(
    lines: pd.DataFrame, variants: dict[str, list[str]], curated_root: Path, stats: Stats
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group, pick primaries, apply the curated master; return (companies, listings)."""
    comp_rows = list(csv.DictReader((curated_root / "companies.csv").open(encoding="utf-8")))
    cur_companies = {r["company_id"]: r for r in comp_rows}
    cur_listings = list(csv.DictReader((curated_root / "listings.csv").open(encoding="utf-8")))
    curated_sym = {r["symbol"] for r in cur_listings}
    curated_of = {r["symbol"]: r["company_id"] for r in cur_listings
                  if r["company_id"] and r["listing_type"] in ("primary", "secondary", "adr", "otc_ordinary")}  # fmt: skip
    lines = lines.sort_values("symbol", kind="stable").reset_index(drop=True)
    lines["_root"] = group_lines(lines, variants, curated_of, stats)
    lines["_class"] = lines["kind"].map(_KIND_CLASS)
    country_of: dict[int, str] = {}
    for root, countries in lines[lines["country"] != ""].groupby("_root")["country"]:
        counts = Counter(countries)
        country_of[int(str(root))] = min(counts, key=lambda c: (-counts[c], c))
    lines["_ccountry"] = lines["_root"].map(country_of).fillna("")
    lines["_home"] = [
        int(VENUES[m].country != c) for m, c in zip(lines["mic"], lines["_ccountry"], strict=True)
    ]
    lines["_vrank"] = lines["mic"].map(VENUE_RANK).fillna(5)
    # Hong Kong's renminbi counters (8xxxx.HK beside xxxx.HK) trade the same shares in another currency:
    # the Hong Kong dollar counter is the primary line.
    lines["_counter"] = lines["symbol"].str.fullmatch(r"8\d{4}\.HK").astype(int)
    stats.count("hk_rmb_counter_not_primary", int(lines["_counter"].sum()))
    lines = lines.sort_values(
        ["_root", "_class", "stale", "_home", "_vrank", "_counter", "symbol"], kind="stable"
    )
    used_ids = set(cur_companies)
    companies: list[dict[str, object]] = []
    listing_rows: list[dict[str, Any]] = []
    # Plain records, consecutive per group: a per-group pandas slice costs ~2 ms x 70k groups.
    records = _records(lines)
    groups: dict[int, list[dict[str, Any]]] = {}
    for rec in records:
        groups.setdefault(int(rec["_root"]), []).append(rec)
    ambiguous = _group_prefixes(groups.values(), variants)
    for grp in sorted(groups.values(), key=lambda g: str(g[0]["symbol"])):
        companies.append(_company(grp, variants, cur_companies, curated_of, used_ids, ambiguous, stats))
        cid = str(companies[-1]["company_id"])
        for pos, row in enumerate(grp):
            if row["symbol"] in curated_sym:
                stats.count("dropped_curated_symbol")
                continue
            kind = str(row["kind"])
            ltype = "primary" if pos == 0 and kind != "etf" else _LINE_TYPE[kind]
            listing_rows.append({"symbol": row["symbol"], "company_id": cid, "name": row["name"] or row["local_name"],
                                 "mic": row["mic"], "listing_type": ltype, "adr_ratio": _fmt(row["adr_ratio"]),
                                 "currency": row["currency"], "isin": row["isin"], "stale": int(bool(row["stale"])),
                                 "source": row["source"], "as_of": row["as_of"]})  # fmt: skip
    comp = pd.DataFrame(companies, columns=COMPANY_COLUMNS).sort_values("company_id", kind="stable")
    lst = pd.DataFrame(listing_rows, columns=LISTING_COLUMNS).sort_values("symbol", kind="stable")
    comp = comp[comp["company_id"].isin(set(lst["company_id"])) | comp["company_id"].isin(cur_companies)]
    return comp.reset_index(drop=True), lst.reset_index(drop=True)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _write_gz(path: Path, df: pd.DataFrame) -> None:
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(_csv_bytes(df))
    path.write_bytes(raw.getvalue())


def manifest_frame(stats: Stats) -> pd.DataFrame:
    """File rows (in read order) then rule counts (alphabetical)."""
    rows: list[dict[str, object]] = [
        {"section": "file", "key": f.source, "path": f.path, "as_of": f.as_of, "licence": f.licence,
         "sha256": f.sha256, "rows_read": f.rows_read, "rows_used": f.rows_used, "count": ""}
        for f in stats.files
    ]  # fmt: skip
    rows += [{"section": "rule", "key": k, "count": stats.rules[k]} for k in sorted(stats.rules)]
    return pd.DataFrame(rows, columns=["section", "key", "path", "as_of", "licence", "sha256", "rows_read",
                                       "rows_used", "count"], dtype=object).fillna("")  # fmt: skip


def venues_frame(mics: set[str]) -> pd.DataFrame:
    """One row per emitted MIC, for the package's venue table (see :mod:`.venues`)."""
    rows = [{"mic": m, **VENUES[m]._asdict()} for m in sorted(mics)]
    return pd.DataFrame(
        rows, columns=["mic", "name", "timezone", "currency", "calendar", "yahoo_suffix", "country"]
    )


def build(root: Path, dest: Path, curated_root: Path | None = None, venues_path: Path | None = None) -> Stats:
    """Import every source under ``root`` and write the three master files into ``dest``.

    Raises :class:`~marketreact.errors.InvalidParameter` when ``root`` is not a directory.

    Parameters
    ----------
    root
        Directory laid out like ``/work/shared/data/securities`` (us/, jp/, tw/, hk/, global/, names_2022_...).
    dest
        Output directory (normally ``data/securities``).
    curated_root
        Directory with the curated ``companies.csv`` and ``listings.csv`` (default: ``dest``).
    venues_path
        Where to write the emitted venues (``data/reference/venues_needed.csv``); ``None`` skips it.

    Returns
    -------
    Stats
        Files read and rule counts (also written as ``world_manifest.csv``).
    """
    if not root.is_dir():
        raise InvalidParameter(
            "root", str(root), "pass the directory holding us/, jp/, tw/, hk/, global/ ..."
        )
    stats = Stats()
    lines, variants = merge_symbols(load_sources(root, stats), stats)
    companies, listings = assemble(lines, variants, curated_root or dest, stats)
    stats.count("output_companies", len(companies))
    stats.count("output_listings", len(listings))
    dest.mkdir(parents=True, exist_ok=True)
    _write_gz(dest / "world_companies.csv.gz", companies)
    _write_gz(dest / "world_listings.csv.gz", listings)
    (dest / "world_manifest.csv").write_bytes(_csv_bytes(manifest_frame(stats)))
    if venues_path is not None:
        venues_path.parent.mkdir(parents=True, exist_ok=True)
        venues_path.write_bytes(_csv_bytes(venues_frame(set(listings["mic"]))))
    return stats
