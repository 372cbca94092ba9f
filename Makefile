# TwitchGuide: `make run` starts the app, `make test` runs every test.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Test tools from npm (package-lock.json): axe-core and the Nu Html Checker (vnu-jar, runs on Java).
NODE_STAMP := node_modules/.installed
# Test processes: one per core (pytest-xdist).
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run frontend serve bench bench-data profile test check mutate screenshots phone-screenshots lint format migrate content editor clean clinical-rules vignettes hazards

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the axe-core and HTML validator tests will skip (in CI they fail)"; \
	fi

# The patient pages' design system: NHS.UK frontend (npm nhsuk-frontend, pinned in package.json),
# compiled by Sass with only the parts we use (static/scss/nhsuk-frontend.scss) and our settings: a
# system font stack, no web fonts. The result is committed, so `make run` needs no Node.js; where the
# npm packages are installed it is built again when its sources change (`make run`, `make test`), and
# tests/test_frontend.py checks that the committed file is exactly what the build makes.
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
NHSUK_CSS := static/css/nhsuk-frontend.css
$(NHSUK_CSS): static/scss/nhsuk-frontend.scss package-lock.json
	@if [ -x node_modules/.bin/sass ] && [ -d $(NHSUK) ]; then \
		node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules $< $@ && \
		mkdir -p static/nhsuk/images && cp $(NHSUK)/assets/images/nhsuk-icon-cross.svg static/nhsuk/images/ && \
		echo "built $@ from nhsuk-frontend $$(node -p 'require("./$(NHSUK)/../../package.json").version')"; \
	else \
		echo "$@: nhsuk-frontend or sass not installed (npm ci), so the committed file is used"; touch $@; \
	fi

frontend: $(NHSUK_CSS)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

content: migrate
	$(PY) manage.py load_advice_content

# Create a content editor for local use: `make editor` asks for the username and for the password
# (twice, and again until it is good enough); EDITOR_USERNAME / EDITOR_PASSWORD skip the questions.
editor: migrate
	$(PY) manage.py create_editor

# `make run PORT=8001` serves on another port.
PORT ?= 8000
run: content $(NHSUK_CSS)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like local serving: gunicorn + whitenoise, DEBUG off, plain http on 127.0.0.1:8000.
# A fresh secret key is made for each start unless DJANGO_SECRET_KEY is set.
SERVE_ENV := DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SESSION_COOKIE_SECURE=false DJANGO_CSRF_COOKIE_SECURE=false

SERVE_PORT ?= 8000

serve: content $(NHSUK_CSS)
	@export $(SERVE_ENV) DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(SERVE_PORT)

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $(BENCH_STAMP)

# 50 simulated patients against gunicorn on a free port; figures in bench-results/.
bench: $(BENCH_STAMP)
	$(PY) bench/run.py

# The staff pages with many stored assessments: `make bench-data N=1000000` adds N realistic ones
# (walked through the questionnaire's own branching; COPY on PostgreSQL) to the database in
# DATABASE_URL, or to bench-results/bench-data.sqlite3, then measures the statistics page, the CSV
# export, the admin list, the advice page and the purge (bench/staff.py). Never on real data.
N ?= 100000
BENCH_DATA_ENV := DJANGO_SETTINGS_MODULE=bench.peer.settings SQLITE_PATH=$${SQLITE_PATH:-bench-results/bench-data.sqlite3}
bench-data: $(BENCH_STAMP)
	mkdir -p bench-results
	export $(BENCH_DATA_ENV) && $(PY) manage.py migrate --noinput --verbosity 0 && \
	$(PY) manage.py load_advice_content && $(PY) manage.py bench_data $(N) && \
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-data-$$$$-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
		DJANGO_STATIC_ROOT=bench-results/static $(PY) manage.py collectstatic --noinput --verbosity 0 && \
	$(PY) bench/staff.py --purge

# CPU per request inside Django (no server): steadier than wrk for before/after comparisons.
profile: $(BENCH_STAMP)
	$(PY) bench/inprocess.py --profile

# docs/clinical-rules.md: every rule, for clinicians (a test fails when it is out of date).
clinical-rules: $(STAMP)
	$(PY) manage.py clinical_rules

# The removal check (tests/hazards.py): each hazard control of docs/clinical-safety/hazard-log.md is taken
# out of a copy of the code in turn, and a test named for it must fail; writes removal-check.md.
hazards: $(STAMP)
	$(PY) -m tests.hazards

# The vignette suite (tests/vignettes/): prints the table and writes it into docs/clinical-validation.md.
vignettes: content
	$(PY) -m tests.vignettes

# The whole suite, in parallel (pytest-xdist): every unit, page, browser, node and Java test.
test: $(STAMP) $(NODE_STAMP) $(NHSUK_CSS)
	$(PY) -m pytest -n $(TEST_WORKERS)

# The quick loop: everything but the browser, node and Java tests.
check: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not e2e and not external"

# Mutation testing, not part of `make test`: mutmut plants one bug at a time (mutants/, not
# committed) and runs the tests that cover it; the score is printed at the end (docs/testing.md).
# Default: the security code and the submit/delete path. `make mutate MUTATE=assessment`: the
# clinical core. `make mutate MUTATE=all`: both.
MUTATE ?= security
MUTANTS_security := triage.security.* triage.services.* triage.questionnaire.views.x_delete__* triage.questionnaire.views.x__forget_result__* triage.questionnaire.views.x__gone__*
MUTANTS_assessment := triage.clinical.assessment.*
MUTANTS_all := $(MUTANTS_security) $(MUTANTS_assessment)

mutate: $(STAMP)
	$(PY) -m mutmut run $(foreach m,$(MUTANTS_$(MUTATE)),"$(m)")
	$(PY) tests/mutation_score.py $(MUTANTS_$(MUTATE))

# Phone (360x640) and desktop (1280x800) screenshots of every page, into screenshots/.
screenshots: $(STAMP) $(NODE_STAMP)
	SCREENSHOTS_DIR=screenshots $(PY) -m pytest tests/e2e/screenshots.py -q
	@echo "screenshots written to screenshots/"

# The README's phone screenshots (390 px wide) and their heights, into docs/screenshots/$(NOTE)/.
NOTE ?= after
phone-screenshots: $(STAMP) $(NODE_STAMP)
	NOTE_DIR=docs/screenshots/$(NOTE) $(PY) -m pytest tests/e2e/screenshots.py -q -k phone_screenshots

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles screenshots .pytest_cache .ruff_cache bench-results mutants
