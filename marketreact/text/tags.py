"""Exchange tags as financial news prints them: ``(NASDAQ:AAPL)``, ``(TYO:7201)``, ``NYSE: HMC``.

This module owns the table from a tag prefix to an exchange MIC and the rule
that turns a tag's local code into a Yahoo symbol (``SS:601138`` ->
``601138.SS``, ``HK:700`` -> ``0700.HK``, ``LON:BP.`` -> ``BP.L``). The prefixes
themselves are columns of the venue table, :mod:`marketreact.reference.venues`.

Rules
-----
* Prefixes are matched in upper case; a MIC (``XTKS:7201``) is accepted as its
  own prefix.
* ``TSE`` is ambiguous (Tokyo and Toronto both use it). A four-character code
  that starts with a digit (``7201``, ``130A``) is a Tokyo securities code;
  anything else (``RY``, ``SHOP``) is read as Toronto. The decision is returned
  in :attr:`ResolvedTag.note`.
* Venues that news uses but :data:`marketreact.reference.venues.EXCHANGES` does not
  cover (today only Tel Aviv, whose calendar does not build) are *known* prefixes
  that do not resolve: the caller reports them as unresolved with the venue
  named, instead of guessing another venue's hours.
* Hong Kong codes are zero-padded to Yahoo's four digits (``HK:700`` and
  ``(00700.HK)`` -> ``0700.HK``, ``09988`` -> ``9988.HK``); class shares print
  as ``BRK.B``, ``BRK/B`` or ``BRK-B`` and all become Yahoo's ``BRK-B``.
* A code that does not fit the venue's format (``SS:ABC``, ``TYO:72``) does not
  resolve either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from marketreact.reference.venues import EXCHANGES, US_MICS, VENUES
from marketreact.reference.venues import TAG_PREFIXES as _VENUE_PREFIXES

__all__ = ["TAG_PREFIXES", "UNCOVERED_PREFIXES", "ResolvedTag", "is_known_prefix", "resolve_tag"]

# Prefix -> MIC, derived from the venue table (which lists each venue's spellings, as printed by
# Investing.com, Google Finance, Reuters/MarketWatch, Seeking Alpha and Chinese/Japanese sources).
TAG_PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {prefix: mic for prefix, mic in _VENUE_PREFIXES.items() if mic in EXCHANGES}
)

# Known prefixes whose venue has no sessions yet: prefix -> (MIC, venue name).
UNCOVERED_PREFIXES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {prefix: (mic, VENUES[mic].name) for prefix, mic in _VENUE_PREFIXES.items() if mic not in EXCHANGES}
)

_US = US_MICS
_TOKYO_CODE = re.compile(r"\d[0-9A-Z]\d[0-9A-Z]")
# Local code formats per MIC; venues not listed take _DEFAULT_CODE.
_CODE_FORMATS: MappingProxyType[str, re.Pattern[str]] = MappingProxyType(
    {
        "XTKS": _TOKYO_CODE,
        "XSHG": re.compile(r"\d{6}"),
        "XSHE": re.compile(r"\d{6}"),
        "XTAI": re.compile(r"\d{4,6}[A-Z]?"),
        "XHKG": re.compile(r"\d{1,5}"),
        "XKRX": re.compile(r"\d{6}"),
        "XBOM": re.compile(r"\d{6}|[A-Z][A-Z0-9&]{0,19}"),
        "XLON": re.compile(r"[A-Z0-9]{1,5}(?:[.\-][A-Z])?\.?"),
        "XKOS": re.compile(r"\d{6}"),
        "ROCO": re.compile(r"\d{4,6}[A-Z]?"),
        "BJSE": re.compile(r"\d{6}"),
        # NSE symbols are words, with & and - (M&M, BAJAJ-AUTO); Yahoo keeps them as printed.
        "XNSE": re.compile(r"[A-Z][A-Z0-9&\-]{0,19}"),
        # Bursa Malaysia is quoted on Yahoo by its 4-digit stock code (1155.KL), not the short name.
        "XKLS": re.compile(r"\d{4}[A-Z]?"),
        "XMEX": re.compile(r"[A-Z][A-Z0-9&]{0,9}(?:[.\-][A-Z0-9]{1,3})?"),
        "XSAU": re.compile(r"\d{4}"),
    }
)
_US_CODE = re.compile(r"[A-Z]{1,5}(?:[.\-][A-Z]{1,2})?")
_DEFAULT_CODE = re.compile(r"[A-Z0-9]{1,6}(?:[.\-][A-Z0-9]{1,3})?")


@dataclass(frozen=True)
class ResolvedTag:
    """A tag resolved to a venue and a Yahoo symbol.

    Attributes
    ----------
    prefix, code : str
        The tag as printed, upper-cased (``OTC``, ``NSANY``).
    mic : str
        The venue (``OTCM``).
    symbol : str
        The Yahoo symbol (``NSANY``, ``7201.T``).
    note : str
        How an ambiguous prefix was decided (empty otherwise).
    """

    prefix: str
    code: str
    mic: str
    symbol: str
    note: str = ""


def is_known_prefix(prefix: str) -> bool:
    """True when ``prefix`` (any case) is a tag prefix this module knows, covered or not."""
    up = prefix.upper()
    return up in TAG_PREFIXES or up in UNCOVERED_PREFIXES


def resolve_tag(prefix: str, code: str) -> ResolvedTag | str:
    """Resolve one exchange tag.

    Parameters
    ----------
    prefix : str
        The exchange part (``NYSE``, ``tyo``; compared in upper case).
    code : str
        The local code (``HMC``, ``7201``).

    Returns
    -------
    ResolvedTag or str
        The resolution, or the reason it failed (a sentence naming the prefix),
        for the caller's unresolved list.
    """
    up, local = prefix.upper(), code.upper().replace("/", ".")
    if up in UNCOVERED_PREFIXES:
        mic, venue = UNCOVERED_PREFIXES[up]
        return (
            f"exchange prefix {up!r} is {venue} (MIC {mic}), which marketreact.reference.venues does not cover yet; "
            "add the venue there to analyse it"
        )
    if up not in TAG_PREFIXES:
        return (
            f"unknown exchange prefix {up!r}; known prefixes include NASDAQ, NYSE, OTC, TYO, SS, TPE, HK, LON"
        )
    mic, note = TAG_PREFIXES[up], ""
    if up == "TSE":
        if _TOKYO_CODE.fullmatch(local):
            note = f"TSE:{local} read as Tokyo (a 4-character code starting with a digit is a Tokyo code)"
        else:
            mic = "XTSE"
            note = f"TSE:{local} read as Toronto (not a Tokyo securities code)"
    fmt = _US_CODE if mic in _US else _CODE_FORMATS.get(mic, _DEFAULT_CODE)
    if not fmt.fullmatch(local):
        return f"code {local!r} does not fit the format of {EXCHANGES[mic].name} (prefix {up!r})"
    return ResolvedTag(prefix=up, code=local, mic=mic, symbol=_yahoo_symbol(local, mic), note=note)


def _yahoo_symbol(code: str, mic: str) -> str:
    """Yahoo spelling of a local code: suffix appended, class-share dots as dashes (``BRK.B`` -> ``BRK-B``)."""
    if mic == "XHKG":
        code = f"{int(code):04d}"
    code = code.rstrip(".").replace(".", "-").replace("/", "-")
    return code + EXCHANGES[mic].yahoo_suffix
