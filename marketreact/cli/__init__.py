"""The ``marketreact`` command line.

Each sub-command lives in its own module exposing ``register(subparsers)``;
the module list below is the whole table of commands.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from marketreact.errors import MarketReactError

__all__ = ["main"]

_COMMAND_MODULES = ("data", "prices", "mentions", "study", "claims", "charts", "report")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marketreact",
        description="Did the market react to this article? Event studies from news text, offline by default.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(f"marketreact.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (0 ok, 2 user error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except MarketReactError as exc:
        print(f"marketreact: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `marketreact prices AAPL | head`
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
