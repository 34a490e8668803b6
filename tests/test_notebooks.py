"""The narrated notebooks: they run headless on articles of every shape, and each .ipynb carries its .py's code.

The full set runs on four bundled or built articles of different shape (the flagship with lines whose
data end before day 0, a date-only article, an after-close index-led wrap-up, 20+ listings given
`published` without front matter); single notebooks cover the other shapes (one listing and no quoted
move, no listing at all, the committed .ipynb run by papermill with only the two parameters).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from marketreact.report.notebooks import NOTEBOOK_DIR, execute, notebook_sources, paired_code_matches, run_set

SOURCES = notebook_sources()
REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "data" / "articles"
TITLES = {
    path.name: next(line[7:].strip() for line in path.read_text().splitlines() if line.startswith("title:"))
    for path in ARTICLES.glob("*.md")
}

# 20 company listings named by exchange tag, in a file with no front matter (the time comes as a parameter).
MANY = (
    "A round-up of share moves across markets. In Asia: TPE:2317, SHA:601138, TYO:7201, TYO:7211, "
    "TYO:8058, TYO:8306, TYO:7267, TYO:7203 and HKG:0700. In New York: OTCMKTS:NSANY, OTCMKTS:MMTOF, "
    "NYSE:MUFG, NYSE:HMC, NYSE:TM, NASDAQ:AAPL, NASDAQ:NVDA, NASDAQ:TSLA and NYSE:STLA. In Europe: "
    "BIT:STLAM and ETR:SAP.\n"
)


def _outputs(ipynb: Path) -> tuple[list[str], list[str]]:
    """(error outputs, Markdown and stream text) of an executed notebook."""
    nb = json.loads(ipynb.read_text())
    errors, text = [], []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                errors.append(f"{out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream":
                text.append("".join(out["text"]))
            elif "text/markdown" in out.get("data", {}):
                text.append("".join(out["data"]["text/markdown"]))
    return errors, text


def _assert_clean(paths: list[Path], title: str | None) -> str:
    """No error output; the prose names this article's title and no other bundled article's."""
    prose = []
    for path in paths:
        errors, text = _outputs(path)
        assert not errors, f"{path.name}: {errors}"
        prose += text
    joined = "\n".join(prose)
    if title is not None:
        assert title in joined
    for other in TITLES.values():
        if other != title:
            assert other not in joined, f"prose speaks of another article: {other}"
    return joined


def test_notebook_sources_exist() -> None:
    assert [p.name[:3] for p in SOURCES] == ["01_", "02_", "03_", "04_", "05_"], NOTEBOOK_DIR


@pytest.mark.parametrize("py_path", SOURCES, ids=[p.stem for p in SOURCES])
def test_committed_notebook_matches_source(py_path: Path) -> None:
    ok, reason = paired_code_matches(py_path)
    assert ok, reason


def test_wheel_ships_every_source() -> None:
    # An installed wheel finds the sources in marketreact/_notebooks (report.notebooks.notebook_dir).
    pyproject = (REPO / "pyproject.toml").read_text()
    for py_path in SOURCES:
        assert f'"notebooks/{py_path.name}" = "marketreact/_notebooks/{py_path.name}"' in pyproject


@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("article", "published"),
    [
        ("2025-04-09-foxconn-nissan-ev.md", None),
        ("2024-12-18-honda-nissan-merger-talks.md", None),
        ("2024-08-05-tokyo-stocks-plunge.md", None),
        ("many", "2025-06-19"),
    ],
    ids=["flagship", "date_only", "after_close_index", "many_listings_no_front_matter"],
)
def test_notebook_set_runs(article: str, published: str | None, tmp_path: Path) -> None:
    if article == "many":
        path = tmp_path / "round-up.txt"
        path.write_text(MANY)
    else:
        path = ARTICLES / article
    before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())
    written = run_set(path, tmp_path / "out", published=published, html=False, jobs=2)
    assert [p.name for p in written] == [p.with_suffix(".ipynb").name for p in SOURCES]
    prose = _assert_clean(written, TITLES.get(article, f"the article in {path}"))
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == before, (
        "executing a notebook wrote into notebooks/"
    )
    if article == "many":
        assert "14 listings will be analysed" in prose  # 20 tagged; six have no bundled prices
        assert "6 listings named in the text cannot be analysed" in prose
    if article == "2024-08-05-tokyo-stocks-plunge.md":
        assert "the quoted moves describe the session before the news" in prose.lower()
        assert "The window holds a market-wide shock: ^N225" in prose
    if article == "2025-04-09-foxconn-nissan-ev.md":
        assert "day 0 lies outside the listing's data" in prose  # NSANY / MMTOF end before day 0


def _run_each(jobs: list[tuple[Path, Path, dict[str, Any]]], **kwargs: Any) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: execute(*job, **kwargs), jobs))


@pytest.mark.notebooks
def test_single_notebooks_on_other_shapes(tmp_path: Path) -> None:
    tesla = ARTICLES / "2025-04-22-tesla-first-quarter.md"  # one listing, after the close, no quoted move
    empty = tmp_path / "empty.md"
    empty.write_text("---\npublished: 2025-06-19\n---\nA note about the weather that names no company.\n")
    by_name = {p.stem[:2]: p for p in SOURCES}
    jobs = [
        (by_name["03"], tmp_path / "tesla_03.ipynb", {"article_path": str(tesla)}),
        (by_name["05"], tmp_path / "tesla_05.ipynb", {"article_path": str(tesla)}),
        (by_name["03"], tmp_path / "empty_03.ipynb", {"article_path": str(empty)}),
        (by_name["04"], tmp_path / "empty_04.ipynb", {"article_path": str(empty)}),
    ]
    _run_each(jobs, inline_parameters=True, cwd=tmp_path)
    tesla_prose = _assert_clean(
        [tmp_path / "tesla_03.ipynb", tmp_path / "tesla_05.ipynb"], TITLES[tesla.name]
    )
    assert "1 listing studied: TSLA." in tesla_prose
    assert "The article quotes no share-price move" in tesla_prose
    empty_prose = _assert_clean([tmp_path / "empty_03.ipynb", tmp_path / "empty_04.ipynb"], None)
    assert "The article names no listing to study" in empty_prose
    assert "No event study could be computed" in empty_prose


@pytest.mark.notebooks
def test_committed_notebooks_run_with_papermill_and_two_parameters(tmp_path: Path) -> None:
    # The done-criterion: `papermill notebooks/NN_*.ipynb OUT --cwd notebooks -p article_path A -p published ISO`.
    import papermill

    article = ARTICLES / "2025-01-27-deepseek-chip-selloff.md"
    params = {"article_path": str(article), "published": "2025-01-27T11:00-05:00"}

    def run(name: str) -> Path:
        out = tmp_path / name
        papermill.execute_notebook(
            str(NOTEBOOK_DIR / name), str(out), parameters=params, cwd=str(NOTEBOOK_DIR), progress_bar=False
        )
        return out

    with ThreadPoolExecutor(max_workers=2) as pool:
        written = list(pool.map(run, ["01_article_to_listings.ipynb", "05_claims_and_confounders.ipynb"]))
    prose = _assert_clean(written, TITLES[article.name])
    assert "Day 0 is 2025-01-27 on XNAS." in prose


@pytest.mark.notebooks
def test_html_export_is_offline(tmp_path: Path) -> None:
    from marketreact.report.notebooks import export_html

    source = NOTEBOOK_DIR / "01_article_to_listings.ipynb"  # the committed, executed flagship notebook
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    html = export_html(copy).read_text()
    assert "data:image/png;base64," in html
    assert 'src="http' not in html
