# Two commands on a fresh machine:
#   make run    install, load the demo bloc into the embedded SQLite database and start the app
#   make test   install what the tests need (Python packages, Chromium, LibreOffice) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# pytest-xdist workers for `make test` (WORKERS=auto: one per CPU; WORKERS=0: one process, e.g. for --pdb);
# PYTEST_ARGS is passed on after it, e.g. PYTEST_ARGS="tests/engines -k ranking" or PYTEST_ARGS="-m 'not browser'".
WORKERS ?= 2
# The editable install is redone only when the packaging changes (stamps in the venv); -qq keeps pip to errors.
PACKAGING := setup.cfg setup.py pyproject.toml

.PHONY: run test install install-test system-test-deps postgres bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed

$(VENV)/.installed: $(PACKAGING) | $(BIN)/python
	$(BIN)/python -m pip install -qq -e .
	touch $@

install-test: $(VENV)/.installed-test system-test-deps

$(VENV)/.installed-test: $(PACKAGING) | $(BIN)/python
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $@ $(VENV)/.installed

system-test-deps:
	bash scripts/install-system-deps.sh

run: install
	$(BIN)/emulation init-db
	$(BIN)/emulation demo
	$(BIN)/emulation run --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# The ministry-scale benchmark (docs/performance.md): 1,000 units and 100,000 people on SQLite and on the
# PostgreSQL at 127.0.0.1 (database `bench`, created and dropped); BENCH_ARGS=--quick for a 2-minute run.
bench: install
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# The load test (docs/performance.md): 32 unit heads against gunicorn (4 workers) on the local PostgreSQL
# (database `bench_load`, created and dropped); LOAD_ARGS for its flags (bench/load.py --help).
load: $(BIN)/python
	$(BIN)/python -m pip install -qq -e '.[bench]'
	$(BIN)/python bench/load.py $(LOAD_ARGS)

postgres:
	bash scripts/ensure-postgres.sh

clean:
	rm -rf $(VENV) instance .pytest_cache test-output
