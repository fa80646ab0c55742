# Quick start: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test docs bench examples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/peled demo

# ruff, the layer contracts (ARCHITECTURE.md), pytest (the test suite and the docstring
# examples of src/, as doctests), then the documentation build with warnings as errors.
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests benchmarks tools docs
	$(BIN)/lint-imports
	$(BIN)/pytest
	$(MAKE) docs

docs: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -rf docs/_build docs/api/generated
	$(BIN)/sphinx-build -q -W --keep-going -b html docs docs/_build/html

# Rebuild every file in src/peled/data/examples/ from peled.datasets.
examples: $(BIN)/python
	$(BIN)/python tools/make_examples.py

bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) peled-demo build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis \
		docs/_build docs/api/generated
