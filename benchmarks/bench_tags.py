"""Time per character of :func:`marketreact.text.tag_spans.find_all_tags` as the text grows.

Linear cost shows as a flat time per character. Run: ``.venv/bin/python benchmarks/bench_tags.py``.
"""

from __future__ import annotations

import time

from marketreact.text.tag_spans import find_all_tags

# One paragraph written for this benchmark, dense in tags of every style.
_PARAGRAPH = (
    "Toyota Motor Corp <7203.T> and Honda, NYSE: HMC, rose; Samsung Electronics (KRX:005930) fell while "
    "Alphabet (GOOGL, GOOG) and $BRK.B gained. Toyota Motor TM--0.5% eased; BAE Systems (LON:BA.) and "
    "Tencent (00700.HK) were flat at 10:30. Note: the AI (AI) unit (2024) reported in the U.S. (U.S.).\n"
)


def main() -> None:
    for copies in (10, 100, 1000, 4000):
        text = _PARAGRAPH * copies
        t0 = time.perf_counter()
        spans = find_all_tags(text)
        dt = time.perf_counter() - t0
        print(f"{len(text):>9} chars  {len(spans):>6} tags  {dt:7.3f} s  {1e6 * dt / len(text):6.2f} us/char")


if __name__ == "__main__":
    main()
