# The commands a newcomer needs: `make run` serves the app, `make test` checks everything.
# Both set up what they need first (.venv, Python packages, GOV.UK Frontend) and are safe to repeat.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test lint typecheck check-migrations pytest test-tools bench lock clean audit-packages messages

help:
	@echo "make run     set up, migrate SQLite, load the demo partnership, serve http://$(HOST):$(PORT)"
	@echo "             (with the worker that sends every email from the outbox, and the reminders)"
	@echo "make test    set up, then lint, type checks, migrations check and the whole test suite"
	@echo "             (SQLite by default; PostgreSQL when DATABASE_URL points at one)"
	@echo "make bench   run the benchmarks in bench/ (all but the engine's on PostgreSQL:"
	@echo "             DATABASE_URL=postgres://... make bench; bench/README.md says how)"
	@echo "make lock    refresh constraints.txt after changing dependencies in pyproject.toml"
	@echo "make messages  refresh locale/*/LC_MESSAGES/django.po from the code (README: Languages)"
	@echo "make audit-packages  check the pinned packages against published advisories (needs the network)"

# The virtualenv is rebuilt when the dependencies or their pinned versions change.
$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Our stylesheet: GOV.UK Frontend compiled with Arial (its GDS Transport font is for gov.uk only).
CSS := build/static/css/community-trigger.css
$(CSS): node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

# The translations, compiled by Babel (a Python package, so no GNU gettext is needed to run the site).
# The .mo files are built, never committed; a fuzzy translation is left out, as Django would.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(BIN)/.installed
	$(BIN)/pybabel --quiet compile --domain django --input-file $< --output-file $@ --locale $*

setup: $(BIN)/.installed node_modules/.installed $(CSS) $(MO_FILES)

# Refresh the catalogues from the code: new strings arrive untranslated, gone ones leave. Needs GNU
# gettext's xgettext and msgmerge (make test-tools installs them). Only the product's own code is read.
messages: setup test-tools
	$(BIN)/python manage.py makemessages --all --no-obsolete --no-wrap \
		--ignore=.venv --ignore=node_modules --ignore=build --ignore=staticfiles --ignore=tests \
		--ignore=bench --ignore=examples --ignore=public

# The development server, with the background-task worker beside it (every email goes through the
# outbox and the worker, printed to the console). The start queues the day's reminders and a sweep of
# the outbox, which sends whatever an earlier run left waiting. Server and worker run in the background
# of one shell that waits for the server; when it stops, or on Ctrl-C, the shell stops the worker too
# and waits for it. The worker does not reload on code changes: run `make run` again.
run: setup
	$(BIN)/python manage.py migrate --no-input
	SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo
	$(BIN)/python manage.py send_reminders
	$(BIN)/python manage.py send_outbox
	trap 'kill $$server $$worker 2>/dev/null; wait' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM HUP; \
	SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) & server=$$!; \
	wait $$server

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/bandit --configfile pyproject.toml --recursive community_trigger config --severity-level medium --quiet

# The pinned packages against the published advisories (PyPI's and OSV's). It needs the network, so
# it is a command to run before a release and now and then, not part of `make test`.
audit-packages: setup
	$(BIN)/pip-audit --requirement constraints.txt --disable-pip --no-deps

typecheck: setup
	$(BIN)/mypy community_trigger config bench tests

check-migrations: setup
	$(BIN)/python manage.py makemigrations --check --dry-run

# What the tests use from the system, installed if missing: Chromium for the browser tests (never a
# downloaded browser), poppler's pdftotext to read the PDF letters back, and GNU gettext to extract
# the strings the translation test checks.
test-tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

pytest: setup test-tools
	$(BIN)/pytest

test: lint typecheck check-migrations pytest

# The statistics, back-office and public-pages benchmarks measure PostgreSQL, so they read DATABASE_URL
# like the app (without it, each says it skipped). Their first run builds the data sets in that
# database and later runs reuse them, so a second `make bench` times the same rows.
# STATISTICS_ARGS="--per-year 100000" measures a million; bench/README.md gives the other options.
# The incident intake and early-warning benchmarks run on the database DATABASE_URL names (each in a
# partnership of its own), or on SQLite in a temporary folder without it; EARLY_WARNING_ARGS="--records 1000000" and DETECTION_ARGS="--records 1000000" give the
# figures at national scale (bench/README.md).
STATISTICS_ARGS ?=
BACKOFFICE_ARGS ?=
PUBLIC_ARGS ?=
INCIDENTS_ARGS ?=
EARLY_WARNING_ARGS ?=
DETECTION_ARGS ?=

bench: setup
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/statistics.py $(STATISTICS_ARGS)
	$(BIN)/python bench/backoffice.py $(BACKOFFICE_ARGS)
	$(BIN)/python bench/public.py $(PUBLIC_ARGS)
	$(BIN)/python bench/incidents_import.py $(INCIDENTS_ARGS)
	$(BIN)/python bench/early_warning.py $(EARLY_WARNING_ARGS)
	$(BIN)/python bench/early_warning_detection.py $(DETECTION_ARGS)

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	.lock-venv/bin/pip freeze --exclude-editable --exclude community-trigger > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules build staticfiles .pytest_cache .mypy_cache .ruff_cache
