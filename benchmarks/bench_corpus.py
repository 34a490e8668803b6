"""Corpus mode throughput: ``marketreact corpus ARTICLES.jsonl --out DIR`` vs one cold ``study``.

    .venv/bin/python benchmarks/bench_corpus.py [--articles 110] [--repeat 3] [--distinct]

Input: the bundled articles (``data/articles/*.md``) replicated under distinct ids into a JSONL
table. Copies of one text are planned once (content-keyed); ``--distinct`` appends a line of
our own to each copy so that every article is extracted and planned (the worst case). Goal
(issue 14): 110 records <= 4x one cold study of a single article.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _timing import FLAGSHIP, ROOT, cli, wall


def write_corpus(path: Path, n: int, distinct: bool) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.md"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = texts[i % len(texts)] + (f"\n\nCorpus copy number {i}.\n" if distinct else "")
            fh.write(json.dumps({"id": f"a{i:05d}", "text": text}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=110)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--distinct", action="store_true", help="make every article's text distinct")
    parser.add_argument("--executor", default="local")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "articles.jsonl"
        write_corpus(table, args.articles, args.distinct)
        study = cli("study", str(FLAGSHIP))
        wall(study, 1)
        t_study = wall(study, args.repeat)
        runs = []
        for k in range(args.repeat + 1):  # the first run (untimed) fills the caches
            cmd = cli("corpus", str(table), "--out", str(Path(tmp) / f"out{k}"), "--no-progress")
            cmd += ["--executor", args.executor]
            runs.append(wall(cmd, 1))
        t_corpus = sorted(runs[1:])[len(runs[1:]) // 2]
    kind = (
        "distinct texts"
        if args.distinct
        else f"{len(list((ROOT / 'data' / 'articles').glob('*.md')))} texts repeated"
    )
    print(
        f"corpus of {args.articles} articles ({kind}): {t_corpus:.2f} s = {args.articles / t_corpus:.0f} articles/s; "
        f"one cold study {t_study:.2f} s; ratio {t_corpus / t_study:.1f}x"
    )


if __name__ == "__main__":
    main()
