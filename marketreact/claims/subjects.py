"""Who a quoted figure is about: sentence spans, subject lists and index subjects.

Helpers of :func:`marketreact.claims.text.attribute_claims`:

* :func:`segments`: sentence and list-item spans (moves are never tied across them,
  except through a carried subject such as "the shares");
* :func:`index_subjects`: index spans from an index-name finder
  (``find_index_mentions(text, table)``: objects with ``start end surface index_id
  yahoo``) as subjects next to company mentions, so "the Nikkei share average
  eased 0.8 percent" is checked against ``^N225``;
* :func:`plan_groups`: figure runs and subject lists in one sentence. A run of
  figures joined by list separators ("slid 3.1% and 0.6%") followed by
  "respectively", or a run as long as the subject list before it ("A and B rose
  1.2% and 0.8%"), is paired by order; one figure after a list ("A, B and C all
  fell more than 2%") goes to every subject; "respectively" with counts that
  differ leaves every figure of the run unattributed, with that reason;
* :func:`paren_figures`: "A (+1.2%), B (-0.4%) and C (2%)": a bare percentage in
  parentheses right after a subject, in a list whose other figures print their
  sign, is a rise (such lists print a minus for falls).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from marketreact.claims.grammar import SpanLike, group_subjects
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.text.records import Mention

__all__ = ["IndexSpanLike", "index_subjects", "paren_figures", "plan_groups", "segments"]


class IndexSpanLike(Protocol):
    """What the index-name finder returns for each index it finds."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def surface(self) -> str: ...
    @property
    def index_id(self) -> str: ...
    @property
    def yahoo(self) -> str: ...


def index_subjects(
    spans: Sequence[IndexSpanLike], *, reference: ReferenceData | None = None
) -> list[Mention]:
    """Index spans as subjects: one symbol (the index's Yahoo symbol), no company.

    ``reference`` (the bundled reference data by default) gives each index's venue;
    an index it does not place gets ``mic=None``.
    """
    ref = default_reference(reference)
    out: list[Mention] = []
    for s in spans:
        mic = ref.mic_for(s.yahoo)  # None: an index without a row in the master or a known home venue
        out.append(
            Mention(
                s.surface,
                s.start,
                s.end,
                "index_name",
                None,
                (s.yahoo,),
                mic,
                kind="index",
                index_id=s.index_id,
            )
        )
    return out


# A period after these does not end a sentence.
_ABBREVS = (
    "inc corp co ltd plc mr mrs ms dr st no vs jr sr bros jan feb mar apr jun jul aug sep sept oct nov dec"
)
_ABBREV = frozenset(_ABBREVS.split())
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[*_]?[A-Z0-9])")
_BLOCK_START = re.compile(r"\s*(?:[-*+•]\s|\d+[.)]\s|\||#)")


def segments(text: str) -> list[tuple[int, int]]:
    """Sentence and list-item spans: blank lines, list markers, table rows and headings split blocks."""
    blocks: list[tuple[int, int]] = []
    pos, start, prev_own_line = 0, 0, False
    for line in text.splitlines(keepends=True):
        own = bool(_BLOCK_START.match(line))
        if (not line.strip() or own or prev_own_line) and pos > start:
            blocks.append((start, pos))
            start = pos
        prev_own_line = own or not line.strip()
        pos += len(line)
    blocks.append((start, len(text)))
    spans: list[tuple[int, int]] = []
    for b0, b1 in blocks:
        s0 = b0
        for m in _SENTENCE_END.finditer(text, b0, b1):
            word = re.search(r"(\S+)$", text[b0 : m.start()])
            token = word.group(1).strip("(\"'") if word else ""
            if token.lower() in _ABBREV or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token):
                continue
            spans.append((s0, m.end()))
            s0 = m.end()
        spans.append((s0, b1))
    return [s for s in spans if text[s[0] : s[1]].strip()]


_RUN_JOIN = re.compile(r"^(?:\s*,\s*and\s+|\s+and\s+|\s*,\s*)$", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"[\s,]*respectively\b", re.IGNORECASE)
_SHARED_GAP = re.compile(r"[.;:!?]|\b(?:while|whereas|but)\b", re.IGNORECASE)


def _names(group: Sequence[SpanLike], text: str) -> str:
    return ", ".join(repr(text[s.start : s.end]) for s in group)


def plan_groups(
    text: str, seg: tuple[int, int], figures: Sequence[tuple[int, int]], subjects: Sequence[SpanLike]
) -> dict[int, list[SpanLike] | str]:
    """Subjects of the figures of one sentence that come in runs or after subject lists.

    ``figures`` are ``(start, end)`` of the sentence's figures (percentages and currency
    changes, in order). Returns ``{figure start: [subjects]}`` for figures tied here, or
    ``{figure start: reason}`` for figures that cannot be tied; figures not in the result are
    left to the nearest-mention rule.
    """
    plan: dict[int, list[SpanLike] | str] = {}
    runs: list[list[tuple[int, int]]] = []
    for f in figures:
        if runs and _RUN_JOIN.match(text[runs[-1][-1][1] : f[0]]):
            runs[-1].append(f)
        else:
            runs.append([f])
    for run in runs:
        respectively = bool(_RESPECTIVELY.match(text, run[-1][1]))
        group = group_subjects(text, seg[0], run[0][0], subjects)
        if group:
            gap = text[group[-1].end : run[0][0]]
            if _SHARED_GAP.search(gap):
                group = []
        if respectively and len(group) != len(run):
            why = (
                f"'respectively' pairs subjects and figures by order, but {len(group)} subject(s) "
                f"({_names(group, text)}) stand before {len(run)} figure(s)"
            )
            plan.update({f[0]: why for f in run})
        elif len(run) > 1 and len(group) == len(run):
            plan.update({f[0]: [s] for f, s in zip(run, group, strict=True)})
        elif len(run) == 1 and len(group) > 1:
            plan[run[0][0]] = list(group)  # one verb and one figure shared by the whole list
        elif len(run) > 1 and len(group) > 1:
            why = f"{len(run)} figures after {len(group)} subjects ({_names(group, text)}): cannot pair them"
            plan.update({f[0]: why for f in run})
    return plan


_PAREN = re.compile(
    r"\s*\(\s*(?P<sign>[+\-−])?(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|per\s?cent|percent|pct)\s*\)"
)


def paren_figures(
    text: str, seg: tuple[int, int], subjects: Sequence[SpanLike], taken: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int, float, int]]:
    """``(start, end, sign, magnitude, decimals)`` of parenthesised figures after subjects ("B (-0.4%)").

    Only figures not already found (``taken``); an unsigned one only when another parenthesised
    figure of the sentence prints a sign.
    """
    found: list[tuple[int, int, int, float, int, bool]] = []
    for s in subjects:
        if not (seg[0] <= s.start and s.end <= seg[1]):
            continue
        m = _PAREN.match(text, s.end)
        if not m:
            continue
        a, b = (m.start("sign") if m.group("sign") else m.start("num")), m.end("unit")
        num = m.group("num")
        sign = {"+": 1, "-": -1, "−": -1}.get(m.group("sign") or "", 0)
        found.append((a, b, sign, float(num), len(num.split(".")[1]) if "." in num else 0, bool(sign)))
    any_signed = any(f[5] for f in found)
    out: list[tuple[int, int, int, float, int]] = []
    for a, b, sign, mag, dec, signed in found:
        if any(x < b and a < y for x, y in taken) or (not signed and not any_signed) or mag == 0:
            continue
        out.append((a, b, sign or 1, mag, dec))
    return out


_GAP_FIG = re.compile(r"[\s):,\-–—]*(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|per\s?cent\b|percent\b|pct\b)")
_GAP_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def gapped_figures(
    text: str, seg: tuple[int, int], subjects: Sequence[SpanLike], figures: Sequence[tuple[int, int, int]]
) -> list[tuple[int, int, int, float, int, int]]:
    """Figures whose verb is gapped: "Apple was up 15.3%, Nvidia 18.7% and Tesla 22.7%".

    ``figures`` are ``(start, end, sign)`` of the sentence's moves. A bare percentage right after a
    subject (its tag's bracket allowed) takes the direction of the figure before it when only a list
    separator (", ", " and ", ", and ") lies between that figure and the subject. Returns
    ``(start, end, sign, magnitude, decimals, head_start)``: ``head_start`` is the start of the
    figure whose verb (and so whose kind and qualifier) the gapped figure shares.
    """
    inside = sorted((s for s in subjects if seg[0] <= s.start and s.end <= seg[1]), key=lambda s: s.start)
    known = sorted(figures)
    out: list[tuple[int, int, int, float, int]] = []
    heads: dict[int, int] = {}  # gapped figure start -> start of the figure whose verb it shares
    for i, s in enumerate(inside):
        m = _GAP_FIG.match(text, s.end)
        if not m or any(a <= m.start("num") < b for a, b, _ in known):
            continue
        if i + 1 < len(inside) and inside[i + 1].start < m.start("num"):
            continue  # the figure follows the next span (its own tag), handled there
        head = s  # walk back over the subject's own name/tag pair: "Nvidia (NASDAQ:NVDA)"
        for t in reversed(inside[:i]):
            if _key(t) == _key(head) and re.fullmatch(r"\s*[(\[]?\s*", text[t.end : head.start]):
                head = t
        before = [f for f in known if f[1] <= head.start]
        if not before or before[-1][2] == 0:
            continue
        last = before[-1]
        if not _GAP_JOIN.fullmatch(text, last[1], head.start):
            continue
        num = m.group("num")
        item = (
            m.start("num"),
            m.end("unit"),
            last[2],
            float(num),
            len(num.split(".")[1]) if "." in num else 0,
        )
        out.append(item)
        heads[item[0]] = heads.get(last[0], last[0])
        known = sorted([*known, (item[0], item[1], item[2])])
    return [(*item, heads[item[0]]) for item in out]


def _key(s: SpanLike) -> tuple[str | None, tuple[str, ...]]:
    return s.company_id, s.symbols
