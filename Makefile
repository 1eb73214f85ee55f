# Informal ASEM Seminar on Human Rights: common tasks. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install compiled-messages demo test lint format messages bench

help: ## List the tasks
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED) compiled-messages ## Create .venv, install the pinned dependencies, compile locale/

# Interface strings: compiled from locale/*.po at install time (msgfmt comes from
# Debian's gettext package, installed here when missing).
compiled-messages: $(INSTALLED)
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

demo: install ## Run the site on SQLite with the archive and sample content (http://127.0.0.1:8000)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seminar_archive
	$(PY) manage.py load_sample_content
	$(PY) manage.py rebuild_archive_index
	$(PY) manage.py ensure_demo_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Lint, check, and run the test suite (SQLite, or DATABASE_URL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(INSTALLED) ## ruff check and format check only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Format and autofix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Update the interface string catalogues in locale/ and compile them
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=tests --ignore=bench --add-location=file
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(INSTALLED) ## Run the benchmarks under bench/
	@test -n "$(wildcard bench/*.py)" || echo "No benchmarks yet."
	@for script in $(wildcard bench/*.py); do echo "== $$script"; $(PY) $$script || exit 1; done
