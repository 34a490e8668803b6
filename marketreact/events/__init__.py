"""Stage 3, event timing: the first session on each exchange that could react (day 0), and the plan.

:func:`plan` turns an article into analysed (listing, day 0) rows with the reason
for every listing chosen, excluded or stood in for.
"""

from __future__ import annotations

from marketreact.events.day0 import EventDay, PlannedEvent, event_day, plan_events
from marketreact.events.plan import EventRow, Plan, plan

__all__ = ["EventDay", "EventRow", "Plan", "PlannedEvent", "event_day", "plan", "plan_events"]
