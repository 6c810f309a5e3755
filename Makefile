# Gongkai — two commands: `make run` (set up + serve with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: run test test-ci install migrate seed lint check-deploy format messages clean

$(STAMP): pyproject.toml package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# axe-core for the accessibility tests (a JavaScript file; no browser is downloaded).
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving Gongkai at http://$(HOST):$(PORT)/ (staff back office: /staff/, API: /api/v1/docs)"
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# The house rules (STYLE.md §8), then the suite. CI runs `make test` on SQLite and PostgreSQL.
test: lint
	$(PY) -m pytest -q

# CI (.ci/run): the house rules once, then the same suite on SQLite and on PostgreSQL side by
# side (the CI machine has two cores; each run is one pytest process). Each log is printed whole.
# Tests marked one_database (the authorisation matrices, backend-independent) run on SQLite
# only: with them the PostgreSQL run alone took 17.7 minutes. The role walks run once per
# language: the English ones (walk_en) on SQLite, the Chinese ones (walk_zh) on PostgreSQL.
CI_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/gongkai
test-ci: lint
	mkdir -p var
	$(PY) -m pytest -q -m "not walk_zh" > var/ci-sqlite.log 2>&1 & sqlite=$$!; \
	DATABASE_URL=$(CI_POSTGRES_URL) $(PY) -m pytest -q -m "not one_database and not walk_en" > var/ci-postgres.log 2>&1 & postgres=$$!; \
	wait $$sqlite; rs=$$?; wait $$postgres; rp=$$?; \
	echo "=== pytest on SQLite (exit $$rs)"; cat var/ci-sqlite.log; \
	echo "=== pytest on PostgreSQL (exit $$rp)"; cat var/ci-postgres.log; \
	test $$rs -eq 0 && test $$rp -eq 0

lint: install
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy

# Django's deployment checks with the documented production settings (docs/deployment.md,
# "Production settings": HTTPS redirect, HSTS and frame DENY are the defaults with DEBUG off;
# REDIS_URL is required); the secret key is random and used for nothing else.
check-deploy: install
	DEBUG=false ALLOWED_HOSTS=gongkai.example.gov.cn REDIS_URL=redis://127.0.0.1:6379/0 \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	SECURE_HSTS_PRELOAD=true \
	$(PY) manage.py check --deploy --fail-level WARNING

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: install
	cd gongkai && ../$(PY) ../manage.py makemessages -l en --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
