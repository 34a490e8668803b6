"""``marketreact notebook ARTICLE --out DIR``: the narrated notebooks, executed for your own article."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from marketreact.cli._output import SOURCE_HELP, add_article_args, load_article, out_dir
from marketreact.errors import InvalidParameter, MarketReactError
from marketreact.events.plan import plan


def register(sub: Any) -> None:
    p = sub.add_parser(
        "notebook",
        help="execute the five narrated notebooks for an article; writes .ipynb and .html files",
        description="Run the notebook set (article to listings, price paths, event study, robustness, "
        "quoted moves and confounders) for ARTICLE in fresh kernels, and write each executed notebook "
        "and a self-contained HTML copy into --out. Open them with `jupyter lab DIR`.",
    )
    add_article_args(p)
    p.add_argument("--source", default="snapshot", help=SOURCE_HELP)
    p.add_argument("--out", type=Path, required=True, help="directory for the executed notebooks")
    p.add_argument("--no-html", action="store_true", help="skip the HTML copies")
    p.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    p.set_defaults(func=run)


def _source(value: str) -> str:
    # The kernels run in --out, so a folder of the user's own files is passed as an absolute path.
    path = Path(value)
    return str(path.resolve()) if path.exists() else value


def run(args: argparse.Namespace) -> int:
    try:
        from marketreact.report.notebooks import run_set
    except ImportError as exc:  # the notebook tools are an optional extra
        raise InvalidParameter(
            "marketreact notebook", str(exc), "install the extra: pip install 'marketreact[notebooks]'"
        ) from None
    if args.article == "-":
        raise InvalidParameter("ARTICLE", "-", "the notebooks read a file; save the article to a file first")
    if args.jobs < 1:
        raise InvalidParameter("--jobs", args.jobs, "give 1 or more")
    article = load_article(
        args
    )  # bad path, missing or malformed time: the CLI's one-line error, before any kernel
    out = out_dir(args.out)
    source = _source(args.source)
    if plan(article, source=source).events.empty:
        # Not an error: the notebooks still run and say what could not be computed.
        print(
            "marketreact: warning: no listing with price data was found in the article; "
            "the notebooks say what could not be computed",
            file=sys.stderr,
        )
    try:
        written = run_set(
            args.article,
            out,
            published=args.published,
            source=source,
            html=not args.no_html,
            jobs=args.jobs,
        )
    except MarketReactError:
        raise
    except Exception as exc:  # a cell failed: name the notebook, keep the partial output for a look
        name = getattr(exc, "ename", type(exc).__name__)
        value = getattr(exc, "evalue", str(exc))
        print(
            f"marketreact: error: a notebook failed ({name}: {value}); see the .ipynb files in {out}",
            file=sys.stderr,
        )
        return 1
    print("wrote:\n" + "\n".join(f"  {p}" for p in written))
    print(f"\nopen them with:\n  jupyter lab {out}")
    return 0
