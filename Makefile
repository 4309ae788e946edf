# flywheel — two commands: `make demo` and `make test`. Needs only python3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= examples/lumen-lighting

.PHONY: demo test lint typecheck contracts unit bench header-index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml setup.py src/flywheel_cli/metrics/_addrows.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/flywheel report $(STORE)/

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/python -m pytest -n auto

test: lint typecheck contracts unit

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# After changing a report kind's fields: detection's generated header tables (tests/test_header_index.py)
header-index: $(STAMP)
	$(BIN)/python tools/header_index.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
