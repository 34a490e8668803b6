"""Venues the importers emit, as a view of the package's venue table (:mod:`marketreact.reference.venues`).

The facts (name, time zone, currency, calendar, Yahoo suffix, country) live in that one table; this module
adds only what is the importers' own: source exchange codes and the preference among venues.
Source exchange codes (FinanceDatabase/Yahoo ``exchange`` such as ``NYQ``, ``JPX``) map through
:data:`FD_EXCHANGE_MIC`; a code not in that table is skipped and counted (rule ``exchange_unmapped``): IOB
(LSE international order book, suffix .IL), AQS (Aquis), ENX, NAN, TLO, SAT and STU/... are deliberately absent.
"""

from __future__ import annotations

from typing import NamedTuple

from marketreact.reference.venues import VENUES as _TABLE


class Venue(NamedTuple):
    name: str
    timezone: str
    currency: str
    calendar: str
    yahoo_suffix: str
    country: str


# The facts come from the package's one venue table; an emitted MIC missing there is an error at import.
VENUES: dict[str, Venue] = {
    mic: Venue(v.name, v.timezone, v.currency, v.calendar, v.yahoo_suffix, v.country)
    for mic, v in _TABLE.items()
}

# FinanceDatabase / Yahoo exchange codes (current per-exchange files and the 2023 v1 tree) -> MIC.
FD_EXCHANGE_MIC: dict[str, str] = {
    "NYQ": "XNYS", "NMS": "XNAS", "NGM": "XNAS", "NCM": "XNAS", "NAS": "XNAS", "ASE": "XASE", "PCX": "ARCX",
    "BTS": "BATS", "PNK": "OTCM", "NAE": "OTCM", "OBB": "OTCM", "OEM": "OTCM", "OID": "OTCM", "OQB": "OTCM",
    "OQX": "OTCM", "JPX": "XTKS", "SHH": "XSHG", "SHZ": "XSHE", "HKG": "XHKG", "TAI": "XTAI", "TWO": "ROCO",
    "KSC": "XKRX", "KOE": "XKOS", "LSE": "XLON", "GER": "XETR", "FRA": "XFRA", "BER": "XBER", "DUS": "XDUS",
    "HAM": "XHAM", "HAN": "XHAN", "MUN": "XMUN", "PAR": "XPAR", "AMS": "XAMS", "BRU": "XBRU", "LIS": "XLIS",
    "MIL": "XMIL", "ISE": "XDUB", "OSL": "XOSL", "MCE": "XMAD", "EBS": "XSWX", "STO": "XSTO", "HEL": "XHEL",
    "CPH": "XCSE", "ICE": "XICE", "TAL": "XTAL", "RIS": "XRIS", "LIT": "XLIT", "VIE": "XWBO", "PRA": "XPRA",
    "BUD": "XBUD", "ATH": "XATH", "IST": "XIST", "MCX": "MISX", "TOR": "XTSE", "VAN": "XTSX", "CNQ": "XCNQ",
    "NEO": "NEOE", "MEX": "XMEX", "SAO": "BVMF", "BUE": "XBUE", "SGO": "XSGO", "ASX": "XASX", "NZE": "XNZE",
    "BSE": "XBOM", "NSE": "XNSE", "NSI": "XNSE", "SES": "XSES", "JKT": "XIDX", "SET": "XBKK", "KLS": "XKLS",
    "JNB": "XJSE", "TLV": "XTAE", "SAU": "XSAU", "DOH": "DSMD", "CAI": "XCAI",
}  # fmt: skip

# Preference among a company's non-depositary lines when several sit in its home country: main board first.
VENUE_RANK: dict[str, int] = {
    "XNYS": 0, "XNAS": 0, "XTKS": 0, "XSHG": 0, "XHKG": 0, "XTAI": 0, "XKRX": 0, "XLON": 0, "XETR": 0,
    "XPAR": 0, "XAMS": 0, "XSWX": 0, "XTSE": 0, "XASX": 0, "XNSE": 0, "XSHE": 1, "XKOS": 1, "ROCO": 1,
    "XASE": 1, "XBOM": 1, "XFRA": 2, "ARCX": 2, "BATS": 2, "XTSX": 2, "XCNQ": 3, "NEOE": 3,
    "XBER": 4, "XDUS": 4, "XHAM": 4, "XHAN": 4, "XMUN": 4, "OTCM": 9,
}  # fmt: skip

SUFFIX_MIC: dict[str, str] = {v.yahoo_suffix: mic for mic, v in VENUES.items() if v.yahoo_suffix}
