"""Calendars are built once and kept on disk: a calendar read back from the cache equals a fresh build."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from marketreact.reference import calendars as cals


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MARKETREACT_CACHE_DIR", str(tmp_path))
    cals._named.cache_clear()
    cals.calendar.cache_clear()
    yield tmp_path / "calendars"
    cals._named.cache_clear()
    cals.calendar.cache_clear()


def _same(a: object, b: object) -> None:
    assert type(a) is type(b)
    assert a.sessions.equals(b.sessions) and a.sessions.freq == b.sessions.freq  # type: ignore[attr-defined]
    assert a.schedule.equals(b.schedule) and a.day == b.day  # type: ignore[attr-defined]
    for day in ("2024-10-30", "2025-04-09", "2025-12-24"):
        assert a.next_session(day) == b.next_session(day)  # type: ignore[attr-defined]
        assert a.session_offset(day, -250) == b.session_offset(day, -250)  # type: ignore[attr-defined]
        assert a.session_close(day) == b.session_close(day)  # type: ignore[attr-defined]


@pytest.mark.parametrize("mic", ["XTKS", "XTAI", "XKRX"])  # plain, recorded closures, weekmask history
def test_calendar_read_back_from_disk_equals_a_fresh_build(fresh: Path, mic: str) -> None:
    built = cals.calendar(mic)
    files = list(fresh.glob(f"{built.name}-*.pickle"))
    assert len(files) == 1 and cals.__dict__["_FORMAT"] >= 1
    cals._named.cache_clear()
    cals.calendar.cache_clear()
    loaded = cals.calendar(mic)
    assert loaded is not built  # read from the file, not from memory
    _same(loaded, built)


def test_recorded_closure_survives_the_cache(fresh: Path) -> None:
    cals.calendar("XTAI")
    cals._named.cache_clear()
    cals.calendar.cache_clear()
    assert not cals.calendar("XTAI").is_session(
        pd.Timestamp("2024-10-31")
    )  # typhoon day, data/calendar_overrides.csv


def test_venues_sharing_a_calendar_share_one_object(fresh: Path) -> None:
    assert cals.calendar("XNAS") is cals.calendar("XNYS") is cals.calendar("ARCX")


def test_a_damaged_cache_file_is_rebuilt(fresh: Path) -> None:
    built = cals.calendar("XTKS")
    (path,) = fresh.glob("XTKS-*.pickle")
    path.write_bytes(b"not a pickle")
    cals._named.cache_clear()
    cals.calendar.cache_clear()
    _same(cals.calendar("XTKS"), built)
    assert path.stat().st_size > 1000  # written again
