"""Stage 2, reference data: ONE venue table, calendars and session arithmetic, the security master.

Where to add things
-------------------
* an exchange (with its tag prefixes, RIC suffixes, Bloomberg codes): one row in
  :mod:`marketreact.reference.venues`;
* a closure that ``exchange_calendars`` does not know: ``data/calendar_overrides.csv``;
* a company or listing: ``data/securities/`` (see :mod:`marketreact.reference.securities`).

:class:`ReferenceData` bundles them into one object that planning, the study
and the claim check take as ``reference=``.
"""

from __future__ import annotations

from marketreact.reference.calendars import BarsCalendar, calendar
from marketreact.reference.refdata import ReferenceData, default_reference
from marketreact.reference.securities import Company, Listing, SecurityMaster, load_master
from marketreact.reference.venues import VENUES, Exchange, exchange

__all__ = [
    "VENUES",
    "BarsCalendar",
    "Company",
    "Exchange",
    "Listing",
    "ReferenceData",
    "SecurityMaster",
    "calendar",
    "default_reference",
    "exchange",
    "load_master",
]
