"""Confounder flags attached to a fitted study: benchmark shocks and other dated events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from marketreact.errors import MarketReactError
from marketreact.reference.refdata import ReferenceData
from marketreact.study.confounders import (
    event_window_sessions,
    overlap_warning,
    overlapping_events,
    shock_warning,
)
from marketreact.study.gather import SymbolBlocks
from marketreact.study.result import ListingInfo
from marketreact.study.shock_batch import batch_shocks
from marketreact.study.windows import Windows

__all__ = ["flag_confounders"]


def flag_confounders(
    infos: Sequence[ListingInfo],
    windows: Windows,
    returns: pd.DataFrame,
    threshold: float | None,
    other_events: Sequence[Any],
    blocks: SymbolBlocks | None = None,
    *,
    reference: ReferenceData | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, list[str]]:
    """Benchmark shocks per listing, overlapping user events, and the warnings they give.

    Shocks are grouped by (benchmark, day 0), so listings sharing both get one
    warning naming all of them. A benchmark whose shocks cannot be computed is
    reported in the warnings, never skipped silently. ``blocks`` is ``returns`` already split
    by symbol (:class:`~marketreact.study.gather.SymbolBlocks`), when the caller has it.
    ``reference`` places benchmarks and listings on their venues' calendars (the
    bundled reference data by default).
    """
    shocks: dict[str, pd.DataFrame] = {}
    notes: list[str] = []
    if threshold is not None:
        groups: dict[tuple[str, pd.Timestamp], list[str]] = {}
        for info in infos:
            if info.benchmark:
                groups.setdefault((info.benchmark, info.day0), []).append(info.label)
        # Every (benchmark, day 0) at once: each benchmark is placed on its sessions once.
        found = (
            batch_shocks(list(groups), windows, returns, threshold, blocks, reference=reference)
            if groups
            else {}
        )
        for (bench, day0), labels in groups.items():
            frame = found[(bench, day0)]
            if isinstance(frame, MarketReactError):
                notes.append(f"market-shock check for {bench} (day 0 {day0.date()}) not done: {frame}")
                continue
            for label in labels:
                shocks[label] = frame
            text = shock_warning(frame)
            if text:
                notes.append(f"{', '.join(labels)}: {text}")
    overlaps = pd.DataFrame()
    if other_events:
        sessions = {
            info.label: event_window_sessions(info.symbol, info.day0, windows.span, reference=reference)
            for info in infos
        }
        overlaps = overlapping_events(other_events, sessions)
        text = overlap_warning(overlaps)
        if text:
            notes.append(text)
    return shocks, overlaps, notes
