"""Company names in text, found in time linear in the text: a token trie built once per security master.

Every name and alias of the master is split into word tokens and stored under
its first token (a dict), so a scan is one dict look-up per token of the text
plus a comparison of the few keys that start there. The table is built once
per master and kept on disk (user cache) under the master's fingerprint.

Case rule: a key matches as written in the master ("Apple", never "apple" the
fruit); keys of four or more characters also match in ALL CAPS (headline style),
and a name the sources print in capitals ("NVIDIA CORP") also in title case
("Nvidia Corp"). Tokens may be separated by any whitespace (line breaks
included) or a hyphen; a possessive ("Nissan's") ends a name.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from marketreact.reference import paths as _paths
from marketreact.reference.securities import SecurityMaster
from marketreact.text.names import LEGAL_FORMS, is_generic, matchable, usable_key, words

__all__ = ["SHORT_KINDS", "Candidate", "NameHit", "NameMatcher", "matcher_for"]

#: Candidate kinds that are a word of a name rather than a name: they need the short-name rules.
SHORT_KINDS = frozenset({"short", "stem"})

_TOKEN = re.compile(r"\w+(?:&\w+)*")
# What may stand between two tokens of one name.
_JOIN = re.compile(r"[ \t\r\n\f\v\-]+|\.[ \t]?|&|\s*&\s*|['’]")
_VERSION = 5  # bump when the table layout or key rules change


class Candidate(NamedTuple):
    """Who a key may name: a company, and for a subsidiary's own name its listing."""

    company_id: str
    # "name" (the company's name), "alias", "subsidiary", "short" (distinctive first word), "stem" (a
    # one-word name without its legal form: "Siemens" of "Siemens Aktiengesellschaft")
    kind: str
    symbol: str | None = None


@dataclass(frozen=True)
class NameHit:
    """One place in the text where a key of the table matches; ``text[start:end]`` is the name."""

    start: int
    end: int
    key: str
    candidates: tuple[Candidate, ...]
    generic: bool = False  # every word of the key is an English word: needs corroboration


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The word tokens of ``text`` (``AT&T`` is one token)."""
    return _TOKEN.finditer(text)


# Legal forms as news abbreviates them ("Sumitomo Corp" for "Sumitomo Corporation").
_ABBREVIATED = (("Corporation", "Corp"), ("Company", "Co"), ("Limited", "Ltd"), ("Incorporated", "Inc"))
# Trailing words a news name often drops ("CK Asset" for "CK Asset Holdings", "Longfor" for "Longfor Group").
_DROPPABLE_TAIL = frozenset({"Holdings", "Holding", "Group"})


_LEGAL_TAIL = LEGAL_FORMS


def _ascii(text: str) -> str:
    """``text`` without diacritics ("Nestlé" -> "Nestle"): news in English often drops them."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _spellings(base: str) -> set[str]:
    """The spellings of one name: as written, with its legal form dropped one word at a time ("Mitsui & Co.,
    Ltd." -> "Mitsui & Co." -> "Mitsui"), abbreviated legal forms, without a trailing "Holdings"/"Group"."""
    out = {base}
    folded = _ascii(base)
    if folded != base and len(folded) >= 0.8 * len(base):
        out.add(" ".join(folded.split()))
    words = base.split()
    trimmed = list(words)
    while len(trimmed) > 1 and trimmed[-1].rstrip(",") in _LEGAL_TAIL:
        trimmed.pop()
        while trimmed and trimmed[-1] in ("&", ",", "-"):
            trimmed.pop()
        if len(trimmed) > 1:  # one word left is a short name, with the short-name rules (build_entries)
            out.add(" ".join(trimmed).rstrip(",").rstrip())
    for full, short in _ABBREVIATED:
        if words and words[-1].rstrip(".,") == full:
            out.add(" ".join([*words[:-1], short]))
    if len(words) >= 3 and words[-1] in _DROPPABLE_TAIL:
        out.add(" ".join(words[:-1]))
    if len(words) > 1 and any(w[:1].islower() and w.isalpha() for w in words[1:]):
        # "SK hynix" is printed "SK Hynix" in news
        out.add(" ".join([words[0], *(w[:1].upper() + w[1:] if w.isalpha() else w for w in words[1:])]))
    if any(len(w) > 3 and w.isalpha() and w.isupper() for w in words) and not base.isupper():
        # "HANMI Semiconductor" is printed "Hanmi Semiconductor" in news
        out.add(" ".join(w.capitalize() if len(w) > 3 and w.isalpha() and w.isupper() else w for w in words))
    return out


def _legal_stem(name: str) -> str | None:
    """The one word left of a name without its legal form ("Siemens" of "Siemens Aktiengesellschaft")."""
    words = [w.rstrip(",") for w in name.split()]
    while len(words) > 1 and words[-1] in _LEGAL_TAIL:
        words.pop()
    return words[0] if len(words) == 1 and len(name.split()) > 1 else None


def _variants(name: str) -> set[str]:
    """Every spelling a key of ``name`` is matched in (see the module docstring for the case rule)."""
    out: set[str] = set()
    for base in _spellings(" ".join(name.split())):
        out.add(base)
        letters = [c for c in base if c.isalpha()]
        if len(base) >= 4 and base.upper() != base:
            out.add(base.upper())
        if letters and all(c.isupper() for c in letters) and len(letters) > 3:
            out.add(" ".join(w.capitalize() if w.isalpha() and len(w) > 2 else w for w in base.split()))
    return out


# One key of the table: its tokens, its spelling, its candidates as plain tuples (so that the
# whole table is builtins only and loads with marshal, several times faster than pickle).
_Key = tuple[tuple[str, ...], str, tuple[tuple[str, str, str | None], ...], bool]


class NameMatcher:
    """Keys (token tuples) by first token, each with its candidates."""

    def __init__(self, table: dict[str, tuple[_Key, ...]]) -> None:
        self._table = table
        self._first: frozenset[str] | None = None

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Candidate]]) -> NameMatcher:
        """The matcher of ``(name, candidate)`` pairs (see :func:`build_entries`)."""
        table: dict[str, dict[tuple[str, ...], tuple[str, list[tuple[str, str, str | None]]]]] = {}
        for name, cand in entries:
            plain = (cand.company_id, cand.kind, cand.symbol)
            for variant in _variants(name):
                toks = tuple(m[0] for m in _TOKEN.finditer(variant))
                if not toks:
                    continue
                slot = table.setdefault(toks[0], {})
                _, cands = slot.setdefault(toks, (variant, []))
                if plain not in cands:
                    cands.append(plain)
        return cls(
            {
                first: tuple(
                    sorted(
                        ((toks, key, tuple(c), is_generic(toks)) for toks, (key, c) in slot.items()),
                        key=lambda e: -len(e[0]),
                    )
                )
                for first, slot in table.items()
            }
        )

    def first_words(self) -> frozenset[str]:
        """Every word that starts a key of the table ("Dongfeng" of "Dongfeng Motor Group")."""
        if self._first is None:
            self._first = frozenset(self._table)
        return self._first

    def __len__(self) -> int:
        return sum(len(v) for v in self._table.values())

    def find(self, text: str) -> list[NameHit]:
        """Every longest key at every token of ``text`` (overlapping hits included; the caller chooses)."""
        toks = list(_TOKEN.finditer(text))
        words = [m[0] for m in toks]
        hits: list[NameHit] = []
        table = self._table
        for i, word in enumerate(words):
            keys = table.get(word)
            if keys is None:
                continue
            for key_toks, key, cands, generic in keys:  # longest first
                n = len(key_toks)
                if tuple(words[i : i + n]) != key_toks or not self._joined(text, toks, i, n):
                    continue
                hits.append(
                    NameHit(
                        toks[i].start(),
                        toks[i + n - 1].end(),
                        key,
                        tuple(Candidate(*c) for c in cands),
                        generic,
                    )
                )
                break
        return hits

    @staticmethod
    def _joined(text: str, toks: list[re.Match[str]], i: int, n: int) -> bool:
        return all(_JOIN.fullmatch(text, toks[k].end(), toks[k + 1].start()) for k in range(i, i + n - 1))


# Words that, as the first word of a company's name, do not name it alone ("General", "China").
_GENERIC_FIRST = words(
    """
    The A An American Americas General United National First Global International Universal China
    Chinese Japan Japanese Korea Korean Taiwan Hong Kong Asia Asian Pacific Euro Europe European North
    South East West Northern Southern Eastern Western New Great Royal Capital Energy Resources Holdings
    Group Industries Industrial Technologies Technology Tech Digital Bank Banco Financial Investment
    Investments Trust Real Green Blue Golden Gold Silver Star Sun Alpha Beta Smart Advanced Applied
    Integrated Medical Health Healthcare Bio Pharma Power Electric Oil Gas Steel Shanghai Shenzhen
    Beijing Guangzhou Tokyo Osaka Seoul Taipei India Indian Canadian Canada Australian Australia British
    German France French Swiss Italian Spanish Dutch Nordic Mexican Brazil Brazilian City Central Home
    Life Mobile Network Data Software Systems Solutions Services Service Partners Company Corporation
    Corp Inc Limited Media Entertainment Food Foods Auto Motor Motors Air Airlines Marine Ocean River
    Mountain Land Property Properties Development Mining Metals Chemical Chemicals Materials Paper
    Construction Engineering Electronics Semiconductor Semiconductors Communications Telecom Insurance
    Life Securities Fund Funds Index Income Value Growth Dividend Select Premier Prime Pure Total
    Standard Union Federal State Public Western Atlantic Texas California Florida York Boston Chicago
    Hudson Liberty Heritage Pioneer Frontier Summit Apex Vertex Delta Omega Nova Neo Next One Two Three
    World Planet Earth Solar Wind Water Clean Future Quantum Cyber Cloud Open
    America Africa Australia Mexico Brazil Germany Britain Italy Spain Singapore London Paris Washington
    Berlin Frankfurt Zurich Toronto Sydney Seoul Taipei Dubai Israel Russia Turkey Thailand Malaysia Vietnam
    """
)


def short_name(name: str) -> str | None:
    """The distinctive first word of a multi-word company name ("Samsung" of "Samsung Electronics"), or None."""
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0].rstrip(",")
    if len(first) < 4 or not first[:1].isupper() or not first.isalpha() or first in _GENERIC_FIRST:
        return None
    if first.isupper() and len(first) < 4:
        return None  # short acronyms ("ABC Holdings") are too often other things
    return first


def build_entries(master: SecurityMaster) -> Iterator[tuple[str, Candidate]]:
    """Every usable (name, candidate) pair of the master (rules: :mod:`marketreact.text.names`)."""
    for company in master.companies.values():
        if not matchable(company):
            continue
        cid = company.company_id
        names = [(company.name, "name"), *((a, "alias") for a in company.aliases if a != company.name)]
        for name, kind in names:
            if usable_key(name, company, short=False):
                yield name, Candidate(cid, kind)
        for lst in company.listings:
            if lst.listing_type == "subsidiary" and usable_key(lst.name, company, short=False):
                yield lst.name, Candidate(cid, "subsidiary", lst.symbol)
        stem = _legal_stem(company.name)
        short = short_name(company.name) or stem
        if short is not None and company.listed and usable_key(short, company, short=True):
            # A curated row lists every name it goes by: its stem is not inferred ("Mitsubishi" is not
            # Mitsubishi Corporation's name; the reviewers left it out of its aliases).
            own = short == stem and company.source != "curated"
            yield short, Candidate(cid, "stem" if own else "short")


_MEMO: dict[str, NameMatcher] = {}


@functools.cache
def _rules_digest() -> str:
    """Digest of the code that decides the table (this module and the name rules): a change rebuilds it."""
    from marketreact.text import names

    digest = hashlib.sha256(f"v{_VERSION}".encode())
    for module in (__file__, names.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:12]


def matcher_for(master: SecurityMaster) -> NameMatcher:
    """The matcher of ``master``: from memory, else the disk cache (keyed by the master's fingerprint), else built."""
    if not master.fingerprint:
        return NameMatcher.build(build_entries(master))  # an in-memory master: nothing to key a cache on
    # marshal's format is specific to the Python version: part of the key.
    key = f"{master.fingerprint[:32]}-{_rules_digest()}-py{sys.version_info[0]}{sys.version_info[1]}"
    if key in _MEMO:
        return _MEMO[key]
    path = _paths.cache_dir() / "matcher" / f"{key}.marshal"
    matcher: NameMatcher | None = None
    try:
        with _paths.no_gc():
            table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            matcher = NameMatcher(table)
    except (OSError, ValueError, EOFError, TypeError):
        matcher = None  # no cache yet, or a damaged one: rebuilt below
    if matcher is None:
        matcher = NameMatcher.build(build_entries(master))
        _save(path, matcher)
    _MEMO.clear()  # one master per process is the common case; keep memory bounded
    _MEMO[key] = matcher
    return matcher


def _save(path: Path, matcher: NameMatcher) -> None:
    _paths.write_cache(path, marshal.dumps(matcher._table))
