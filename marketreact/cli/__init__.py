"""The ``marketreact`` command line.

Each sub-command lives in its own module exposing ``register(subparsers)``;
the module list below is the whole table of commands.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence

from marketreact.errors import MarketReactError, MarketReactWarning

__all__ = ["main"]

_COMMAND_MODULES = ("data", "prices", "mentions", "study", "claims", "charts", "report", "notebook", "corpus")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered (or just ``only``).

    Each command module imports the stages it runs, so registering one command
    only (``main`` does, when the command is known) keeps a command's start-up
    free of the others' imports (``mentions`` does not load the statistics stack).
    """
    parser = argparse.ArgumentParser(
        prog="marketreact",
        description="Did the market react to this article? Event studies from news text, offline by default.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES if only not in _COMMAND_MODULES else (only,):
        importlib.import_module(f"marketreact.cli.{name}").register(sub)
    return parser


_OFFSET_OPTIONS = ("--window", "--estimation")


def _join_negative_offsets(argv: Sequence[str]) -> list[str]:
    """Let ``--window -1,1`` work: argparse would take ``-1,1`` for an option."""
    out: list[str] = []
    for token in argv:
        if out and out[-1] in _OFFSET_OPTIONS and token.startswith("-") and token[1:2].isdigit():
            out[-1] = f"{out[-1]}={token}"
        else:
            out.append(token)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (0 ok, 2 user error)."""
    tokens = _join_negative_offsets(sys.argv[1:] if argv is None else argv)
    command = tokens[0] if tokens and not tokens[0].startswith("-") else None
    parser = build_parser(only=command)
    args = parser.parse_args(tokens)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MarketReactWarning)
            code: int = args.func(args)
        for item in caught:
            if issubclass(item.category, MarketReactWarning):
                print(f"marketreact: warning: {item.message}", file=sys.stderr)
            else:  # not ours: let Python report it as usual
                warnings.showwarning(item.message, item.category, item.filename, item.lineno)
    except MarketReactError as exc:
        print(f"marketreact: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `marketreact prices AAPL | head`
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
