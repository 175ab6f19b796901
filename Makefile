# parindex: the two commands of the README (`make demo`, `make test`) and the checks CI runs.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DATA ?= $(CURDIR)/var
# Where `make demo` listens: PORT=9000, HOST=0.0.0.0, or both at once as HOST=0.0.0.0:9000.
PORT ?= 8000
HOST ?= 127.0.0.1
DEMO_ADDR := $(if $(findstring :,$(HOST)),$(HOST),$(HOST):$(PORT))
# The demo runs as an office would run it (DEBUG off: its own error pages, its key kept in $(DEMO_DATA)/secret_key),
# over plain HTTP on any host name it is reached by; runserver --insecure serves the static files.
DEMO_ENV := PARINDEX_DATA_DIR=$(DEMO_DATA) DEBUG=0 ALLOWED_HOSTS='*' SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0

.PHONY: demo serve smoke test check lint types imports migrations-check messages bench bench-pages bench-indicators bench-rush clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Run the app with demo data on SQLite at http://$(DEMO_ADDR) (PORT=9000 or HOST=0.0.0.0 to change it)
demo: $(STAMP)
	@bash scripts/install-office.sh >/dev/null 2>&1 || echo "LibreOffice could not be installed: the publication decision is issued without its PDF (run scripts/install-office.sh as root)."
	$(DEMO_ENV) $(BIN)/parindex migrate --verbosity 0
	$(DEMO_ENV) $(BIN)/parindex load-demo
	@echo "Open http://$(DEMO_ADDR)/ and log in with a demo user above (Ctrl+C stops the server, the import worker and the reminders)."
	$(DEMO_ENV) $(BIN)/parindex run-imports --loop & worker=$$!; \
	$(DEMO_ENV) $(BIN)/parindex send-reminders --loop & reminders=$$!; \
	trap 'kill $$worker $$reminders 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/parindex runserver --insecure $(DEMO_ADDR)

## Run the production server on DATABASE_URL (PostgreSQL) at HOST:PORT: gunicorn (WEB_WORKERS), WhiteNoise, the
## import and reminder workers, DEBUG off (docs/install-and-configure.md, "Production"); Ctrl+C stops all of them
serve: $(STAMP)
	BIN=$(BIN) BIND=$(DEMO_ADDR) bash scripts/serve.sh

## Start `make serve` on a scratch PostgreSQL database (next to DATABASE_URL's) and a free port, fetch a page, a
## static file and the API schema, stop it (CI runs it after the tests)
smoke: $(STAMP)
	$(BIN)/python scripts/smoke_serve.py

## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
test: $(STAMP)
	@bash scripts/install-browser.sh >/dev/null 2>&1 || echo "chromium could not be installed: the browser tests are skipped (run scripts/install-browser.sh as root)."
	@bash scripts/install-office.sh >/dev/null 2>&1 || echo "LibreOffice could not be installed: the PDF tests are skipped (run scripts/install-office.sh as root)."
	SECRET_KEY=tests-only $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	SECRET_KEY=tests-only $(BIN)/mypy parindex

## The app-level import graph has no cycle (scripts/import_graph.py prints the layers)
imports:
	$(PYTHON) scripts/import_graph.py

migrations-check: $(STAMP)
	SECRET_KEY=tests-only PARINDEX_DATA_DIR=$$(mktemp -d) $(BIN)/parindex makemigrations --check --dry-run

check: lint types imports migrations-check test

## Re-extract and compile the Vietnamese catalogue (needs GNU gettext's xgettext for extraction)
messages: $(STAMP)
	SECRET_KEY=tests-only $(BIN)/python scripts/messages.py

## Scoring benchmark (DESIGN.md §6) on the current DATABASE_URL
bench: $(STAMP)
	SECRET_KEY=bench PARINDEX_DATA_DIR=$$(mktemp -d) sh -c '$(BIN)/parindex migrate --verbosity 0 && $(BIN)/parindex bench-scoring --units 3500 --leaves 100'

## The pages of every unit (ranking, overview, head ratings) and the appraisal sheet at 3,500 units (DESIGN.md §6)
bench-pages: $(STAMP)
	SECRET_KEY=bench PARINDEX_DATA_DIR=$$(mktemp -d) sh -c '$(BIN)/parindex migrate --verbosity 0 && $(BIN)/parindex bench-pages --units 3500 --leaves 100'

## Operational indicators benchmark (DESIGN.md §6): 10M dossiers + 20M logins, ours vs pandas vs DuckDB's bare scan
bench-indicators: $(STAMP)
	SECRET_KEY=bench PARINDEX_DATA_DIR=$$(mktemp -d) $(BIN)/parindex bench-indicators

## The deadline rush: 200 officers' autosaves through gunicorn on a scratch database (DATABASE_URL's kind), the
## offered rate searched for p95 ≤ 300 ms, beside a floor view writing one row and one audit entry
bench-rush: $(STAMP)
	SECRET_KEY=bench PARINDEX_DATA_DIR=$$(mktemp -d) $(BIN)/parindex bench-rush --users 200

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
