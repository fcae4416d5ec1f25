# Everyday commands of the Integrated Mission Planning Workbench.
# `make run` and `make test` do all set-up on a fresh clone.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite in two processes (pytest-xdist): about 10 minutes here instead of 18 in one.
PYTEST_ARGS ?= -n 2

.PHONY: run test lint check migrate seed worker beat bench bench-seed clean messages lock audit

# The whole tree as locked, every file checked against its hash (requirements-dev.lock, made by
# `make lock` from the top-level pins in requirements*.txt).
$(STAMP): requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

## lock: pin the whole dependency tree with hashes after changing requirements*.txt
lock: $(STAMP)
	for f in requirements requirements-dev; do \
	  $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links -o $$f.lock $$f.txt; done

## audit: known vulnerabilities in the locked Python tree and the npm tools (.ci/audit-allow.txt)
audit: $(STAMP)
	.ci/audit

node_modules/.installed: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: accessibility checks (axe-core) will be skipped"; fi

## run: set up, migrate, load the demo data and serve on http://127.0.0.1:8000 (embedded default)
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite; uses PostgreSQL and Redis when configured or reachable on localhost
test: $(STAMP) node_modules/.installed
	@eval "$$($(PY) tests/services.py)"; \
	$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests ran"; exit 1; fi; exit $$status

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(STAMP) lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=workbench.example.org $(PY) manage.py check --deploy --fail-level WARNING

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: $(STAMP)
	$(PY) manage.py seed_demo

worker: $(STAMP)
	$(VENV)/bin/celery -A planning worker --loglevel=INFO --concurrency=2

beat: $(STAMP)
	$(VENV)/bin/celery -A planning beat --loglevel=INFO

## bench: seed scale 50 on PostgreSQL, serve with gunicorn and print latency figures; time progress reports,
## a 2,000-row Excel upload (answered, then imported by a worker) and the ISF editor in Chromium on a slow line
bench: $(STAMP)
	$(PY) tests/performance/bench.py
	$(PY) tests/performance/bench_reports.py
	$(PY) tests/performance/bench_upload.py
	$(PY) tests/performance/bench_editor.py

## messages: bring every catalogue in locale/ up to the strings of the code, then compile them
messages: $(STAMP)
	$(PY) manage.py makemessages $(foreach lang,$(notdir $(wildcard locale/*)),-l $(lang)) --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles media-test
