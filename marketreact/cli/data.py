"""``marketreact data import|import-securities|import-factors|verify|list``: manage the bundled data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from marketreact.data.snapshot import import_snapshot, read_manifest, verify_snapshot


def register(sub: Any) -> None:
    p = sub.add_parser("data", help="import, verify or list the offline price snapshot")
    dsub = p.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    imp = dsub.add_parser("import", help="import DIR/prices/*.csv into the snapshot (figures unchanged)")
    imp.add_argument("directory", type=Path, help="directory with prices/<SYMBOL>.csv (and PROVENANCE.md)")
    imp.add_argument("--dest", type=Path, default=None, help="snapshot directory (default: the package's)")
    imp.set_defaults(func=_import)
    fac = dsub.add_parser(
        "import-factors",
        help="import French Data Library daily factor CSVs from DIR into factors/ (percent -> decimal)",
    )
    fac.add_argument("directory", type=Path, help="directory with the library's daily factor CSV files")
    fac.add_argument("--dest", type=Path, default=None, help="snapshot directory (default: the package's)")
    fac.set_defaults(func=_import_factors)
    ver = dsub.add_parser("verify", help="check every snapshot file against the manifest's sha256")
    ver.set_defaults(func=_verify)
    sec = dsub.add_parser("import-securities", help="build the world security master from DIR (public lists)")
    sec.add_argument(
        "directory", type=Path, help="directory laid out like shared/data/securities (PROVENANCE.md)"
    )
    sec.add_argument(
        "--dest",
        type=Path,
        default=None,
        help="output directory for the master and venues_needed.csv (default: the package's data/)",
    )
    sec.set_defaults(func=_import_securities)
    lst = dsub.add_parser("list", help="print the manifest (coverage, gaps, basis per symbol)")
    lst.set_defaults(func=_list)


def _import(args: argparse.Namespace) -> int:
    written = import_snapshot(args.directory, args.dest)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("snapshot already up to date (no file changed)")
    return 0


def _import_securities(args: argparse.Namespace) -> int:
    # Imported lazily: the importers need the optional Excel readers (pip install 'marketreact[import]').
    from marketreact.reference import paths as _paths
    from marketreact.reference.importers.build import build

    data = _paths.data_dir()
    dest = args.dest or data / "securities"
    # With --dest everything goes there; the default run also refreshes data/reference/venues_needed.csv.
    venues = dest / "venues_needed.csv" if args.dest else data / "reference" / "venues_needed.csv"
    stats = build(args.directory, dest, curated_root=data / "securities", venues_path=venues)
    for rec in stats.files:
        print(f"{rec.source:28s} {rec.rows_used:7d} of {rec.rows_read:7d} rows used  {rec.path}")
    print(
        f"wrote {dest}: {stats.rules['output_listings']} listings, {stats.rules['output_companies']} companies"
    )
    return 0


def _import_factors(args: argparse.Namespace) -> int:
    from marketreact.study.factors import import_factors

    written = import_factors(args.directory, args.dest)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("factor files already up to date (no file changed)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    results = verify_snapshot()
    bad = {s: r for s, r in results.items() if r != "ok"}
    for symbol, result in results.items():
        print(f"{symbol:12s} {result}")
    print(f"{len(results) - len(bad)} ok, {len(bad)} failed")
    return 1 if bad else 0


def _list(args: argparse.Namespace) -> int:
    for row in read_manifest().values():
        gaps = row.missing_sessions or "none"
        print(
            f"{row.symbol:10s} {row.mic:5s} {row.currency:4s} {row.first}..{row.last} "
            f"{row.rows:4d} rows  basis={row.return_basis:9s} zero-volume={row.zero_volume_rows:<4d} "
            f"missing={gaps}"
        )
    return 0
