"""Stage 6, the report: the whole pipeline (:func:`analyse`), its text rendering and chart files."""

from __future__ import annotations

from marketreact.report.analysis import Analysis, analyse

__all__ = ["Analysis", "analyse"]
