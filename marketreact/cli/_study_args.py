"""Arguments shared by the commands that run an event study (study, report, charts)."""

from __future__ import annotations

import argparse
from typing import Any

from marketreact._parse import parse_window, parse_windows
from marketreact.cli._output import SOURCE_HELP
from marketreact.study import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS
from marketreact.study.conventions import CONVENTIONS
from marketreact.study.models import MODELS

__all__ = ["add_study_args", "study_kwargs"]


def add_study_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", default="snapshot", metavar="NAME|DIR", help=SOURCE_HELP)
    p.add_argument("--model", choices=tuple(MODELS), default="market", help="normal-return model")
    p.add_argument(
        "--estimation",
        default=",".join(map(str, DEFAULT_ESTIMATION_WINDOW)),
        help="estimation window, inclusive trading-day offsets 'a,b' (default -250,-11)",
    )
    p.add_argument(
        "--window",
        action="append",
        help="event window 'a,b' (inclusive; repeat for several); default: "
        + " ".join(f"{a},{b}" for a, b in DEFAULT_EVENT_WINDOWS),
    )
    p.add_argument("--benchmark", help="one benchmark for every listing instead of each local benchmark")
    p.add_argument(
        "--conventions",
        choices=CONVENTIONS,
        default="clm",
        help="variance conventions of the tests: clm (default), simple (i*sigma^2, ddof 0) or estudy2 "
        "(the R package's forms); see docs/conventions.md",
    )
    p.add_argument(
        "--subjects-only",
        action="store_true",
        help="study only the article's subjects, not companies it mentions in passing",
    )


def study_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for :func:`marketreact.analyse` from the parsed arguments."""
    return {
        "source": args.source,
        "model": args.model,
        "estimation_window": parse_window(args.estimation, "--estimation"),
        "event_windows": parse_windows(args.window or DEFAULT_EVENT_WINDOWS, "--window"),
        "benchmark": args.benchmark,
        "conventions": args.conventions,
        **({"listings": "subjects"} if getattr(args, "subjects_only", False) else {}),
    }
