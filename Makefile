# Informal ASEM Seminar on Human Rights: common tasks. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install compiled-messages browser pdf demo serve test lint format messages bench \
	pg-client backup restore wrk

help: ## List the tasks
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED) compiled-messages browser pdf ## Create .venv, install the pinned dependencies, compile locale/

# Interface strings: compiled from locale/*.po at install time (msgfmt comes from
# Debian's gettext package, installed here when missing).
compiled-messages: $(INSTALLED)
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Browser tests (tests/browser/): Debian's Chromium (Playwright never downloads a browser),
# fonts for CJK and Thai pages, Java for the HTML checker, and the npm packages pinned in
# package-lock.json (axe-core, vnu-jar). Each is installed only when missing.
BROWSER_DEBS := chromium fonts-noto-core fonts-noto-cjk fonts-thai-tlwg
NODE_MODULES := node_modules/.package-lock.json

browser: $(NODE_MODULES) ## Install Chromium, fonts, Java and the checkers of the browser tests
	@missing=$$(for deb in $(BROWSER_DEBS); do \
		dpkg-query -W -f='$${db:Status-Status}' $$deb 2>/dev/null | grep -qx installed || echo $$deb; \
	done; command -v java >/dev/null || echo default-jre-headless); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# PDFs of the outputs (outputs/pdf.py): WeasyPrint's Pango, HarfBuzz and fontconfig, and
# fonts for every script of the ASEM languages: Noto (Latin with Vietnamese, Cyrillic for
# Russian and Mongolian, Thai, Khmer, Lao, Myanmar, Indic), Noto CJK (Chinese, Japanese and
# Korean forms, chosen per language), TLWG (Thai), DejaVu (fallback).
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
	fonts-noto-core fonts-noto-cjk fonts-thai-tlwg fonts-dejavu-core

pdf: ## Install the libraries and fonts that WeasyPrint renders the output PDFs with
	@missing=$$(for deb in $(PDF_DEBS); do \
		dpkg-query -W -f='$${db:Status-Status}' $$deb 2>/dev/null | grep -qx installed || echo $$deb; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(NODE_MODULES): package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_MODULES)

demo: install ## Run the site on SQLite with the archive and sample content (http://127.0.0.1:8000)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seminar_archive
	$(PY) manage.py load_sample_content
	$(PY) manage.py load_demo_users
	$(PY) manage.py rebuild_archive_index
	$(PY) manage.py ensure_demo_admin
	@echo "Site:  http://$(HOST):$(PORT)/en/"
	@echo "Admin: http://$(HOST):$(PORT)/admin/ (log in as admin, or as a sample-... user above)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Backup and recovery (README "Backup and recovery"): one archive of the database and
# MEDIA_ROOT in BACKUP_DIR (default backups/); restore only into an empty database.
# pg_dump/pg_restore come from Debian's postgresql-client, installed here when missing.
pg-client:
	@command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client)

backup: $(INSTALLED) pg-client ## Write one archive of the database and media into BACKUP_DIR (default backups/)
	$(PY) manage.py backup_site

restore: $(INSTALLED) pg-client ## Restore BACKUP=path/to/asem-....tar.gz into an empty database
	@test -n "$(BACKUP)" || (echo "Say which archive to restore: make restore BACKUP=backups/asem-....tar.gz" >&2; exit 2)
	$(PY) manage.py restore_site "$(BACKUP)"

# Production serving: gunicorn (cms/gunicorn.conf.py) with cms.settings.production, which
# needs SECRET_KEY and ALLOWED_HOSTS from the environment; DATABASE_URL (SQLite's
# db.sqlite3 by default) is migrated and the static files collected first.
PROD := DJANGO_SETTINGS_MODULE=cms.settings.production

serve: install ## Run the site as in production under gunicorn (needs SECRET_KEY=... ALLOWED_HOSTS=...)
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY (a long random string), e.g. SECRET_KEY=... ALLOWED_HOSTS=example.org make serve"; exit 2; }
	@test -n "$$ALLOWED_HOSTS" || { echo "make serve: set ALLOWED_HOSTS (comma-separated host names), e.g. ALLOWED_HOSTS=127.0.0.1,localhost"; exit 2; }
	$(PROD) $(PY) manage.py migrate --noinput
	$(PROD) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD) HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn --config cms/gunicorn.conf.py

# pytest-xdist: one worker per core (each with its own test database). ``--dist loadgroup``
# keeps each worker's tests in pytest-django's order (transactional tests, which empty the
# database, last; work stealing would run them before others), and sends the tests of one
# ``xdist_group`` (those that share an expensive module fixture) to one worker. PYTEST_ARGS is
# handed to pytest, e.g. PYTEST_ARGS='-m "not sweep"'.
TEST_WORKERS ?= auto
PYTEST_ARGS ?=

test: install browser pdf ## Lint, check, and run the test suite with the browser tests (SQLite, or DATABASE_URL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(INSTALLED) ## ruff check and format check only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Format and autofix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Update the interface string catalogues in locale/ and compile them
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --add-location=file
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks: bench/pages.py loads the site under gunicorn with wrk (Debian's package,
# installed here when missing).
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk)

bench: $(INSTALLED) pdf wrk ## Run the benchmarks under bench/ (search needs DATABASE_URL on PostgreSQL)
	@test -n "$(wildcard bench/*.py)" || echo "No benchmarks yet."
	@for script in $(wildcard bench/*.py); do echo "== $$script"; $(PY) $$script || exit 1; done
