# CoopDec: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := coopdec.settings

.PHONY: run test install bench bench-web

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_territories
	$(PY) manage.py load_demo --accounts
	COOPDEC_REQUIRE_STAFF_2FA=0 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

bench: install
	$(PY) bench/bench_territories.py

bench-web: install
	$(VENV)/bin/pip install --quiet -r requirements-bench.txt && $(PY) bench/web.py
