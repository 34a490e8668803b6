"""Every ticker span in a text, resolved from the tag alone: :func:`find_all_tags`.

The mention policy (:mod:`marketreact.text.mentions`) decides what becomes a
mention; this module only finds the spans news uses to print a listing and
reads each into a candidate ``(mic, Yahoo symbol)`` without the security master,
with the exact span and the company *name* that stands right before it, so that
"a tag and the name beside it are evidence for each other".

Styles (:attr:`TagSpan.style`)
------------------------------
``exchange_tag``
    ``(KRX:005930)``, ``NYSE: TM``, ``(LON:BP.)``, ``(NYSE:BRK/B)``; prefixes
    and code formats from :mod:`marketreact.text.tags`. An unknown prefix counts
    only in the unmistakable forms ``(FOO:BAR)`` / ``FOO:BAR`` (all letters, no
    space), so "Note: ...", "Q3:", "10:30", "3:1" and URLs stay text.
``ric``
    Reuters RICs or Yahoo spellings in brackets: ``(7203.T)``, ``<7203.T>``,
    ``(00700.HK)`` (-> ``0700.HK``), ``(BRKb.N)`` (-> ``BRK-B``). On venues where
    a RIC root often is not the Yahoo ticker (``SAPG.DE``) the venue is given
    and the symbol is left to the master (``reason`` says so).
``bloomberg``
    ``(7203 JP)``, ``(AAPL US Equity)``. ``US`` is a composite: symbol, no venue.
``cashtag``
    ``$AAPL``, ``$BRK.B`` / ``$BRK-B`` (-> ``BRK-B``). No venue printed.
``bare``
    Yahoo-style codes in brackets right after a name: ``Alphabet (GOOGL, GOOG)``,
    ``(BRK-B)``, ``(^NDX)``, ``Toyota ( TM )``; a 4-6 digit code after a name is
    reported with no symbol (its venue is not printed). Never an acronym in
    :data:`NOT_TICKERS` ("(AI)", "(CEO)", "(EU)"), a venue name alone
    ("(NYSE)") or a single letter.
``widget``
    Quote widgets glued to text by scrapers: ``Toyota Motor TM-- shares``,
    ``TM--0.5%``, ``TM+1.2%``.

A resolved span has ``symbol``; ``mic`` is None when no venue is printed (a
plain Yahoo symbol follows Yahoo's US convention, the master knows the venue).
An unresolved span has ``symbol=None`` and a ``reason`` naming the fix.

Cost is linear in the text: each regex runs once, candidates are sorted once
and overlaps are removed in one sweep; the name search looks back a bounded
window from each tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from marketreact.reference.venues import BLOOMBERG_CODES as _ALL_BBG
from marketreact.reference.venues import EXCHANGES, VENUES
from marketreact.reference.venues import RIC_SUFFIXES as _ALL_RIC
from marketreact.text.tag_styles import _RIC_ROOT_DIFFERS, BLOOMBERG_CODES, RIC_SUFFIXES
from marketreact.text.tags import ResolvedTag, is_known_prefix, resolve_tag

__all__ = ["NOT_TICKERS", "TagSpan", "find_all_tags"]

Style = Literal["exchange_tag", "ric", "bloomberg", "cashtag", "bare", "widget"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Upper-case words that news puts in brackets or glues to numbers but that are no tickers.
NOT_TICKERS = _words(
    "AI EV EVS EU US USA UK UN UAE CEO CFO COO CTO CIO CEOS IPO IPOS ETF ETFS GDP CPI PPI PMI EPS FY "
    "YOY QOQ ESG API AGM EGM OTC LLC LLP PLC USD EUR JPY CNY RMB HKD GBP KRW TWD INR AUD CAD CHF OK "
    "TV PC IT HR PR VR AR IOT NEV NEVS CAGR EBIT EBITDA NAV ROE ROI IRS FDA SEC FTC DOJ FED ECB BOJ "
    "BOE PBOC IMF WTO NATO OPEC ASEAN APAC EMEA ADR ADRS ADS AND THE NEW UPDATE CORRECTED REFILE "
    "VIDEO PHOTO BREAKING KOSPI KOSDAQ TOPIX DAX CAC SMI AEX IBEX FTSE NIKKEI SPX TAIEX HSI CSI SSE "
    "STI ASX TSX NYSE AMEX LNG EV's SUV SUVS CO2 GHG R&D M&A Q1 Q2 Q3 Q4 H1 H2 AM PM ET GMT UTC JST "
    "KST EST EDT"
)

_OPENERS = {"(": ")", "[": "]", "<": ">"}
_PREFIX_TAG = re.compile(
    r"(?<![\w/.:@#&=?%+\-$])(?P<open>[(\[<]\s*)?(?P<prefix>[A-Z][A-Z0-9]{1,11}|Nasdaq|Xetra)(?P<sp1> ?):"
    r"(?P<sp2> ?)(?P<code>[A-Z0-9][A-Z0-9&]{0,19}(?:[.\-/][A-Z0-9]{1,4})?(?:\.(?=\s*[)\]>]))?)"
    r"(?![\w:/@&])(?P<close>\s*[)\]>])?"
)
_GROUP = re.compile(r"[(\[<](?P<body>[^()\[\]<>\n]{1,120})[)\]>]")
_RIC = re.compile(r"(?P<root>[A-Z0-9][A-Z0-9&\-]{0,11})(?P<cls>[a-z])?\.(?P<sfx>[A-Z]{1,3})")
_BBG = re.compile(r"(?P<root>[A-Z0-9]{1,6}(?:/[A-Z]{0,2})?) (?P<sfx>[A-Z]{2})(?: Equity)?")
_BARE = re.compile(r"\^[A-Z0-9]{2,10}|[A-Z]{1,5}(?:[.\-/][A-Z])?|\d{4,6}")
_CASHTAG = re.compile(r"(?<![\w$])\$(?P<code>[A-Z]{1,6}(?:[.\-/][A-Z]{1,2})?)(?![\w])")
_WIDGET = re.compile(
    r"(?<![\w$^.\-/&])(?P<code>[A-Z]{2,5}(?:[.\-][A-Z])?)(?:--(?=[\d\s.,;)]|$)|(?=[+\-\u2212]\d+(?:\.\d+)?%))"
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_UNMISTAKABLE_PREFIX = re.compile(r"[A-Z]{2,12}")

# Name search: a bounded look-back, cut at the clause boundary and at the previous tag.
_WINDOW = 120
_BOUNDARY = re.compile(r"[;!?\n:]|\.(?=\s)|\s[-\u2013\u2014]\s")
_ABBREVIATIONS = frozenset({"Inc", "Corp", "Co", "Cos", "Ltd", "Bhd", "Mr", "Ms", "Dr", "St", "Jr", "No"})
_TOKEN = r"(?:[A-Z][\w&'\u2019.\-]*|\d+[A-Za-z][\w\-]*)"
# Later words may be plain numbers ("Nasdaq 100", "Hang Seng 50"); the first may not.
# A comma joins only a corporate suffix ("Hyundai Motor Co., Ltd."), never two names ("New York, Toyota").
_NAME_RUN = re.compile(
    rf"{_TOKEN}(?: (?:(?:of|de|du|la|and|&|und|y) )?(?:{_TOKEN}|\d+\b)"
    r"|, (?:Ltd|Inc|Limited|LLC|plc|PLC|AG|SE|SA|NV|S\.A|N\.V)\b\.?)*"
)
_NAME_STOPWORDS = _words(
    "The A An In On At For And But Of By From With As Its Their Shares Rival Unit Both Analysts It He "
    "She They We I This That These Those Meanwhile However Also Then Stock Stocks Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Reuters Bloomberg Update UPDATE Buy Sell Watch See Read Like "
    "Unlike Since Traders Investors"
)
_ADJACENT_GAP = re.compile(r"(?:['\u2019]s?)?[\s,]*")


@dataclass(frozen=True)
class TagSpan:
    """One ticker as printed, with its reading.

    Attributes
    ----------
    start, end : int
        The ticker's span (brackets excluded): ``text[start:end] == surface``.
    surface : str
        The text of the span (``KRX:005930``, ``7203.T``, ``$BRK.B``, ``TM``).
    style : str
        One of ``exchange_tag ric bloomberg cashtag bare widget``.
    exchange_code : str
        The venue as printed: tag prefix, RIC suffix or Bloomberg code; "" when none.
    code : str
        The local code as printed (upper case; a RIC's class letter included).
    mic, symbol : str or None
        The venue and the Yahoo symbol; ``mic`` is None when no venue is printed.
    reason : str
        Why ``symbol`` is None (empty when resolved).
    note : str
        How a reading was decided (TSE Tokyo/Toronto, US convention, ...).
    name_before : tuple of int or None
        ``(start, end)`` of the nearest capitalised name candidate before the tag
        in the same clause (after any earlier tag), possessive excluded.
    name_adjacent : bool
        True when only spaces, a comma or a possessive stand between that name
        and the tag's bracket ("Toyota Motor Corp. (7203.T)").
    """

    start: int
    end: int
    surface: str
    style: Style
    exchange_code: str
    code: str
    mic: str | None
    symbol: str | None
    reason: str = ""
    note: str = ""
    name_before: tuple[int, int] | None = None
    name_adjacent: bool = False

    @property
    def resolved(self) -> bool:
        """True when the tag gives a Yahoo symbol."""
        return self.symbol is not None


@dataclass(frozen=True)
class _Candidate:
    outer_start: int  # including the bracket, for overlaps and the name search
    outer_end: int
    rank: int  # lower wins when two candidates start together
    span: TagSpan


def _plain_symbol(code: str) -> str:
    """Yahoo's spelling of a US-style code: class shares with a dash (``BRK.B``, ``BRK/B`` -> ``BRK-B``)."""
    return code.replace(".", "-").replace("/", "-")


def _from_resolved(
    start: int,
    end: int,
    text: str,
    style: Style,
    venue: str,
    code: str,
    res: ResolvedTag | str,
    note: str = "",
) -> TagSpan:
    if isinstance(res, str):
        return TagSpan(start, end, text[start:end], style, venue, code, None, None, reason=res, note=note)
    return TagSpan(
        start, end, text[start:end], style, venue, code, res.mic, res.symbol, note=res.note or note
    )


def _exchange_tags(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _PREFIX_TAG.finditer(text):
        prefix, code = m["prefix"], m["code"]
        opened, closed = m["open"], m["close"]
        wrapped = bool(opened) and bool(closed) and _OPENERS[opened.strip()] == closed.strip()
        if not is_known_prefix(prefix):
            spaced = bool(m["sp1"]) or bool(m["sp2"])
            if not (_UNMISTAKABLE_PREFIX.fullmatch(prefix) and (wrapped or not spaced)):
                continue  # "NOTE: SEE", "Q1:2025", "CEO: ..." stay text
        start, end = m.start("prefix"), m.end("code")
        span = _from_resolved(
            start, end, text, "exchange_tag", prefix.upper(), code, resolve_tag(prefix, code)
        )
        outer = (m.start(), m.end()) if wrapped else (start, end)
        out.append(_Candidate(outer[0], outer[1], 0, span))
    return out


def _resolve_ric(start: int, end: int, text: str, root: str, cls: str, sfx: str) -> TagSpan | None:
    code = root + (f".{cls.upper()}" if cls else "")
    if sfx not in RIC_SUFFIXES:
        mic = _ALL_RIC.get(sfx)
        if mic is None:
            return None
        why = f"RIC suffix .{sfx} is {VENUES[mic].name} (MIC {mic}), which marketreact.reference.venues does not cover yet"
        return TagSpan(start, end, text[start:end], "ric", sfx, code, None, None, reason=why)
    if len(root) < 2 and sfx not in ("N", "O"):
        return None  # "(U.S)" is no Swiss ticker
    mic = RIC_SUFFIXES[sfx]
    if mic in _RIC_ROOT_DIFFERS:
        why = (
            f"RIC {code}.{sfx}: on {EXCHANGES[mic].name} a RIC root may differ from the Yahoo ticker "
            f"(SAPG.DE is SAP.DE); take the listing of the company named beside it from the security master, "
            f"or write the tag as {mic}:<ticker>"
        )
        return TagSpan(start, end, text[start:end], "ric", sfx, code, mic, None, reason=why)
    return _from_resolved(start, end, text, "ric", sfx, code, resolve_tag(mic, code))


def _resolve_bloomberg(start: int, end: int, text: str, root: str, sfx: str) -> TagSpan | None:
    code = root.rstrip("/").replace("/", ".")
    if sfx == "US":
        note = f"{code} US is Bloomberg's US composite: symbol {_plain_symbol(code)}, venue from the master"
        return TagSpan(
            start, end, text[start:end], "bloomberg", sfx, code, None, _plain_symbol(code), note=note
        )
    if sfx == "CH":
        mic = {"6": "XSHG", "9": "XSHG", "0": "XSHE", "2": "XSHE", "3": "XSHE"}.get(code[:1], "")
        if not mic or len(code) != 6 or not code.isdigit():
            why = f"{code} CH: not a Shanghai (6xxxxx) or Shenzhen (0/2/3xxxxx) A-share code"
            return TagSpan(start, end, text[start:end], "bloomberg", sfx, code, None, None, reason=why)
        note = f"{code} CH read as {EXCHANGES[mic].name} (by its first digit)"
        return _from_resolved(start, end, text, "bloomberg", sfx, code, resolve_tag(mic, code), note)
    if sfx not in BLOOMBERG_CODES:
        other = _ALL_BBG.get(sfx)
        if other is None:
            return None
        why = f"Bloomberg code {sfx} is {VENUES[other].name} (MIC {other}), which marketreact.reference.venues does not cover yet"
        return TagSpan(start, end, text[start:end], "bloomberg", sfx, code, None, None, reason=why)
    return _from_resolved(start, end, text, "bloomberg", sfx, code, resolve_tag(BLOOMBERG_CODES[sfx], code))


def _bare_item(item: str) -> bool:
    if not _BARE.fullmatch(item):
        return False
    if item.isdigit():
        return not _YEAR_LIKE.fullmatch(item)
    letters = item.lstrip("^")
    return (
        len(letters) >= 2
        and item.upper() not in NOT_TICKERS
        and (item.startswith("^") or not is_known_prefix(letters))
    )


def _bracket_groups(text: str) -> list[_Candidate]:
    """RICs, Bloomberg codes and bare codes inside (), [] or <>; one candidate per listed code."""
    out: list[_Candidate] = []
    for g in _GROUP.finditer(text):
        opener, closer = text[g.start()], text[g.end() - 1]
        if _OPENERS[opener] != closer:
            continue
        items: list[tuple[int, int]] = []
        pos = g.start("body")
        for part in re.finditer(r"[^,;]+", g["body"]):
            raw = part[0]
            lead = len(raw) - len(raw.lstrip())
            s = pos + part.start() + lead
            items.append((s, s + len(raw.strip())))
        strong: list[_Candidate] = []
        bare: list[tuple[int, int]] = []
        for s, e in items:
            item = text[s:e]
            if not item or ":" in item or item.startswith("$"):
                continue  # exchange tags and cashtags have their own regexes
            if m := _RIC.fullmatch(item):
                span = _resolve_ric(s, e, text, m["root"], m["cls"] or "", m["sfx"])
                if span is not None:
                    strong.append(_Candidate(g.start(), g.end(), 1, span))
                    continue
            if m := _BBG.fullmatch(item):
                span = _resolve_bloomberg(s, e, text, m["root"], m["sfx"])
                if span is not None:
                    strong.append(_Candidate(g.start(), g.end(), 2, span))
                    continue
            if _bare_item(item):
                bare.append((s, e))
        out += strong
        # A bare list counts only when every item in the brackets is a code ("(GOOGL, GOOG)").
        if bare and not strong and len(bare) == len(items):
            for s, e in bare:
                out.append(_Candidate(g.start(), g.end(), 4, _bare_span(text, s, e)))
    return out


def _bare_span(text: str, s: int, e: int) -> TagSpan:
    item = text[s:e]
    if item.isdigit():
        why = (
            f"bare code {item!r}: no exchange printed (4 digits may be Tokyo or Taiwan, 6 Shanghai, Shenzhen "
            "or Korea); take the listing of the company named beside it, or write the tag with its exchange"
        )
        return TagSpan(s, e, item, "bare", "", item, None, None, reason=why)
    note = f"bare {item}: no exchange printed; read as the Yahoo symbol {_plain_symbol(item)} (US convention)"
    return TagSpan(s, e, item, "bare", "", item, None, _plain_symbol(item), note=note)


def _loose_codes(text: str) -> list[_Candidate]:
    """Cashtags and ticker widgets (not bracketed)."""
    out: list[_Candidate] = []
    for m in _CASHTAG.finditer(text):
        code, sym = m["code"], _plain_symbol(m["code"])
        note = f"cashtag ${code}: no exchange printed; Yahoo symbol {sym}"
        span = TagSpan(m.start(), m.end(), m[0], "cashtag", "", code, None, sym, note=note)
        out.append(_Candidate(m.start(), m.end(), 3, span))
    for m in _WIDGET.finditer(text):
        code = m["code"]
        if code in NOT_TICKERS or is_known_prefix(code.split(".")[0].split("-")[0]):
            continue
        note = f"quote widget {code}: no exchange printed; Yahoo symbol {_plain_symbol(code)}"
        span = TagSpan(
            m.start("code"), m.end("code"), code, "widget", "", code, None, _plain_symbol(code), note=note
        )
        out.append(_Candidate(m.start(), m.end(), 5, span))
    return out


def _name_before(text: str, opener: int, floor: int) -> tuple[tuple[int, int] | None, bool]:
    """Nearest capitalised name candidate in ``text[floor:opener]`` within the tag's clause."""
    lo = max(floor, opener - _WINDOW, 0)
    window = text[lo:opener]
    cut = 0
    for b in _BOUNDARY.finditer(window):
        if b[0] == ".":
            word = re.search(r"(\w+)$", window[: b.start()])
            if word and (word[1] in _ABBREVIATIONS or len(word[1]) == 1):
                continue  # "Toyota Motor Corp. (7203.T)", "U.S. firm"
        cut = b.end()
    best: tuple[int, int] | None = None
    for m in _NAME_RUN.finditer(window, cut):
        words = [(w.start(), w.end()) for w in re.finditer(r"\S+", m[0])]
        while words and m[0][words[0][0] : words[0][1]].strip(",") in _NAME_STOPWORDS | {
            "of",
            "de",
            "and",
            "&",
        }:
            words.pop(0)
        while words and m[0][words[-1][0] : words[-1][1]].strip(",") in _NAME_STOPWORDS:
            words.pop()
        # "Taiwan's TSMC": the name is what follows the possessive.
        owners = [i for i, (a, b) in enumerate(words[:-1]) if m[0][a:b].endswith(("'s", "\u2019s"))]
        if owners:
            words = words[owners[-1] + 1 :]
        if words:
            s, e = lo + m.start() + words[0][0], lo + m.start() + words[-1][1]
            while e > s and text[e - 1] in ",":
                e -= 1
            if text[e - 2 : e] in ("'s", "\u2019s"):
                e -= 2
            best = (s, e)
    if best is None:
        return None, False
    return best, _ADJACENT_GAP.fullmatch(text, best[1], opener) is not None


def find_all_tags(text: str) -> list[TagSpan]:
    """Find every ticker span in ``text``, read it, and name the company printed right before it.

    Parameters
    ----------
    text : str
        Article text; spans index into it.

    Returns
    -------
    list of TagSpan
        In text order, non-overlapping (at one position the stronger style wins:
        exchange tag, RIC, Bloomberg, cashtag, bare code, widget). Bare codes
        are kept only right after a name.
    """
    candidates = _exchange_tags(text) + _bracket_groups(text) + _loose_codes(text)
    candidates.sort(key=lambda c: (c.outer_start, c.rank, c.span.start))
    kept: list[_Candidate] = []
    taken_end = -1  # end of the last kept candidate's outer span: candidates are sorted by start
    for c in candidates:
        same_group = kept and c.outer_start == kept[-1].outer_start and c.rank == kept[-1].rank
        if same_group and c.span.start >= kept[-1].span.end:
            kept.append(c)  # the next code of one bracketed list
        elif c.outer_start >= taken_end:
            kept.append(c)
        else:
            continue
        taken_end = max(taken_end, c.outer_end)
    out: list[TagSpan] = []
    floor = 0
    last_outer = (-1, -1)
    for c in kept:
        if (c.outer_start, c.outer_end) != last_outer:
            name, adjacent = _name_before(text, c.outer_start, floor)
            last_outer = (c.outer_start, c.outer_end)
        if c.span.style == "bare" and not adjacent:
            floor = c.outer_end
            continue  # a bracketed code is a ticker only beside a name
        out.append(_with_name(c.span, name, adjacent))
        floor = max(floor, c.outer_end)
    return out


def _with_name(span: TagSpan, name: tuple[int, int] | None, adjacent: bool) -> TagSpan:
    return replace(span, name_before=name, name_adjacent=adjacent)
