# The two commands of the README: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint bench bench-smoke clean

serve: $(VENV)/.runtime  ## set up .venv and run the service on http://127.0.0.1:8000 (HOST=… PORT=… to change)
	$(BIN)/countries serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

test: $(VENV)/.dev lint  ## set up .venv with the test tools, run every gate and the whole suite
	$(BIN)/pytest

lint: $(VENV)/.dev  ## ruff (lint and format), mypy strict on src, benchmarks and tests, import-linter layer contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.dev  ## the service beside its ceiling, SQLite and PostgreSQL (needs wrk: apt-get install wrk) -> docs/performance.md
	$(BIN)/python -m benchmarks --json docs/performance.json --baseline docs/performance-baseline.json

bench-smoke: $(VENV)/.dev  ## the benchmark for CI: ~1 s per scenario, one round, SQLite; fails on any error
	$(BIN)/python -m benchmarks --smoke

$(VENV)/.runtime: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.dev: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.runtime

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
