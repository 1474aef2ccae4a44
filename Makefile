# Toerusting: two commands do all set-up on a machine with only Python 3.11+, git and make.
#   make demo   install, create the SQLite database under var/, load the demo, serve http://127.0.0.1:8000
#   make test   install and run the whole test suite
# Production (docs/operations.md): make migrate, then make serve (web) and make worker (tasks), each with
# DEBUG=false and the environment of dotenv.example (SECRET_KEY, DATABASE_URL, CACHE_URL, ...).
# Everything else here is a step of those two, or a check that CI runs (.ci/run).

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
VENV := .venv
UV := $(TOOLS)/bin/uv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Worker processes of `make serve` (empty: WEB_CONCURRENCY, else two per CPU core).
WORKERS ?=

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON := $(shell command -v $(PYTHON))
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
# Development defaults; production sets DEBUG=false and its own SECRET_KEY (see dotenv.example).
export DEBUG ?= true

.PHONY: demo test install messages migrate serve worker check lint typecheck contracts migrations-check translations-check openapi-check language-check clean

demo: install
	$(BIN)/toerusting migrate --noinput
	$(BIN)/toerusting load_demo
	$(BIN)/toerusting load_catalogue
	$(BIN)/toerusting load_catalogue --directory content/demo/catalogue
	$(BIN)/toerusting load_demo_agenda
	$(BIN)/toerusting load_demo_ris --base-url http://$(HOST):$(PORT)
	$(BIN)/toerusting load_demo_planner
	$(BIN)/toerusting load_demo_reflections
	$(BIN)/toerusting load_demo_signup
	$(BIN)/toerusting load_demo_budgets
	$(BIN)/toerusting load_demo_mentoring
	$(BIN)/toerusting load_demo_development
	$(BIN)/toerusting load_demo_two_factor
	$(BIN)/toerusting load_demo_citizens
	$(BIN)/toerusting load_demo_reports
	$(BIN)/toerusting load_demo_intervision
	$(BIN)/toerusting load_demo_midterm
	$(BIN)/toerusting load_demo_practices
	$(BIN)/toerusting load_demo_networks
	$(BIN)/toerusting load_demo_providers
	$(BIN)/toerusting load_demo_badges
	$(BIN)/toerusting load_demo_candidates
	$(BIN)/toerusting load_demo_gaps
	@echo ""
	@echo "Toerusting draait op http://$(HOST):$(PORT)/  (stoppen: Ctrl+C)"
	$(BIN)/toerusting runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Production mode: DEBUG is false whatever the shell says; SECRET_KEY and the rest come from the environment.
migrate: install
	DEBUG=false $(BIN)/toerusting migrate --noinput
	DEBUG=false $(BIN)/toerusting createcachetable

serve: install
	DEBUG=false HOST=$(HOST) PORT=$(PORT) $(BIN)/toerusting serve $(if $(WORKERS),--workers $(WORKERS))

worker: install
	DEBUG=false $(BIN)/toerusting worker

install: $(VENV)/.installed messages

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs exactly what uv.lock says (the project itself in editable mode, with the dev group).
$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen
	@touch $@

# Dutch translations: compiled with Babel (pure Python), so GNU gettext is not needed to run.
messages: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d src/toerusting/locale -D django

check: lint typecheck contracts migrations-check translations-check openapi-check language-check

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: install
	$(BIN)/mypy

contracts: install
	$(BIN)/lint-imports

migrations-check: install
	$(BIN)/toerusting makemigrations --check --dry-run

# Needs GNU gettext (xgettext) for makemessages; CI installs it.
translations-check: install
	$(BIN)/python scripts/check_translations.py

# Plain Dutch in the content: sentences of at most 25 words, jargon explained, micro-modules within budget.
language-check: install
	$(BIN)/python scripts/check_language.py

# The committed OpenAPI file of the agenda push API must match what the code generates.
openapi-check: install
	$(BIN)/python scripts/check_openapi.py

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
