"""Word rules that tell an index name from its namesakes (newspaper, company, agency, venue).

Kept apart from the fact table: these are reading rules, not facts about indices.
Each rule reads a fixed window of text either side of a match, so checking a
mention costs the same however long the article is.
"""

from __future__ import annotations

import re

__all__ = [
    "CONTEXT_WINDOW",
    "NOT_INDEX_NAMES",
    "VENUE_NAMES",
    "context_cue",
    "media_or_company_cue",
    "venue_cue",
]

# How far (characters) either side of an ambiguous name we look for cues.
CONTEXT_WINDOW = 40

# Longer names that start like an index name but are something else. They are matched
# like index names (the longest name wins at a position) and then dropped, so "Nikkei
# Asia" never leaves a bare "Nikkei" behind, nor "Dow Jones Newswires" a "Dow Jones".
NOT_INDEX_NAMES: tuple[str, ...] = (
    # Nikkei Inc. and its titles; other Nikkei-branded indices
    "Nikkei Asia",
    "Nikkei Asian Review",
    "Nikkei Inc",
    "Nikkei newspaper",
    "Nikkei business daily",
    "Nikkei daily",
    "Nikkei Shimbun",
    "Nihon Keizai Shimbun",
    "Nikkei Veritas",
    "Nikkei Business",
    "Nikkei BP",
    "Nikkei Volatility Index",
    "Nikkei 225 VI",
    "Nikkei 300",
    "Nikkei 400",
    "JPX-Nikkei 400",
    "JPX-Nikkei Index 400",
    # Dow Inc., Dow Jones & Co. and the other Dow Jones averages
    "Dow Inc",
    "Dow Chemical",
    "Dow Corning",
    "Dow Jones & Co",
    "Dow Jones & Company",
    "Dow Jones and Co",
    "Dow Jones Newswires",
    "Dow Jones News",
    "Dow Jones News Service",
    "Dow Jones Market Data",
    "Dow Jones Indices",
    "Dow Jones Transportation Average",
    "Dow Jones Transports",
    "Dow transports",
    "Dow Jones Utility Average",
    "Dow utilities",
    "Dow Jones Sustainability",
    "Dow Jones Factiva",
    # S&P Global and other S&P indices
    "S&P Global",
    "S&P Global Ratings",
    "S&P Global Market Intelligence",
    "S&P Global Mobility",
    "S&P Global Commodity Insights",
    "S&P Dow Jones Indices",
    "S&P Ratings",
    "S&P Capital IQ",
    "S&P 100",
    "S&P 400",
    "S&P MidCap 400",
    "S&P 600",
    "S&P SmallCap 600",
    "S&P 500 Equal Weight",
    "S&P BSE MidCap",
    "S&P BSE SmallCap",
    "S&P/ASX 50",
    "S&P/ASX 300",
    # Nasdaq Inc. and its venues, other Nasdaq indices
    "Nasdaq Inc",
    "Nasdaq OMX",
    "Nasdaq Stockholm",
    "Nasdaq Copenhagen",
    "Nasdaq Helsinki",
    "Nasdaq Nordic",
    "Nasdaq Baltic",
    "Nasdaq Dubai",
    "Nasdaq Stock Market",
    "Nasdaq Global Select Market",
    "Nasdaq Global Market",
    "Nasdaq Capital Market",
    "Nasdaq exchange",
    "Nasdaq-listed",
    "Nasdaq Golden Dragon",
    "Nasdaq Biotechnology",
    "Nasdaq Bank",
    "Kosdaq-listed",
    "Kosdaq 150",
    "ChiNext-listed",
    "ChiNext Composite",
    "ChiNext 50",
    # Hang Seng Bank and the other Hang Seng indices
    "Hang Seng Bank",
    "Hang Seng Indexes",
    "Hang Seng Indexes Company",
    "Hang Seng Index Company",
    "Hang Seng Investment",
    "Hang Seng Composite",
    "Hang Seng Mainland",
    "Hang Seng University",
    "Hang Seng Management College",
    "Hang Seng China AH",
    "Hang Seng Hong Kong Stock Connect",
    # other indices of the same families
    "Kospi 200",
    "Kospi 100",
    "Kospi 50",
    "Topix Core 30",
    "Topix 100",
    "Topix 500",
    "Topix Mid400",
    "Topix Small",
    "Shenzhen Composite",
    "Shenzhen Composite Index",
    "FTSE Russell",
    "FTSE Group",
    "FTSE All-Share",
    "FTSE All-World",
    "FTSE 350",
    "FTSE AIM",
    "FTSE China A50",
    "FTSE Bursa",
    "FTSE Italia",
    "FTSE Developed",
    "FTSE Emerging",
    "FTSE Nareit",
    "FTSE EPRA",
    "CAC Mid 60",
    "CAC Next 20",
    "CAC All-Tradable",
    "IBEX Medium Cap",
    "IBEX Small Cap",
    "SMI Mid",
    "SMI Expanded",
    "Russell 2000 Value",
    "Russell 2000 Growth",
    "Bank Nifty",
    "Nifty Bank",
    "Nifty IT",
    "Nifty Next 50",
    "Nifty Midcap",
    "Nifty Smallcap",
    "Nifty FMCG",
    "Nifty Metal",
    "Nifty Pharma",
    "Nifty PSU",
    "Nifty PSU Bank",
    "Nifty Auto",
    "Nifty Realty",
    "Nifty Financial Services",
    "Nifty Energy",
    "Nifty Media",
    "STOXX Ltd",
    # acronyms shared with other fields (Sarbanes-Oxley, health)
    "SOX compliance",
    "SOX Act",
    "SOX audit",
    "SOX controls",
    "STI test",
    "STI testing",
    "STI rates",
    "STI clinic",
)

# Names that are also trading venues ("listed on the Nasdaq", "Kosdaq-listed", "(NASDAQ:AAPL)").
VENUE_NAMES = frozenset({"nasdaq", "kosdaq", "chinext"})

_INDEX_WORDS = re.compile(
    r"\b(rose|rise[sn]?|rising|fell|fall(?:s|ing|en)?|closed|close[sd]?|closing|ended|ends?|finished|"
    r"gain(?:ed|s)?|lost|los(?:es|ing)|slipped|slid|drop(?:ped|s)?|declined|climbed|jumped|surged|soared|"
    r"tumbled|plunged|sank|edge[sd]?|advanced|added|shed|eased|rallied|rebounded|retreated|opened|"
    r"slips?|climbs?|dips?|eases?|adds|sheds|jumps?|surges?|tumbles?|sinks?|rall(?:y|ies)|rebounds?|"
    r"recover(?:ed|s|ing)?|pared|trimmed|extended|erased|"
    r"slump(?:ed|s)?|dip(?:ped|s)?|sag(?:ged|s)?|skidded|firm(?:ed|er)|weaken(?:ed|s)?|weaker|stronger|"
    r"flat|unchanged|lows?|highs?|points?|index|futures|percent|per cent|benchmark|record|higher|lower)\b|%|"
    # a Reuters code in brackets right by the name: "Tokyo's Nikkei (.N225)"
    r"\(\s*\.[A-Z][A-Z0-9]*\s*\)",
    re.IGNORECASE,
)

# Text right after a name that gives it another meaning: a publication reporting, a company acting.
_OTHER_AFTER = re.compile(
    r"\A\s*(?:'s\s+|\u2019s\s+)?(?:newspaper|daily|business daily|reported|reports|reporting|said|says|"
    r"wrote|writes|cited|quoted|columnist|editorial|survey|poll|interview|Inc\b|Corp\b|Co\b|Ltd\b|"
    r"shares\b|stock\b(?!\s+(?:index|average|gauge|market))|chief\b|CEO\b|executives?\b|spokes\w*|plant\b|"
    r"ratings?\b|rated\b|rates\b|downgrade[ds]?\b|upgrade[ds]?\b|affirm\w*|assign\w*)",
    re.IGNORECASE,
)
# Ratings-agency verbs that would also fit an index sentence for other names ("the Dow cut its losses").
_AGENCY_AFTER = re.compile(r"\A\s*(?:cut|lowered|raised|kept|placed|put|revised|warned)\b", re.IGNORECASE)
_OTHER_BEFORE = re.compile(
    r"(?:\btold|\baccording to|\breported by|\binterview with|\bquoted by|\bcited by|\bspeaking to|\bspoke (?:to|with)|"
    r"\btalking to|\b(?:said|wrote|published|reported|column|op-ed|report|story|article)\s+in|"
    r"\ba report (?:by|from|in))\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
_VENUE_BEFORE = re.compile(
    r"(?:\b(?:list(?:ed|ing|s)?|delist(?:ed|ing)?|trade[sd]?|trading|debut(?:ed|s)?|IPO|float(?:ed)?|quoted|"
    r"move[sd]?|switch(?:ed)?|transfer(?:red)?)\s+(?:on|to|from|in)|\bon|\(\s*)\s*(?:the\s+)?\Z",
    re.IGNORECASE,
)
_VENUE_AFTER = re.compile(
    r"\A(?:\s*[-\u2010\u2011]?\s*listed\b|\s*:\s*[A-Z]{1,5}\b|\s+(?:exchange|stock market|stock exchange|"
    r"market operator|ticker|under the|symbol|listing|trading|trade|composite volume)\b)",
    re.IGNORECASE,
)


def media_or_company_cue(before: str, after: str, listed: str) -> bool:
    """True when the name is a publication or a company here ("told the Nikkei", "S&P downgraded")."""
    if _OTHER_AFTER.match(after) or _OTHER_BEFORE.search(before):
        return True
    return listed == "S&P" and bool(_AGENCY_AFTER.match(after))


def venue_cue(before: str, after: str) -> bool:
    """True when a venue-named index is the venue here ("listed on the Nasdaq", "NASDAQ:AAPL")."""
    return bool(_VENUE_BEFORE.search(before) or _VENUE_AFTER.match(after))


# A sentence or clause end: index words beyond it belong to another statement.
_CLAUSE_END = re.compile(r"[.;!?](?=\s|\Z)")


def context_cue(before: str, after: str) -> tuple[str, int, str] | None:
    """The index word nearest the name, within its sentence: (word, characters between, side), or None."""
    end = _CLAUSE_END.search(after)
    after = after[: end.start()] if end else after
    ends = list(_CLAUSE_END.finditer(before))
    offset = ends[-1].end() if ends else 0
    before = before[offset:]
    best: tuple[str, int, str] | None = None
    hit = _INDEX_WORDS.search(after)
    if hit:
        best = (hit.group(0), hit.start(), "after")
    for hit in _INDEX_WORDS.finditer(before):
        gap = len(before) - hit.end()
        if best is None or gap < best[1]:
            best = (hit.group(0), gap, "before")
    return best
