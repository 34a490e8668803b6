"""Shared fixtures. Tests never touch the network or the user's cache directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED_PRICES = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("MARKETREACT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
