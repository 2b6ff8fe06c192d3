# The two commands a newcomer needs:  make run   and   make test
# Each sets up what is missing (system packages, .venv from the lock file, translations,
# database) and does nothing again that is already done.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-lock
PO := locale/th/LC_MESSAGES/django.po
MO := locale/th/LC_MESSAGES/django.mo
# Our Thai for the Wagtail admin, kept apart so it can be offered upstream.
ADMIN_PO := locale/wagtail-th/th/LC_MESSAGES/django.po locale/wagtail-th/th/LC_MESSAGES/djangojs.po
ADMIN_MO := $(ADMIN_PO:.po=.mo)
# axe-core (npm registry) for the accessibility checks in the browser tests.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
# The development settings read them too: SITE_URL (QR codes, login slips) follows.
export HOST PORT

.PHONY: run test setup system-packages system-packages-test migrate demo lint format messages lock benchmarks clean docs-screenshots loadtest

run: system-packages setup migrate demo
	@DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) -m lms.devserver $(HOST) $(PORT)

test: system-packages-test setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

setup: $(STAMP) $(MO) $(ADMIN_MO) $(AXE)

system-packages:
	@scripts/system-packages.sh run

system-packages-test:
	@scripts/system-packages.sh test

$(STAMP): requirements.lock
	@test -x $(PY) || $$(scripts/find-python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

$(AXE): tests/browser/axe/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the browser tests' accessibility checks need it (apt-get install npm)"; fi

$(MO) $(ADMIN_MO) &: $(PO) $(ADMIN_PO) | $(STAMP)
	$(PY) manage.py compilemessages --locale th --ignore '.venv' --ignore 'var' >/dev/null
	@touch $(MO) $(ADMIN_MO)

migrate: setup
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py load_demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Thai catalogue after changing strings, then translate what is new.
messages: setup
	$(PY) manage.py makemessages --locale th --ignore '.venv/*' --ignore 'var/*' --ignore 'media/*' --no-obsolete

# Refresh the pictures of the Thai guides (docs/th/images/) from the real pages, in Chromium.
docs-screenshots: system-packages-test setup
	DOCS_SCREENSHOTS=1 $(VENV)/bin/pytest tests/browser/test_docs_screenshots.py -q

# Several app servers, workers, PostgreSQL, Redis and S3 on this machine under Locust,
# then consistency checks (docs/deploy.md, "Load test"). Never part of `make test`.
# LOADTEST_ARGS="--users 60 --duration 300" to change the run.
loadtest: setup
	$(PY) benchmarks/loadtest/run.py $(LOADTEST_ARGS)

lock: setup
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf var/test-db.sqlite3 var/test-media .pytest_cache
