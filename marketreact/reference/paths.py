"""Where the bundled data and the download cache live."""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import platformdirs

__all__ = ["cache_dir", "data_dir", "no_gc", "write_cache"]


def data_dir() -> Path:
    """The snapshot directory.

    ``MARKETREACT_DATA_DIR`` wins; otherwise the copy packaged inside the wheel
    (``marketreact/_data``), otherwise the repository's ``data/`` (editable
    installs and source checkouts).
    """
    env = os.environ.get("MARKETREACT_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[1]  # the marketreact package
    packaged = here / "_data"
    if packaged.is_dir():
        return packaged
    return here.parent / "data"


def cache_dir() -> Path:
    """The download cache: ``MARKETREACT_CACHE_DIR`` or the platform user cache dir."""
    env = os.environ.get("MARKETREACT_CACHE_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_cache_dir("marketreact", appauthor=False))


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading a large cache of builtins.

    Loading a few hundred thousand tuples and strings triggers many collections
    that find nothing (they hold no cycles): about 5x the load time. Afterwards
    the loaded objects are frozen out of later collections for the same reason.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def write_cache(path: Path, content: bytes) -> None:
    """Write a cache file atomically (a reader never sees half a file); an unwritable cache is skipped.

    A cache only saves time: when the directory is read-only or full, the caller rebuilds next time.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except OSError:
        return
