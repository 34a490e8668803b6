"""Reading articles: front matter, publication time rules, bad input. Expectations written by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from marketreact.errors import ArticleError, InvalidParameter, MarketReactError
from marketreact.text.article import Article, parse_article, read_article, with_published

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "data" / "articles" / "2025-04-09-foxconn-nissan-ev.md"


def test_flagship_digest_reads() -> None:
    art = read_article(FLAGSHIP)
    assert art.published == pd.Timestamp("2025-04-09T00:00Z")
    assert str(art.published.tz) == "UTC+09:00"
    assert art.date_only is False
    assert art.title is not None and "Nissan" in art.title
    assert art.note is not None and "approximate" in art.note
    assert art.text.startswith("Foxconn, the Taiwanese")
    assert "---" not in art.text and "published:" not in art.text


def test_fenced_front_matter_with_comments_and_quotes() -> None:
    art = parse_article(
        "---\n# a comment\npublished: '2025-04-09T09:00+09:00'\ntitle: \"T\"\nurl: https://x.test/a\n---\n\nBody.\n"
    )
    assert art.published == pd.Timestamp("2025-04-09T09:00+09:00")
    assert (art.title, art.url, art.source, art.text) == ("T", "https://x.test/a", None, "Body.")


def test_bare_header_then_blank_line() -> None:
    art = parse_article("Published: 2025-04-09T09:00Z\nSource: Nikkei\n\nNissan rose.")
    assert art.published == pd.Timestamp("2025-04-09T09:00Z")
    assert art.source == "Nikkei"
    assert art.text == "Nissan rose."


def test_text_that_only_looks_like_a_header_stays_body() -> None:
    # "Note:" is not a header key, so the first line is body text.
    art = parse_article("Note: Nissan rose.\n\nMore text.", published="2025-04-09")
    assert art.text == "Note: Nissan rose.\n\nMore text."


def test_date_only_is_recorded() -> None:
    art = parse_article("published: 2024-12-18\n\nHonda and Nissan.")
    assert art.date_only is True
    assert art.published == pd.Timestamp("2024-12-18")
    assert art.published.tzinfo is None
    assert art.published_iso == "2024-12-18"


def test_date_key_is_accepted_as_published() -> None:
    assert parse_article("---\ndate: 2024-12-18\n---\nx").published == pd.Timestamp("2024-12-18")


def test_command_line_time_overrides_the_file() -> None:
    art = read_article(FLAGSHIP, published="2025-04-09T16:00+09:00")
    assert art.published == pd.Timestamp("2025-04-09T16:00+09:00")
    later = with_published(art, "2025-04-10")
    assert later.date_only and later.published == pd.Timestamp("2025-04-10")
    assert later.text == art.text


def test_article_from_string_fields() -> None:
    art = Article("Nissan rose.", "2025-04-09T09:00+09:00", title="t")
    assert art.published == pd.Timestamp("2025-04-09T09:00+09:00")
    assert Article("x", "2025-04-09").date_only is True


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffpublished: 2025-04-09T09:00+09:00\r\n\r\nHon\r\nHai rose.\r\n".encode())
    assert read_article(path).text == "Hon\nHai rose."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"published: 2025-04-09\n\ncaf\xe9", "not UTF-8"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=problem) as info:
        read_article(path)
    assert info.value.source == str(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.md")
    with pytest.raises(ArticleError, match="not a regular file"):
        read_article(tmp_path)


def test_no_timestamp_names_the_field_and_an_example() -> None:
    with pytest.raises(ArticleError, match="no publication time") as info:
        parse_article("Nissan rose.")
    assert "published: 2025-04-09T09:00+09:00" in str(info.value)


def test_unparseable_header_time() -> None:
    with pytest.raises(ArticleError, match="'published' is invalid") as info:
        parse_article("---\npublished: next Wednesday\n---\nx")
    assert "2025-04-09T09:00+09:00" in str(info.value)


def test_header_time_without_zone_is_rejected_with_a_fix() -> None:
    with pytest.raises(ArticleError, match="no zone"):
        parse_article("---\npublished: 2025-04-09T09:00\n---\nx")


def test_argument_time_without_zone_is_invalid_parameter() -> None:
    with pytest.raises(InvalidParameter) as info:
        parse_article("x", published="2025-04-09 09:00")
    assert info.value.param == "published"
    assert "+09:00" in info.value.hint


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\npublished: 2025-04-09\nNissan rose.", "never closed"),
        ("---\npublshed: 2025-04-09\n---\nx", "unknown field 'publshed'"),
        ("---\ntitle: a\ntitle: b\npublished: 2025-04-09\n---\nx", "given twice"),
        ("---\njust words\n---\nx", "not 'key: value'"),
        ("---\npublished: 2025-04-09\n---\n\n", "no article text"),
    ],
)
def test_malformed_headers(text: str, problem: str) -> None:
    with pytest.raises(ArticleError, match=problem):
        parse_article(text)


def test_errors_are_marketreact_errors() -> None:
    assert issubclass(ArticleError, MarketReactError)
    with pytest.raises(MarketReactError):
        Article("", "2025-04-09")


def test_bare_header_needs_the_time_line() -> None:
    art = parse_article("Source: Nikkei\n\nNissan rose.", published="2025-04-09")
    assert art.text == "Source: Nikkei\n\nNissan rose."
    assert art.source is None
