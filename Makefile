# danvan — the two commands: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint messages migrate demo clean bench

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# Set-up, migrations and demo data on the SQLite default, then the development server.
run: setup
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo "danvan: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, user admin / danvan-demo)"
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

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

lint: setup
	$(BIN)/ruff check .

# Regenerate the Vietnamese catalogue after changing translatable strings.
messages: setup
	DEBUG=true $(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=staticfiles
	DEBUG=true $(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
