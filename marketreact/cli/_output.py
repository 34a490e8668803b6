"""Shared output helpers for the sub-commands (JSON that keeps figures exact)."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FORMATS", "to_jsonable", "write_json"]

FORMATS = ("table", "json", "csv")


def to_jsonable(obj: Any) -> Any:
    """Convert pandas/numpy values for ``json``: ISO dates, NaN -> null, floats as repr."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, pd.Timestamp):
        if obj.tzinfo is None and obj == obj.normalize():
            return obj.date().isoformat()
        return obj.isoformat()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if obj is pd.NaT or obj is pd.NA:
        return None
    return obj


def write_json(obj: Any) -> str:
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False)
