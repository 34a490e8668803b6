"""Which name variants of an imported company may become its aliases: the fund-name rule.

The source lists sometimes attach a fund's name to a company's quote line: FinanceDatabase gives the Milan
line ``META.MI`` the name "WisdomTree Industrial Metals Enhanced" (an exchange-traded commodity of the same
code) while every other field of that row is Meta Platforms'. As an alias, such a name would make the fund
resolve to the company in text. The rule, per kind of name, never per company:

an alias is dropped when it **names a fund** (a fund word — ETF, ETN, ETC, ETP, Fund, UCITS, Index — or a
fund sponsor's brand — WisdomTree, iShares, SPDR, ProShares, ...), the company's display name does not,
and the alias **shares no word** with the display name (legal forms and function words ignored). A fund's
own rows (a group with an ETF line) keep their names: the rule is for companies.

Both conditions are needed: a closed-end fund whose display name the source cut short ("Nuveen AMT" for
"Nuveen AMT-Free Quality Municipal Income Fund") keeps its full name, which shares words with it; and a
former name ("Schlumberger" of "SLB Limited") shares no word but is no fund name, so it stays.
"""

from __future__ import annotations

import re
import unicodedata

from marketreact.reference.importers._common import strip_legal_suffix

__all__ = ["fund_alias"]


def _set(text: str) -> frozenset[str]:
    """A set of words written as one string, so that word tables stay readable."""
    return frozenset(text.split())


# Whole words that say "this is a fund" (casefolded). "Trust" is not one: many banks are named "... Trust".
_FUND_WORDS = _set(
    """
    etf etfs etn etns etc etcs etp etps fund funds ucits index wisdomtree ishares spdr proshares direxion
    lof vanguard xtrackers amundi lyxor vaneck invesco graniteshares ossiam
    """
)
_IGNORED = _set("the of and for de la le du des inc corp co ltd plc ag se sa nv")
_WORD = re.compile(r"[a-z0-9]+")


def _words(name: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", strip_legal_suffix(name)).encode("ascii", "ignore").decode()
    return set(_WORD.findall(folded.casefold())) - _IGNORED


def fund_alias(alias: str, display: str) -> bool:
    """True when ``alias`` is a fund's name wrongly attached to the company named ``display``.

    Parameters
    ----------
    alias : str
        A name variant the sources give for one of the company's lines.
    display : str
        The company's display name.

    Returns
    -------
    bool
        True when the alias names a fund, the display name does not, and the two share no word.

    Examples
    --------
    >>> fund_alias("WisdomTree Industrial Metals Enhanced", "Meta Platforms, Inc.")
    True
    >>> fund_alias("Nuveen AMT-Free Municipal Value Fund", "Nuveen AMT")
    False
    >>> fund_alias("Schlumberger", "SLB Limited")
    False
    """
    own, other = _words(display), _words(alias)
    return bool(other & _FUND_WORDS) and not (own & _FUND_WORDS) and not (own & other)
