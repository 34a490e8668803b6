"""Corpus mode: many articles, one pooled event study (``marketreact corpus``, :func:`analyse_many`).

The stages, and why they are split this way:

1. **Extract and plan** every article (mentions, listings, day 0): independent per article, so
   they run in parallel (:func:`marketreact.report.executors.run_map`: a local process pool or
   Dask). Articles with the same text and metadata (syndicated copies) are planned once.
2. **Load** each symbol's bars once, over the union of the ranges its events need.
3. **Fit** ONE :class:`~marketreact.study.EventStudy` over every event, keyed by article id
   (several ids may share a (symbol, day 0); the result calls them clustered).
4. **Check the quoted moves** of each article against the loaded bars
   (:class:`~marketreact.data.sources.FrameSource`): no price is read twice.
5. **Write** ``events.parquet``/``events.csv`` (one row per article x listing),
   ``summary.csv``/``summary.json`` (pooled group tests: overall, by source, by exchange),
   ``failures.csv`` and ``articles.csv``. A rerun into the same folder skips the ids already
   done (their planned events are read back and refitted with the new ones).

A bad article (unreadable, no publication time, an error while planning) is a row of
``failures.csv``; it never stops the run.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from marketreact.data.sources import FrameSource, SourceSpec, resolve_source
from marketreact.errors import InvalidParameter, MarketReactError
from marketreact.report.corpus_input import ArticleRecord, read_corpus, to_records
from marketreact.report.corpus_output import (
    ARTICLE_COLUMNS,
    FAILURE_COLUMNS,
    read_previous,
    write_outputs,
)
from marketreact.report.executors import run_map
from marketreact.study import DEFAULT_ESTIMATION_WINDOW, DEFAULT_EVENT_WINDOWS, EventStudy, EventStudyResult
from marketreact.study.windows import window_label

__all__ = ["CorpusResult", "analyse_many"]


@dataclass
class CorpusResult:
    """What :func:`analyse_many` computed (and wrote, when given a folder).

    Attributes
    ----------
    events : DataFrame
        One row per article x listing: ids, listing, day 0, CAR and t per window,
        quality flags, why a row has no result, the verdicts of the article's quoted moves.
    summary : DataFrame
        Pooled group tests: one row per (group, window); groups ``all``, ``source=...``,
        ``exchange=...``.
    failures : DataFrame
        ``article_id``, ``reason``: articles that could not be analysed.
    articles : DataFrame
        One row per article: id, title, source, published, status, listings.
    study : EventStudyResult or None
        The pooled fit (None when no event could be studied).
    notes : list of str
        Data-quality notes of the pooled fit and of loading.
    """

    events: pd.DataFrame
    summary: pd.DataFrame
    failures: pd.DataFrame
    articles: pd.DataFrame
    study: EventStudyResult | None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Options:
    source: SourceSpec
    benchmark: str | None
    listings: str


def analyse_many(
    articles: Any,
    *,
    out: str | Path | None = None,
    source: SourceSpec = "snapshot",
    model: str = "market",
    estimation_window: Any = DEFAULT_ESTIMATION_WINDOW,
    event_windows: Iterable[Any] = DEFAULT_EVENT_WINDOWS,
    benchmark: str | None = None,
    listings: Literal["all", "subjects"] = "all",
    claim_window: tuple[int, int] = (-5, 5),
    executor: str = "local",
    scheduler: Any = None,
    workers: int | None = None,
    progress: bool = False,
    conventions: str = "clm",
) -> CorpusResult:
    """Analyse many articles with one pooled event study.

    Parameters
    ----------
    articles : path, or iterable of ArticleRecord / dict
        A folder of article files or a JSONL/CSV/Parquet table (see
        :func:`marketreact.report.corpus_input.read_corpus`), or records/dicts with ``id``,
        ``text``, ``published`` (``title``, ``source`` optional).
    out : path, optional
        Folder for the output files; an earlier run's folder is resumed (finished ids skipped).
    source, model, estimation_window, event_windows, benchmark, listings, claim_window
        As for :func:`marketreact.analyse`.
    executor : {"local", "dask"}
        Where extraction and planning run (see :func:`~marketreact.report.executors.run_map`).
    scheduler : str or dask.distributed.Client, optional
        Dask scheduler (``executor="dask"``).
    workers : int, optional
        Local processes (default: the CPU count).
    progress : bool
        Show a progress bar.

    Raises
    ------
    InvalidParameter
        An unreadable input, or a bad parameter (named); bad articles are failures, not errors.
    """
    if listings not in ("all", "subjects"):
        raise InvalidParameter("listings", listings, "use 'all' or 'subjects'")
    study = EventStudy(
        model=model,
        estimation_window=estimation_window,
        event_windows=event_windows,
        benchmark=benchmark,
        conventions=conventions,
    )
    if isinstance(source, str | Path) and not (
        isinstance(source, str) and source in ("snapshot", "yahoo", "auto")
    ):
        source = str(source)
    resolve_source(source)  # a bad source fails here, before any work
    records = read_corpus(articles) if isinstance(articles, str | Path) else to_records(articles)
    out_dir = Path(out) if out is not None else None
    previous = read_previous(out_dir) if out_dir is not None else None
    done = set(previous.articles["article_id"]) if previous is not None else set()
    todo = [r for r in records if r.id not in done]

    # 1. Extract and plan, once per distinct article content.
    options = _Options(source, benchmark, listings)
    readable = [r for r in todo if r.error is None]
    keys = {r.id: _content_key(r) for r in readable}
    distinct = list({keys[r.id]: r for r in readable}.values())
    planned = run_map(
        functools.partial(_plan_one, options=options),
        distinct,
        executor=executor,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
    )
    by_key = {keys[r.id]: p for r, p in zip(distinct, planned, strict=True)}

    # The rows to study: earlier runs' (read back) and this run's, in input order.
    article_rows = [] if previous is None else previous.articles.to_dict("records")
    failures = [] if previous is None else previous.failures.to_dict("records")
    event_rows = [] if previous is None else previous.events.to_dict("records")
    kept_claims: dict[tuple[str, str], str] = {}
    for row in event_rows:
        kept_claims[(str(row["article_id"]), str(row["symbol"]))] = row.get("claims") or ""
    new_articles: list[tuple[ArticleRecord, dict[str, Any]]] = []
    for rec in todo:
        p = by_key.get(keys.get(rec.id, ("",))) if rec.error is None else None
        reason = rec.error or (p["reason"] if p is not None and not p["ok"] else None)
        if reason is not None or p is None:
            failures.append({"article_id": rec.id, "reason": reason or "not planned"})
            article_rows.append({"article_id": rec.id, "status": "failed", "listings": 0})
            continue
        art = p["article"]
        article_rows.append(
            {
                "article_id": rec.id,
                "title": art.title,
                "source": art.source,
                "published": art.published_iso,
                "status": "ok" if p["events"] else "no listings",
                "listings": len(p["events"]),
            }
        )
        for ev in p["events"]:
            event_rows.append(ev | {"article_id": rec.id, "article_source": art.source})
        new_articles.append((rec, p))

    # 2-3. Load each symbol once and fit every event together.
    events_frame = pd.DataFrame(event_rows)
    fitted, prices, notes, failed = _fit_all(study, events_frame, source)

    # 4. Quoted moves of this run's articles, against the loaded bars.
    claims = dict(kept_claims)
    if new_articles:
        frame_source = FrameSource(prices) if prices is not None and not prices.empty else None
        unique = {keys[rec.id]: p for rec, p in new_articles}  # copies of one article: checked once
        verdicts = run_map(
            functools.partial(_check_claims, source=frame_source, window=claim_window),
            list(unique.values()),
            executor=executor,
            scheduler=scheduler,
            workers=workers,
            progress=progress,
            desc="quoted moves",
        )
        checked = dict(zip(unique, verdicts, strict=True))
        for rec, p in new_articles:
            found = checked[keys[rec.id]]
            for symbol, text in found.items():
                claims[(rec.id, symbol)] = text
            if "" in found:  # the check failed as a whole: every row of the article says so
                for ev in p["events"]:
                    claims[(rec.id, ev["symbol"])] = found[""]

    table = _events_table(events_frame, fitted, claims, study, failed)
    with np.errstate(divide="ignore", invalid="ignore"):
        # A group made only of copies of one article has CARs with no spread: its tests are NaN/inf.
        summary = _summary(study, table, fitted)
    result = CorpusResult(
        events=table,
        summary=summary,
        failures=pd.DataFrame(failures, columns=list(FAILURE_COLUMNS)),
        articles=pd.DataFrame(article_rows).reindex(columns=list(ARTICLE_COLUMNS)),
        study=fitted[0] if fitted is not None else None,
        notes=notes,
    )
    if out_dir is not None:
        write_outputs(out_dir, result)
    return result


def _content_key(rec: ArticleRecord) -> tuple[Any, ...]:
    return (rec.text, rec.published, rec.title, rec.source)


def _plan_one(rec: ArticleRecord, options: _Options) -> dict[str, Any]:
    """Parse and plan one article; never raises (a failure comes back as ``ok=False``)."""
    from marketreact.events.plan import plan
    from marketreact.text.article import parse_article

    try:
        article = parse_article(rec.text, published=rec.published, origin=rec.origin or rec.id)
        if rec.title is not None or rec.source is not None:
            article = dataclasses.replace(
                article, title=rec.title or article.title, source=rec.source or article.source
            )
        p = plan(article, source=options.source, benchmark=options.benchmark)
        events = p.events
        if options.listings == "subjects":
            events = events[events["role"] == "subject"]
        rows = [
            {
                "symbol": str(r.symbol),
                "role": _opt(r.role),
                "mic": _opt(r.mic),
                "benchmark": _opt(r.benchmark),
                "day0": r.day0,
            }
            for r in events.itertuples()
        ]
        return {"ok": True, "article": article, "events": rows, "mentions": p.extraction.mentions}
    except MarketReactError as exc:
        return {"ok": False, "reason": f"{type(exc).__name__}: {exc}"}
    except Exception as exc:  # a bad article never stops the run; the reason names the bug's type
        return {"ok": False, "reason": f"unexpected {type(exc).__name__}: {exc}"}


_Fitted = tuple[EventStudyResult, list[str], pd.DataFrame]


def _opt(value: Any) -> str | None:
    """``value`` as text; None for a missing value (never the strings "None" or "nan")."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _fit_all(
    study: EventStudy, events: pd.DataFrame, source: SourceSpec
) -> tuple[_Fitted | None, pd.DataFrame | None, list[str], dict[str, str]]:
    """One fit over every event: (result, labels, returns), the loaded prices, notes, load errors.

    Every symbol is loaded once (``EventStudy``'s loader: the union of the ranges its events
    need); events whose symbol or benchmark failed to load are skipped with that error.
    """
    from marketreact.reference.refdata import default_reference
    from marketreact.study.assemble import _labels, _load, _master_benchmark, _parse_events

    if events.empty:
        return None, None, [], {}
    ref = default_reference()
    columns = {"symbol": "symbol", "day0": "day0", "benchmark": "benchmark", "mic": "mic", "article_id": "id"}
    rows = _parse_events(events[list(columns)].rename(columns=columns))
    for row in rows:
        row["benchmark"] = row["benchmark"] or study.benchmark or _master_benchmark(row["symbol"], ref)
    venue_of = {row["symbol"]: row["mic"] for row in rows if row["mic"]}
    try:
        returns, prices, failed, notes = _load(
            rows, study.model, study.kind, study.windows, resolve_source(source), None, ref, venue_of
        )
    except MarketReactError as exc:
        return None, None, [f"no prices could be loaded: {exc}"], {}
    errors = {name: f"{type(exc).__name__}: {exc}" for name, exc in failed.items()}
    try:
        res = study.fit(rows, returns=returns, prices=prices, mics=venue_of)
    except MarketReactError as exc:
        return None, prices, [*notes, f"event study not computed: {exc}"], errors
    return (res, _labels(rows), returns), prices, notes, errors


def _check_claims(p: dict[str, Any], source: FrameSource | None, window: tuple[int, int]) -> dict[str, str]:
    """Verdicts of the article's quoted moves, joined per symbol; never raises."""
    from marketreact.claims.check import check_article

    if source is None:
        return {}
    try:
        check = check_article(p["article"], source=source, window=window, mentions=p["mentions"])
    except Exception as exc:  # a bad article never stops the run: its rows say why
        return {"": f"quoted moves not checked: {type(exc).__name__}: {exc}"}
    out: dict[str, list[str]] = {}
    for r in check.claims:
        out.setdefault(r.claim.symbol, []).append(f"'{' '.join(r.claim.move.text.split())}': {r.verdict}")
    return {k: " | ".join(v) for k, v in out.items()}


def _events_table(
    events: pd.DataFrame,
    fitted: _Fitted | None,
    claims: dict[tuple[str, str], str],
    study: EventStudy,
    failed: dict[str, str],
) -> pd.DataFrame:
    """One row per article x listing, in input order; ``failed``: symbols that could not be loaded."""
    windows = [window_label(w) for w in study.windows.events]
    base = ["article_id", "article_source", "symbol", "role", "mic", "benchmark", "day0"]
    numeric = [f"{k}{w}" for w in windows for k in ("car", "t")]
    flags = ["n_estimation", "thin_trading", "event_cells_missing", "shock_days", "skipped", "claims"]
    if events.empty:
        return pd.DataFrame(columns=base + numeric + flags)
    out = events.reindex(columns=base).copy()
    out["day0"] = pd.to_datetime(out["day0"]).dt.normalize()
    n = len(out)
    values = {c: np.full(n, np.nan) for c in numeric}
    n_est, cells = np.full(n, np.nan), np.full(n, np.nan)
    thin: list[bool | None] = [None] * n
    shock: list[str] = [""] * n
    skipped: list[str] = ["event study not computed"] * n
    if fitted is not None:
        res, labels, _ = fitted
        where = {label: i for i, label in enumerate(labels)}  # label -> events row (same order)
        for k, info in enumerate(res.listings):
            i = where[info.label]
            for w, name in zip(study.windows.events, windows, strict=True):
                st = res.batch.stats[w]
                values[f"car{name}"][i], values[f"t{name}"][i] = st.car[k], st.t[k]
            n_est[i] = info.quality["n_estimation"]
            thin[i] = bool(info.quality["thin_trading"])
            cells[i] = info.quality["event_cells_missing"]
            shock[i] = ",".join(str(d) for d in res.shock_days(info.label))
            skipped[i] = ""
        for label, reason in res.skipped.items():
            skipped[where[label]] = reason
    # A symbol (or benchmark) that failed to load: its own error, not "not in the returns given".
    for i, (sym, bench) in enumerate(zip(out["symbol"], out["benchmark"], strict=True)):
        if skipped[i] and (sym in failed or bench in failed):
            skipped[i] = failed.get(sym) or failed[bench]
    for c in numeric:
        out[c] = values[c]
    out["n_estimation"] = pd.array(n_est, dtype="Int64")
    out["thin_trading"] = pd.array(thin, dtype="boolean")
    out["event_cells_missing"] = pd.array(cells, dtype="Int64")
    out["shock_days"] = shock
    out["skipped"] = skipped
    out["claims"] = [
        claims.get((str(a), str(s)), "") for a, s in zip(out["article_id"], out["symbol"], strict=True)
    ]
    return out.reset_index(drop=True)


def _summary(study: EventStudy, table: pd.DataFrame, fitted: _Fitted | None) -> pd.DataFrame:
    """Pooled group tests, overall and by group: each group refitted on the same returns.

    A (symbol, day 0) that several articles share (copies of one story, or several stories on the
    same day) is ONE observation: the listing's abnormal returns are the same whatever the article.
    Each group pools its distinct events (``duplicates_merged`` counts the rows merged; the first
    row's benchmark is kept, and every row of a symbol has the same one), so copies neither shrink
    the cross-sectional variance to zero nor inflate ``n``.
    """
    if fitted is None or table.empty:
        return pd.DataFrame(columns=["group", "window", "n", "caar"])
    res, _, returns = fitted
    studied = table[table["skipped"] == ""]
    groups: list[tuple[str, pd.DataFrame]] = [("all", studied)]
    for column, name in (("article_source", "source"), ("mic", "exchange")):
        keys = studied[column].fillna("unknown").astype(str)
        groups += [(f"{name}={key}", studied[keys == key]) for key in sorted(set(keys))]
    frames = []
    for group, rows in groups:
        distinct = rows.drop_duplicates(["symbol", "day0"])
        merged = len(rows) - len(distinct)
        if group == "all" and merged == 0 and len(distinct) == res.n_listings:
            part = res  # the corpus fit itself: nothing to merge
        else:
            try:
                part = study.fit(_rows(distinct), returns=returns)
            except MarketReactError:
                continue  # every event of the group fails: no group row (its events say why)
        frames.append(part.summary().reset_index().assign(group=group, duplicates_merged=merged))
    out = pd.concat(frames, ignore_index=True)
    return out[["group", "window", *[c for c in out.columns if c not in ("group", "window")]]]


def _rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {"symbol": r.symbol, "day0": r.day0, "benchmark": r.benchmark, "mic": r.mic, "id": r.article_id}
        for r in table.itertuples()
    ]
