"""Corpus mode: reading inputs, the pooled study, outputs, resuming, and the local and Dask executors.

The articles are the bundled ones (``data/articles``, written in our own words); "copies" are the
same text under another id, and distinct variants append one sentence of our own, so that the
content-keyed planning cannot merge them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import marketreact as mr
from marketreact.errors import InvalidParameter
from marketreact.report import corpus as corpus_mod
from marketreact.report.corpus import analyse_many
from marketreact.report.corpus_input import read_corpus, to_records

ARTICLES = sorted(Path(__file__).resolve().parents[1].joinpath("data", "articles").glob("*.md"))
FLAGSHIP = next(p for p in ARTICLES if "foxconn" in p.name)


def _records(n_copies: int = 1, variants: int = 0) -> list[dict[str, Any]]:
    rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in ARTICLES]
    flagship = FLAGSHIP.read_text(encoding="utf-8")
    rows += [{"id": f"copy{i}", "text": flagship} for i in range(n_copies)]
    for i in range(variants):  # distinct content: a closing line of our own
        rows.append({"id": f"variant{i}", "text": rows[i % 3]["text"] + f"\n\nEditor's note: variant {i}.\n"})
    return rows


def test_read_corpus_folder_jsonl_csv_parquet(tmp_path: Path) -> None:
    folder = read_corpus(FLAGSHIP.parent)
    assert [r.id for r in folder] == [p.stem for p in ARTICLES] and all(r.error is None for r in folder)
    rows = [
        {"id": "x1", "text": "body one", "published": "2025-04-09T09:00+09:00", "source": "Wire"},
        {"id": "x2", "text": "body two", "published": "2025-04-10T09:00+09:00", "title": "Two"},
    ]
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    got = read_corpus(jsonl)
    assert [r.id for r in got[:2]] == ["x1", "x2"] and got[0].source == "Wire" and got[1].title == "Two"
    assert got[2].error is not None and "line 3" in got[2].error  # a bad line is a failure, not a stop
    frame = pd.DataFrame(rows)
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_parquet(tmp_path / "a.parquet")
    for name in ("a.csv", "a.parquet"):
        recs = read_corpus(tmp_path / name)
        assert [(r.id, r.text, r.published, r.source) for r in recs] == [
            (r["id"], r["text"], r["published"], r.get("source")) for r in rows
        ]


def test_read_corpus_errors_name_the_input_and_the_fix(tmp_path: Path) -> None:
    pd.DataFrame({"id": ["a"], "body": ["x"]}).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(InvalidParameter, match=r"no 'text' column"):
        read_corpus(tmp_path / "bad.csv")
    with pytest.raises(InvalidParameter, match="JSONL/CSV/Parquet"):
        read_corpus(tmp_path / "missing.jsonl")
    (tmp_path / "x.xlsx").write_text("x")
    with pytest.raises(InvalidParameter, match="folder of article files"):
        read_corpus(tmp_path / "x.xlsx")
    recs = to_records([{"id": "a", "text": "t"}, {"id": "a", "text": "u"}, {"id": "", "text": "v"}])
    assert recs[1].error is not None and "given twice" in recs[1].error
    assert recs[2].error is not None and "id is empty" in recs[2].error


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("corpus")
    rows = [*_records(n_copies=1), {"id": "broken", "text": "no front matter and no date"}]
    with pytest.MonkeyPatch.context() as mp:  # module scope: set up before the per-test cache isolation
        mp.setenv("MARKETREACT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return out, analyse_many(rows, out=out, workers=1)


def test_outputs_written_and_bad_article_is_a_failure(run: tuple[Path, Any]) -> None:
    out, res = run
    for name in (
        "events.parquet",
        "events.csv",
        "summary.csv",
        "summary.json",
        "failures.csv",
        "articles.csv",
    ):
        assert (out / name).is_file(), name
    failures = pd.read_csv(out / "failures.csv")
    assert list(failures["article_id"]) == ["broken"] and "ArticleError" in failures["reason"][0]
    assert pd.read_parquet(out / "events.parquet").shape == res.events.shape
    assert set(res.articles["status"]) == {"ok", "failed"}
    summary = json.loads((out / "summary.json").read_text())
    groups = {row["group"] for row in summary}
    assert "all" in groups and any(g.startswith("source=") for g in groups)
    assert any(g.startswith("exchange=") for g in groups)


def test_pooled_fit_gives_each_listing_its_single_article_car(run: tuple[Path, Any]) -> None:
    """Per-listing statistics do not depend on the other events: the pooled CAR and t of the flagship's
    listings equal those of the article's own study (``mr.analyse``)."""
    _, res = run
    single = mr.analyse(mr.read_article(FLAGSHIP), charts=False).study
    assert single is not None
    rows = res.events[res.events["article_id"] == FLAGSHIP.stem].set_index("symbol")
    copy = res.events[res.events["article_id"] == "copy0"].set_index("symbol")
    for info in single.listings:
        for window in single.car.columns:
            want = single.car.loc[info.label, window]
            np.testing.assert_allclose(
                rows.loc[info.symbol, f"car{window}"], want, rtol=1e-12, equal_nan=True
            )
            t = single.tests.loc[(info.label, window), "t"]
            np.testing.assert_allclose(rows.loc[info.symbol, f"t{window}"], t, rtol=1e-12, equal_nan=True)
    # The copy under another id: same rows, same numbers; its claim verdicts too.
    pd.testing.assert_frame_equal(
        rows.drop(columns=["article_id"]), copy.drop(columns=["article_id"]), check_names=False
    )
    assert (rows["claims"] != "").any()
    assert set(single.skipped) <= set(rows.index[rows["skipped"] != ""])  # e.g. the OTC lines ending early


def test_rerun_skips_finished_ids_and_matches_a_fresh_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _records(n_copies=0)
    analyse_many(rows[:2], out=tmp_path, workers=1)
    planned: list[str] = []
    real = corpus_mod._plan_one

    def counting(rec: Any, options: Any) -> Any:
        planned.append(rec.id)
        return real(rec, options)

    monkeypatch.setattr(corpus_mod, "_plan_one", counting)
    resumed = analyse_many(rows, out=tmp_path, workers=1)
    assert planned == [r["id"] for r in rows[2:]]  # only the new articles
    fresh = analyse_many(rows, workers=1)
    pd.testing.assert_frame_equal(resumed.events, fresh.events, check_dtype=False)
    pd.testing.assert_frame_equal(resumed.summary, fresh.summary)


def test_local_process_pool_equals_in_process(tmp_path: Path) -> None:
    rows = _records(n_copies=0, variants=6)  # the bundled articles and 6 variants: the pool path (>= 8)
    pooled = analyse_many(rows, workers=2)
    alone = analyse_many(rows, workers=1)
    pd.testing.assert_frame_equal(pooled.events, alone.events)
    assert len(pooled.articles) == len(ARTICLES) + 6


def test_dask_executor_gives_the_local_events_table() -> None:
    distributed = pytest.importorskip("dask.distributed")
    rows = _records(n_copies=1, variants=1)
    local = analyse_many(rows, workers=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = analyse_many(rows, executor="dask", scheduler=client)
    pd.testing.assert_frame_equal(local.events, remote.events)
    pd.testing.assert_frame_equal(local.summary, remote.summary)


def test_bad_parameters_are_named() -> None:
    with pytest.raises(InvalidParameter, match="executor"):
        analyse_many(_records(0)[:1], executor="threads")
    with pytest.raises(InvalidParameter, match="listings"):
        analyse_many(_records(0)[:1], listings="some")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter, match="scheduler"):
        analyse_many(_records(0)[:1], scheduler="tcp://x:1")


def test_cli_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from marketreact.cli import main

    table = tmp_path / "in.jsonl"
    table.write_text("\n".join(json.dumps(r) for r in _records(1)) + "\n", encoding="utf-8")
    assert (
        main(["corpus", str(table), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "1"]) == 0
    )
    printed = capsys.readouterr().out
    n = len(ARTICLES) + 1
    assert f"{n} article(s): {n} analysed, 0 failed" in printed
    assert (tmp_path / "out" / "events.csv").is_file()
    assert mr.analyse_many is analyse_many


def test_summary_pools_each_story_once(run: tuple[Path, Any]) -> None:
    """The flagship and its copy (another id, same text) share every (symbol, day 0): each group
    pools the distinct events, so n counts each once and no statistic is infinite."""
    _, res = run
    summary = res.summary
    studied = res.events[res.events["skipped"] == ""]
    distinct = studied.drop_duplicates(["symbol", "day0"])
    every = summary[summary["group"] == "all"]
    assert (every["duplicates_merged"] == len(studied) - len(distinct)).all()
    assert (every["duplicates_merged"] > 0).all()
    assert (every["n"] <= len(distinct)).all()
    numbers = summary.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()
