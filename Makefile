# danvan — the two commands: `make run` and `make test` (see README).
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

# The interpreter that creates the virtualenv: PYTHON=… if given, else the first of these that
# runs and is 3.11–3.13 (pyproject.toml's requires-python). Looked for only when $(VENV) is made.
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
SUPPORTED_PYTHONS := 3.11 3.12 3.13
python_version = $(shell "$(1)" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
supported_python = $(if $(filter $(SUPPORTED_PYTHONS),$(call python_version,$(1))),$(1))
found_pythons = $(strip $(foreach p,$(PYTHON_CANDIDATES),$(if $(call python_version,$(p)),$(p) ($(call python_version,$(p))))))
ifdef PYTHON
VENV_PYTHON = $(or $(call supported_python,$(PYTHON)),$(error PYTHON=$(PYTHON) is not Python 3.11, 3.12 or 3.13 \
  ($(or $(call python_version,$(PYTHON)),it does not run)); danvan needs one of those))
else
VENV_PYTHON = $(or $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(call supported_python,$(p)))),$(error \
  danvan needs Python 3.11, 3.12 or 3.13 and found none of $(PYTHON_CANDIDATES) on PATH \
  (found: $(or $(found_pythons),none)). Install one, or name it: make PYTHON=/path/to/python3.12))
endif

.PHONY: run demo test setup lint messages clean bench bench-import bench-load bench-reports prod-check

setup: $(STAMP)

$(BIN)/python:
	$(VENV_PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# Development settings that every manage.py command in this folder reads (danvan/settings.py;
# the environment wins over them). Written once, ignored by git; delete it for a new key.
.env:
	@printf '%s\n' "# Written by 'make run': development settings for manage.py in this folder." \
	  "# The environment wins over this file. Never deploy with it (see README, Deploying)." \
	  "DEBUG=true" "SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" > $@
	@echo "danvan: wrote .env (DEBUG=true and a new SECRET_KEY)"

# Migrations and demo data on the development database (SQLite db.sqlite3 by default, and the
# import progress file db-progress.sqlite3 beside it: docs/tasks.md).
demo: setup .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py migrate --database progress --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_report_demo

# Set-up, migrations and demo data, then the development server and, beside it, the task worker
# that runs imports, sends the e-mails and the daily reminders (docs/tasks.md). Ctrl-C stops both.
run: demo
	@echo "danvan: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, user admin / danvan-demo)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	  $(BIN)/python manage.py start_schedules || exit 1; \
	  $(BIN)/python manage.py db_worker & worker=$$!; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite, on SQLite by default or on PostgreSQL with DATABASE_URL=postgres://…
# DEBUG=true only selects the development settings (no SECRET_KEY needed, plain static
# storage); Django's test runner still runs every test with DEBUG off.
test: setup
	DEBUG=true $(BIN)/python -m pytest $(PYTEST_ARGS)

# Dashboard benchmark at national scale (SCALE=0.01 for a quick run) on PostgreSQL (DATABASE_URL,
# default danvan_bench; created if missing; it refuses a database holding other data).
# Not part of `make test` (a tiny-scale smoke test is).
SCALE ?= 1
BENCH_RUNS ?= 15
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/danvan_bench)
bench: setup
	@psql "$(BENCH_DATABASE_URL)" -c "select 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres $(notdir $(BENCH_DATABASE_URL))
	DEBUG=true DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench_dashboard --scale $(SCALE) --runs $(BENCH_RUNS) $(BENCH_ARGS)

# Import benchmark: ROWS new models imported (read, checked, written with their history) against a
# bare bulk insert of the same rows, on SQLite and on PostgreSQL (BENCH_IMPORT_DATABASE_URL, default
# danvan_bench_import: created if missing, refused if it holds other data). Writes the section
# "Import" of docs/benchmarks.md. Not part of `make test` (a tiny-size smoke test is).
ROWS ?= 10000
RUNS ?= 3
bench-import: setup
	DEBUG=true $(BIN)/python manage.py bench_import --rows $(ROWS) --runs $(RUNS) $(BENCH_IMPORT_ARGS)

# Load run (docs/benchmarks.md, "Load"): wrk, 100 clients for 60 s on each main page, against gunicorn
# with the production settings on a throwaway PostgreSQL database and Redis; 127.0.0.1 only.
# Needs wrk (apt-get install -y wrk). BENCH_LOAD_ARGS: e.g. --seconds 10 --pages login,home
bench-load: setup
	$(BIN)/python scripts/bench_load.py $(BENCH_LOAD_ARGS)

# Periodic reports at 10,000 units × 20 periods (docs/benchmarks.md, "Reports") on PostgreSQL
# (REPORTS_BENCH_DATABASE_URL, default danvan_reports_bench; created if missing; refuses other data).
REPORTS_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/danvan_reports_bench
bench-reports: setup
	@psql "$(REPORTS_BENCH_DATABASE_URL)" -c "select 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres $(notdir $(REPORTS_BENCH_DATABASE_URL))
	DEBUG=true DATABASE_URL=$(REPORTS_BENCH_DATABASE_URL) $(BIN)/python manage.py bench_reports --runs $(BENCH_RUNS) $(BENCH_ARGS)

# The README's "Deploying" steps, verbatim, on a fresh clone of the current commit, on a
# throwaway PostgreSQL database; then the main pages are checked (scripts/prod_check.py).
prod-check: setup
	$(BIN)/python scripts/prod_check.py $(PRODCHECK_ARGS)

lint: setup
	$(BIN)/ruff check .

# Regenerate the Vietnamese catalogue after changing translatable strings.
messages: setup
	DEBUG=true $(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore='.venv*' --ignore=staticfiles
	DEBUG=true $(BIN)/python manage.py compilemessages -l vi --ignore='.venv*'

clean:
	rm -rf $(VENV) db.sqlite3 db-progress.sqlite3 staticfiles
