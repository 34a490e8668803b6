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

import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marketreact.reference import paths as _paths
from marketreact.reference.securities import SecurityMaster

__all__ = ["Candidate", "NameHit", "NameMatcher", "matcher_for"]

_TOKEN = re.compile(r"\w+(?:&\w+)*")
# What may stand between two tokens of one name.
_JOIN = re.compile(r"[ \t\r\n\f\v\-]+|\.[ \t]?|&|\s*&\s*|['’]")
_VERSION = 3  # bump when the table layout or key rules change


@dataclass(frozen=True)
class Candidate:
    """Who a key may name: a company, and for a subsidiary's own name its listing."""

    company_id: str
    kind: str  # "name" (the company's name), "alias", "subsidiary", "short" (distinctive first word)
    symbol: str | None = None


@dataclass(frozen=True)
class NameHit:
    """One place in the text where a key of the table matches; ``text[start:end]`` is the name."""

    start: int
    end: int
    key: str
    candidates: tuple[Candidate, ...]


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The word tokens of ``text`` (``AT&T`` is one token)."""
    return _TOKEN.finditer(text)


def _variants(name: str) -> set[str]:
    base = " ".join(name.split())
    out = {base}
    letters = [c for c in base if c.isalpha()]
    if len(base) >= 4 and base.upper() != base:
        out.add(base.upper())
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        out.add(" ".join(w.capitalize() if w.isalpha() and len(w) > 2 else w for w in base.split()))
    return out


class NameMatcher:
    """Keys (token tuples) by first token, each with its candidates."""

    def __init__(self, entries: Iterable[tuple[str, Candidate]]) -> None:
        table: dict[str, dict[tuple[str, ...], tuple[str, list[Candidate]]]] = {}
        for name, cand in entries:
            for variant in _variants(name):
                toks = tuple(m[0] for m in _TOKEN.finditer(variant))
                if not toks:
                    continue
                slot = table.setdefault(toks[0], {})
                _, cands = slot.setdefault(toks, (variant, []))
                if cand not in cands:
                    cands.append(cand)
        self._table = {
            first: sorted(
                ((toks, key, tuple(c)) for toks, (key, c) in slot.items()), key=lambda e: -len(e[0])
            )
            for first, slot in table.items()
        }

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
            for key_toks, key, cands in keys:  # longest first
                n = len(key_toks)
                if tuple(words[i : i + n]) != key_toks or not self._joined(text, toks, i, n):
                    continue
                hits.append(NameHit(toks[i].start(), toks[i + n - 1].end(), key, cands))
                break
        return hits

    @staticmethod
    def _joined(text: str, toks: list[re.Match[str]], i: int, n: int) -> bool:
        return all(_JOIN.fullmatch(text, toks[k].end(), toks[k + 1].start()) for k in range(i, i + n - 1))


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, so long tables stay readable."""
    return frozenset(text.split())


# Words that, as the first word of a company's name, do not name it alone ("General", "China").
_GENERIC_FIRST = _words(
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
    World Planet Earth Solar Wind Water Clean Future Quantum Cyber Cloud Meta Open
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
    if first.isupper() and len(first) < 5:
        return None  # short acronyms ("ABC Holdings") are too often other things
    return first


def build_entries(master: SecurityMaster) -> Iterator[tuple[str, Candidate]]:
    """Every (name, candidate) pair of the master: names, aliases, subsidiary names, short names."""
    for company in master.companies.values():
        cid = company.company_id
        yield company.name, Candidate(cid, "name")
        for alias in company.aliases:
            if alias != company.name:
                yield alias, Candidate(cid, "alias")
        for lst in company.listings:
            if lst.listing_type == "subsidiary":
                yield lst.name, Candidate(cid, "subsidiary", lst.symbol)
        short = short_name(company.name)
        if short is not None and company.listed:
            yield short, Candidate(cid, "short")


_MEMO: dict[str, NameMatcher] = {}


def matcher_for(master: SecurityMaster) -> NameMatcher:
    """The matcher of ``master``: from memory, else the disk cache (keyed by the master's fingerprint), else built."""
    key = f"{master.fingerprint}-v{_VERSION}"
    if not master.fingerprint:
        return NameMatcher(build_entries(master))  # an in-memory master: nothing to key a cache on
    if key in _MEMO:
        return _MEMO[key]
    path = _paths.cache_dir() / "matcher" / f"{key[:40]}.pkl"
    matcher: NameMatcher | None = None
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, NameMatcher):
            matcher = loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        matcher = None
    if matcher is None:
        matcher = NameMatcher(build_entries(master))
        _save(path, matcher)
    _MEMO.clear()  # one master per process is the common case; keep memory bounded
    _MEMO[key] = matcher
    return matcher


def _save(path: Path, matcher: NameMatcher) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return  # an unwritable cache only costs speed
