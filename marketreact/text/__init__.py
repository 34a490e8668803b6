"""Stage 1, the article's text: reading articles, exchange tags and ticker styles, company mentions.

Where to add things
-------------------
* a new ``PREFIX:CODE`` tag prefix or a venue's RIC/Bloomberg code: the venue table,
  :mod:`marketreact.reference.venues` (tags and styles derive from it);
* a new ticker *style* (a way of printing a listing): :mod:`marketreact.text.tag_styles`;
* every ticker span with its reading and the name beside it, master-free:
  :func:`marketreact.text.tag_spans.find_all_tags`;
* a new rule for company names: :mod:`marketreact.text.mentions`.
"""

from __future__ import annotations

from marketreact.text.article import Article, parse_article, read_article, with_published
from marketreact.text.mentions import (
    Extraction,
    Mention,
    SelectedListing,
    Unresolved,
    extract_mentions,
    select_listings,
)

__all__ = [
    "Article",
    "Extraction",
    "Mention",
    "SelectedListing",
    "Unresolved",
    "extract_mentions",
    "parse_article",
    "read_article",
    "select_listings",
    "with_published",
]
