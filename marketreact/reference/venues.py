"""The venue table: ONE row per trading venue, from which everything venue-shaped derives.

Each :class:`Exchange` row holds the venue's facts (MIC, time zone, currency,
``exchange_calendars`` calendar, Yahoo suffix, default benchmark) and the ways
news prints it: exchange-tag prefixes (``TYO`` in ``(TYO:7201)``), Reuters RIC
suffixes (``.T``), Bloomberg exchange codes (``JP``). :data:`TAG_PREFIXES`,
:data:`RIC_SUFFIXES` and :data:`BLOOMBERG_CODES` are derived from it, so adding
an exchange is one row here.

A row with an empty ``calendar`` is a venue news names but marketreact cannot
analyse yet (no sessions): its prefixes and codes are *known* and reported as
unresolved with the venue named, never read as another venue.

Calendars and session arithmetic live in :mod:`marketreact.reference.calendars`.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass
from types import MappingProxyType

from marketreact.errors import UnknownExchange

__all__ = [
    "BLOOMBERG_CODES",
    "EXCHANGES",
    "RIC_SUFFIXES",
    "TAG_PREFIXES",
    "UNCOVERED",
    "US_MICS",
    "VENUES",
    "Exchange",
    "exchange",
    "exchange_for_suffix",
    "venue",
]


@dataclass(frozen=True)
class Exchange:
    """One trading venue.

    Attributes
    ----------
    mic : str
        ISO 10383 market identifier (``XTKS``); ``OTCM`` for US OTC markets.
    name : str
    timezone : str
        IANA zone of the venue's sessions.
    currency : str
        ISO 4217 code of the prices quoted there (``GBp`` for London pence).
    calendar : str
        ``exchange_calendars`` calendar name used for its sessions; empty for a
        venue marketreact does not cover yet.
    yahoo_suffix : str
        Suffix Yahoo appends to local codes (``.T``); empty for US venues.
    benchmark : str
        Default local benchmark (Yahoo symbol) for listings on this venue.
    tags, ric, bloomberg : tuple of str
        Exchange-tag prefixes, Reuters RIC suffixes and Bloomberg exchange codes
        that name this venue in news (upper case).
    """

    mic: str
    name: str
    timezone: str
    currency: str
    calendar: str
    yahoo_suffix: str
    benchmark: str
    tags: tuple[str, ...] = ()
    ric: tuple[str, ...] = ()
    bloomberg: tuple[str, ...] = ()

    @property
    def country(self) -> str:
        """ISO 3166 country of the venue, from its time zone (the IANA ``zone.tab``)."""
        return _zone_countries().get(self.timezone, "")

    @property
    def covered(self) -> bool:
        """True when marketreact knows the venue's sessions (and so can analyse its listings)."""
        return bool(self.calendar)


@functools.cache
def _zone_countries() -> dict[str, str]:
    """IANA time zone -> ISO country code, from the ``tzdata`` package's ``zone.tab``."""
    text = (importlib.resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def _v(
    mic: str, name: str, tz: str, ccy: str, cal: str, sfx: str, bench: str, tags: str, ric: str, bbg: str
) -> Exchange:
    return Exchange(
        mic, name, tz, ccy, cal, sfx, bench, tuple(tags.split()), tuple(ric.split()), tuple(bbg.split())
    )


_NY, _TOKYO, _SH = "America/New_York", "Asia/Tokyo", "Asia/Shanghai"
_SEOUL, _IN, _TOR, _TPE = "Asia/Seoul", "Asia/Kolkata", "America/Toronto", "Asia/Taipei"
# fmt: off
# One row per venue: mic, name, time zone, currency, exchange_calendars name (empty: not covered yet),
# Yahoo suffix, default benchmark, tag prefixes, RIC suffixes, Bloomberg codes. Shenzhen, KOSDAQ, TPEx,
# NSE and Beijing keep the sessions of their market's other board; Berlin, Munich and Hanover follow
# Frankfurt's holidays; CSE and Cboe Canada Toronto's; Athens, Tel Aviv, Qatar and Egypt are not covered
# (exchange_calendars 4.x cannot build the first two; its XTAE fails for any start before 2026-01-05).
# TSX Venture: exchange_calendars' XTSX is an alias of XTSE. No ".A" RIC suffix for NYSE American: after
# a root ".A" is far more often a share class (BRK.A). Beijing and Warsaw: no index series verified on
# Yahoo, so no default benchmark. Johannesburg quotes in cents (ZAc), like London's pence. XSAU exists
# from 2021 only (calendars.calendar clamps its start). Facts and sources of the non-US, non-Asian
# rows: the module docstring and FinanceDatabase's per-exchange files (Yahoo suffixes, currencies).
VENUES: MappingProxyType[str, Exchange] = MappingProxyType(
    {
        e.mic: e
        for e in (
            _v("XNYS", "New York Stock Exchange", _NY, "USD", "XNYS", "", "SPY", "NYSE", "N K", "US UN"),
            _v("XNAS", "Nasdaq", _NY, "USD", "XNYS", "", "SPY", "NASDAQ NASDAQGS NASDAQGM NASDAQCM", "O OQ", "UW UQ UR"),
            _v("ARCX", "NYSE Arca", _NY, "USD", "XNYS", "", "SPY", "NYSEARCA ARCA", "P", "UP"),
            _v("OTCM", "OTC Markets (US)", _NY, "USD", "XNYS", "", "SPY", "OTC OTCMKTS OTCQX OTCQB OTCPK PINK OTCBB", "PK", "UV PQ"),
            _v("XTKS", "Tokyo Stock Exchange", _TOKYO, "JPY", "XTKS", ".T", "^N225", "TYO TSE JPX", "T", "JP JT"),
            _v("XSHG", "Shanghai Stock Exchange", _SH, "CNY", "XSHG", ".SS", "000300.SS", "SS SH SHA SSE", "SS SH", "CH CG"),
            _v("XSHE", "Shenzhen Stock Exchange", _SH, "CNY", "XSHG", ".SZ", "000300.SS", "SZ SHE SZSE", "SZ", "CS"),
            _v("XTAI", "Taiwan Stock Exchange", "Asia/Taipei", "TWD", "XTAI", ".TW", "^TWII", "TPE TWSE", "TW", "TT"),
            _v("XHKG", "Hong Kong Exchanges", "Asia/Hong_Kong", "HKD", "XHKG", ".HK", "^HSI", "HK HKG HKEX SEHK", "HK", "HK"),
            _v("XLON", "London Stock Exchange", "Europe/London", "GBp", "XLON", ".L", "^FTSE", "LON LSE", "L", "LN"),
            _v("XETR", "Deutsche Boerse Xetra", "Europe/Berlin", "EUR", "XETR", ".DE", "^GDAXI", "ETR XETRA", "DE", "GR GY"),
            _v("XFRA", "Frankfurt Stock Exchange", "Europe/Berlin", "EUR", "XFRA", ".F", "^GDAXI", "FRA", "F", "GF"),
            _v("XPAR", "Euronext Paris", "Europe/Paris", "EUR", "XPAR", ".PA", "^FCHI", "EPA", "PA", "FP"),
            _v("XAMS", "Euronext Amsterdam", "Europe/Amsterdam", "EUR", "XAMS", ".AS", "^AEX", "AMS", "AS", "NA"),
            _v("XMIL", "Borsa Italiana", "Europe/Rome", "EUR", "XMIL", ".MI", "FTSEMIB.MI", "BIT MIL", "MI", "IM"),
            _v("XSWX", "SIX Swiss Exchange", "Europe/Zurich", "CHF", "XSWX", ".SW", "^SSMI", "SWX SIX VTX", "S SW", "SW SE"),
            _v("XTSE", "Toronto Stock Exchange", "America/Toronto", "CAD", "XTSE", ".TO", "^GSPTSE", "TSX", "TO", "CN CT"),
            _v("XASX", "Australian Securities Exchange", "Australia/Sydney", "AUD", "XASX", ".AX", "^AXJO", "ASX", "AX", "AU AT"),
            _v("XKRX", "Korea Exchange", "Asia/Seoul", "KRW", "XKRX", ".KS", "^KS11", "KRX KS", "KS", "KS"),
            _v("XBOM", "BSE (Bombay)", "Asia/Kolkata", "INR", "XBOM", ".BO", "^BSESN", "BOM BSE", "BO", "IB"),
            _v("XASE", "NYSE American", _NY, "USD", "XNYS", "", "SPY", "AMEX NYSEAMERICAN NYSEMKT", "", "UA"),
            _v("BATS", "Cboe BZX", _NY, "USD", "XNYS", "", "SPY", "BATS CBOE", "", ""),
            _v("XKOS", "KOSDAQ", "Asia/Seoul", "KRW", "XKRX", ".KQ", "^KQ11", "KOSDAQ", "KQ", "KQ"),
            _v("XNSE", "National Stock Exchange of India", "Asia/Kolkata", "INR", "XBOM", ".NS", "^NSEI", "NSE", "NS", "IN IS"),
            _v("XTSX", "TSX Venture Exchange", "America/Toronto", "CAD", "XTSX", ".V", "^SPCDNX", "TSXV CVE", "V", "CV"),
            _v("ROCO", "Taipei Exchange", "Asia/Taipei", "TWD", "XTAI", ".TWO", "^TWOII", "TPEX TWO GTSM", "TWO", "TWO"),
            _v("BJSE", "Beijing Stock Exchange", _SH, "CNY", "XSHG", ".BJ", "", "BJ", "BJ", ""),
            _v("XBRU", "Euronext Brussels", "Europe/Brussels", "EUR", "XBRU", ".BR", "^BFX", "EBR BRU", "BR", "BB"),
            _v("XLIS", "Euronext Lisbon", "Europe/Lisbon", "EUR", "XLIS", ".LS", "PSI20.LS", "ELI LIS", "LS", "PL"),
            _v("XDUB", "Euronext Dublin", "Europe/Dublin", "EUR", "XDUB", ".IR", "^ISEQ", "ISE DUB", "I IR", "ID"),
            _v("XMAD", "Bolsa de Madrid", "Europe/Madrid", "EUR", "XMAD", ".MC", "^IBEX", "BME MCE", "MC", "SM SQ"),
            _v("XSTO", "Nasdaq Stockholm", "Europe/Stockholm", "SEK", "XSTO", ".ST", "^OMX", "STO", "ST", "SS"),
            _v("XHEL", "Nasdaq Helsinki", "Europe/Helsinki", "EUR", "XHEL", ".HE", "^OMXH25", "HEL", "HE", "FH"),
            _v("XCSE", "Nasdaq Copenhagen", "Europe/Copenhagen", "DKK", "XCSE", ".CO", "^OMXC25", "CPH", "CO", "DC"),
            _v("XOSL", "Oslo Bors", "Europe/Oslo", "NOK", "XOSL", ".OL", "OBX.OL", "OSL", "OL", "NO"),
            _v("XWBO", "Wiener Boerse", "Europe/Vienna", "EUR", "XWBO", ".VI", "^ATX", "VIE", "VI", "AV"),
            _v("XWAR", "Warsaw Stock Exchange", "Europe/Warsaw", "PLN", "XWAR", ".WA", "", "WSE WAR GPW", "WA", "PW"),
            _v("XIST", "Borsa Istanbul", "Europe/Istanbul", "TRY", "XIST", ".IS", "XU100.IS", "IST BIST", "IS", "TI"),
            _v("XSES", "Singapore Exchange", "Asia/Singapore", "SGD", "XSES", ".SI", "^STI", "SGX", "SI", "SP"),
            _v("XIDX", "Indonesia Stock Exchange", "Asia/Jakarta", "IDR", "XIDX", ".JK", "^JKSE", "IDX", "JK", "IJ"),
            _v("XBKK", "Stock Exchange of Thailand", "Asia/Bangkok", "THB", "XBKK", ".BK", "^SET.BK", "BKK SET", "BK", "TB"),
            _v("XKLS", "Bursa Malaysia", "Asia/Kuala_Lumpur", "MYR", "XKLS", ".KL", "^KLSE", "KLSE KLS", "KL", "MK"),
            _v("XNZE", "NZX", "Pacific/Auckland", "NZD", "XNZE", ".NZ", "^NZ50", "NZE NZX", "NZ", "NZ"),
            _v("XMEX", "Bolsa Mexicana de Valores", "America/Mexico_City", "MXN", "XMEX", ".MX", "^MXX", "BMV", "MX", "MM"),
            _v("BVMF", "B3 (Sao Paulo)", "America/Sao_Paulo", "BRL", "BVMF", ".SA", "^BVSP", "B3 BOVESPA", "SA", "BZ BS"),
            _v("XJSE", "Johannesburg Stock Exchange", "Africa/Johannesburg", "ZAc", "XJSE", ".JO", "^J203.JO", "JSE", "J JO", "SJ"),
            _v("XSAU", "Saudi Exchange (Tadawul)", "Asia/Riyadh", "SAR", "XSAU", ".SR", "^TASI.SR", "TADAWUL", "SE SR", "AB"),
            _v("XTAE", "Tel Aviv Stock Exchange", "Asia/Jerusalem", "ILA", "", ".TA", "TA35.TA", "TLV TASE", "TA", "IT"),
            _v("XBER", "Boerse Berlin", "Europe/Berlin", "EUR", "XFRA", ".BE", "", "", "", ""),
            _v("XMUN", "Boerse Muenchen", "Europe/Berlin", "EUR", "XFRA", ".MU", "", "", "", ""),
            _v("XHAN", "Boerse Hannover", "Europe/Berlin", "EUR", "XFRA", ".HA", "", "", "", ""),
            _v("XDUS", "Boerse Duesseldorf", "Europe/Berlin", "EUR", "XDUS", ".DU", "", "", "", ""),
            _v("XHAM", "Boerse Hamburg", "Europe/Berlin", "EUR", "XHAM", ".HM", "", "", "", ""),
            _v("XSTU", "Boerse Stuttgart", "Europe/Berlin", "EUR", "XSTU", ".SG", "", "", "", ""),
            _v("XBUE", "Bolsa de Buenos Aires", "America/Argentina/Buenos_Aires", "ARS", "XBUE", ".BA", "", "", "", ""),
            _v("XCNQ", "Canadian Securities Exchange", "America/Toronto", "CAD", "XTSE", ".CN", "", "", "", ""),
            _v("NEOE", "Cboe Canada", "America/Toronto", "CAD", "XTSE", ".NE", "", "", "", ""),
            _v("MISX", "Moscow Exchange", "Europe/Moscow", "RUB", "XMOS", ".ME", "", "", "", ""),
            _v("XATH", "Athens Stock Exchange", "Europe/Athens", "EUR", "", ".AT", "", "", "", ""),
            _v("XBUD", "Budapest Stock Exchange", "Europe/Budapest", "HUF", "XBUD", ".BD", "", "", "", ""),
            _v("XICE", "Nasdaq Iceland", "Atlantic/Reykjavik", "ISK", "XICE", ".IC", "", "", "", ""),
            _v("XLIT", "Nasdaq Vilnius", "Europe/Vilnius", "EUR", "XLIT", ".VS", "", "", "", ""),
            _v("XRIS", "Nasdaq Riga", "Europe/Riga", "EUR", "XRIS", ".RG", "", "", "", ""),
            _v("XTAL", "Nasdaq Tallinn", "Europe/Tallinn", "EUR", "XTAL", ".TL", "", "", "", ""),
            _v("XPRA", "Prague Stock Exchange", "Europe/Prague", "CZK", "XPRA", ".PR", "", "", "", ""),
            _v("XSGO", "Santiago Stock Exchange", "America/Santiago", "CLP", "XSGO", ".SN", "", "", "", ""),
            _v("XEUR", "Eurex (STOXX index sessions)", "Europe/Berlin", "EUR", "XEUR", "", "", "", "", ""),
            _v("XCBO", "Cboe Options (VIX)", "America/Chicago", "USD", "XNYS", "", "", "", "", ""),
            _v("DSMD", "Qatar Stock Exchange", "Asia/Qatar", "QAR", "", ".QA", "", "", "", ""),
            _v("XCAI", "Egyptian Exchange", "Africa/Cairo", "EGP", "", ".CA", "", "", "", ""),
        )
    }
)
# fmt: on

#: Covered venues only (those with sessions): what listings may trade on.
EXCHANGES: MappingProxyType[str, Exchange] = MappingProxyType({m: e for m, e in VENUES.items() if e.covered})
#: Known venues without sessions yet.
UNCOVERED: MappingProxyType[str, Exchange] = MappingProxyType(
    {m: e for m, e in VENUES.items() if not e.covered}
)


def _derive(field: str, *, with_mics: bool = False) -> MappingProxyType[str, str]:
    out: dict[str, str] = {}
    for venue in VENUES.values():
        codes = (*getattr(venue, field), *((venue.mic,) if with_mics and venue.covered else ()))
        for code in codes:
            if out.setdefault(code, venue.mic) != venue.mic:
                raise AssertionError(f"{field} code {code!r} names both {out[code]} and {venue.mic}")
    return MappingProxyType(out)


#: Exchange-tag prefix -> MIC (MICs of covered venues are their own prefix).
TAG_PREFIXES = _derive("tags", with_mics=True)
#: Reuters RIC suffix -> MIC.
RIC_SUFFIXES = _derive("ric")
#: Bloomberg exchange code -> MIC ("CH" is decided per code, "US" per master).
BLOOMBERG_CODES = _derive("bloomberg")

# Venues trading on US hours (the NYSE calendar): tags, ADR rules and claims treat them as one market.
US_MICS = frozenset(mic for mic, e in EXCHANGES.items() if e.calendar == "XNYS")


def venue(mic: str) -> Exchange:
    """The venue ``mic``, covered or not (its facts are known even without sessions)."""
    try:
        return VENUES[mic]
    except KeyError:
        raise UnknownExchange(mic, f"known MICs: {', '.join(sorted(VENUES))}") from None


def exchange(mic: str) -> Exchange:
    """Return the :class:`Exchange` for ``mic``; raise :class:`UnknownExchange` otherwise."""
    try:
        return EXCHANGES[mic]
    except KeyError:
        known = ", ".join(sorted(EXCHANGES))
        raise UnknownExchange(mic, f"known MICs: {known}") from None


def exchange_for_suffix(symbol: str) -> Exchange:
    """Guess the venue of a Yahoo symbol from its suffix (``7201.T`` -> XTKS).

    Symbols without a known suffix are taken as US-listed (XNYS hours), which is
    Yahoo's own convention; indices (``^N225``) need the security master.
    """
    if "." in symbol:
        suffix = "." + symbol.rsplit(".", 1)[1]
        for e in EXCHANGES.values():
            if e.yahoo_suffix and e.yahoo_suffix.upper() == suffix.upper():
                return e
        raise UnknownExchange(suffix, f"no exchange with Yahoo suffix {suffix!r} (symbol {symbol!r})")
    return EXCHANGES["XNYS"]
