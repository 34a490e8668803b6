"""Country names as the sources spell them -> ISO 3166-1 alpha-2.

Only names that occur in the staged sources are listed; an unknown name maps to "" and is counted by the
caller (rule ``country_name_unmapped``), never guessed.
"""

from __future__ import annotations

COUNTRY_ISO2: dict[str, str] = {
    "Afghanistan": "AF", "Anguilla": "AI", "Argentina": "AR", "Australia": "AU", "Austria": "AT",
    "Azerbaijan": "AZ", "Bahamas": "BS", "Bangladesh": "BD", "Barbados": "BB", "Belgium": "BE", "Belize": "BZ",
    "Bermuda": "BM", "Botswana": "BW", "Brazil": "BR", "British Virgin Islands": "VG", "Bulgaria": "BG",
    "Cambodia": "KH", "Canada": "CA", "Cayman Islands": "KY", "Chile": "CL", "China": "CN", "Colombia": "CO",
    "Costa Rica": "CR", "Curacao": "CW", "Cyprus": "CY", "Czech Republic": "CZ", "Denmark": "DK",
    "Dominican Republic": "DO", "Egypt": "EG", "Estonia": "EE", "Falkland Islands": "FK", "Faroe Islands": "FO",
    "Finland": "FI", "France": "FR", "French Guiana": "GF", "Gabon": "GA", "Georgia": "GE", "Germany": "DE",
    "Gibraltar": "GI", "Greece": "GR", "Greenland": "GL", "Guernsey": "GG", "Hong Kong": "HK", "Hungary": "HU",
    "Iceland": "IS", "India": "IN", "Indonesia": "ID", "Ireland": "IE", "Isle of Man": "IM", "Israel": "IL",
    "Italy": "IT", "Ivory Coast": "CI", "Japan": "JP", "Jersey": "JE", "Jordan": "JO", "Kazakhstan": "KZ",
    "Kenya": "KE", "Kuwait": "KW", "Kyrgyzstan": "KG", "Latvia": "LV", "Liechtenstein": "LI", "Lithuania": "LT",
    "Luxembourg": "LU", "Macau": "MO", "Macedonia": "MK", "Malaysia": "MY", "Malta": "MT",
    "Marshall Islands": "MH", "Mauritius": "MU", "Mexico": "MX", "Monaco": "MC", "Mongolia": "MN",
    "Montenegro": "ME", "Morocco": "MA", "Mozambique": "MZ", "Myanmar": "MM", "Namibia": "NA",
    "Netherlands": "NL", "Netherlands Antilles": "AN", "New Zealand": "NZ", "Nigeria": "NG", "Norway": "NO",
    "Panama": "PA", "Papua New Guinea": "PG", "Peru": "PE", "Philippines": "PH", "Poland": "PL",
    "Portugal": "PT", "Puerto Rico": "PR", "Qatar": "QA", "Republic of the Congo": "CG", "Reunion": "RE",
    "Romania": "RO", "Russia": "RU", "Saudi Arabia": "SA", "Senegal": "SN", "Singapore": "SG",
    "Slovakia": "SK", "Slovenia": "SI", "South Africa": "ZA", "South Korea": "KR", "Spain": "ES",
    "Suriname": "SR", "Sweden": "SE", "Switzerland": "CH", "Taiwan": "TW", "Tanzania": "TZ", "Thailand": "TH",
    "Turkey": "TR", "U.S. Virgin Islands": "VI", "Ukraine": "UA", "United Arab Emirates": "AE",
    "United Kingdom": "GB", "United States": "US", "Uruguay": "UY", "Vietnam": "VN", "Zambia": "ZM",
}  # fmt: skip


def iso2(name: str | None) -> str:
    """Return the alpha-2 code of a source country name, or "" when unknown or empty."""
    return COUNTRY_ISO2.get((name or "").strip(), "")
