"""Robustness: the same events under other specifications, side by side.

An event-study result depends on choices: the normal-return model, the
estimation window, the benchmark. :func:`fit_specs` fits one set of events
once per named specification; :func:`compare_specs` and :func:`compare_summary`
lay the per-listing and group results out in one table each, so a reader sees
which conclusions survive a change of specification. :func:`compare_models` is
the one-call version for the four models. Nothing here computes a statistic of
its own: every number comes from :class:`marketreact.EventStudy`.

A specification is a mapping of :class:`~marketreact.EventStudy` keyword
arguments (``model``, ``estimation_window``, ``min_estimation``, ``kind``,
...), plus two keys handled here because a per-event benchmark overrides
``EventStudy(benchmark=...)``:

* ``"benchmark"``: one benchmark for every event;
* ``"benchmarks"``: ``{key: new_benchmark}``, where ``key`` is a listing's
  symbol or its current benchmark (the symbol is looked up first), e.g.
  ``{"AAPL": "QQQ", "^N225": "1306.T"}``.

The event windows are common to all specifications (the ``windows`` argument),
so that every row compares like with like.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from marketreact._parse import parse_windows
from marketreact.errors import InvalidParameter
from marketreact.study import EventStudy, EventStudyResult
from marketreact.study.models import MODELS

__all__ = ["DEFAULT_WINDOWS", "compare_models", "compare_specs", "compare_summary", "fit_specs"]

DEFAULT_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1))
_LOCAL_KEYS = ("benchmark", "benchmarks")


def _events_frame(events: Any) -> pd.DataFrame:
    if isinstance(events, pd.DataFrame):
        frame = events.copy()
    elif isinstance(events, Iterable) and not isinstance(events, str | bytes | Mapping):
        frame = pd.DataFrame(list(events))
    else:
        raise InvalidParameter("events", type(events).__name__, "give a DataFrame or a list of dicts")
    if frame.empty or not {"symbol", "day0"} <= set(frame.columns):
        raise InvalidParameter("events", events, "give rows with 'symbol' and 'day0' (e.g. Plan.events)")
    if "benchmark" not in frame.columns:
        frame["benchmark"] = None
    return frame


def _apply_benchmarks(frame: pd.DataFrame, spec: Mapping[str, Any], name: str) -> pd.DataFrame:
    """The events with the spec's benchmark choice written into the per-event column."""
    out = frame.copy()
    if spec.get("benchmark") is not None:
        out["benchmark"] = spec["benchmark"]
    mapping = spec.get("benchmarks")
    if mapping is not None:
        if not isinstance(mapping, Mapping):
            raise InvalidParameter(
                f"specs[{name!r}]['benchmarks']", mapping, "give {symbol or old benchmark: new benchmark}"
            )
        out["benchmark"] = [
            mapping.get(sym, mapping.get(bench, bench))
            for sym, bench in zip(out["symbol"], out["benchmark"], strict=True)
        ]
    return out


def fit_specs(
    events: Any,
    specs: Mapping[str, Mapping[str, Any]],
    windows: Sequence[Any] = DEFAULT_WINDOWS,
    *,
    returns: pd.DataFrame | None = None,
    source: str = "snapshot",
    **common: Any,
) -> dict[str, EventStudyResult]:
    """Fit ``events`` once per specification.

    Parameters
    ----------
    events : DataFrame or list of dict
        Rows with ``symbol``, ``day0`` and optional ``benchmark`` (e.g. ``Plan.events``).
    specs : mapping
        ``{name: {EventStudy keyword: value, "benchmark"/"benchmarks": ...}}``;
        ``event_windows`` is not allowed in a spec (see ``windows``).
    windows : sequence of (int, int)
        Event windows, the same for every specification.
    returns : DataFrame, optional
        Output of :func:`marketreact.to_returns` with every listing and
        benchmark; loaded from ``source`` when omitted.
    source : {"snapshot", "yahoo", "auto"}
    **common
        EventStudy keyword arguments applied to every spec (a spec's own value wins).

    Returns
    -------
    dict
        ``{name: EventStudyResult}`` in the order of ``specs``.
    """
    if not specs:
        raise InvalidParameter("specs", specs, 'give at least one spec, e.g. {"market": {"model": "market"}}')
    parsed = parse_windows(windows, "windows")
    frame = _events_frame(events)
    out: dict[str, EventStudyResult] = {}
    for name, spec in specs.items():
        if not isinstance(spec, Mapping):
            raise InvalidParameter(f"specs[{name!r}]", spec, "give a mapping of EventStudy keyword arguments")
        if "event_windows" in spec or "event_windows" in common:
            raise InvalidParameter(
                f"specs[{name!r}]", dict(spec), "event windows are common to all specs: use windows="
            )
        kwargs = {k: v for k, v in ({**common, **spec}).items() if k not in _LOCAL_KEYS}
        study = EventStudy(event_windows=parsed, **kwargs)
        rows = _apply_benchmarks(frame, {**common, **spec}, name)
        out[name] = study.fit(rows, returns=returns, source=source)
    return out


def compare_specs(results: Mapping[str, EventStudyResult]) -> pd.DataFrame:
    """Per-listing CAR, t and p of every fitted specification, in one long table.

    Returns
    -------
    DataFrame
        Index ``(spec, symbol, window)``; columns ``benchmark``, ``car``, ``t``,
        ``p``, ``note``. Listings a spec skipped have no rows; their reasons are
        in ``attrs["skipped"]`` as ``{spec: {symbol: reason}}``. Pivot with e.g.
        ``table[["car", "t"]].unstack("spec")``.
    """
    frames = []
    for name, res in results.items():
        tests = res.tests[["car", "t", "p", "note"]].reset_index()
        bench = res.params["benchmark"]
        tests.insert(0, "spec", name)
        tests.insert(3, "benchmark", tests["symbol"].map(bench))
        frames.append(tests)
    if not frames:
        raise InvalidParameter("results", results, "pass the dict returned by fit_specs()")
    table = pd.concat(frames, ignore_index=True)
    # Keep the caller's order of specs, listings and windows (not alphabetical).
    for col in ("spec", "symbol", "window"):
        table[col] = pd.Categorical(table[col], categories=list(dict.fromkeys(table[col])), ordered=True)
    table = table.set_index(["spec", "symbol", "window"]).sort_index()
    table.attrs["skipped"] = {name: res.skipped for name, res in results.items() if res.skipped}
    return table


def compare_summary(
    results: Mapping[str, EventStudyResult], tests: Sequence[str] = ("brown_warner", "patell")
) -> pd.DataFrame:
    """Group results of every specification: N, CAAR and the chosen group tests (statistic and p).

    Returns
    -------
    DataFrame
        Index ``(spec, window)``; columns ``n``, ``caar``, then ``<test>`` and
        ``<test>_p`` for each of ``tests`` (names as in ``EventStudyResult.summary()``).
    """
    frames = []
    for name, res in results.items():
        summary = res.summary()
        unknown = [t for t in tests if t not in summary.columns]
        if unknown:
            raise InvalidParameter("tests", unknown, f"use names from {', '.join(summary.columns[2::2])}")
        cols = ["n", "caar", *[c for t in tests for c in (t, f"{t}_p")]]
        frames.append(summary[cols].assign(spec=name).reset_index())
    if not frames:
        raise InvalidParameter("results", results, "pass the dict returned by fit_specs()")
    table = pd.concat(frames, ignore_index=True)
    for col in ("spec", "window"):
        table[col] = pd.Categorical(table[col], categories=list(dict.fromkeys(table[col])), ordered=True)
    return table.set_index(["spec", "window"]).sort_index()


def compare_models(
    events: Any,
    models: Sequence[str] = ("market", "market_adjusted", "constant_mean", "dimson"),
    windows: Sequence[Any] = DEFAULT_WINDOWS,
    *,
    returns: pd.DataFrame | None = None,
    source: str = "snapshot",
    **common: Any,
) -> pd.DataFrame:
    """CAR, t and p of ``events`` under each normal-return model (see :func:`compare_specs`).

    Examples
    --------
    >>> table = compare_models(plan.events)  # doctest: +SKIP
    >>> table[["car", "t"]].unstack("spec")  # doctest: +SKIP
    """
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        raise InvalidParameter("models", list(models), f"use some of {', '.join(MODELS)}")
    specs = {m: {"model": m} for m in models}
    return compare_specs(fit_specs(events, specs, windows, returns=returns, source=source, **common))
