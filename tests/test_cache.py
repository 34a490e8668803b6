"""The on-disk download cache: exact round trip, coverage, atomic replacement, damage.

All frames here are synthetic (hand-written numbers, not market data).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from marketreact.data import cache
from marketreact.data.sources.yahoo import fetch_prices
from marketreact.errors import CacheError

DAYS = ["2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07"]


def synthetic(scale: float = 1.0) -> pd.DataFrame:
    """Synthetic bars with awkward floats: repr round trip, NaN, tiny and huge values."""
    index = pd.DatetimeIndex(pd.to_datetime(pd.Series(DAYS), format="%Y-%m-%d"), name="date")
    close = np.array([0.1 + 0.2, 172.4199981689453, 198.85000610351562, 1e-300, 12345678.901234567]) * scale
    return pd.DataFrame(
        {
            "open": close,
            "high": close * 1.01,
            "low": close * 0.99,
            "close": close,
            "adj_close": [np.nan, 1.5, 2.5, np.nan, 3.5],
            "volume": [0.0, 52164500.0, 1.0, 2.0, 3.0],
            "dividends": [0.0, 0.0, 0.26, 0.0, 0.0],
            "stock_splits": [0.0, 0.0, 0.0, 4.0, 0.0],
        },
        index=index,
    )


START, END = pd.Timestamp("2025-04-01"), pd.Timestamp("2025-04-07")


def _write(frame: pd.DataFrame, symbol: str = "SYNTH", root: Path | None = None) -> cache.CacheMeta:
    return cache.write(symbol, frame, START, END, yfinance_version="test", root=root)


def test_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARKETREACT_CACHE_DIR", str(tmp_path / "elsewhere"))
    _write(synthetic())
    assert cache.entry_paths("SYNTH") == tmp_path / "elsewhere" / "yahoo" / "SYNTH.json"
    assert cache.entry_paths("SYNTH").is_file()


def test_round_trip_is_exact() -> None:
    frame = synthetic()
    meta = _write(frame)
    entry = cache.read("SYNTH")
    assert entry is not None
    got, read_meta = entry
    pd.testing.assert_frame_equal(got, frame, check_exact=True)
    assert read_meta == meta
    assert (meta.first, meta.last, meta.rows) == ("2025-04-01", "2025-04-07", 5)
    record = json.loads(cache.entry_paths("SYNTH").read_text())
    assert record["start"] == "2025-04-01" and record["end"] == "2025-04-07"
    assert record["fetched_at"].endswith("+00:00") and record["yfinance_version"] == "test"


def test_only_rows_inside_the_covered_range_are_stored() -> None:
    cache.write("SYNTH", synthetic(), START, pd.Timestamp("2025-04-03"), yfinance_version="test")
    got = cache.lookup("SYNTH", START, pd.Timestamp("2025-04-03"))
    assert got is not None
    assert list(pd.DatetimeIndex(got.index).strftime("%Y-%m-%d")) == DAYS[:3]


@pytest.mark.parametrize(
    ("start", "end", "hit"),
    [
        ("2025-04-01", "2025-04-07", True),
        ("2025-04-02", "2025-04-03", True),
        ("2025-03-31", "2025-04-07", False),  # starts before the covered range
        ("2025-04-01", "2025-04-08", False),  # ends after it
        (None, "2025-04-07", False),  # the whole history was not fetched
        ("2025-04-01", None, False),  # "latest" is never a cache hit
    ],
)
def test_a_range_not_covered_is_a_miss(start: str | None, end: str | None, hit: bool) -> None:
    _write(synthetic())
    lo = pd.Timestamp(start) if start else None
    hi = pd.Timestamp(end) if end else None
    got = cache.lookup("SYNTH", lo, hi)
    assert (got is not None) is hit
    if got is not None:
        pd.testing.assert_frame_equal(got, synthetic().loc[lo:hi], check_exact=True)


def test_whole_history_entry_covers_any_start() -> None:
    cache.write("SYNTH", synthetic(), None, END, yfinance_version="test")
    assert cache.lookup("SYNTH", None, END) is not None
    assert cache.lookup("SYNTH", pd.Timestamp("1990-01-01"), END) is not None


def test_no_entry_is_a_miss() -> None:
    assert cache.read("NOPE") is None
    assert cache.lookup("NOPE", START, END) is None


def _listing(symbol: str = "SYNTH") -> list[str]:
    return sorted(p.name for p in cache.entry_paths(symbol).parent.iterdir())


def test_interrupted_data_write_keeps_the_old_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    old = synthetic()
    _write(old)
    before = _listing()

    def boom(src: object, dst: object) -> None:
        raise OSError("simulated crash during os.replace")

    with monkeypatch.context() as patch, pytest.raises(CacheError, match="cannot write"):
        patch.setattr(os, "replace", boom)
        _write(synthetic(scale=2.0))
    assert _listing() == before  # the temp file was removed, nothing half-written is visible
    entry = cache.read("SYNTH")
    assert entry is not None
    pd.testing.assert_frame_equal(entry[0], old, check_exact=True)


def test_interrupted_record_write_keeps_the_old_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    old = synthetic()
    _write(old)
    real_replace = os.replace

    def fail_on_record(src: str, dst: str) -> None:
        if str(dst).endswith(".json"):
            raise OSError("simulated crash before the commit")
        real_replace(src, dst)

    with monkeypatch.context() as patch, pytest.raises(CacheError):
        patch.setattr(os, "replace", fail_on_record)
        _write(synthetic(scale=2.0))
    entry = cache.read("SYNTH")  # the new data file exists, but the record still names the old one
    assert entry is not None
    pd.testing.assert_frame_equal(entry[0], old, check_exact=True)
    assert len([n for n in _listing() if n.endswith(".csv")]) == 2
    new = synthetic(scale=3.0)
    _write(new)  # the next write removes the orphan
    assert len([n for n in _listing() if n.endswith(".csv")]) == 1
    entry = cache.read("SYNTH")
    assert entry is not None
    pd.testing.assert_frame_equal(entry[0], new, check_exact=True)


def test_leftover_temp_files_are_ignored_then_cleaned() -> None:
    _write(synthetic())
    directory = cache.entry_paths("SYNTH").parent
    stale = directory / ".SYNTH.json.k3j4h5.tmp"
    stale.write_text('{"half": ')
    fresh = directory / ".SYNTH.json.z9y8x7.tmp"  # may belong to a live writer
    fresh.write_text('{"half": ')
    old = time.time() - 3600
    os.utime(stale, (old, old))
    entry = cache.read("SYNTH")
    assert entry is not None
    pd.testing.assert_frame_equal(entry[0], synthetic(), check_exact=True)
    _write(synthetic(scale=2.0))
    assert not stale.exists()
    assert fresh.exists()


def test_writes_leave_other_symbols_alone() -> None:
    _write(synthetic(), "7201.T")
    _write(synthetic(scale=2.0), "7201.T.X")
    _write(synthetic(scale=3.0), "7201.T")
    other = cache.read("7201.T.X")
    assert other is not None
    pd.testing.assert_frame_equal(other[0], synthetic(scale=2.0), check_exact=True)
    assert cache.entry_paths("^N225").name == "^N225.json"


def test_damaged_record_raises_cache_error_naming_the_file() -> None:
    _write(synthetic())
    record = cache.entry_paths("SYNTH")
    record.write_text("{not json")
    with pytest.raises(CacheError, match=r"SYNTH\.json.*clear\('SYNTH'\)"):
        cache.lookup("SYNTH", START, END)


def test_edited_data_file_raises_cache_error() -> None:
    meta = _write(synthetic())
    data = cache.entry_paths("SYNTH").parent / meta.file
    data.write_bytes(data.read_bytes().replace(b"172.4199981689453", b"172.4199981689454"))
    with pytest.raises(CacheError, match=r"sha256.*refresh=True"):
        cache.read("SYNTH")


def test_clear_removes_the_entry() -> None:
    meta = _write(synthetic())
    cache.entry_paths("SYNTH").write_text("{not json")
    removed = cache.clear("SYNTH")
    assert {p.name for p in removed} == {"SYNTH.json", meta.file}
    assert cache.read("SYNTH") is None


def test_record_without_its_data_file_is_a_miss() -> None:
    meta = _write(synthetic())
    (cache.entry_paths("SYNTH").parent / meta.file).unlink()
    assert cache.lookup("SYNTH", START, END) is None


def test_fetch_prices_reports_a_damaged_entry_before_any_download() -> None:
    _write(synthetic())
    cache.entry_paths("SYNTH").write_text("[]")
    with pytest.raises(CacheError, match="SYNTH"):
        fetch_prices("SYNTH", "2025-04-01", "2025-04-07")


def test_fetch_prices_serves_a_covering_entry_in_the_snapshot_shape() -> None:
    _write(synthetic())
    got = fetch_prices("SYNTH", "2025-04-02", "2025-04-04")
    expected = synthetic().loc["2025-04-02":"2025-04-04"].drop(columns="stock_splits")
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
