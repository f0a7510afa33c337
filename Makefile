# The two commands a newcomer needs: `make run` and `make test`. `make help` lists the rest.
# Every step is cached by a stamp or a file date, so a second run does no reinstall.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := $(VENV)/.stamps
MANAGE := $(BIN)/python manage.py
# Ours, and the hand-maintained Swedish for Oscar's own strings (locale/oscar).
PO := $(wildcard locale/*/LC_MESSAGES/django.po locale/oscar/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)

# pango and fonts: WeasyPrint renders invoice PDFs with them.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# espeak-ng: the narration of the demo's lesson videos (docs/demo.md).
RUN_PACKAGES := gettext ffmpeg espeak-ng $(PDF_PACKAGES)
TEST_PACKAGES := gettext ffmpeg espeak-ng chromium $(PDF_PACKAGES)
BENCH_PACKAGES := wrk

.DEFAULT_GOAL := help
.PHONY: help run test bench install install-test lint format worker beat seed messages makemessages check clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

run: install messages ## Set up everything, seed the demo and serve on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install-test messages $(STAMPS)/node ## Install what tests need and run the whole suite
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run --noinput
	$(BIN)/pytest -n 2 --dist worksteal --durations=15
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-test messages ## Serve with gunicorn on PostgreSQL and measure pages (bench/results.json)
	@scripts/system-packages $(BENCH_PACKAGES)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

install: $(STAMPS)/install $(STAMPS)/system-run ## Virtualenv and runtime dependencies

install-test: $(STAMPS)/install-test $(STAMPS)/system-test ## Everything the tests need

worker: install ## A Celery worker (needs CELERY_BROKER_URL or REDIS_URL)
	$(BIN)/celery -A config worker -l info

beat: install ## The Celery beat scheduler
	$(BIN)/celery -A config beat -l info

seed: install ## (Re)create missing demo content
	$(MANAGE) seed_demo

messages: $(MO) ## Compile the translation catalogues

makemessages: install ## Collect new strings into locale/sv (then translate them)
	$(MANAGE) makemessages -l sv --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete

check: install-test ## Django's deployment checks with the production settings
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$(openssl rand -hex 32) \
	  ALLOWED_HOSTS=example.com REDIS_URL=redis://127.0.0.1:6379/0 ADMIN_EMAILS=ops@example.com \
	  SUPPRESSION_LIST_KEY=$$(openssl rand -hex 32) \
	  CERTIFICATE_SIGNING_KEY="$$(openssl genpkey -algorithm ed25519)" $(MANAGE) check --deploy --fail-level WARNING

lint: install-test ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, node modules and local data
	rm -rf $(VENV) node_modules var db.sqlite3

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMPS)/install: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/install-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/install

$(STAMPS)/system-run: Makefile scripts/system-packages | $(BIN)/python
	scripts/system-packages $(RUN_PACKAGES)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-test: Makefile scripts/system-packages | $(BIN)/python
	scripts/system-packages $(TEST_PACKAGES)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/node: package.json package-lock.json | $(BIN)/python
	@command -v npm >/dev/null || scripts/system-packages npm
	npm ci --no-audit --no-fund --silent
	@mkdir -p $(STAMPS) && touch $@

%.mo: %.po
	msgfmt --check-format -o $@ $<
