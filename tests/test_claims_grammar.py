"""How wire copy packs moves into sentences: lists, "respectively", carried subjects, units, levels.

Every sentence here is written for these tests (constructions noted from dated market stories:
Reuters Tokyo wraps, Focus Taiwan closes, SCMP/Nikkei Asia Hong Kong and Tokyo reports, Yonhap-style
Seoul closes, US wire copy). Expected values are typed by hand from the sentence itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketreact.claims.text import attribute_claims, extract_quoted_moves


@dataclass(frozen=True)
class Mention:
    """Stand-in with the fields of marketreact.text.mentions.Mention."""

    text: str
    start: int
    end: int
    rule: str
    company_id: str | None
    symbols: tuple[str, ...]
    mic: str | None


_NAMES = {
    "Mitsubishi Motors": ("mitsubishi_motors", ("7211.T", "MMTOF"), "XTKS"),
    "Toyota": ("toyota", ("7203.T", "TM"), "XTKS"),
    "Nissan": ("nissan", ("7201.T", "NSANY"), "XTKS"),
    "Honda": ("honda", ("7267.T", "HMC"), "XTKS"),
    "Apple": ("apple", ("AAPL",), "XNAS"),
    "Nvidia": ("nvidia", ("NVDA",), "XNAS"),
    "Tesla": ("tesla", ("TSLA",), "XNAS"),
}


def mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name, (cid, syms, mic) in sorted(_NAMES.items(), key=lambda kv: -len(kv[0])):
        i = text.find(name)
        while i >= 0:
            if not any(a <= i < b for a, b in taken):
                out.append(Mention(name, i, i + len(name), "company_name", cid, syms, mic))
                taken.append((i, i + len(name)))
            i = text.find(name, i + 1)
    return sorted(out, key=lambda m: m.start)


def tied(text: str) -> list[tuple[str, str, float]]:
    at = attribute_claims(text, mentions(text))
    return [(c.move.text, c.symbol, c.move.value) for c in at.claims]


def lost(text: str) -> list[tuple[str, str]]:
    return [(u.move.text, u.reason) for u in attribute_claims(text, mentions(text)).unattributed]


# ------------------------------------------------------------------------------------------ respectively
def test_respectively_pairs_by_order() -> None:
    text = "Shares of Nissan and Honda slid 3.1% and 0.6%, respectively, on the report."
    assert tied(text) == [("slid 3.1%", "7201.T", -3.1), ("0.6%", "7267.T", -0.6)]


def test_respectively_after_an_apposition_both_attributed() -> None:
    """The digest-style wording: subjects, then a comma, then both figures."""
    text = "Apple and Nvidia, down 4.98% and 1.37% respectively, led the declines."
    assert tied(text) == [("down 4.98%", "AAPL", -4.98), ("1.37%", "NVDA", -1.37)]


def test_respectively_with_mixed_directions() -> None:
    text = "Toyota and Honda rose 1.5% and fell 0.4%, respectively."
    assert tied(text) == [("rose 1.5%", "7203.T", 1.5), ("fell 0.4%", "7267.T", -0.4)]


def test_plain_clause_after_respectively_keeps_its_own_subject() -> None:
    text = "Toyota and Honda gained 2.2% and 1.9%, respectively, and Nissan lost 4.5%."
    assert tied(text) == [
        ("gained 2.2%", "7203.T", 2.2),
        ("1.9%", "7267.T", 1.9),
        ("lost 4.5%", "7201.T", -4.5),
    ]


def test_respectively_count_mismatch_is_unattributed_with_the_reason() -> None:
    text = "Toyota, Honda and Nissan fell 1.2% and 0.8%, respectively."
    assert tied(text) == []
    reasons = lost(text)
    assert [r[0] for r in reasons] == ["fell 1.2%", "0.8%"]
    assert all("3 subject(s)" in r[1] and "2 figure(s)" in r[1] for r in reasons)


def test_pair_without_respectively() -> None:
    text = "Apple and Nvidia rose 1.2% and 0.8% in New York."
    assert tied(text) == [("rose 1.2%", "AAPL", 1.2), ("0.8%", "NVDA", 0.8)]


def test_one_verb_shared_by_a_list() -> None:
    text = "Toyota, Honda and Nissan all fell more than 2% after the tariff news."
    at = attribute_claims(text, mentions(text))
    assert [(c.symbol, c.move.qualifier, c.move.value) for c in at.claims] == [
        ("7203.T", "at_least", -2.0),
        ("7267.T", "at_least", -2.0),
        ("7201.T", "at_least", -2.0),
    ]


def test_parenthesised_figures_in_a_list() -> None:
    """A list printing a minus for falls: the unsigned (2%) is a rise."""
    text = "Carmakers were mixed: Toyota (+1.2%), Honda (-0.4%) and Nissan (2%)."
    assert tied(text) == [("+1.2%", "7203.T", 1.2), ("-0.4%", "7267.T", -0.4), ("2%", "7201.T", 2.0)]


# ------------------------------------------------------------------------------------------ carried subject
@pytest.mark.parametrize(
    "second",
    [
        "The shares ended 3.4% higher.",
        "Its stock rose 3.4%.",
        "The company's shares rose 3.4%.",
        "The stock had closed up 3.4%.",
    ],
)
def test_subject_carried_from_the_previous_sentence(second: str) -> None:
    text = f"Honda said it would buy back stock. {second}"
    ((_quote, symbol, value),) = tied(text)
    assert symbol == "7267.T" and value == 3.4
    (claim,) = attribute_claims(text, mentions(text)).claims
    assert claim.carried != ""


def test_carried_subject_is_not_guessed_when_two_companies_precede() -> None:
    text = "Honda and Nissan ended merger talks. The shares fell 2%."
    assert tied(text) == []
    ((quote, reason),) = lost(text)
    assert quote == "fell 2%" and "could refer to more than one" in reason


# ------------------------------------------------------------------------------------------ units, qualifiers
@pytest.mark.parametrize(
    ("phrase", "magnitude", "decimals", "qualifier"),
    [
        ("fell 2.5 percent", 2.5, 1, "exact"),
        ("fell 2.5 per cent", 2.5, 1, "exact"),
        ("fell 2.5 pct", 2.5, 1, "exact"),
        ("fell 25 basis points", 0.25, 2, "exact"),
        ("fell about 2.5%", 2.5, 1, "approx"),
        ("fell roughly 2.5%", 2.5, 1, "approx"),
        ("fell nearly 2.5%", 2.5, 1, "approx"),
        ("fell more than 2.5%", 2.5, 1, "at_least"),
        ("fell greater than 2.5%", 2.5, 1, "at_least"),
        ("fell at least 2.5%", 2.5, 1, "at_least"),
        ("fell as much as 2.5%", 2.5, 1, "intraday"),
        ("fell by the daily limit of 10%", 10.0, 0, "limit"),
        ("rose by the maximum 10 percent", 10.0, 0, "limit"),
        ("plunged 37 yen or 4.9 pct", 4.9, 1, "exact"),
    ],
)
def test_units_and_qualifiers(phrase: str, magnitude: float, decimals: int, qualifier: str) -> None:
    text = f"Honda {phrase} on the day."
    pct = [m for m in extract_quoted_moves(text) if m.unit == "pct"]
    assert len(pct) == 1
    (move,) = pct
    assert (move.magnitude, move.decimals, move.qualifier) == (pytest.approx(magnitude), decimals, qualifier)


def test_points_then_percent() -> None:
    text = "The Taiex ended down 161.37 points, or 0.67 percent, at 24,071.73."
    moves = extract_quoted_moves(text)
    assert [(m.text, m.value, m.unit) for m in moves] == [
        ("0.67 percent", -0.67, "pct"),
        ("24,071.73", 24071.73, "level"),
    ]


@pytest.mark.parametrize(
    ("text", "level", "currency", "decimals"),
    [
        ("Apple closed at $212.40 on Friday.", 212.40, "$", 2),
        ("Tesla slid 2% to trade at $98.15.", 98.15, "$", 2),
        ("Toyota ended at 1,234.5 yen.", 1234.5, "yen", 1),
        ("Its shares closed down 3.48 percent at NT$970.00.", 970.0, "NT$", 2),
    ],
)
def test_price_levels(text: str, level: float, currency: str, decimals: int) -> None:
    (move,) = [m for m in extract_quoted_moves(text) if m.unit == "level"]
    assert (move.magnitude, move.currency, move.decimals, move.kind) == (level, currency, decimals, "level")


# ------------------------------------------------------------------------------------------ nothing dropped
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Implied volatility stood at 35% this week.", "volatility"),
        ("The 10-year yield was 1.5% at the close.", "yield"),
        ("The group holds a 20% stake in the venture.", "stake"),
        ("The operating margin was 7.5% in the quarter.", "margin"),
        ("In a survey, 62% of respondents expected cuts.", "survey"),
        ("Exports grew 4.1% year on year.", "growth"),
        ("Washington set tariffs of 24% on the imports.", "tariff"),
        ("The central bank held its policy rate at 0.5%.", "interest rate"),
    ],
)
def test_every_other_percentage_is_a_non_claim_with_its_reason(text: str, reason: str) -> None:
    at = attribute_claims(text, mentions(text))
    assert at.claims == ()
    found = [(n.text, n.reason) for n in at.non_claims] + [(u.move.text, u.reason) for u in at.unattributed]
    assert len(found) == 1 and reason in found[0][1], found


def test_each_percentage_lands_somewhere() -> None:
    text = (
        "Toyota rose 3.59% and Honda slid 0.6%, respectively. The Nikkei fell 2%. "
        "Toyota owns a 20% stake in the supplier. Analysts see 5% growth."
    )
    at = attribute_claims(text, mentions(text))
    places = sorted(
        [c.move.start for c in at.claims]
        + [u.move.start for u in at.unattributed]
        + [n.start for n in at.non_claims]
    )
    assert len(places) == text.count("%")
