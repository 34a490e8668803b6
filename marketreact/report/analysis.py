"""The whole analysis of one article: plan, event study, claim check, charts.

:func:`analyse` is what ``marketreact report`` and the notebooks call: it
keeps every intermediate object, so a reader can go from any number back to
the mention, listing, day 0 and price rows it came from.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from marketreact.claims.check import ClaimCheck, check_article
from marketreact.data.prices import load_prices
from marketreact.data.sources import SourceSpec, resolve_source
from marketreact.errors import (
    DataQualityWarning,
    EventOutsideData,
    InsufficientEstimationData,
    InvalidParameter,
    MarketReactError,
    OutOfRange,
)
from marketreact.events.plan import Plan, plan
from marketreact.reference.refdata import ReferenceData
from marketreact.report.anchors import TextAnchor, anchor_note, text_anchors
from marketreact.study import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS, EventStudy, EventStudyResult
from marketreact.text.article import Article

__all__ = ["Analysis", "analyse"]

_PRICE_MARGIN = pd.Timedelta(days=30)  # calendar days of bars around day 0 kept for the price charts


@dataclass
class Analysis:
    """Everything computed for one article (see :func:`analyse`)."""

    plan: Plan
    study: EventStudyResult | None
    claims: ClaimCheck
    prices: pd.DataFrame | None
    source: SourceSpec
    notes: list[str] = field(default_factory=list)
    anchor: TextAnchor = field(default_factory=TextAnchor)
    """The text's own dating of the moves, and the study at that anchor (:mod:`marketreact.report.anchors`)."""
    reference: ReferenceData | None = None
    """The reference data the analysis used (None: the bundled ones); the charts read venues from it."""

    @property
    def article(self) -> Article:
        return self.plan.article

    @property
    def warnings(self) -> list[str]:
        """Every caveat: exclusions, data problems, shocks, study warnings."""
        out = [f"{name} not analysed: {reason}" for name, reason in self.plan.excluded.items()]
        out += self.notes
        if self.study is not None:
            out += self.study.warnings
        return out

    def source_line(self) -> str:
        """The data credit printed under every chart."""
        return resolve_source(self.source).credit()

    def write_charts(self, out: Path, fmt: Literal["png", "svg"] = "png") -> list[Path]:
        """Render every chart of the analysis into ``out``; returns the files written."""
        from marketreact.report import charts  # matplotlib is imported only when charts are drawn

        return charts.write_all(self, Path(out), fmt)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict: article, listings, excluded, study, claims, warnings (``report.json``)."""
        art = self.article
        return {
            "article": {
                "title": art.title,
                "source": art.source,
                "published": art.published_iso,
                "date_only": art.date_only,
                "origin": art.origin,
            },
            "listings": [
                {
                    "symbol": e.symbol,
                    "day0": e.day0,
                    "benchmark": e.benchmark,
                    "mic": e.mic,
                    "reason": e.reason,
                }
                for e in self.plan.rows
            ],
            "excluded": self.plan.excluded,
            "study": self.study_json(),
            "claims": self.claims.to_json_dict(),
            "warnings": self.warnings,
        }

    def study_json(self) -> dict[str, Any] | None:
        """The study's JSON with, per listing, ``day0_text``, ``day0_text_evidence`` and ``windows_text``."""
        if self.study is None:
            return None
        body = self.study.to_json_dict()
        text_rows = {}
        if self.anchor.study is not None:
            text_rows = {row["symbol"]: row for row in self.anchor.study.to_json_dict()["listings"]}
        for row in body["listings"]:
            sym = row["symbol"]
            session = self.anchor.sessions.get(sym)
            row["day0_text"] = str(session.date()) if session is not None else None
            row["day0_text_evidence"] = self.anchor.evidence.get(sym, [])
            row["windows_text"] = text_rows[sym]["windows"] if sym in text_rows else None
        body["anchor_note"] = anchor_note(self.anchor, self.plan)
        return body

    def __str__(self) -> str:
        from marketreact.report.text import render_text

        return render_text(self)


def _load_chart_prices(
    p: Plan, source: SourceSpec, reference: ReferenceData | None = None
) -> tuple[pd.DataFrame | None, list[str]]:
    """Bars of every analysed listing and benchmark around its day 0, with load problems as notes."""
    frames, notes = [], []
    by_symbol: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
    for row in p.rows:
        for sym in (row.symbol, row.benchmark):
            if not isinstance(sym, str) or not sym:
                continue
            lo, hi = by_symbol.get(sym, (row.day0, row.day0))
            by_symbol[sym] = (min(lo, row.day0), max(hi, row.day0))
    for sym, (lo, hi) in by_symbol.items():
        with warnings.catch_warnings():
            # Partial coverage is already reported by the study ("loading SYM: ..."); the charts
            # show what there is and mark where the data end.
            warnings.simplefilter("ignore", DataQualityWarning)
            try:
                frames.append(
                    load_prices(
                        sym, lo - _PRICE_MARGIN, hi + _PRICE_MARGIN, source=source, reference=reference
                    )
                )
            except MarketReactError as exc:
                notes.append(f"price chart data for {sym} unavailable: {exc}")
    return (pd.concat(frames) if frames else None), notes


def analyse(
    article: Article,
    *,
    published: Any = None,
    source: SourceSpec = "snapshot",
    model: str = "market",
    estimation_window: Any = DEFAULT_ESTIMATION_WINDOW,
    event_windows: Iterable[Any] = DEFAULT_EVENT_WINDOWS,
    benchmark: str | None = None,
    other_events: Iterable[Any] = (),
    claim_window: tuple[int, int] = (-5, 5),
    charts: bool = True,
    reference: ReferenceData | None = None,
    listings: Literal["all", "subjects"] = "all",
    conventions: str = "clm",
) -> Analysis:
    """Run the full analysis of ``article``.

    Parameters
    ----------
    article : Article
    published : str or Timestamp, optional
        Overrides the article's publication time.
    source : str, path, DataFrame or PriceSource
        Where prices come from (see :mod:`marketreact.data.sources`).
    model, estimation_window, event_windows, benchmark, other_events, conventions
        Passed to :class:`marketreact.EventStudy`.
    claim_window : (int, int)
        Sessions around day 0 searched for each quoted move.
    charts : bool
        Also load the price paths the charts draw; ``False`` skips that
        work (``marketreact study``).
    reference : ReferenceData, optional
        Security master and venues (the bundled ones by default).
    listings : {"all", "subjects"}
        Study every selected listing, or only the article's subjects (companies
        mentioned in passing are then reported as not analysed, so that they do
        not dilute the group tests).

    Returns
    -------
    Analysis
        A listing that cannot be analysed (no data, window outside the data)
        is reported in ``warnings``.

    Raises
    ------
    MarketReactError
        When no listing could be studied for a reason other than missing data
        (a failed download, an unknown benchmark, a bad parameter): the first
        listing's error, so the caller sees the cause rather than an empty result.
    """
    p = plan(article, published=published, source=source, benchmark=benchmark, reference=reference)
    notes: list[str] = []
    study = None
    if listings not in ("all", "subjects"):
        raise InvalidParameter("listings", listings, "use 'all' or 'subjects'")
    if listings == "subjects" and not p.events.empty:
        passing = p.events[p.events["role"] != "subject"]
        for sym in passing["symbol"]:
            p.excluded[str(sym)] = "mentioned in passing, and only the article's subjects are studied"
        p = dataclasses.replace(p, events=p.events[p.events["role"] == "subject"].reset_index(drop=True))
    # One set of study settings: the publication-time study here, the text-anchor study below.
    study_kwargs = {
        "model": model,
        "estimation_window": estimation_window,
        "event_windows": event_windows,
        "benchmark": benchmark,
        "other_events": other_events,
        "conventions": conventions,
    }
    if p.events.empty:
        notes.append("no listing with price data was found in the article: nothing to study")
    else:
        try:
            study = EventStudy(**study_kwargs).fit(p.events, source=source, reference=reference)
        except (EventOutsideData, InsufficientEstimationData, OutOfRange) as exc:
            notes.append(f"event study not computed: {exc}")  # the data, not the request, fall short
    claims = check_article(
        p.article, source=source, window=claim_window, mentions=p.extraction.mentions, reference=reference
    )
    anchor = (
        text_anchors(p, claims, study_kwargs, source, reference=reference)
        if study is not None
        else TextAnchor()
    )
    notes += anchor.notes
    prices = None
    if charts:
        prices, price_notes = _load_chart_prices(p, source, reference)
        notes += price_notes
    return Analysis(p, study, claims, prices, source, notes, anchor, reference)
