"""When the news happened according to the article's own words, and the study at that anchor.

An article published after the close often reports the day's move, or news that
broke earlier. :func:`marketreact.claims.dates.text_anchor` reads the dated
phrases ("on Monday", "yesterday") and the sessions the quoted moves match; where
that session lies *before* the publication anchor, the study is computed again
with day 0 there. Nothing is re-anchored silently: the report says so at the top
and shows both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from marketreact.claims.check import ClaimCheck
from marketreact.claims.dates import text_anchor
from marketreact.errors import EventOutsideData, InsufficientEstimationData, MarketReactError
from marketreact.events.plan import Plan
from marketreact.reference.refdata import ReferenceData
from marketreact.study import EventStudy, EventStudyResult

__all__ = ["TextAnchor", "anchor_note", "text_anchors"]


@dataclass(frozen=True)
class TextAnchor:
    """The text's own dating of each listing's move, and the study there where it differs.

    Attributes
    ----------
    sessions : dict
        ``{symbol: session or None}``: the session the text points to.
    evidence : dict
        ``{symbol: [phrase or matched claim -> session it implies, ...]}``.
    earlier : list of str
        Symbols whose text session lies before their publication day 0.
    study : EventStudyResult or None
        The study with day 0 at the text's session, for ``earlier`` (None when nothing differs or it
        could not be computed, see ``notes``).
    """

    sessions: dict[str, pd.Timestamp | None] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    earlier: list[str] = field(default_factory=list)
    study: EventStudyResult | None = None
    notes: list[str] = field(default_factory=list)


def text_anchors(
    p: Plan,
    claims: ClaimCheck,
    study_kwargs: Mapping[str, Any],
    source: Any,
    *,
    reference: ReferenceData | None = None,
) -> TextAnchor:
    """Date each analysed listing from the text; re-run the study at the text anchor where it is earlier.

    ``reference`` (the bundled reference data by default) gives each listing's venue and calendar.
    """
    if p.events.empty:
        return TextAnchor()
    symbols = [str(s) for s in p.events["symbol"]]
    try:
        found = text_anchor(p.article, claims, symbols, reference=reference)
    except MarketReactError as exc:
        return TextAnchor(notes=[f"text anchor not read: {exc}"])
    sessions = {s: found.get(s, (None, []))[0] for s in symbols}
    evidence = {s: list(found.get(s, (None, []))[1]) for s in symbols}
    day0 = {str(r.symbol): pd.Timestamp(r.day0) for r in p.rows}
    earlier = [s for s in symbols if (session := sessions[s]) is not None and session < day0[s]]
    if not earlier:
        return TextAnchor(sessions, evidence, [])
    rows = p.events[p.events["symbol"].isin(earlier)].copy()
    rows["day0"] = [sessions[str(s)] for s in rows["symbol"]]
    notes: list[str] = []
    text_study = None
    try:
        text_study = EventStudy(**study_kwargs).fit(rows, source=source, reference=reference)
    except (EventOutsideData, InsufficientEstimationData) as exc:
        notes.append(f"study at the text anchor not computed: {exc}")
    return TextAnchor(sessions, evidence, earlier, text_study, notes)


def anchor_note(anchor: TextAnchor, p: Plan) -> str | None:
    """The plain-words paragraph the report opens with when the text dates the move before day 0."""
    if not anchor.earlier:
        return None
    day0 = {str(r.symbol): pd.Timestamp(r.day0).date() for r in p.rows}
    parts = [
        f"{s}: {anchor.sessions[s].date()} (publication day 0 {day0[s]})"  # type: ignore[union-attr]
        for s in anchor.earlier
    ]
    return (
        "The article's own words date the move or the news before its publication: "
        + "; ".join(parts)
        + ". Day 0 is kept at the first session after publication, and the study is also shown with day 0 "
        "at the session the text points to (see 'study at the text anchor')."
    )
