"""Names built on a listed company's name that name another entity: joint ventures and units in a place.

Two rules of :func:`marketreact.text.evidence.judge`, per kind of name, never per company:

* **joint ventures named PARTNER + PARENT** ("GAC Toyota", "FAW Toyota", "SAIC Volkswagen", "Dongfeng
  Honda"): a company's name right after another name on the same line, with nothing but spaces between,
  names their venture, not the listed company. The word before counts as a partner's name when it is an
  acronym of two to four capitals that is no abbreviation ("GAC", "SAIC"; not "US", "CEO", "AI"), or a
  word that starts a name in the security master and is no English word nor a plural of one ("Dongfeng";
  not "Peers", "Rivals", "Chipmakers"). Sentence openers,
  titles, days, places ("Beijing Hyundai" stays a bare group name), words of the company's own names and
  its own tickers ("TM Toyota" in a table) never count.
* **units named PARENT + PLACE** ("LG Energy Solution Michigan", "Samsung Austin", "Toyota Motor
  Kentucky"): a company's name followed, on the same line, by capitalised words ending in a country,
  region or city names a local unit, as "Toyota Motor North America" does (the place rule generalises the
  fixed list of region words in :data:`marketreact.text.evidence.UNIT_WORDS`). A job title in between
  ("Apple CEO Tim Cook") ends the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from marketreact.text.names import is_place, words

__all__ = ["place_unit", "venture_partner"]

# A capitalised word right before the name, with only spaces or tabs between (same line, no possessive).
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\[\"“]))(?P<word>[A-Z][A-Za-z0-9&]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+(?P<word>[A-Z][\w&\-]*)")
# Capitals that are words of a headline or a wire slug, not a partner's name.
_SLUGS = words("LIVE NEWS WATCH VIDEO PHOTO NOTE READ MORE ALSO FULL TEXT")
_DAYS = words(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December
    """
)


def venture_partner(
    text: str,
    start: int,
    *,
    stop: frozenset[str],
    own: Iterable[str],
    starts_a_name: frozenset[str] | None = None,
    is_word: frozenset[str] = frozenset(),
) -> str | None:
    """The partner's name right before ``text[start:]`` when the two name a joint venture, else None.

    Parameters
    ----------
    text : str
        The article text.
    start : int
        Where the company's name starts.
    stop : frozenset of str
        Words that never name a partner (openers, titles, abbreviations, agencies, venues).
    own : iterable of str
        Words of the company's own names and the roots of its tickers.
    starts_a_name : frozenset of str, optional
        First words of names in the security master (None: only acronyms count as partners).
    is_word : frozenset of str
        Lower-case English words (a capitalised English word before a name is a descriptor: "Rival").

    Returns
    -------
    str or None
        The partner's word ("GAC" of "GAC Toyota").
    """
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return None
    word = m["word"]
    if word in stop or word in _DAYS or word in _SLUGS or word in set(own) or is_place(word):
        return None
    name_has_lower = any(c.islower() for c in text[start : start + 40].split(" ")[0])
    if word.isupper() and 2 <= len(word) <= 4 and word.isalpha() and name_has_lower:
        return word  # "GAC Toyota"; an all-caps headline ("FAW TOYOTA") is left alone
    if starts_a_name is not None and word in starts_a_name and not _english(word, is_word):
        return word  # "Dongfeng Honda"
    return None


def _english(word: str, is_word: frozenset[str]) -> bool:
    """True for an English word, its plural ("Peers", "Rivals") or a "-maker" noun ("Chipmakers")."""
    low = word.lower()
    stems = {low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low}
    if low.endswith("ies"):
        stems.add(low[:-3] + "y")
    return bool(stems & is_word) or low.rstrip("s").endswith("maker")


def place_unit(text: str, end: int, *, roles: frozenset[str]) -> str | None:
    """The words after ``text[:end]`` that end in a place ("Michigan"), making a unit's name, else None.

    ``roles`` are job titles: a name followed by one ("Apple CEO ...") is the company, whatever comes next.
    """
    after: list[str] = []
    pos = end
    while len(after) < 3:
        m = _WORD_AFTER.match(text, pos)
        if m is None:
            return None
        if m["word"] in roles:
            return None
        after.append(m["word"])
        pos = m.end()
        if any(is_place(" ".join(after[i:])) for i in range(len(after))):
            return " ".join(after)
    return None
