# CoopDec: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite,
# `make serve` the production setup locally, `make lock` pins every package with its hashes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := coopdec.settings

.PHONY: run serve test install lock bench bench-web bench-cold screenshots

# From the lock only: every package, transitive ones included, at its pinned version and hashes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_territories
	DEBUG=1 $(PY) manage.py load_demo --accounts
	DEBUG=1 COOPDEC_REQUIRE_STAFF_2FA=0 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(PY) manage.py runserver 127.0.0.1:8000

# The production setup on http://127.0.0.1:8000: DEBUG off, static files collected and served by
# WhiteNoise, gunicorn with WEB_CONCURRENCY workers (gunicorn.conf.py). Plain HTTP on the loopback,
# so the HTTPS switches are off here only. SECRET_KEY from the environment, else from .secret_key
# (untracked; made once with 50 random characters); MFA_ENCRYPTION_KEY (the TOTP secrets' key) likewise
# from .mfa_encryption_key. The workers share Redis (REDIS_URL, by default
# redis://127.0.0.1:6379/0): the sign-in's rate limits count there. Run `manage.py db_worker` beside it for e-mails.
SECRET_KEY_FILE := .secret_key
SERVE_ENV = DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 SESSION_COOKIE_SECURE=0 \
	CSRF_COOKIE_SECURE=0 SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
	MFA_ENCRYPTION_KEY="$${MFA_ENCRYPTION_KEY:-$$(cat $(MFA_KEY_FILE))}"
MFA_KEY_FILE := .mfa_encryption_key
$(SECRET_KEY_FILE) $(MFA_KEY_FILE):
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: install $(SECRET_KEY_FILE) $(MFA_KEY_FILE)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_territories
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py read_model_rebuild
	$(SERVE_ENV) WEB_CONCURRENCY=$${WEB_CONCURRENCY:-3} $(VENV)/bin/gunicorn --bind 127.0.0.1:8000

test: install
	$(PY) -m pytest

# Every page of the browser journeys at 1280 and 375 px, as PNG files in screenshots/ (not committed):
# look at them before a change lands.
screenshots: install
	rm -rf screenshots && mkdir -p screenshots
	COOPDEC_SCREENSHOTS=$(CURDIR)/screenshots $(PY) -m pytest -q -m browser -p no:cacheprovider
	@echo "screenshots/: $$(ls screenshots | wc -l) pages"

# Rewrites the three locks from the human-edited .in files (needs PyPI). Versions already locked
# are kept unless an .in file asks otherwise; `make lock UPGRADE=--upgrade` takes the newest.
LOCK = $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" $(UPGRADE)
lock:
	$(VENV)/bin/pip install --quiet uv==0.13.8
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-dev.in -c requirements.txt -o requirements-dev.txt
	$(LOCK) requirements-bench.in -c requirements-dev.txt -o requirements-bench.txt

bench: install
	$(PY) bench/bench_territories.py

bench-web: install
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-bench.txt && $(PY) bench/web.py

# Addresses nobody asked before (random among all of each kind), downloads, the read model's
# costs and two app servers: the code before this work and the working tree, beside Datasette.
bench-cold: install
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-bench.txt && $(PY) bench/cold.py
