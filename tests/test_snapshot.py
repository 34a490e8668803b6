"""The bundled snapshot: manifest, checksums, byte-exact import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from marketreact.data.snapshot import import_snapshot, read_manifest, read_snapshot_file, verify_snapshot
from marketreact.errors import ChecksumMismatch, SnapshotError, UnknownSymbol
from marketreact.reference import paths as _paths
from tests.conftest import SHARED_PRICES

EXPECTED_SYMBOLS = {
    "AAPL", "NVDA", "HMC", "TM", "TSLA", "STLA", "NSANY", "MMTOF", "SPY", "QQQ",
    "7201.T", "7211.T", "7267.T", "7203.T", "^N225", "1321.T", "1306.T",
    "601138.SS", "000300.SS", "000001.SS", "2317.TW", "^TWII",
}  # fmt: skip


def test_every_manifest_checksum_verifies() -> None:
    results = verify_snapshot()
    assert set(results) == EXPECTED_SYMBOLS
    assert all(r == "ok" for r in results.values()), results


def test_manifest_records_early_ends_and_gaps() -> None:
    # Values from PROVENANCE.md's coverage table, typed by hand.
    m = read_manifest()
    assert (m["NSANY"].last, m["NSANY"].rows) == ("2025-04-08", 381)
    assert (m["MMTOF"].last, m["MMTOF"].rows) == ("2025-04-07", 380)
    assert m["MMTOF"].zero_volume_rows == 247
    # The 2024-10-31 typhoon closure is a recorded closure (data/calendar_overrides.csv), not a gap.
    assert m["2317.TW"].missing_sessions == ""
    assert m["^TWII"].missing_sessions == ""
    assert m["7201.T"].missing_sessions == ""
    assert (m["7201.T"].mic, m["7201.T"].currency, m["7201.T"].timezone) == ("XTKS", "JPY", "Asia/Tokyo")
    assert m["AAPL"].return_basis == "adjusted"
    assert m["7203.T"].return_basis == "dividends"
    assert m["^N225"].return_basis == "price"


def _copy_snapshot(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(_paths.data_dir(), root)
    return root


def test_checksum_mismatch_names_the_file(tmp_path: Path) -> None:
    root = _copy_snapshot(tmp_path)
    path = root / "prices" / "AAPL.csv"
    path.write_bytes(path.read_bytes().replace(b"172.4199981689453", b"172.4299981689453"))
    with pytest.raises(ChecksumMismatch) as info:
        read_snapshot_file("AAPL", root)
    assert "AAPL.csv" in str(info.value) and "git checkout" in str(info.value)
    assert info.value.path.endswith("AAPL.csv")


def test_unknown_symbol_says_how_to_see_what_is_available() -> None:
    with pytest.raises(
        UnknownSymbol, match=r"'NOPE'.*holds 22 symbols \(marketreact data list\).*--source yahoo"
    ):
        read_snapshot_file("NOPE")


@pytest.mark.skipif(not (SHARED_PRICES / "prices").is_dir(), reason="../shared/data not beside the repo")
def test_reimport_of_shared_input_changes_no_byte(tmp_path: Path) -> None:
    root = _copy_snapshot(tmp_path)
    assert import_snapshot(SHARED_PRICES, root) == []
    for src in (SHARED_PRICES / "prices").glob("*.csv"):
        assert (root / "prices" / src.name).read_bytes() == src.read_bytes()


def test_import_is_idempotent_and_rejects_bad_files(tmp_path: Path) -> None:
    src = tmp_path / "in" / "prices"
    src.mkdir(parents=True)
    shutil.copy(_paths.data_dir() / "prices" / "SPY.csv", src / "SPY.csv")
    dest = _copy_snapshot(tmp_path)
    shutil.rmtree(dest / "prices")
    first = import_snapshot(src.parent, dest)
    assert any(p.endswith("SPY.csv") for p in first)
    assert import_snapshot(src.parent, dest) == []
    (src / "BAD.csv").write_text(
        "date,open,high,low,close,adj_close,volume,dividends\n2025-01-02,1,1,1,,,0,\n"
    )
    with pytest.raises(SnapshotError, match=r"BAD\.csv line 2: empty close"):
        import_snapshot(src.parent, dest)
    (src / "BAD.csv").write_text(
        "date,open,high,low,close,adj_close,volume,dividends\n2025-01-03,1,1,1,1,,0,\n2025-01-02,1,1,1,1,,0,\n"
    )
    with pytest.raises(SnapshotError, match="not after"):
        import_snapshot(src.parent, dest)
    (src / "BAD.csv").write_bytes(b"\x00\x01binary")
    with pytest.raises(SnapshotError, match="binary"):
        import_snapshot(src.parent, dest)


def test_calendar_overrides_record_the_typhoon_closure() -> None:
    from marketreact.reference.calendars import calendar, closures

    notes = closures("XTAI")
    assert list(notes) == [pd.Timestamp("2024-10-31")] and "Typhoon" in notes[pd.Timestamp("2024-10-31")]
    assert not calendar("XTAI").is_session("2024-10-31")
    assert calendar("XTAI").is_session("2024-10-30") and calendar("XTAI").is_session("2024-11-01")


def test_memoised_reads_still_catch_a_later_edit_and_never_share_frames(tmp_path: Path) -> None:
    import os

    root = _copy_snapshot(tmp_path)
    first = read_snapshot_file("AAPL", root)
    first.loc[first.index[0], "close"] = -1.0  # a caller mutating its copy...
    assert read_snapshot_file("AAPL", root).iloc[0]["close"] == 173.75  # ...does not reach the next read
    path = root / "prices" / "AAPL.csv"
    path.write_bytes(path.read_bytes().replace(b"172.4199981689453", b"172.4299981689453"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    with pytest.raises(ChecksumMismatch):
        read_snapshot_file("AAPL", root)
