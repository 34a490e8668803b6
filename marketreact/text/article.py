"""Read a news article: its text and its publication time.

An article file is plain text or Markdown with an optional front-matter header,
either fenced by ``---`` lines or as bare ``key: value`` lines followed by a
blank line (a bare header must contain ``published``, so that a first line
such as "Note: ..." stays article text)::

    ---
    published: 2025-04-09T09:00+09:00
    title: Foxconn wants to work with Nissan
    source: Nikkei (digest)
    url: https://example.com/story
    note: publication time approximate
    ---
    Article text ...

Keys (case-insensitive): ``published`` (or ``date``), ``title``, ``source``,
``url``, ``author``, ``note``; ``#`` lines are comments. Unknown keys are an
error, so that a typo such as ``publshed`` cannot silently drop the time.

Publication time rules (shared with :func:`marketreact._parse.parse_timestamp`):

* an ISO time with a zone (``2025-04-09T09:00+09:00``, ``...Z``) is kept as given;
* a date alone (``2025-04-09``) is allowed and recorded as date-only
  (:attr:`Article.date_only`); :mod:`marketreact.events.day0` then takes that date,
  or the next session, as day 0;
* a time without a zone is rejected, because the exchange-local day would be
  a guess: add ``+09:00``, ``Z`` or similar;
* a ``published`` argument (``--published`` on the command line) overrides
  the file.

:attr:`Article.text` is the body after the header, with Windows line endings
converted to ``\\n`` and surrounding whitespace stripped; mention spans index
into it.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from marketreact._parse import parse_date, parse_timestamp
from marketreact.errors import ArticleError, InvalidParameter

__all__ = ["Article", "parse_article", "read_article", "with_published"]

_KEYS = ("published", "date", "title", "source", "url", "author", "note")
_FIELD = re.compile(r"(?P<key>[A-Za-z_]+)\s*:\s?(?P<value>.*)")
_TIME_HINT = (
    "add a front-matter line 'published: 2025-04-09T09:00+09:00' (or a date 'published: 2025-04-09'), "
    "or pass published='2025-04-09T09:00+09:00' / --published 2025-04-09T09:00+09:00"
)


@dataclass(frozen=True)
class Article:
    """A news article: text, publication time and where it came from.

    Attributes
    ----------
    text : str
        The article body.
    published : pandas.Timestamp
        Tz-aware publication time; tz-naive midnight when ``date_only``.
        Strings and datetimes are parsed on construction.
    date_only : bool
        True when only the date is known.
    title, source, url, author, note : str or None
        Front-matter fields (``note`` e.g. "time approximate").
    origin : str
        File path, ``"<string>"`` or ``"<stdin>"``; used in error messages.
    """

    text: str
    published: pd.Timestamp
    date_only: bool = False
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    note: str | None = None
    origin: str = "<string>"

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise ArticleError(self.origin, "no article text", "give the article body as a non-empty string")
        if self.date_only:
            ts, date_only = parse_date(self.published, "published"), True
        else:
            ts, date_only = parse_timestamp(self.published, "published")
        object.__setattr__(self, "published", ts)
        object.__setattr__(self, "date_only", date_only)

    @property
    def published_iso(self) -> str:
        """``2025-04-09`` for a date-only article, else the ISO time with its offset."""
        return self.published.date().isoformat() if self.date_only else self.published.isoformat()


def parse_article(text: str, *, published: Any = None, origin: str = "<string>") -> Article:
    """Build an :class:`Article` from a string that may start with a front-matter header.

    Parameters
    ----------
    text : str
        Article text, optionally with a header (see the module docstring).
    published : str, datetime or Timestamp, optional
        Publication time; overrides the header's ``published``.
    origin : str
        Name used in error messages.

    Raises
    ------
    ArticleError
        Empty text, a malformed header, no article body, or no publication time.
    InvalidParameter
        ``published`` cannot be parsed or has a time without a zone.
    """
    if not isinstance(text, str):
        raise ArticleError(origin, f"expected article text as str, got {type(text).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ArticleError(origin, "the article is empty", "give a text file with the article body")
    fields, body = _split_header(text, origin)
    if not body.strip():
        raise ArticleError(origin, "no article text after the front-matter header")
    if published is not None:
        ts, date_only = parse_timestamp(published, "published")
    else:
        raw = fields.pop("published", None)
        if raw is None:
            raise ArticleError(origin, "no publication time", _TIME_HINT)
        try:
            ts, date_only = parse_timestamp(raw, "published")
        except InvalidParameter as exc:
            raise ArticleError(
                origin, f"front-matter field 'published' is invalid: {raw!r}", exc.hint
            ) from exc
    fields.pop("published", None)
    return Article(text=body.strip(), published=ts, date_only=date_only, origin=origin, **fields)


def read_article(path: str | os.PathLike[str], *, published: Any = None) -> Article:
    """Read an article file (UTF-8 plain text or Markdown); see :func:`parse_article`.

    Raises
    ------
    ArticleError
        Missing file, a directory, a binary or non-UTF-8 file, or any problem
        :func:`parse_article` reports.
    """
    p = Path(path)
    origin = str(path)
    if not p.exists():
        raise ArticleError(origin, "no such file", "check the path")
    if not p.is_file():
        raise ArticleError(origin, "not a regular file", "give the path of a text or Markdown file")
    data = p.read_bytes()
    if not data.strip():
        raise ArticleError(origin, "the file is empty", "give a text file with the article body")
    if b"\x00" in data:
        raise ArticleError(
            origin, "binary file (contains NUL bytes)", "give a UTF-8 plain-text or Markdown file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            origin, f"not UTF-8 text (undecodable byte at offset {exc.start})", "save the file as UTF-8"
        ) from exc
    return parse_article(text, published=published, origin=origin)


def _split_header(text: str, origin: str) -> tuple[dict[str, str], str]:
    """Split ``text`` into header fields (``date`` folded into ``published``) and body."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[first].strip() == "---":
        try:
            close = next(i for i in range(first + 1, len(lines)) if lines[i].strip() in ("---", "..."))
        except StopIteration:
            raise ArticleError(
                origin, "front-matter header opened with '---' is never closed", "end it with a '---' line"
            ) from None
        return _fields(lines[first + 1 : close], origin, first + 2), "\n".join(lines[close + 1 :])
    # Bare header: known 'key: value' lines from the top, one of them the time, ended by a blank line.
    end, timed = first, False
    while end < len(lines) and (m := _FIELD.fullmatch(lines[end].strip())) and m["key"].lower() in _KEYS:
        timed = timed or m["key"].lower() in ("published", "date")
        end += 1
    if timed and (end == len(lines) or not lines[end].strip()):
        return _fields(lines[first:end], origin, first + 1), "\n".join(lines[end:])
    return {}, text


def _fields(lines: list[str], origin: str, lineno: int) -> dict[str, str]:
    fields: dict[str, str] = {}
    for n, line in enumerate(lines, start=lineno):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _FIELD.fullmatch(stripped)
        if m is None:
            raise ArticleError(origin, f"header line {n} is not 'key: value': {stripped!r}")
        key = m["key"].lower()
        key = "published" if key == "date" else key
        if key not in _KEYS:
            raise ArticleError(
                origin, f"header line {n}: unknown field {m['key']!r}", f"known fields: {', '.join(_KEYS)}"
            )
        if key in fields:
            raise ArticleError(origin, f"header line {n}: field {key!r} given twice")
        value = m["value"].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if value:
            fields[key] = value
    return fields


def with_published(article: Article, published: Any) -> Article:
    """A copy of ``article`` with another publication time (parsed like ``published=``)."""
    ts, date_only = parse_timestamp(published, "published")
    return dataclasses.replace(article, published=ts, date_only=date_only)
