"""Venues the importers emit: ISO 10383 MIC -> name, timezone, currency, calendar, Yahoo suffix, country.

``calendar`` is the exchange_calendars name where that library has the venue ("" otherwise; Athens is MIC
XATH but calendar ASEX). OTCM is US OTC (NYSE hours, calendar XNYS); XSHE, XKOS, ROCO, XNSE, BJSE are listed
with the calendar of the same market's other board (XSHG, XKRX, XTAI, XBOM) because the holidays are national.
Source exchange codes (FinanceDatabase/Yahoo ``exchange`` such as ``NYQ``, ``JPX``) map through
:data:`FD_EXCHANGE_MIC`; a code not in that table is skipped and counted (rule ``exchange_unmapped``): IOB
(LSE international order book, suffix .IL), AQS (Aquis), ENX, NAN, TLO, SAT and STU/... are deliberately absent.
"""

from __future__ import annotations

from typing import NamedTuple


class Venue(NamedTuple):
    name: str
    timezone: str
    currency: str
    calendar: str
    yahoo_suffix: str
    country: str


VENUES: dict[str, Venue] = {
    "XNYS": Venue("New York Stock Exchange", "America/New_York", "USD", "XNYS", "", "US"),
    "XNAS": Venue("Nasdaq", "America/New_York", "USD", "XNAS", "", "US"),
    "XASE": Venue("NYSE American", "America/New_York", "USD", "XASE", "", "US"),
    "ARCX": Venue("NYSE Arca", "America/New_York", "USD", "ARCX", "", "US"),
    "BATS": Venue("Cboe BZX", "America/New_York", "USD", "BATS", "", "US"),
    "OTCM": Venue("OTC Markets (US)", "America/New_York", "USD", "XNYS", "", "US"),
    "XTKS": Venue("Tokyo Stock Exchange", "Asia/Tokyo", "JPY", "XTKS", ".T", "JP"),
    "XSHG": Venue("Shanghai Stock Exchange", "Asia/Shanghai", "CNY", "XSHG", ".SS", "CN"),
    "XSHE": Venue("Shenzhen Stock Exchange", "Asia/Shanghai", "CNY", "XSHG", ".SZ", "CN"),
    "XHKG": Venue("Hong Kong Exchanges", "Asia/Hong_Kong", "HKD", "XHKG", ".HK", "HK"),
    "XTAI": Venue("Taiwan Stock Exchange", "Asia/Taipei", "TWD", "XTAI", ".TW", "TW"),
    "ROCO": Venue("Taipei Exchange (TPEx)", "Asia/Taipei", "TWD", "XTAI", ".TWO", "TW"),
    "XKRX": Venue("Korea Exchange (KOSPI)", "Asia/Seoul", "KRW", "XKRX", ".KS", "KR"),
    "XKOS": Venue("KOSDAQ", "Asia/Seoul", "KRW", "XKRX", ".KQ", "KR"),
    "XLON": Venue("London Stock Exchange", "Europe/London", "GBP", "XLON", ".L", "GB"),
    "XETR": Venue("Xetra", "Europe/Berlin", "EUR", "XETR", ".DE", "DE"),
    "XFRA": Venue("Frankfurt Stock Exchange", "Europe/Berlin", "EUR", "XFRA", ".F", "DE"),
    "XBER": Venue("Berlin Stock Exchange", "Europe/Berlin", "EUR", "", ".BE", "DE"),
    "XDUS": Venue("Dusseldorf Stock Exchange", "Europe/Berlin", "EUR", "XDUS", ".DU", "DE"),
    "XHAM": Venue("Hamburg Stock Exchange", "Europe/Berlin", "EUR", "XHAM", ".HM", "DE"),
    "XHAN": Venue("Hanover Stock Exchange", "Europe/Berlin", "EUR", "", ".HA", "DE"),
    "XMUN": Venue("Munich Stock Exchange", "Europe/Berlin", "EUR", "", ".MU", "DE"),
    "XPAR": Venue("Euronext Paris", "Europe/Paris", "EUR", "XPAR", ".PA", "FR"),
    "XAMS": Venue("Euronext Amsterdam", "Europe/Amsterdam", "EUR", "XAMS", ".AS", "NL"),
    "XBRU": Venue("Euronext Brussels", "Europe/Brussels", "EUR", "XBRU", ".BR", "BE"),
    "XLIS": Venue("Euronext Lisbon", "Europe/Lisbon", "EUR", "XLIS", ".LS", "PT"),
    "XMIL": Venue("Euronext Milan", "Europe/Rome", "EUR", "XMIL", ".MI", "IT"),
    "XDUB": Venue("Euronext Dublin", "Europe/Dublin", "EUR", "XDUB", ".IR", "IE"),
    "XOSL": Venue("Oslo Bors", "Europe/Oslo", "NOK", "XOSL", ".OL", "NO"),
    "XMAD": Venue("Bolsa de Madrid", "Europe/Madrid", "EUR", "XMAD", ".MC", "ES"),
    "XSWX": Venue("SIX Swiss Exchange", "Europe/Zurich", "CHF", "XSWX", ".SW", "CH"),
    "XSTO": Venue("Nasdaq Stockholm", "Europe/Stockholm", "SEK", "XSTO", ".ST", "SE"),
    "XHEL": Venue("Nasdaq Helsinki", "Europe/Helsinki", "EUR", "XHEL", ".HE", "FI"),
    "XCSE": Venue("Nasdaq Copenhagen", "Europe/Copenhagen", "DKK", "XCSE", ".CO", "DK"),
    "XICE": Venue("Nasdaq Iceland", "Atlantic/Reykjavik", "ISK", "XICE", ".IC", "IS"),
    "XTAL": Venue("Nasdaq Tallinn", "Europe/Tallinn", "EUR", "XTAL", ".TL", "EE"),
    "XRIS": Venue("Nasdaq Riga", "Europe/Riga", "EUR", "XRIS", ".RG", "LV"),
    "XLIT": Venue("Nasdaq Vilnius", "Europe/Vilnius", "EUR", "XLIT", ".VS", "LT"),
    "XWBO": Venue("Wiener Borse", "Europe/Vienna", "EUR", "XWBO", ".VI", "AT"),
    "XPRA": Venue("Prague Stock Exchange", "Europe/Prague", "CZK", "XPRA", ".PR", "CZ"),
    "XBUD": Venue("Budapest Stock Exchange", "Europe/Budapest", "HUF", "XBUD", ".BD", "HU"),
    "XATH": Venue("Athens Stock Exchange", "Europe/Athens", "EUR", "ASEX", ".AT", "GR"),
    "XIST": Venue("Borsa Istanbul", "Europe/Istanbul", "TRY", "XIST", ".IS", "TR"),
    "MISX": Venue("Moscow Exchange", "Europe/Moscow", "RUB", "XMOS", ".ME", "RU"),
    "XTSE": Venue("Toronto Stock Exchange", "America/Toronto", "CAD", "XTSE", ".TO", "CA"),
    "XTSX": Venue("TSX Venture Exchange", "America/Toronto", "CAD", "XTSX", ".V", "CA"),
    "XCNQ": Venue("Canadian Securities Exchange", "America/Toronto", "CAD", "", ".CN", "CA"),
    "NEOE": Venue("Cboe Canada (NEO)", "America/Toronto", "CAD", "", ".NE", "CA"),
    "XMEX": Venue("Bolsa Mexicana de Valores", "America/Mexico_City", "MXN", "XMEX", ".MX", "MX"),
    "BVMF": Venue("B3 (Brazil)", "America/Sao_Paulo", "BRL", "BVMF", ".SA", "BR"),
    "XBUE": Venue("Bolsa de Buenos Aires", "America/Argentina/Buenos_Aires", "ARS", "XBUE", ".BA", "AR"),
    "XSGO": Venue("Santiago Stock Exchange", "America/Santiago", "CLP", "XSGO", ".SN", "CL"),
    "XASX": Venue("ASX", "Australia/Sydney", "AUD", "XASX", ".AX", "AU"),
    "XNZE": Venue("NZX", "Pacific/Auckland", "NZD", "XNZE", ".NZ", "NZ"),
    "XBOM": Venue("BSE (India)", "Asia/Kolkata", "INR", "XBOM", ".BO", "IN"),
    "XNSE": Venue("National Stock Exchange of India", "Asia/Kolkata", "INR", "XBOM", ".NS", "IN"),
    "XSES": Venue("Singapore Exchange", "Asia/Singapore", "SGD", "XSES", ".SI", "SG"),
    "XIDX": Venue("Indonesia Stock Exchange", "Asia/Jakarta", "IDR", "XIDX", ".JK", "ID"),
    "XBKK": Venue("Stock Exchange of Thailand", "Asia/Bangkok", "THB", "XBKK", ".BK", "TH"),
    "XKLS": Venue("Bursa Malaysia", "Asia/Kuala_Lumpur", "MYR", "XKLS", ".KL", "MY"),
    "XJSE": Venue("Johannesburg Stock Exchange", "Africa/Johannesburg", "ZAR", "XJSE", ".JO", "ZA"),
    "XTAE": Venue("Tel Aviv Stock Exchange", "Asia/Jerusalem", "ILS", "XTAE", ".TA", "IL"),
    "XSAU": Venue("Saudi Exchange (Tadawul)", "Asia/Riyadh", "SAR", "XSAU", ".SR", "SA"),
    "DSMD": Venue("Qatar Stock Exchange", "Asia/Qatar", "QAR", "", ".QA", "QA"),
    "XCAI": Venue("Egyptian Exchange", "Africa/Cairo", "EGP", "", ".CA", "EG"),
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
