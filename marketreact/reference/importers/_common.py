"""Shared schema, counters and normalisation rules of the importers.

Symbol rules (Yahoo form):

* US share classes: ``BRK.B``, ``BRK/B``, ``BRK B`` -> ``BRK-B`` (any ``.``, ``/`` or space between root and
  class becomes ``-``), :func:`us_symbol`.
* Hong Kong: numeric stock codes are zero-padded to 4 digits when < 10000 (``00700`` -> ``0700.HK``) and kept
  as 5 digits otherwise (``80700.HK``), :func:`hk_symbol`.
* Tokyo codes are 4 characters and may be alphanumeric (``130A.T``): kept verbatim, :func:`jp_symbol`.
* Taiwan: TWSE-listed -> ``.TW``, TPEx (OTC board) -> ``.TWO``; Korea: KOSPI -> ``.KS``, KOSDAQ -> ``.KQ``;
  China: Shanghai -> ``.SS``, Shenzhen -> ``.SZ`` (the suffix follows the venue, never the code).

Name rules: :func:`clean_name` strips security descriptors ("Common Stock", "American Depositary Shares",
"Class A Ordinary Shares" ...) that the US symbol directories append to company names;
:func:`strip_legal_suffix` removes trailing legal-form words (Inc, Corp, Co., Ltd, plc, AG, SE, N.V. ...) but
never "Holdings"/"Group" (those stay as written, both variants survive as aliases);
:func:`name_key` (casefolded, punctuation-free, legal suffix stripped) is the grouping key.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from marketreact.errors import InvalidParameter

COLUMNS: list[str] = [
    "symbol",  # Yahoo form
    "name",  # English name as the source writes it (descriptor-free), "" if none
    "local_name",  # name in the home script (Japanese, Chinese), "" if none
    "mic",
    "kind",  # equity | etf | adr | otc
    "currency",
    "isin",
    "country",  # ISO alpha-2 of the company (not the venue), "" when the source does not say
    "sector",
    "market_cap_usd",  # float or NaN
    "size",  # size class where a list gives one instead of a number ("Large Cap"), "" if none
    "adr_ratio",  # float or NaN
    "xref",  # explicit cross-reference key shared by lines of one issuer (e.g. "cik:320193"), "" if none
    "source",
    "as_of",
    "stale",  # bool: source is stale (as-of older than a year)
]


@dataclass
class FileRecord:
    """One source file read: what the manifest reports about it."""

    source: str
    path: str
    as_of: str
    licence: str
    sha256: str
    rows_read: int = 0
    rows_used: int = 0


@dataclass
class Stats:
    """Files read and per-rule counts, in the order rules were first counted."""

    files: list[FileRecord] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)

    def file(self, root: Path, rel: str, source: str, as_of: str, licence: str) -> FileRecord:
        """Register a source file (checksum computed now); a missing file is a clear error, not a skip."""
        if not (root / rel).is_file():
            raise InvalidParameter(
                "directory", str(root), f"it lacks {rel}; pass the folder laid out as its PROVENANCE.md lists"
            )
        rec = FileRecord(source, rel, as_of, licence, sha256_file(root / rel))
        self.files.append(rec)
        return rec

    def count(self, rule: str, n: int = 1) -> None:
        if n:
            self.rules[rule] += n


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def frame(rows: list[dict[str, object]], source: str, as_of: str, stale: bool) -> pd.DataFrame:
    """Build a normalised frame from row dicts, filling absent columns with "" / NaN."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in COLUMNS:
        if col in ("market_cap_usd", "adr_ratio"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
        elif col == "stale":
            df[col] = stale
        else:
            df[col] = df[col].astype(object).fillna("").astype(str)
    df["source"] = source
    df["as_of"] = as_of
    return df


_US_CLASS = re.compile(r"^([A-Z0-9]+)[./ ]([A-Z]{1,2})$")


def us_symbol(raw: str) -> str:
    """US ticker to Yahoo form: share-class separators ``.``, ``/``, space become ``-`` (BRK.B -> BRK-B)."""
    s = raw.strip().upper()
    m = _US_CLASS.match(s)
    return f"{m.group(1)}-{m.group(2)}" if m else s


def hk_symbol(code: str) -> str:
    """HKEX stock code to Yahoo: ``00700`` -> ``0700.HK``; codes >= 10000 keep 5 digits (``80700.HK``)."""
    n = int(code)
    return f"{n:04d}.HK" if n < 10000 else f"{n:05d}.HK"


def jp_symbol(code: str) -> str:
    """Tokyo code to Yahoo: kept verbatim (alphanumeric codes such as 130A stay), ``.T`` appended."""
    return f"{code.strip().upper()}.T"


_DESCRIPTORS = re.compile(
    r"\s*(?:-\s*)?\b(?:"
    r"(?:Class [A-Z] )?(?:Common|Ordinary|Subordinate Voting|Voting|Capital) (?:Stock|Shares?)"
    r"|American Depositary (?:Shares|Receipts?)|American Depository (?:Shares|Receipts?)|ADS|ADR"
    r"|Sponsored ADR|Unsponsored ADR|New York Registry Shares|Registered Shares|Depositary Receipts?"
    r"|Global Depositary Receipts?|GDR(?: RegS)?|Sponsored GDR RegS|Sponsored"
    r"|Class [A-Z]|Series [A-Z]|Shares of Beneficial Interest|Units?"
    r")\b.*$",
    re.IGNORECASE,
)


_SEC_STATE = re.compile(r"\s*/[A-Z]{2,4}(?:/[A-Z]{2,4})*/?$")


def clean_name(name: str) -> str:
    """Strip security descriptors and whitespace noise from a company name (keeps legal suffixes)."""
    s = " ".join(str(name or "").replace("\u3000", " ").split())
    s = _SEC_STATE.sub("", s)  # SEC conformed names end in "/DE/", "/CAN/", "/NEW/" (state or country)
    cut = _DESCRIPTORS.sub("", s).strip(" ,-/")
    # A name that is nothing but a descriptor-like word ("ADS-TEC") is kept whole rather than emptied.
    return cut or s


_LEGAL = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|p\.l\.c|l\.?p|llc|ag|se|sa|s\.a|"
    r"n\.?v|nv|b\.?v|spa|s\.p\.a|asa|ab|oyj|a/s|as|tbk|pt|bhd|berhad|kk|k\.k|kgaa|gmbh|pcl|public co|"
    r"public company|co\.,? ltd|the|\(publ\)|aktiengesellschaft|societe anonyme|soci[eé]t[eé] europ[eé]enne|"
    r"soci[eé]t[eé] en commandite par actions|sca|s\.c\.a)\.?)+$",
    re.IGNORECASE,
)


def strip_legal_suffix(name: str) -> str:
    """Remove trailing legal-form words (``Toyota Motor Corporation`` -> ``Toyota Motor``).

    "Holdings" and "Group" are not legal forms and are kept: the caller keeps both the full and the
    stripped spelling as aliases, so "Tencent Holdings Ltd" yields "Tencent Holdings" but never "Tencent".
    """
    s = name.strip().rstrip("/").strip()
    stripped = _LEGAL.sub("", s).strip(" ,.&-")
    return stripped or s


_NONWORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Grouping key: descriptor- and legal-suffix-free, casefolded, punctuation collapsed ("" if empty)."""
    base = strip_legal_suffix(clean_name(name))
    key = _NONWORD.sub(" ", base.casefold().replace("&", " and ")).strip()
    # "Holding" and "Holdings" name the same issuer ("Tencent Holding Ltd." vs "Tencent Holdings Limited").
    return re.sub(r"\bholdings\b", "holding", key)


_WORD_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "one hundred": 100,
}  # fmt: skip
_RATIO = re.compile(
    r"each representing\s+(?:an?\s+)?(\d+|[a-z-]+(?: hundred)?)\s*(?:\(\d+\)\s*)?(?:ordinary|common|class|shares?|series)",
    re.IGNORECASE,
)


def adr_ratio(security_name: str) -> float | None:
    """Ordinary shares per depositary share when the security name states it ("each representing ten ...")."""
    m = _RATIO.search(security_name or "")
    if not m:
        return None
    word = m.group(1).lower()
    if word.isdigit():
        return float(word)
    return float(_WORD_NUM[word]) if word in _WORD_NUM else None


_DROP = [
    ("warrant", re.compile(r"\bwarrants?\b", re.I)),
    ("right", re.compile(r"\brights?\b", re.I)),
    ("unit", re.compile(r"\bunits?\b", re.I)),
    ("preferred", re.compile(r"\bpreferred\b|\bpreference\b|\bperpetual\b|\bcumulative\b", re.I)),
    (
        "note",
        re.compile(
            r"\bnotes?\b|\bETNs?\b|\bdebentures?\b|\bbonds?\b|\bdue 20\d\d\b|\d+(?:\.\d+)?%|\d %", re.I
        ),
    ),
]


def drop_reason(security_name: str) -> str:
    """``dropped_<reason>`` when a security name describes a warrant, right, unit, preferred or note, else ""."""
    for reason, pattern in _DROP:
        if pattern.search(security_name or ""):
            return f"dropped_{reason}"
    return ""


_KR_PREFERRED = re.compile(r"^\d{5}[1-9]\.K[SQ]$")


def is_kr_preferred(symbol: str) -> bool:
    """Korean preferred shares: KRX 6-digit codes of common stock end in 0; preferreds end 5/7/9 (005935.KS)."""
    return bool(_KR_PREFERRED.match(symbol))


_ISIN_ROOT = re.compile(r"^[A-Z]{2}[A-Z0-9]{9}\d(?:\.[A-Z]+)?$")
_PREFERRED_ROOT = re.compile(r"^[A-Z0-9.]+-P[A-Z]{0,2}(?:\.[A-Z]+)?$")


def symbol_drop_reason(symbol: str) -> str:
    """Drop reason read from the symbol alone, or "".

    An ISIN used as the ticker (``AT0000A2FFW8.VI``) is a certificate / structured product line;
    a ``-P``/``-PA`` class (``BMO-PB.TO``, Yahoo's form for preferred series) is a preferred share.
    """
    if _ISIN_ROOT.match(symbol):
        return "dropped_isin_symbol_certificate"
    if _PREFERRED_ROOT.match(symbol):
        return "dropped_preferred"
    return ""
