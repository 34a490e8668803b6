# The two quick-start commands (see README): `make analysis` and `make test`.
# Each creates its own virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
ARTICLE ?= data/articles/2025-04-09-foxconn-nissan-ev.md
OUT ?= out/flagship

.PHONY: analysis test lint bench notebooks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

analysis: $(BIN)/python
	$(PIP) install -e .
	$(BIN)/marketreact report $(ARTICLE) --out $(OUT)

test: $(BIN)/python
	$(PIP) install -e '.[test]'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(BIN)/python
	$(PIP) install -e '.[bench,parquet]'
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_fit.py --events 100 2000 10000 --days 1
	$(BIN)/python benchmarks/bench_fit.py --events 100 2000 10000 --days 1 --model ff3
	$(BIN)/python benchmarks/bench_coldstart.py
	$(BIN)/python benchmarks/bench_charts.py
	$(BIN)/python benchmarks/bench_corpus.py
