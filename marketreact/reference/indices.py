"""Major stock indices: the hand-written fact table and a resolver for the names news uses.

The facts live in ``data/reference/indices.csv`` (one row per index, a ``source``
column per row). :func:`load_indices` reads and validates that table into an
:class:`IndexTable`; :func:`find_index_mentions` finds the spans of a text that
name an index ("the Nikkei share average", "Taiwan's main index", ".N225").

Matching rules (see ``docs/index_names.md`` for the news constructions behind them):

* One compiled pattern (a character trie of every name, RIC and Yahoo symbol,
  plus names that are *not* indices such as "Nikkei Asia" or "Dow Inc") is run
  once over the text, so the cost grows with the text, not with the names.
* Name parts may be joined by spaces, hyphens or nothing ("CAC 40", "CAC-40",
  "EuroStoxx50"). One-word names are matched with the case as listed (so "SOX"
  but not "Red Sox", "Nifty" but not "nifty", "Dow" but not "DOW" the ticker);
  longer names ignore case ("the Nikkei Stock Average", "NASDAQ COMPOSITE").
* Names listed in ``context_required`` ("Nikkei", "Dow", "S&P", "Nasdaq", ...)
  also name a newspaper, a company, a ratings agency or a venue. They count as
  an index only with index words nearby (rose, fell, closed, points, index,
  futures, ...) and without a cue for the other meaning ("told the Nikkei",
  "the Nikkei reported", "S&P downgraded", "listed on the Nasdaq", "(NASDAQ:AAPL)").
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marketreact.errors import InvalidParameter, MarketReactError, UnknownSymbol
from marketreact.reference._index_rules import (
    CONTEXT_WINDOW,
    NOT_INDEX_NAMES,
    VENUE_NAMES,
    context_cue,
    media_or_company_cue,
    venue_cue,
)
from marketreact.reference.paths import data_dir

__all__ = [
    "COLUMNS",
    "CURRENCIES",
    "KINDS",
    "IndexInfo",
    "IndexMention",
    "IndexTable",
    "default_path",
    "find_index_mentions",
    "load_indices",
]

COLUMNS = (
    "index_id",
    "name",
    "kind",
    "yahoo",
    "no_series",
    "ric",
    "mic",
    "country",
    "currency",
    "proxy_etf",
    "names",
    "context_required",
    "source",
)
KINDS = frozenset({"equity", "volatility"})
# The quote currencies of the indices we carry; a new one is added here on purpose, not by a typo.
CURRENCIES = frozenset(
    {"USD", "JPY", "CNY", "HKD", "TWD", "KRW", "EUR", "GBP", "CHF", "AUD", "CAD", "INR", "SGD"}
)

_SLUG = re.compile(r"[a-z][a-z0-9_]*\Z")
_RIC = re.compile(r"\.[A-Z0-9]+\Z")
_MIC = re.compile(r"[A-Z]{4}\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_SYMBOL = re.compile(r"[A-Za-z0-9^.=\-]+\Z")
# Name parts are joined by any run of spaces/hyphens/dashes in text, or by nothing.
_SEP_CHARS = "\\s\\-\u2010\u2011\u2012\u2013"
_SEP = f"[{_SEP_CHARS}]*"
_SPLIT = re.compile(f"[{_SEP_CHARS}]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class IndexInfo:
    """One row of the index table.

    Attributes
    ----------
    index_id : str
        Slug, unique (``nikkei225``).
    name : str
        Official name.
    kind : str
        ``equity`` or ``volatility``.
    yahoo : str or None
        Yahoo symbol of the index series; None when Yahoo has none (then ``no_series``).
    no_series : bool
        True when no Yahoo series exists (TOPIX, some MSCI indices): use ``proxy_etf``.
    ric : str or None
        Reuters instrument code with its leading dot (``.N225``); None when unconfirmed.
    mic : str or None
        Home venue whose calendar the sessions follow; None for multi-market indices.
    country : str or None
        ISO 3166 alpha-2; None for regional indices.
    currency : str
        Quote currency (ISO 4217).
    proxy_etf : str or None
        Yahoo symbol of an ETF that tracks the index.
    names : tuple of str
        The names news uses for it.
    context_required : frozenset of str
        The subset of ``names`` that also mean something else and need index context.
    source : str
        Where each fact was checked.
    """

    index_id: str
    name: str
    kind: str
    yahoo: str | None
    no_series: bool
    ric: str | None
    mic: str | None
    country: str | None
    currency: str
    proxy_etf: str | None
    names: tuple[str, ...]
    context_required: frozenset[str]
    source: str


@dataclass(frozen=True)
class IndexMention:
    """A span of text that names an index; ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    index_id: str
    yahoo: str | None
    ric: str | None
    no_series: bool
    evidence: str


@dataclass(frozen=True)
class _Name:
    listed: str  # the spelling as listed
    index_id: str | None  # None: a name that is not an index (blocks shorter matches)
    how: str  # "name", "RIC", "Yahoo symbol", "not an index"
    case_sensitive: bool
    needs_context: bool


def _parts(name: str) -> list[str]:
    return [p for p in _SPLIT.split(name.translate(_APOSTROPHES)) if p]


def _key(surface: str) -> str:
    """Lookup key of a surface: separators dropped, apostrophes unified, lower case."""
    return "".join(_parts(surface)).lower()


def _exact(surface: str) -> str:
    return "".join(_parts(surface))


class IndexTable:
    """The validated index table, with look-ups by id, RIC and Yahoo symbol.

    Parameters
    ----------
    indices : iterable of IndexInfo
        The rows. Ids, RICs, Yahoo symbols and the names (after case folding and
        dropping separators) must each be unique across rows.
    """

    def __init__(self, indices: Iterable[IndexInfo]) -> None:
        self._rows: tuple[IndexInfo, ...] = tuple(indices)
        self._by_id: dict[str, IndexInfo] = {}
        self._by_ric: dict[str, IndexInfo] = {}
        self._by_yahoo: dict[str, IndexInfo] = {}
        for info in self._rows:
            _unique(self._by_id, info.index_id, info, "index_id")
            if info.ric:
                _unique(self._by_ric, info.ric, info, "ric")
            if info.yahoo:
                _unique(self._by_yahoo, info.yahoo, info, "yahoo")
        self._names = _name_table(self._rows)
        self._pattern = _compile(name.listed for names in self._names.values() for name in names)

    def __iter__(self) -> Iterator[IndexInfo]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def ids(self) -> tuple[str, ...]:
        """All index ids, in table order."""
        return tuple(self._by_id)

    def get(self, index_id: str) -> IndexInfo:
        """The row with id ``index_id``; raise :class:`UnknownSymbol` otherwise."""
        return _look_up(self._by_id, index_id, "index ids")

    def by_ric(self, ric: str) -> IndexInfo:
        """The index whose Reuters code is ``ric`` (leading dot included, e.g. ``.N225``)."""
        return _look_up(self._by_ric, ric, "index RICs")

    def by_yahoo(self, symbol: str) -> IndexInfo:
        """The index whose Yahoo series is ``symbol`` (e.g. ``^N225``)."""
        return _look_up(self._by_yahoo, symbol, "index Yahoo symbols")


def _unique(seen: dict[str, IndexInfo], key: str, info: IndexInfo, column: str) -> None:
    if key in seen:
        raise InvalidParameter(
            f"indices {column}",
            key,
            f"used by both {seen[key].index_id!r} and {info.index_id!r}; each {column} must be unique",
        )
    seen[key] = info


def _look_up(table: dict[str, IndexInfo], key: str, what: str) -> IndexInfo:
    try:
        return table[key]
    except KeyError:
        raise UnknownSymbol(
            key, f"the {what} of data/reference/indices.csv", f"known: {', '.join(sorted(table))}"
        ) from None


def _name_table(rows: Iterable[IndexInfo]) -> dict[str, list[_Name]]:
    """Lookup key -> candidate names. A key may carry several spellings, all of one index."""
    entries: list[_Name] = []
    for info in rows:
        for listed in info.names:
            entries.append(
                _Name(
                    listed, info.index_id, "name", len(_parts(listed)) == 1, listed in info.context_required
                )
            )
        for how, symbol in (("RIC", info.ric), ("Yahoo symbol", info.yahoo)):
            if symbol:
                entries.append(_Name(symbol, info.index_id, how, True, False))
    entries.extend(_Name(listed, None, "not an index", False, False) for listed in NOT_INDEX_NAMES)
    table: dict[str, list[_Name]] = {}
    for entry in entries:
        key = _key(entry.listed)
        clash = [n for n in table.get(key, []) if n.index_id != entry.index_id]
        if clash:
            raise InvalidParameter(
                "indices names",
                entry.listed,
                f"reads the same as {clash[0].listed!r} ({clash[0].index_id or 'not an index'}) once case "
                "and separators are ignored; keep it in one row only",
            )
        table.setdefault(key, []).append(entry)
    return table


def _compile(names: Iterable[str]) -> re.Pattern[str]:
    """One pattern over all names: a character trie, so each text position is tried once per character.

    The trie is built over the names with separators dropped and case folded; an edge
    allows a separator run before its character where any name has a part boundary
    there, so "CSI300", "CSI 300" and "CSI 300 index" share one path. Greedy optional
    branches make the longest name win at a position ("Nikkei share average" over
    "Nikkei"); the trailing look-ahead keeps matches on word edges.
    """
    trie: dict[str, Any] = {}
    for name in set(names):
        node = trie
        for i, part in enumerate(_parts(name)):
            for j, ch in enumerate(part.lower()):
                edge = node.setdefault(ch, [False, {}])
                edge[0] = edge[0] or (i > 0 and j == 0)
                node = edge[1]
        node[""] = None  # a name ends here

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for ch, (sep, child) in sorted((k, v) for k, v in node.items() if k):
            atom = "['\u2019\u2018]" if ch == "'" else re.escape(ch)
            branches.append((_SEP if sep else "") + atom + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(r"(?<![\w.^])" + emit(trie) + r"(?!\w)", re.IGNORECASE)


def find_index_mentions(text: str, table: IndexTable) -> list[IndexMention]:
    """Find the index names in ``text``.

    Parameters
    ----------
    text : str
        Any text (an article body, a headline).
    table : IndexTable
        From :func:`load_indices`.

    Returns
    -------
    list of IndexMention
        In text order, non-overlapping; ``text[m.start:m.end] == m.surface``. Each
        carries its evidence ("name 'Nikkei share average'", "name 'Nikkei'; context:
        'fell' 1 chars after").
    """
    if not isinstance(text, str):
        raise InvalidParameter("text", type(text).__name__, "pass the article text as a str")
    found: list[IndexMention] = []
    for match in table._pattern.finditer(text):
        surface = match.group(0)
        name = _accepted_name(table._names.get(_key(surface), []), surface)
        if name is None or name.index_id is None:
            continue
        evidence = f"{name.how} {name.listed!r}"
        if name.needs_context:
            because = _context_evidence(text, match.start(), match.end(), name.listed)
            if because is None:
                continue
            evidence += "; " + because
        info = table.get(name.index_id)
        found.append(
            IndexMention(
                match.start(),
                match.end(),
                surface,
                info.index_id,
                info.yahoo,
                info.ric,
                info.no_series,
                evidence,
            )
        )
    return found


def _accepted_name(candidates: list[_Name], surface: str) -> _Name | None:
    exact = _exact(surface)
    for name in candidates:
        if not name.case_sensitive or _exact(name.listed) == exact:
            return name
    return None


def _context_evidence(text: str, start: int, end: int, listed: str) -> str | None:
    """Why an ambiguous name is an index here, or None when it is not (or it cannot tell)."""
    before = text[max(0, start - CONTEXT_WINDOW) : start]
    after = text[end : end + CONTEXT_WINDOW]
    if media_or_company_cue(before, after, listed):
        return None
    if _key(listed) in VENUE_NAMES and venue_cue(before, after):
        return None
    cue = context_cue(before, after)
    if cue is None:
        return None
    word, gap, side = cue
    return f"context: {word!r} {gap} chars {side}"


def default_path() -> Path:
    """``data/reference/indices.csv`` of the bundled data directory."""
    return data_dir() / "reference" / "indices.csv"


def load_indices(path: str | Path | None = None) -> IndexTable:
    """Read and validate the index table (memoised per path: the table and its pattern are built once)."""
    return _load_indices(str(Path(path) if path is not None else default_path()))


def index_mic(symbol: str) -> str | None:
    """The venue whose sessions the index ``symbol`` (``^N225``) follows, from the table; None if unknown."""
    try:
        return load_indices().by_yahoo(symbol).mic or None
    except MarketReactError:
        return None


@functools.cache
def _load_indices(path: str) -> IndexTable:
    """Read and validate the index table.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with :data:`COLUMNS`; default :func:`default_path`.

    Returns
    -------
    IndexTable

    Raises
    ------
    InvalidParameter
        A missing column or a bad cell (the message names the row, the column,
        the value and what is allowed), or a duplicate id / RIC / Yahoo symbol / name.
    """
    csv_path = Path(path) if path is not None else default_path()
    if not csv_path.is_file():
        raise InvalidParameter("path", str(csv_path), "no such file; pass the path of an indices.csv")
    # Read once per file version: every extraction asks for the table (a corpus, thousands of times).
    stat = csv_path.stat()
    key = (str(csv_path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _TABLES:
        _TABLES.clear()  # one table per process is the common case; keep memory bounded
        _TABLES[key] = _read_indices(csv_path)
    return _TABLES[key]


_TABLES: dict[tuple[str, int, int], IndexTable] = {}


def _read_indices(csv_path: Path) -> IndexTable:
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidParameter("path", str(csv_path), f"columns missing: {', '.join(missing)}")
        rows = [_row(raw, line, csv_path.name) for line, raw in enumerate(reader, start=2)]
    return IndexTable(rows)


def _row(raw: dict[str, str], line: int, file: str) -> IndexInfo:
    cell = {column: (raw.get(column) or "").strip() for column in COLUMNS}

    def bad(column: str, hint: str) -> InvalidParameter:
        return InvalidParameter(f"{file} line {line} column {column!r}", cell[column], hint)

    def optional(column: str, pattern: re.Pattern[str], hint: str) -> str | None:
        if not cell[column]:
            return None
        if not pattern.match(cell[column]):
            raise bad(column, hint)
        return cell[column]

    if not _SLUG.match(cell["index_id"]):
        raise bad("index_id", "a lower-case slug such as 'nikkei225'")
    for column in ("name", "source"):
        if not cell[column]:
            raise bad(column, "must not be empty")
    if cell["kind"] not in KINDS:
        raise bad("kind", f"one of {sorted(KINDS)}")
    if cell["no_series"] not in ("0", "1"):
        raise bad("no_series", "0, or 1 when Yahoo has no series for the index")
    yahoo = optional("yahoo", _SYMBOL, "a Yahoo symbol such as '^N225'")
    no_series = cell["no_series"] == "1"
    if no_series == (yahoo is not None):
        raise bad("no_series", "1 exactly when the yahoo cell is empty")
    if cell["currency"] not in CURRENCIES:
        raise bad("currency", f"one of {sorted(CURRENCIES)} (add a new one to CURRENCIES on purpose)")
    names = tuple(n.strip() for n in cell["names"].split("|"))
    if not cell["names"] or any(not n for n in names):
        raise bad("names", "'|'-separated non-empty names, e.g. 'Nikkei 225|Nikkei share average'")
    needs = frozenset(n.strip() for n in cell["context_required"].split("|") if n.strip())
    if not needs <= set(names):
        raise bad(
            "context_required",
            f"only names from the names cell; not listed there: {sorted(needs - set(names))}",
        )
    return IndexInfo(
        index_id=cell["index_id"],
        name=cell["name"],
        kind=cell["kind"],
        yahoo=yahoo,
        no_series=no_series,
        ric=optional("ric", _RIC, "a Reuters code with its leading dot, e.g. '.N225'"),
        mic=optional("mic", _MIC, "a four-letter MIC such as 'XTKS', or empty for multi-market indices"),
        country=optional("country", _COUNTRY, "ISO 3166 alpha-2 such as 'JP', or empty for regional indices"),
        currency=cell["currency"],
        proxy_etf=optional("proxy_etf", _SYMBOL, "a Yahoo ETF symbol such as 'SPY', or empty"),
        names=names,
        context_required=needs,
        source=cell["source"],
    )
