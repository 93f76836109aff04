# Two commands on a fresh machine:
#   make run    install, load the demo bloc into the embedded SQLite database and start the app
#   make test   install what the tests need (Python packages, Chromium, LibreOffice) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test system-test-deps postgres bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python system-test-deps
	$(BIN)/python -m pip install --quiet -e '.[test]'

system-test-deps:
	bash scripts/install-system-deps.sh

run: install
	$(BIN)/emulation init-db
	$(BIN)/emulation demo
	$(BIN)/emulation run --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The ministry-scale benchmark (docs/performance.md): 1,000 units and 100,000 people on SQLite and on the
# PostgreSQL at 127.0.0.1 (database `bench`, created and dropped); BENCH_ARGS=--quick for a 2-minute run.
bench: install
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# The load test (docs/performance.md): 32 unit heads against gunicorn (4 workers) on the local PostgreSQL
# (database `bench_load`, created and dropped); LOAD_ARGS for its flags (bench/load.py --help).
load: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load.py $(LOAD_ARGS)

postgres:
	bash scripts/ensure-postgres.sh

clean:
	rm -rf $(VENV) instance .pytest_cache test-output
