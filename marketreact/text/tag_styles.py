"""Ticker styles other than ``PREFIX:CODE``: Reuters RICs, Bloomberg codes, cashtags, bare local codes.

:mod:`marketreact.text.tags` reads ``(NASDAQ:AAPL)``-style tags; this module reads
the other ways news prints a listing and turns each into the same
:class:`marketreact.text.tags.ResolvedTag` (or a reason it could not):

* **RIC** (Reuters, also Yahoo spellings) in brackets: ``(7203.T)``,
  ``(AAPL.O)``, ``(0700.HK)``, ``<BP.L>``, ``(601138.SH)``. The suffix names the
  venue (:data:`RIC_SUFFIXES`). On most venues the RIC root is the local code
  and so the Yahoo root. On continental European venues it often is not
  (``SAPG.DE`` is ``SAP.DE`` on Yahoo), so there the tag is used only when the
  security master knows the listing: the symbol itself, or the company named
  right before the tag has a listing on that venue. Otherwise it is unresolved,
  with the reason.
* **Bloomberg** codes in brackets: ``(7203 JP)``, ``(AAPL US Equity)``,
  ``(700 HK)``, ``(BP/ LN)``. ``CH`` (China) is decided by the code: ``6xxxxx``
  and ``9xxxxx`` Shanghai, ``0/2/3xxxxx`` Shenzhen. ``US`` (composite) takes
  the master's venue for a known symbol, else NYSE hours.
* **Cashtags** ``$AAPL``: no venue is printed, so only symbols in the security
  master resolve; others are unresolved.
* **Bare local codes** right after a company name: ``Nissan Motor [7201]``,
  ``Hon Hai (2317)``, ``Tesla Inc. (TSLA)``. They resolve only to a listing of
  the company named just before, whose local code they equal. After a name
  that is not in the master, a bracketed 4-6 digit code is reported as
  unresolved (4 digits are Tokyo or Taiwan); a letter code or a year-like
  number (``(2024)``) is ignored, so "(AI)" or "(CEO)" is never a ticker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from marketreact.reference.securities import Company, SecurityMaster
from marketreact.reference.venues import BLOOMBERG_CODES as _VENUE_BBG
from marketreact.reference.venues import EXCHANGES, US_MICS, VENUES
from marketreact.reference.venues import RIC_SUFFIXES as _VENUE_RIC
from marketreact.text.tags import ResolvedTag, resolve_tag

__all__ = ["BLOOMBERG_CODES", "RIC_SUFFIXES", "StyledTag", "find_styled_tags", "resolve_styled_tag"]

Style = Literal["ric", "bloomberg", "cashtag", "local_code"]

# RIC suffix / Bloomberg code -> MIC, derived from the venue table ("CH" is decided per code, "US" per
# master; see module docstring). Codes of venues without sessions are kept apart, with the venue's name.
RIC_SUFFIXES: MappingProxyType[str, str] = MappingProxyType(
    {code: mic for code, mic in _VENUE_RIC.items() if mic in EXCHANGES}
)
BLOOMBERG_CODES: MappingProxyType[str, str] = MappingProxyType(
    {code: mic for code, mic in _VENUE_BBG.items() if mic in EXCHANGES}
)
_UNCOVERED_RIC = MappingProxyType({c: VENUES[m].name for c, m in _VENUE_RIC.items() if m not in EXCHANGES})
_UNCOVERED_BBG = MappingProxyType({c: VENUES[m].name for c, m in _VENUE_BBG.items() if m not in EXCHANGES})
_US = US_MICS
# Venues whose RIC roots are often not the local ticker (SAPG.DE vs SAP.DE, LVMH.PA vs MC.PA).
# Also Nordic (NDAFI.HE is NDA-FI.HE), Indian (RELI.NS is RELIANCE.NS) and Johannesburg (NPNJn.J) RICs.
_RIC_ROOT_DIFFERS = frozenset(
    {"XETR", "XFRA", "XPAR", "XAMS", "XMIL", "XSWX", "XBRU", "XLIS", "XDUB", "XMAD", "XWBO"}
    | {"XSTO", "XHEL", "XCSE", "XOSL", "XNSE", "XBOM", "XJSE"}
)

_OPEN, _CLOSE = r"(?P<open>[(\[<])\s?", r"\s?(?P<close>[)\]>])"
_RIC = re.compile(
    rf"(?<![\w]){_OPEN}(?P<code>(?P<root>[A-Z0-9][A-Z0-9&\-]{{0,9}})\.(?P<sfx>[A-Z]{{1,3}})){_CLOSE}"
)
_BBG = re.compile(
    rf"(?<![\w]){_OPEN}(?P<code>(?P<root>[A-Z0-9]{{1,6}}(?:/[A-Z]{{0,2}})?) (?P<sfx>[A-Z]{{2,3}})"
    rf"(?: Equity)?){_CLOSE}"
)
_CASHTAG = re.compile(r"(?<![\w$])\$(?P<root>[A-Z]{1,5}(?:[.\-][A-Z]{1,2})?)(?![\w])")
_LOCAL = re.compile(
    rf"(?<![\w]){_OPEN}(?P<code>(?P<root>\d{{3,6}}|\d[0-9A-Z]\d[0-9A-Z]|[A-Z]{{1,5}})){_CLOSE}"
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_PAIRS = {"(": ")", "[": "]", "<": ">"}


@dataclass(frozen=True)
class StyledTag:
    """A ticker found in one of this module's styles, before resolution.

    ``start``/``end`` span the code as printed (``7203.T``, ``7203 JP``,
    ``$AAPL``, ``7201``); ``opener`` is where its bracket starts (the name
    before it, if any, ends there).
    """

    style: Style
    start: int
    end: int
    opener: int
    root: str
    suffix: str


def find_styled_tags(text: str) -> list[StyledTag]:
    """All RICs, Bloomberg codes, cashtags and bracketed codes in ``text``, in order, non-overlapping."""
    found: list[StyledTag] = []
    for style, pattern in (("ric", _RIC), ("bloomberg", _BBG), ("local_code", _LOCAL)):
        for m in pattern.finditer(text):
            if _PAIRS[m["open"]] != m["close"]:
                continue
            sfx = m.groupdict().get("sfx") or ""
            if style == "ric" and (sfx not in RIC_SUFFIXES and sfx not in _UNCOVERED_RIC):
                continue
            if style == "ric" and len(m["root"]) < 2 and sfx not in ("N", "O"):
                continue  # "(U.S)" is no Swiss ticker
            if style == "bloomberg" and sfx not in BLOOMBERG_CODES and sfx not in _UNCOVERED_BBG:
                continue
            found.append(StyledTag(style, m.start("code"), m.end("code"), m.start(), m["root"], sfx))  # type: ignore[arg-type]
    for m in _CASHTAG.finditer(text):
        found.append(StyledTag("cashtag", m.start(), m.end(), m.start(), m["root"], ""))
    found.sort(key=lambda t: t.start)
    kept: list[StyledTag] = []
    for tag in found:
        if not kept or tag.start >= kept[-1].end:
            kept.append(tag)
    return kept


def _local_root(symbol: str) -> str:
    return symbol.rsplit(".", 1)[0] if "." in symbol else symbol


def _same_code(code: str, symbol: str) -> bool:
    root = _local_root(symbol).replace("-", ".")
    if code.isdigit() and root.isdigit():
        return int(code) == int(root) and len(code) >= 3
    return code == root


def resolve_styled_tag(
    tag: StyledTag, master: SecurityMaster, named: Company | None
) -> ResolvedTag | str | None:
    """Resolve ``tag``; ``named`` is the master company named right before it, if any.

    Returns
    -------
    ResolvedTag, str or None
        The resolution; a reason (for the unresolved list); or None when the
        span is not a ticker after all (a bare "(AI)" or "(2024)").
    """
    label = {"ric": "RIC", "bloomberg": "Bloomberg code", "cashtag": "cashtag", "local_code": "code"}[
        tag.style
    ]
    shown = f"{tag.root}.{tag.suffix}" if tag.style == "ric" else f"{tag.root} {tag.suffix}".strip()
    if tag.style == "cashtag":
        listing = master.listings.get(tag.root.replace(".", "-"))
        if listing is None or listing.listing_type == "index":
            return (
                f"cashtag ${tag.root} prints no exchange and is not in the security master; add the listing "
                f"to data/securities/listings.csv or write the tag with its exchange (NASDAQ:{tag.root})"
            )
        return ResolvedTag("CASHTAG", tag.root, listing.mic, listing.symbol)
    if tag.style == "local_code":
        return _resolve_local(tag, named)
    uncovered = (_UNCOVERED_RIC if tag.style == "ric" else _UNCOVERED_BBG).get(tag.suffix)
    if uncovered:
        return (
            f"{label} {shown} is on {uncovered}, which marketreact.reference.venues does not cover yet; "
            "add the venue there to analyse it"
        )
    mic = (RIC_SUFFIXES if tag.style == "ric" else BLOOMBERG_CODES)[tag.suffix]
    code = tag.root.rstrip("/").replace("/", ".")
    note = ""
    if tag.style == "bloomberg" and tag.suffix == "CH":
        mic = {"6": "XSHG", "9": "XSHG", "0": "XSHE", "2": "XSHE", "3": "XSHE"}.get(code[:1], "")
        if not mic or len(code) != 6:
            return f"{label} {shown}: {code!r} is not a Shanghai (6xxxxx) or Shenzhen (0/3xxxxx) A-share code"
        note = f"{shown}: China code {code} read as {EXCHANGES[mic].name} (by its first digit)"
    resolved = resolve_tag(mic, code)
    if isinstance(resolved, str):
        return f"{label} {shown}: {resolved}"
    symbol = resolved.symbol
    if tag.style == "ric" and len(code) == 1 and symbol not in master.listings:
        return f"one-letter RIC {shown} is not in the security master and may be an abbreviation; add the listing"
    if mic in _US and symbol in master.listings:
        mic = master.listings[symbol].mic  # a US composite code or .K RIC: the master knows the venue
    if tag.style == "ric" and mic in _RIC_ROOT_DIFFERS and symbol not in master.listings:
        on_venue = [x for x in (named.listings if named else ()) if x.mic == mic]
        if not on_venue:
            return (
                f"RIC {shown}: on {EXCHANGES[mic].name} a RIC root may differ from the Yahoo ticker "
                f"(SAPG.DE is SAP.DE), and the security master has no {mic} listing for it; add the company "
                f"and its listing to data/securities/*.csv, or write the tag as {mic}:<ticker>"
            )
        symbol = on_venue[0].symbol
        note = f"RIC {shown} read as {symbol}, the security master's {mic} listing of {named.name if named else ''}"
    return ResolvedTag(label.split()[0].upper(), shown, mic, symbol, note)


def _resolve_local(tag: StyledTag, named: Company | None) -> ResolvedTag | str | None:
    code = tag.root
    if named is None:
        if code.isdigit() and 4 <= len(code) <= 6 and not _YEAR_LIKE.fullmatch(code):
            return (
                f"bare code {code!r} after a name that is not in the security master: a 4-digit code may be "
                "Tokyo or Taiwan, 6 digits Shanghai, Shenzhen or Korea; write it with its exchange (TYO:7201)"
            )
        return None
    for listing in named.listings:
        if listing.listing_type != "index" and _same_code(code, listing.symbol):
            note = f"code {code} after {named.name!r} read as its listing {listing.symbol}"
            return ResolvedTag("CODE", code, listing.mic, listing.symbol, note)
    if code.isdigit() and not _YEAR_LIKE.fullmatch(code):
        own = ", ".join(x.symbol for x in named.listings) or "none"
        return f"code {code!r} after {named.name!r} is none of its listings in the security master ({own})"
    return None
