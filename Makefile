# Informal ASEM Seminar on Human Rights: common tasks. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install demo test lint format messages bench

help: ## List the tasks
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED) ## Create .venv and install the pinned dependencies

demo: $(INSTALLED) ## Run the site on SQLite with the archive and sample content (http://127.0.0.1:8000)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seminar_archive
	$(PY) manage.py load_sample_content
	$(PY) manage.py ensure_demo_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(INSTALLED) ## Lint, check, and run the test suite (SQLite, or DATABASE_URL)
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

messages: $(INSTALLED) ## Update and compile the interface string catalogues in locale/
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(INSTALLED) ## Run the benchmarks under bench/
	@test -n "$(wildcard bench/*.py)" || echo "No benchmarks yet."
	@for script in $(wildcard bench/*.py); do echo "== $$script"; $(PY) $$script || exit 1; done
