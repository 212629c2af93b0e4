# The single entry point for development and CI (style guide section 9). `make help` lists targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
STAMP   := $(VENV)/.installed
MANAGE  := $(PY) manage.py

# pytest: parallel on all cores; override e.g. `make test XDIST= PYTEST_ARGS="-k strategy -x"`
# (add COVERAGE_GATE= when PYTEST_ARGS runs only part of the suite).
XDIST       ?= -n auto
PYTEST_ARGS ?=
# Branch coverage of the gated modules (pyproject [tool.coverage.run] include), then the gate of
# style guide section 8: actions, transitions, queries, calculations and rules at 100% except the
# ratchet list docs/coverage-ratchet.txt.
COVERAGE      := --cov --cov-branch --cov-report=
COVERAGE_GATE ?= $(PY) scripts/check_coverage.py
# Test runs keep Python's bytecode and pytest's rewritten test modules in __pycache__: with
# PYTHONDONTWRITEBYTECODE=1 (set on some machines, and by CI) every worker recompiled every
# module and re-rewrote every test's asserts on every run, 4 s before the first test.
KEEP_BYTECODE := -u PYTHONDONTWRITEBYTECODE

# PostgreSQL for `make test-pg`. Django creates test_$(PG_DB_NAME) (plus _gw0, _gw1... per xdist
# worker) and drops it afterwards; the name is derived from the checkout path so that two
# checkouts on one server do not collide.
PG_HOST    ?= 127.0.0.1
PG_PORT    ?= 5432
PG_USER    ?= postgres
PG_DB_NAME ?= aglomera_test_$(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)

# Stable catalogues: no file:line references and no obsolete entries, so re-running adds no noise.
MAKEMESSAGES := $(MANAGE) makemessages -l cs -l pl -l en --no-location --no-obsolete \
	--ignore=var --ignore=tests --ignore=node_modules

.PHONY: help venv dev demo run test test-pg e2e bench lint fmt typecheck messages check \
	check-messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install the locked dependencies (only when the lock changes)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

dev: venv ## venv + migrate the local SQLite database
	$(MANAGE) migrate --noinput

demo: dev ## Load the demo data and serve it on http://127.0.0.1:8000/
	$(MANAGE) load_demo
	@echo
	@echo "Aglomera demo: open http://127.0.0.1:8000/"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

run: dev ## Serve the local database on http://127.0.0.1:8000/
	@echo "Aglomera: open http://127.0.0.1:8000/"
	$(MANAGE) runserver 127.0.0.1:8000

test: venv ## Run the test suite on SQLite, then the coverage gate
	env -u DATABASE_URL $(KEEP_BYTECODE) APP_ENV=test DB_ENGINE=sqlite \
		$(BIN)/pytest $(XDIST) $(COVERAGE) --ignore=tests/e2e $(PYTEST_ARGS)
	$(COVERAGE_GATE)

test-pg: venv ## Run the test suite on PostgreSQL (PG_HOST, PG_PORT, PG_USER, PG_DB_NAME), then the gate
	env -u DATABASE_URL $(KEEP_BYTECODE) APP_ENV=test DB_ENGINE=postgres DB_HOST=$(PG_HOST) DB_PORT=$(PG_PORT) \
		DB_USER=$(PG_USER) DB_NAME=$(PG_DB_NAME) \
		$(BIN)/pytest $(XDIST) $(COVERAGE) --ignore=tests/e2e $(PYTEST_ARGS)
	$(COVERAGE_GATE)

e2e: venv ## Browser journeys with Playwright in the system Chromium (CHROMIUM_PATH)
	env -u DATABASE_URL APP_ENV=test DB_ENGINE=sqlite \
		$(BIN)/pytest tests/e2e -p no:cacheprovider $(PYTEST_ARGS)

# The speed figures of issue 4 (docs/performance.md): on demand only, never in `make test` or CI.
# A throwaway database aglomera_bench on PG_HOST/PG_PORT/PG_USER, dropped at the end unless
# BENCH_KEEP=1; BENCH_SCALE=0.05 for a quick run; BENCH_PROFILE=1 adds a profile of the import.
BENCH_SCALE   ?= 1.0
BENCH_KEEP    ?=
BENCH_PROFILE ?=

bench: venv ## Benchmark on PostgreSQL (BENCH_SCALE=1.0, BENCH_KEEP=1, PG_HOST...); prints the figures
	env -u DATABASE_URL PG_HOST=$(PG_HOST) PG_PORT=$(PG_PORT) PG_USER=$(PG_USER) \
		BENCH_SCALE=$(BENCH_SCALE) BENCH_KEEP=$(BENCH_KEEP) BENCH_PROFILE=$(BENCH_PROFILE) \
		$(PY) -m bench.run

lint: venv ## ruff check + ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: venv ## mypy --strict with the django-stubs plugin
	$(BIN)/mypy aglomera config

messages: venv ## Update the cs/pl/en catalogues and compile them
	$(MAKEMESSAGES)
	$(MANAGE) compilemessages --ignore=.venv --ignore=var

check: venv ## Django checks, no missing migrations, catalogues up to date
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-messages
	$(PY) scripts/check_translations.py cs pl

# Runs makemessages on a copy of locale/, compares ignoring POT-Creation-Date, restores locale/.
check-messages: venv
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp -a locale "$$tmp/locale"; \
	rc=0; $(MAKEMESSAGES) >/dev/null || rc=$$?; \
	if [ $$rc -eq 0 ] && ! diff -ru -I '^"POT-Creation-Date:' "$$tmp/locale" locale; then \
		echo "Translation catalogues are out of date: run 'make messages' and commit locale/."; \
		rc=1; \
	fi; \
	rm -rf locale && cp -a "$$tmp/locale" locale; \
	if [ $$rc -eq 0 ]; then echo "Translation catalogues are up to date."; fi; \
	exit $$rc
