"""What becomes of a ticker printed next to a company name: the tag and the name vouch for each other.

Some sites print their own internal codes in exchange-tag form, and ticker widgets glued to text
("Toyota Motor TM--") belong to the nearest matching company name, not to another company named
beside them. The rules here run after names and tags were read (:func:`marketreact.text.mentions.
extract_mentions`).
"""

from __future__ import annotations

import bisect
import re

from marketreact.reference.securities import SecurityMaster
from marketreact.text.disambiguate import same_company
from marketreact.text.records import Mention, Taken, Unresolved
from marketreact.text.tag_spans import find_all_tags

__all__ = ["NAME_TO_TAG", "bare_and_widget_tags", "tag_conflicts"]

# What may stand between a company name and its bracketed ticker: "Toyota Motor Corp. (7203.T)".
NAME_TO_TAG = re.compile(r"(?:\s|[.,]|Inc|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SE|Holdings|Group)*")


def _same(master: SecurityMaster, a: str, b: str) -> bool:
    """One company, possibly kept as two rows by the imported lists (same name: RELIANCE.BO / .NS)."""
    return a == b or same_company([master.companies[a], master.companies[b]]) is not None


def tag_conflicts(
    text: str, mentions: list[Mention], unresolved: list[Unresolved], master: SecurityMaster
) -> None:
    """A tag and the name right before it are evidence for each other: when they disagree, keep the name.

    Some sites print their own internal codes in exchange-tag form, and widgets glue a ticker to the
    wrong company; a tag whose listing belongs to another company than the adjacent name is reported
    as unresolved, never analysed.
    """
    names = sorted((m for m in mentions if m.rule != "exchange_tag" and m.company_id), key=lambda m: m.end)
    ends = [m.end for m in names]
    for tag in [m for m in mentions if m.rule == "exchange_tag" and m.company_id]:
        i = bisect.bisect_right(ends, tag.start) - 1
        if i < 0:
            continue
        name = names[i]
        gap = text[name.end : tag.start]
        if not NAME_TO_TAG.fullmatch(gap.replace("(", "").replace("<", "").replace("[", "")):
            continue
        if not _same(master, name.company_id, tag.company_id):  # type: ignore[arg-type]
            mentions.remove(tag)
            owner = master.companies[tag.company_id].name if tag.company_id else "?"
            unresolved.append(
                Unresolved(
                    tag.text,
                    tag.start,
                    tag.end,
                    f"the tag names {tag.symbols[0]} ({owner}), not {name.text!r} named right before it; "
                    "the name is kept, the tag is not analysed",
                )
            )


def bare_and_widget_tags(
    text: str, mentions: list[Mention], unresolved: list[Unresolved], taken: Taken, master: SecurityMaster
) -> None:
    """Bare codes after a name ("Alphabet (GOOGL, GOOG)", "(BRK-B)") and widgets ("Toyota Motor TM--").

    Such a code prints no venue, so it counts only right after a name it belongs to: the company
    named there must own the listing (or be the same company); a code of another company is reported.
    """
    names = sorted((m for m in mentions if m.rule != "exchange_tag" and m.company_id), key=lambda m: m.end)
    ends = [m.end for m in names]
    for tag in find_all_tags(text):
        if tag.style not in ("bare", "widget") or not tag.symbol or not tag.name_adjacent:
            continue
        if taken.overlaps(tag.start, tag.end):
            continue
        i = bisect.bisect_right(ends, tag.start) - 1
        if i < 0 or tag.name_before is None or names[i].end < tag.name_before[0]:
            continue  # the name before it is no company of the master: an acronym, not a ticker
        name, listing = names[i], master.listings.get(tag.symbol)
        taken.add(tag.start, tag.end)
        owner = listing.company_id if listing is not None else ""
        if listing is None or not owner or not name.company_id or not _same(master, name.company_id, owner):
            unresolved.append(
                Unresolved(
                    tag.surface,
                    tag.start,
                    tag.end,
                    f"the code {tag.surface} printed after {name.text!r} is not one of its listings; not analysed",
                )
            )
            continue
        mentions.append(
            Mention(
                tag.surface,
                tag.start,
                tag.end,
                "exchange_tag",
                listing.company_id,
                (tag.symbol,),
                listing.mic,
            )
        )
