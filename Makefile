# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
# Settings refuse to start without DJANGO_ENV; everything run from here is development.
export DJANGO_ENV ?= development

.PHONY: run test install lint format migrate seed clean bench bench-tools bench-profile soak mutate worker system-deps system-deps-tests contract-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) system-deps

# Debian packages for printable handouts (Pango, HarfBuzz, Noto fonts), and for their tests
# poppler-utils; installs only what is missing (a no-op once present). See docs/handouts.md.
system-deps:
	@bash deploy/install-system-packages.sh

system-deps-tests:
	@bash deploy/install-system-packages.sh --tests

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py import_seed

run: seed
	@echo ""
	@echo "  API:       http://$(HOST):$(PORT)/api/v1/guides/"
	@echo "  API docs:  http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "  Admin:     http://$(HOST):$(PORT)/admin/"
	@echo "  Create an admin login with:  DJANGO_ENV=development $(BIN)/python manage.py createsuperuser"
	@echo "  Database:  $${DATABASE_URL:-SQLite file db.sqlite3 (set DATABASE_URL for PostgreSQL)}"
	@echo "  Worker:    with REDIS_URL set, run 'make worker' beside this (webhooks, scheduled publishing); without, webhooks are sent from this process and 'manage.py run_schedules' carries out due schedules"
	@echo ""
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# Sends webhooks and carries out scheduled publishing; needs a broker (REDIS_URL or CELERY_BROKER_URL) shared with `make run`.
worker: install
	$(BIN)/celery -A config worker --beat --schedule $(VENV)/celerybeat-schedule -l info

# Two workers: the suite is mostly CPU (rendering, PDFs, a browser) and the machines have 2 cores.
TEST_WORKERS ?= 2
test: install system-deps-tests contract-tools
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# ruff (style, and complexity at most 20), mypy (types), then import cycles and module sizes.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python .ci/codebase_checks.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Load test against bare-Django and nginx baselines (docs/performance.md); ~8 minutes.
bench: bench-tools $(VENV)/.bench-installed
	$(BIN)/python bench/run.py

soak: bench-tools $(VENV)/.bench-installed
	$(BIN)/python bench/soak.py

bench-profile: bench-tools $(VENV)/.bench-installed
	$(BIN)/python bench/profile.py

bench-tools:
	@command -v wrk >/dev/null && { command -v nginx >/dev/null || test -x /usr/sbin/nginx; } || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx; }

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

# Node tools of the consumer tests (tests/contract/): Ajv, openapi-typescript, tsc, Redocly.
# Needs node >= 18 and npm; installs exactly the committed lock file. Without npm the tests
# say so and are skipped (CI requires them).
contract-tools: tests/contract/node_modules/.installed

tests/contract/node_modules/.installed: tests/contract/package-lock.json
	@if command -v npm >/dev/null; then \
		cd tests/contract && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: the consumer-contract tests will be skipped"; fi

# Mutation testing of the core modules (docs/development.md): not part of `make test` or CI.
# `make mutate MODULES=api/sync.py` runs some; the map of modules to tests is mutation/modules.toml.
MODULES ?=
mutate: $(VENV)/.mutation-installed
	nice -n 10 $(BIN)/python -m mutation.run $(MODULES)

$(VENV)/.mutation-installed: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,mutation]'
	touch $@

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache mutants .mutation
