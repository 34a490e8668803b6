"""Index-name finder: time vs text length, and the single trie pattern vs a per-name scan (a script, not a test).

    .venv/bin/python benchmarks/bench_indices.py [--sizes 10000 40000 160000 640000]

Input: SYNTHETIC text, a few market-wrap sentences written for this benchmark,
repeated to each size. For each size it reports the time of
find_index_mentions (table loaded once) and of a naive scan that runs one regex
per name over the text (the approach the single pattern replaces). Time per
character should stay flat for the finder as the text grows.
"""

from __future__ import annotations

import argparse
import re
import time

from marketreact.reference._index_rules import NOT_INDEX_NAMES
from marketreact.reference.indices import _parts, find_index_mentions, load_indices

SENTENCES = (
    "Tokyo's Nikkei share average fell 1.2% while the broader Topix lost 0.9%. "
    "A carmaker executive told the Nikkei the plant would close. "
    "The S&P 500 rose 0.4%, the tech-heavy Nasdaq gained 1% and Dow Inc shares slid. "
    "Taiwan's main index ended higher; the Kospi and the Hang Seng Tech index also rose. "
    "Apple (NASDAQ:AAPL) is listed on the Nasdaq. Europe's STOXX 600 and the DAX were flat. "
)


def naive_scan(text: str, names: list[str]) -> int:
    sep = "[\\s\\-]*"
    count = 0
    for name in names:
        body = sep.join(re.escape(p) for p in _parts(name))
        count += sum(1 for _ in re.finditer(rf"(?<![\w.^])(?:{body})(?!\w)", text, re.IGNORECASE))
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000, 160_000, 640_000])
    args = parser.parse_args()
    table = load_indices()
    names = sorted({n for info in table for n in info.names} | set(NOT_INDEX_NAMES))
    print(f"{len(table)} indices, {len(names)} names")
    print(f"{'chars':>9} {'mentions':>9} {'finder s':>9} {'us/char':>8} {'naive s':>8} {'ratio':>6}")
    for size in args.sizes:
        text = (SENTENCES * (size // len(SENTENCES) + 1))[:size]
        t0 = time.perf_counter()
        found = find_index_mentions(text, table)
        t1 = time.perf_counter()
        naive_scan(text, names)
        t2 = time.perf_counter()
        finder, naive = t1 - t0, t2 - t1
        print(
            f"{size:>9} {len(found):>9} {finder:>9.3f} {finder / size * 1e6:>8.2f} {naive:>8.3f} {naive / finder:>6.1f}"
        )


if __name__ == "__main__":
    main()
