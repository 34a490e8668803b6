"""Dated phrases resolved against the publication time and the exchange calendars; text_anchor.

Expected dates are worked out by hand from a calendar: 2025-04-09 is a Wednesday; 2025-04-04 a
Friday; the week before 2025-04-09 runs Monday 2025-03-31 .. Sunday 2025-04-06. XTKS was closed on
2025-04-29 (Showa Day). AAPL's -4.98 % is its 2025-04-08 close-to-close move (tests/test_claims.py
docstring: 172.4199981689453 / 181.4600067138672 - 1 = -4.9818 %).
"""

from __future__ import annotations

import pandas as pd
import pytest

from marketreact.claims.check import attribute_claims, verify_claims
from marketreact.claims.dates import dated_phrases, text_anchor
from marketreact.text.article import Article
from tests.test_claims_grammar import mentions

PUB = "2025-04-09T09:00+09:00"  # Wednesday morning in Tokyo = Tuesday 20:00 in New York


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("on Monday", "2025-04-07", "2025-04-07"),
        ("on Wednesday", "2025-04-09", "2025-04-09"),
        ("yesterday", "2025-04-08", "2025-04-08"),
        ("last week", "2025-03-31", "2025-04-06"),
        ("Friday's session", "2025-04-04", "2025-04-04"),
        ("on Dec. 18", "2024-12-18", "2024-12-18"),
        ("on 3 April", "2025-04-03", "2025-04-03"),
        ("earlier this month", "2025-04-01", "2025-04-08"),
        ("this week", "2025-04-07", "2025-04-09"),
    ],
)
def test_each_phrase_resolves_against_publication(phrase: str, first: str, last: str) -> None:
    (p,) = dated_phrases(f"Shares moved {phrase}.", pd.Timestamp(PUB))
    assert (str(p.first.date()), str(p.last.date())) == (first, last)  # type: ignore[union-attr]


def test_phrase_names_its_venue() -> None:
    (p,) = dated_phrases("Apple fell on Tuesday in New York.", pd.Timestamp(PUB))
    assert str(p.first.date()) == "2025-04-08" and "XNYS" in p.venue_mics  # type: ignore[union-attr]


def _check(text: str) -> tuple[Article, object]:
    article = Article(text=text, published=PUB)
    at = attribute_claims(text, mentions(text))
    return article, verify_claims(at, article.published)


def test_anchor_text_date_confirmed_by_the_matching_close() -> None:
    article, check = _check("On Tuesday in New York, Apple lost 4.98%.")
    session, evidence = text_anchor(article, check, ["AAPL"])["AAPL"]
    assert session == pd.Timestamp("2025-04-08")
    assert evidence[0].startswith("'On Tuesday in New York' -> 2025-04-08")
    assert "matches the 2025-04-08 close of AAPL" in evidence[1]


def test_anchor_overnight_is_the_last_close_before_publication() -> None:
    """09:00 Tokyo on 04-09 is 20:00 New York on 04-08, after that day's 16:00 close."""
    article, check = _check("Apple slumped overnight, and Tokyo opened lower.")
    session, evidence = text_anchor(article, check, ["AAPL"])["AAPL"]
    assert session == pd.Timestamp("2025-04-08") and "closed before publication" in evidence[0]


def test_anchor_venue_phrase_does_not_date_other_venues() -> None:
    """'on Tuesday in New York' is no date for a Tokyo line; nothing else dates it."""
    article, check = _check("On Tuesday in New York, Apple lost 4.98%.")
    session, evidence = text_anchor(article, check, ["7203.T"])["7203.T"]
    assert session is None and evidence == ["no dated phrase and no matching quoted move"]


def test_anchor_non_session_date_is_said_so() -> None:
    article = Article(text="Toyota said on Tuesday it would cut output.", published="2025-04-30T12:00+09:00")
    session, evidence = text_anchor(article, [], ["7203.T"])["7203.T"]
    assert session is None and "is not a XTKS session" in evidence[0]


def test_anchor_single_match_without_a_phrase() -> None:
    article, check = _check("Apple lost 4.98%.")
    session, evidence = text_anchor(article, check, ["AAPL"])["AAPL"]
    assert session == pd.Timestamp("2025-04-08") and evidence == [
        "'lost 4.98%' matches the 2025-04-08 close of AAPL"
    ]
