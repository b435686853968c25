# Two commands do all the set-up: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Test processes: `auto` is one per CPU; `make test TEST_WORKERS=0` runs the tests in one process.
TEST_WORKERS ?= auto

.PHONY: run test test-browser lint messages fuzz schema-checks

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	touch $@

# The settings are safe by default (debug off, a secret key required). The development
# targets switch debug on for their own commands; `make test` runs with debug off as production
# does (pytest-env supplies a test-only secret key, see pyproject.toml).
run lint messages: export DJANGO_DEBUG = 1

## run: migrate, load the seed issues, create the local admin, serve on 127.0.0.1:8000 (debug on)
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_data
	$(PY) manage.py ensure_local_admin
	$(PY) manage.py runserver 127.0.0.1:8000

## test: the whole test suite (SQLite, or PostgreSQL with DATABASE_URL), one worker per CPU;
## each worker has its own test database (test_<name>_gw0, …) holding the seed data
test: $(VENV)/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

## test-browser: the editor's journey in Debian's Chromium (apt-get install chromium; nothing is
## downloaded) against a live server; a screenshot of each screen in artifacts/screens/
test-browser: $(VENV)/.installed
	$(PY) -m pytest -m browser tests/browser -n 0

## fuzz: schemathesis over the whole OpenAPI schema against a live server on 127.0.0.1 (a
## throw-away SQLite file, or a throw-away database on the PostgreSQL server of DATABASE_URL),
## migrated and seeded; anonymous, then as a staff token with writes. Every check: server
## errors and the conformance of each answer to the schema (the writing run leaves out only
## positive data acceptance, see .ci/fuzz). Bounded: FUZZ_EXAMPLES cases per operation
## (default 20); FUZZ_PHASES=examples,fuzzing skips the slow coverage phase, as CI does.
fuzz: $(VENV)/.fuzz-installed
	PY=$(PY) .ci/fuzz

$(VENV)/.fuzz-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test,dev,fuzz]"
	touch $@

## schema-checks: redocly lint of the OpenAPI schema and a TypeScript client compiled under
## tsc --strict (node 20 and npm; packages pinned in .ci/node/package-lock.json)
schema-checks: $(VENV)/.installed
	PY=$(PY) .ci/schema-checks

## lint: style, the floors of the house (import-linter) and no missing migration
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

## messages: refresh the Chinese translations after changing user-facing strings (needs gettext)
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale zh_Hans --ignore '.venv/*'
	$(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*'
