"""Property tests (hypothesis) of the name matcher and of ``extract_mentions``, and golden hits on a
tiny hand-built security master (issue 11).

Properties, each stated exactly:

* **no crash**: :meth:`NameMatcher.find` and :func:`extract_mentions` accept any unicode string;
* **spans slice back**: every hit, mention, unresolved and rejected span satisfies
  ``text[start:end] == surface``, and a hit's words are exactly its key's words (the case rule:
  no case folding happens at match time);
* **padding shifts offsets only**: whitespace appended after the text changes nothing; a paragraph
  break (``"\\n\\n"`` plus at most two blanks) put before a text that starts with a letter or digit
  shifts every span by its length and changes nothing else. The general case (any whitespace
  before any text) fails today: see :func:`test_leading_whitespace_shifts_offsets_only`;
* **locality**: for a text ``T`` and "far" texts ``F``, ``G`` without capitals, digits or symbols
  (lower-case letters, blanks, commas), the result for ``T`` inside ``F + ".\\n\\n" + T + ".\\n\\n"
  + G`` does not depend on ``F`` or ``G``, whatever their length (longer than every window the
  evidence rules read): what lies beyond a sentence end and a paragraph break never changes what
  ``T`` names.

Golden hits: a four-company master built in the test (names invented for it), with every
expected hit worked out by hand from the rules in the docstring of :mod:`marketreact.text.matcher`.
"""

from __future__ import annotations

import dataclasses
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from marketreact.reference.securities import Company, Listing, SecurityMaster, load_master
from marketreact.text.matcher import NameMatcher, build_entries, matcher_for, tokens
from marketreact.text.mentions import Extraction, extract_mentions, select_listings

MASTER = load_master()

# Words and marks that build name-rich texts: names of the bundled master, traps, tag pieces.
_WORDS = [
    "Samsung", "Electronics", "SDI", "Mitsubishi", "UFJ", "Motors", "Corp", "Toyota", "Motor",
    "Industries", "North", "America", "Hyundai", "Capital", "Block", "Shell", "plc", "Dow", "Jones",
    "Inc", "Apple", "apple", "APPLE", "NISSAN", "Nissan's", "Reuters", "Bloomberg", "Nikkei",
    "Getty", "Images", "Photo:", "Nasdaq", "NYSE", "NYSE:", "HMC", "(TYO:7203)", "7203.T", "$AAPL",
    "Tokyo", "Stock", "Exchange", "iShares", "MSCI", "Japan", "ETF", "Invesco", "QQQ", "Trust",
    "AI", "EV", "CEO", "shares", "rose", "said", "the", "on", "told", "in", "Seoul", "yen", "won",
    "(", ")", ",", ".", ":", "-", "’s", "'s", "é", "漢字", "—",
]  # fmt: skip
_SEPS = [" ", " ", " ", "\n", "  ", "\n\n", "\t", ""]
_rich = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)
_texts = st.one_of(st.text(max_size=120), _rich)
_far = st.text(alphabet=string.ascii_lowercase + " ,", max_size=600)


def _all_spans(ex: Extraction) -> list[tuple[str, int, int]]:
    return [(x.text, x.start, x.end) for x in [*ex.mentions, *ex.unresolved, *ex.rejected]]


def _shifted(ex: Extraction, by: int) -> tuple[list[object], list[object], list[object], list[str]]:
    """Everything extraction reports, with spans moved by ``by`` (so two results compare exactly)."""

    def move(items: list[object]) -> list[object]:
        return [dataclasses.replace(x, start=x.start + by, end=x.end + by) for x in items]  # type: ignore[type-var]

    return move(list(ex.mentions)), move(list(ex.unresolved)), move(list(ex.rejected)), list(ex.notes)


def _within(ex: Extraction, lo: int, hi: int) -> Extraction:
    """The part of ``ex`` inside ``[lo, hi)``."""
    return Extraction(
        text=ex.text[lo:hi],
        mentions=[m for m in ex.mentions if lo <= m.start and m.end <= hi],
        unresolved=[u for u in ex.unresolved if lo <= u.start and u.end <= hi],
        notes=[],
        rejected=[r for r in ex.rejected if lo <= r.start and r.end <= hi],
    )


# --- no crash, spans slice back ---------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(text=_texts)
def test_matcher_never_crashes_and_hits_slice_back_to_their_key(text: str) -> None:
    for hit in matcher_for(MASTER).find(text):
        assert 0 <= hit.start < hit.end <= len(text)
        surface = text[hit.start : hit.end]
        assert [m[0] for m in tokens(surface)] == [m[0] for m in tokens(hit.key)]
        assert hit.candidates


@settings(max_examples=200, deadline=None)
@given(text=_texts)
def test_extraction_never_crashes_and_spans_slice_back(text: str) -> None:
    ex = extract_mentions(text, MASTER)
    for surface, start, end in _all_spans(ex):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == surface
    for m in ex.mentions:
        assert m.kind == "index" or m.rule != "index_name"
    select_listings(ex, MASTER)  # never raises on what extraction returns


# --- padding -----------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(text=_texts, right=st.text(alphabet=" \n\t\r", max_size=6))
def test_trailing_whitespace_changes_nothing(text: str, right: str) -> None:
    assert _shifted(extract_mentions(text + right, MASTER), 0) == _shifted(extract_mentions(text, MASTER), 0)


@settings(max_examples=150, deadline=None)
@given(text=_texts.filter(lambda t: t[:1].isalnum()), blanks=st.text(alphabet=" \t", max_size=2))
def test_paragraph_break_before_the_text_shifts_offsets_only(text: str, blanks: str) -> None:
    left = "\n\n" + blanks
    padded = extract_mentions(left + text, MASTER)
    assert _shifted(padded, 0) == _shifted(extract_mentions(text, MASTER), len(left))


@settings(max_examples=100, deadline=None)
@given(text=_texts, left=st.text(alphabet=" \n\t", max_size=6))
@example(text="Block trades were heavy.", left=" ")
def test_leading_whitespace_shifts_offsets_only(text: str, left: str) -> None:
    padded = extract_mentions(left + text, MASTER)
    assert _shifted(padded, 0) == _shifted(extract_mentions(text, MASTER), len(left))


# --- locality ----------------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(text=_rich, f1=_far, g1=_far, f2=_far, g2=_far)
def test_text_beyond_a_paragraph_break_does_not_change_the_result(
    text: str, f1: str, g1: str, f2: str, g2: str
) -> None:
    def part(far_before: str, far_after: str) -> tuple[list[object], list[object], list[object], list[str]]:
        whole = far_before + ".\n\n" + text + ".\n\n" + far_after
        lo = len(far_before) + 3
        ex = extract_mentions(whole, MASTER)
        # the far text has no capitals, digits or symbols: nothing in it may be a name
        assert all(lo <= s and e <= lo + len(text) for _, s, e in _all_spans(ex))
        return _shifted(_within(ex, lo, lo + len(text)), -lo)

    assert part(f1, g1) == part(f2, g2)


# --- golden hits on a tiny hand-built master -------------------------------------------------------


def _listing(symbol: str, company_id: str, name: str) -> Listing:
    return Listing(symbol, company_id, name, "XNAS", "primary", None, "", "")


def _company(company_id: str, name: str, aliases: tuple[str, ...], symbol: str) -> Company:
    return Company(company_id, name, aliases, True, "", (_listing(symbol, company_id, name),))


# Invented names: none is an English word, so the generic-word and short-name rules stay out of it.
TINY = SecurityMaster(
    companies={
        c.company_id: c
        for c in [
            _company("quorvex", "Quorvex Motors", ("Quorvex Motors Corporation",), "QVXM"),
            _company("quorvex_fin", "Quorvex Motors Finance", (), "QVXF"),
            _company("zyx", "Zyx", (), "ZYXQ"),
            _company("orbitron", "Orbitron", (), "ORBT"),
        ]
    },
    listings={
        lst.symbol: lst
        for lst in [
            _listing("QVXM", "quorvex", "Quorvex Motors"),
            _listing("QVXF", "quorvex_fin", "Quorvex Motors Finance"),
            _listing("ZYXQ", "zyx", "Zyx"),
            _listing("ORBT", "orbitron", "Orbitron"),
        ]
    },
)
TINY_MATCHER = NameMatcher.build(build_entries(TINY))


def _hits(text: str) -> list[tuple[str, str, set[str]]]:
    return [
        (text[h.start : h.end], h.key, {c.company_id for c in h.candidates}) for h in TINY_MATCHER.find(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # longest key wins at a token: the subsidiary-like longer name over the shorter one
        ("Quorvex Motors Finance", [("Quorvex Motors Finance", "Quorvex Motors Finance", {"quorvex_fin"})]),
        (
            "Quorvex Motors Corporation said",
            [("Quorvex Motors Corporation", "Quorvex Motors Corporation", {"quorvex"})],
        ),
        # the legal form dropped and abbreviated (spellings of the alias)
        ("Quorvex Motors Corp", [("Quorvex Motors Corp", "Quorvex Motors Corp", {"quorvex"})]),
        # a distinctive first word is a key of both companies that start with it
        ("Quorvex", [("Quorvex", "Quorvex", {"quorvex", "quorvex_fin"})]),
        # case rule: as written, or ALL CAPS for keys of four or more characters
        ("Orbitron", [("Orbitron", "Orbitron", {"orbitron"})]),
        ("ORBITRON", [("ORBITRON", "ORBITRON", {"orbitron"})]),
        ("orbitron OrbiTron", []),
        ("Zyx", [("Zyx", "Zyx", {"zyx"})]),
        ("ZYX zyx", []),  # three characters: no all-caps spelling
        ("QUORVEX MOTORS", [("QUORVEX MOTORS", "QUORVEX MOTORS", {"quorvex"})]),
        # a possessive ends a name
        ("Orbitron's", [("Orbitron", "Orbitron", {"orbitron"})]),
        ("Quorvex's Motors", [("Quorvex", "Quorvex", {"quorvex", "quorvex_fin"})]),
        # line breaks, runs of blanks and a hyphen inside a name
        ("Quorvex\nMotors", [("Quorvex\nMotors", "Quorvex Motors", {"quorvex"})]),
        (
            "Quorvex  \n  Motors\nFinance",
            [("Quorvex  \n  Motors\nFinance", "Quorvex Motors Finance", {"quorvex_fin"})],
        ),
        ("Quorvex-Motors", [("Quorvex-Motors", "Quorvex Motors", {"quorvex"})]),
        # a name is whole words only
        ("Orbitrons Zyxx", []),
        (
            "Zyx and Orbitron, then Quorvex Motors.",
            [
                ("Zyx", "Zyx", {"zyx"}),
                ("Orbitron", "Orbitron", {"orbitron"}),
                ("Quorvex Motors", "Quorvex Motors", {"quorvex"}),
            ],
        ),
    ],
)
def test_tiny_master_golden_hits(text: str, expected: list[tuple[str, str, set[str]]]) -> None:
    assert _hits(text) == expected


def test_tiny_master_extraction_picks_the_longest_name() -> None:
    ex = extract_mentions("Quorvex Motors Finance priced notes; Quorvex Motors fell.", TINY)
    assert [(m.text, m.company_id, m.symbols) for m in ex.mentions] == [
        ("Quorvex Motors Finance", "quorvex_fin", ("QVXF",)),
        ("Quorvex Motors", "quorvex", ("QVXM",)),
    ]
    assert [r.symbol for r in select_listings(ex, TINY)] == ["QVXF", "QVXM"]


@settings(max_examples=100, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["Quorvex", "Motors", "Finance", "Zyx", "Orbitron", "'s", "x"]), max_size=12
    ).map(" ".join)
)
def test_tiny_master_hits_are_whole_keys_of_that_master(text: str) -> None:
    keys = {"Quorvex Motors Finance", "Quorvex Motors", "Quorvex", "Zyx", "Orbitron"}
    for surface, key, _ in _hits(text):
        assert key in keys and " ".join(surface.split()) == key
