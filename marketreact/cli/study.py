"""``marketreact study``: not built yet (placeholder keeps the command table stable)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("study", help="(not available yet)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("marketreact study: not available yet")
    return 2
