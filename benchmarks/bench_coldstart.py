"""Cold start: a fresh ``marketreact study`` / ``mentions`` process vs a bare ``import pandas, numpy``.

    .venv/bin/python benchmarks/bench_coldstart.py [--repeat 5]

Each command runs in a new process (median of ``--repeat``), after one untimed run that fills
the disk caches (security master, name matcher, calendars), as a user's second run would find
them. Goals (issue 14): study <= 4x and mentions <= 3x the bare import.
"""

from __future__ import annotations

import argparse

from _timing import BARE, FLAGSHIP, cli, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    commands = {
        "study": cli("study", str(FLAGSHIP)),
        "mentions": cli("mentions", str(FLAGSHIP)),
    }
    for cmd in commands.values():
        wall(cmd, 1)  # fill the caches
    bare = wall(BARE, args.repeat)
    print(f"bare 'import pandas, numpy': {bare:.2f} s (median of {args.repeat})")
    for name, cmd in commands.items():
        t = wall(cmd, args.repeat)
        print(f"marketreact {name} (flagship): {t:.2f} s = {t / bare:.1f}x bare")


if __name__ == "__main__":
    main()
