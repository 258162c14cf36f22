# arsync: `make demo` runs the main job on the built-in sandboxes; `make test` runs every test.
# Both create .venv and install what they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := pyproject.toml plugins/arsync-quickbooks/pyproject.toml plugins/arsync-xero/pyproject.toml

.PHONY: demo test lint typecheck pytest venv clean bench

venv: $(STAMP)

$(STAMP): $(SOURCES)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed: installing python3-venv with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]' -e plugins/arsync-quickbooks -e plugins/arsync-xero
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/arsync demo --output demo-output

lint: $(STAMP)
	$(BIN)/ruff check src tests plugins benchmarks
	$(BIN)/ruff format --check src tests plugins benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src plugins/arsync-quickbooks/src plugins/arsync-xero/src

pytest: $(STAMP)
	bash scripts/system-deps.sh
	ARSYNC_REQUIRE_CHROMIUM=1 bash scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck pytest

# Measurements, not tests (see benchmarks/README.md); each script's --help shows the bigger runs.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_bank_parse.py
	$(BIN)/python benchmarks/bench_match.py
	$(BIN)/python benchmarks/bench_random_access.py
	$(BIN)/python benchmarks/bench_quickbooks.py --payments 600 --time-scale 60
	$(BIN)/python benchmarks/bench_xero.py --payments 600

clean:
	rm -rf $(VENV) build dist demo-output .mypy_cache .ruff_cache
