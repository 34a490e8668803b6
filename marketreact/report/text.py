"""Plain-text rendering of an :class:`~marketreact.report.analysis.Analysis` (``marketreact report``)."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from marketreact.report.anchors import anchor_note
from marketreact.study.result import SMALL_N, EventStudyResult

if TYPE_CHECKING:
    from marketreact.report.analysis import Analysis

__all__ = ["render_result_text", "render_study_text", "render_text"]

_TEST_NAMES = {
    "brown_warner": "BW portfolio",
    "patell": "Patell",
    "bmp": "BMP",
    "kolari_pynnonen": "KP-BMP",
    "corrado_rank": "Corrado",
    "generalized_sign": "gen. sign",
    "wilcoxon": "Wilcoxon",
    "cross_sectional_t": "cross-sec. t",
    "j1": "J1",
    "lamb": "Lamb",
    "corrado_zivney_sign": "CZ sign",
    "grank": "GRANK",
    "sign": "sign",
    "wilcoxon_w_plus": "Wilcoxon W+",
    "wilcoxon_w_minus": "Wilcoxon W-",
}


_IN_REPORT = frozenset(
    {
        "cross_sectional_t",
        "brown_warner",
        "patell",
        "bmp",
        "kolari_pynnonen",
        "corrado_rank",
        "generalized_sign",
        "grank",
    }
)


def _pct(value: float, digits: int = 2) -> str:
    return "n/a" if not math.isfinite(value) else f"{value * 100:+.{digits}f}%"


def _stars(p: float) -> str:
    if not math.isfinite(p):
        return ""
    return "**" if p < 0.01 else "*" if p < 0.05 else ""


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent + "- ", subsequent_indent=indent + "  ")


def _header(analysis: Analysis) -> list[str]:
    art = analysis.article
    when = art.published.date().isoformat() + " (date only)" if art.date_only else art.published_iso
    lines = [
        f"Article: {art.title or art.origin}",
        f"  published {when}; source: {art.source or 'not given'}",
    ]
    note = anchor_note(analysis.anchor, analysis.plan)
    if note:
        lines += ["", _wrap(note, indent="")]
    return lines


def _listings(analysis: Analysis) -> list[str]:
    lines = ["Listings analysed (day 0 = first session on the listing's own exchange that could react):"]
    rows = sorted(analysis.plan.rows, key=lambda e: e.role != "subject")  # the article's subjects first
    for e in rows:
        lines.append(
            f"  {e.symbol:<10} {e.mic:<5} benchmark {e.benchmark:<10} day 0 {e.day0.date()}  {e.role}"
        )
        lines.append(textwrap.fill(e.reason, width=100, initial_indent=" " * 6, subsequent_indent=" " * 6))
    for name, reason in analysis.plan.excluded.items():
        lines.append(_wrap(f"{name} not analysed: {reason}"))
    return lines


def _study(analysis: Analysis, lead: str = "publication") -> list[str]:
    """The study table(s); ``lead`` chooses which anchor comes first when the text dates the move earlier."""
    first, second = analysis.study, analysis.anchor.study
    titles = (
        "Event study",
        "Event study at the text anchor (day 0 where the article's own words date the move)",
    )
    if lead == "text" and second is not None:
        first, second = second, first
        titles = (titles[1], "Event study at the publication anchor")
    lines = _study_table(first, titles[0])
    if second is not None:
        lines += ["", *_study_table(second, titles[1])]
    return lines


def _study_table(study: EventStudyResult | None, title: str) -> list[str]:
    if study is None:
        return [f"{title}: not computed (see the caveats)."]
    lines = [
        f"{title}: {study.model} model, estimation window {study.windows.estimation}, "
        f"{study.kind} returns. CAR (t-statistic, {study.variance_name} variance); * p<0.05, ** p<0.01"
    ]
    tests = study.tests
    windows = list(study.car.columns)
    lines.append("  " + f"{'listing':<10}" + "".join(f"{w:>17}" for w in windows))
    for label in study.car.index:
        cells = []
        for w in windows:
            row = tests.loc[(label, w)]
            car, t, p = float(row["car"]), float(row["t"]), float(row["p"])
            cell = "n/a" if not math.isfinite(car) else f"{_pct(car, 1)} ({t:+.1f}){_stars(p)}"
            cells.append(f"{cell:>17}")
        lines.append("  " + f"{label:<10}" + "".join(cells))
    summary = (
        study.summary()
    )  # n, caar, then each test's statistic and p (portfolio tests first if N is small)
    lines += ["", f"Group tests over {study.n_listings} listing(s): statistic (p-value)"]
    if study.n_listings < SMALL_N:
        lines.append(
            "  few listings: the cross-sectional tests have few degrees of freedom; "
            "read the per-listing tests and the Brown-Warner portfolio test first"
        )
    # The report keeps the usual tests to stay readable; summary() and the JSON carry every test.
    names = [str(c) for c in summary.columns if f"{c}_p" in summary.columns and str(c) in _IN_REPORT]
    lines.append("  " + f"{'window':<9}{'CAAR':>8}" + "".join(f"{_TEST_NAMES.get(t, t):>15}" for t in names))
    for window, row in summary.iterrows():
        cells = [f"{row[t]:+7.2f} ({row[f'{t}_p']:.2f})" if math.isfinite(row[t]) else "n/a" for t in names]
        lines.append(
            "  " + f"{window!s:<9}{_pct(float(row['caar']), 2):>8}" + "".join(f"{c:>15}" for c in cells)
        )
    return lines


def _claims(analysis: Analysis) -> list[str]:
    lines = ["Quoted moves in the article, checked against the data (close-to-close price changes):"]
    for result in analysis.claims.claims:
        lines.append(_wrap(f"{result.claim.symbol}: '{result.claim.move.text}' -> {result.verdict}"))
    for item in analysis.claims.unattributed:
        lines.append(_wrap(f"unattributed: '{item.move.text}' ({item.reason})"))
    lines.append(_wrap(analysis.claims.summary, indent=""))
    return lines


def _caveats(analysis: Analysis) -> list[str]:
    # Exclusions are already listed with the listings above.
    shown = {f"{name} not analysed: {reason}" for name, reason in analysis.plan.excluded.items()}
    caveats = [w for w in analysis.warnings if w not in shown]
    return ["Caveats:", *(_wrap(w) for w in caveats)] if caveats else []


def render_text(analysis: Analysis) -> str:
    """A readable report: article, listings and day 0, study, group tests, claims, caveats."""
    sections = [
        _header(analysis),
        _listings(analysis),
        _study(analysis),
        _claims(analysis),
        _caveats(analysis),
    ]
    return "\n\n".join("\n".join(section) for section in sections if section)


def render_study_text(analysis: Analysis, lead: str = "publication") -> str:
    """The event-study part of :func:`render_text` (``marketreact study``); ``lead``: which anchor first."""
    sections = [_header(analysis), _listings(analysis), _study(analysis, lead), _caveats(analysis)]
    return "\n\n".join("\n".join(section) for section in sections if section)


def render_result_text(study: EventStudyResult) -> str:
    """A study without an article (``marketreact study --event``): the CAR table, group tests, caveats."""
    lines = _study_table(study, "Event study")
    if study.warnings:
        lines += ["", "Caveats:", *(_wrap(w) for w in study.warnings)]
    return "\n".join(lines)
