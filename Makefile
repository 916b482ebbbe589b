# Two commands for a newcomer: `make run` and `make test`. Both start from a fresh
# clone with only Python 3.11+ installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev catalogues system-tools pdf-libraries messages bench bench-chat bench-dashboard bench-matching clean

# The translation catalogues are kept as their sources (.po); the compiled files
# (.mo) are made from them on install, and again whenever a source is newer.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(MAKE) --no-print-directory catalogues

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@$(MAKE) --no-print-directory catalogues

catalogues: $(COMPILED)

$(COMPILED): %.mo: %.po
	$(BIN)/python -c 'import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

## Install everything, apply migrations, load the demo data once and serve the site
## (HTTP and WebSocket) with daphne on http://127.0.0.1:8000, with the task queue's
## consumer (e-mail, expiry of listings, summaries) beside it; Ctrl+C stops both.
run: install pdf-libraries
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Coup de main is served on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@$(BIN)/python manage.py run_huey & consumer=$$!; \
	trap 'kill $$consumer 2>/dev/null; wait $$consumer' EXIT INT TERM; \
	$(BIN)/daphne -b $(HOST) -p $(PORT) asgi:application

## Install what the tests need (Chromium too, when possible) and run the whole suite.
test: install-dev system-tools
	$(BIN)/python -m pytest

## The browser tests drive Debian's Chromium, the catalogue check runs GNU
## gettext and the pages benchmark drives wrk; install them when we are root.
## Without them those tests are skipped with the reason, everything else runs.
system-tools: pdf-libraries
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -z "$$missing" ]; then \
		echo "Chromium, gettext and wrk found."; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian packages for the tests:$$missing"; \
		( apt-get update -qq >/dev/null && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 ) \
		|| echo "Could not install$$missing: the tests that need it will be skipped."; \
	else \
		echo "Missing$$missing and not root: the tests that need it will be skipped."; \
	fi

## The attestations are made as PDF on the server by WeasyPrint, which needs
## Debian's Pango; install it when we are root.
pdf-libraries:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
		echo "Pango found."; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Pango for the PDF attestations."; \
		( apt-get update -qq >/dev/null && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 ) \
		|| echo "Could not install Pango: attestations will be offered as HTML only."; \
	else \
		echo "Pango missing and not root: attestations will be offered as HTML only."; \
	fi

## Refresh the translation catalogues after changing strings (needs GNU gettext),
## then compile them.
messages: install-dev
	$(BIN)/python manage.py makemessages --locale fr --ignore ".venv/*" --ignore "tests/*" --no-obsolete
	@$(MAKE) --no-print-directory catalogues

# The start of a benchmark's recipe: without DATABASE_URL, a temporary SQLite
# file (removed at the end); then the migrations.
ON_A_BENCH_DATABASE = if [ -z "$$DATABASE_URL" ]; then \
		tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
		export DATABASE_URL="sqlite:///$$tmp/bench.sqlite3"; \
		echo "No DATABASE_URL: SQLite in $$tmp/bench.sqlite3 (removed at the end)." >&2; \
	fi; \
	$(BIN)/python manage.py migrate --noinput >&2 &&

## Time the "for you" suggestions and the search on 100 neighbourhoods, 10,000
## members, 1,000 then 100,000 listings (docs/performance.md). It fills the
## database it is given, so give it one of its own:
##   DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_bench make bench
## Without DATABASE_URL it runs on SQLite in a temporary file. Options of the
## command (e.g. --explain) go in BENCH_ARGS. The dashboard's benchmark
## (bench-dashboard, below) follows on the same data, then the chat benchmark
## (bench-chat, below), on the same DATABASE_URL and REDIS_URL.
bench: install-dev
	@$(ON_A_BENCH_DATABASE) \
	$(BIN)/python manage.py bench $(BENCH_ARGS) && \
	$(BIN)/python manage.py bench_dashboard --reuse $(BENCH_DASHBOARD_ARGS)
	@$(MAKE) --no-print-directory bench-chat

## Time chat messages between 200 pairs of members through two daphne processes
## sharing PostgreSQL and Redis (docs/performance.md, "Chat"). It fills the
## database it is given, so give it one of its own:
##   createdb -h 127.0.0.1 -U postgres coupdemain_chatbench
##   DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_chatbench \
##   REDIS_URL=redis://127.0.0.1:6379/3 make bench-chat
## Without PostgreSQL and Redis it says so and skips. Options: BENCH_CHAT_ARGS
## (e.g. --servers daphne,uvicorn times both servers in one run).
bench-chat: install-dev
	@case "$$DATABASE_URL" in \
		postgres*|pgsql*|psql*) \
			[ -z "$$REDIS_URL" ] || $(BIN)/python manage.py migrate --noinput >&2 ;; \
	esac && \
	$(BIN)/python manage.py bench_chat $(BENCH_CHAT_ARGS)

## Load the pages logged-in members browse (home, listings, a listing, search,
## "for you", conversations, a conversation, notifications), each, then mixed,
## and a bare view, through two daphne processes on PostgreSQL and Redis, with
## wrk (installed here when run as root) (docs/performance.md, "Pages"). It
## fills the database it is given, so give it one of its own:
##   createdb -h 127.0.0.1 -U postgres coupdemain_pagesbench
##   DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_pagesbench \
##   REDIS_URL=redis://127.0.0.1:6379/3 make bench-pages
## Options: BENCH_PAGES_ARGS (e.g. --concurrency 50 --seconds 10).
bench-pages: install-dev
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || true
	@case "$$DATABASE_URL" in \
		postgres*|pgsql*|psql*) \
			[ -z "$$REDIS_URL" ] || $(BIN)/python manage.py migrate --noinput >&2 ;; \
	esac && \
	$(BIN)/python manage.py bench_pages $(BENCH_PAGES_ARGS)

## Time the coordinators' dashboard on the 10,000-member dataset of `bench`,
## reused when `bench` left it in the database, made again otherwise, with a
## year of activity added (docs/performance.md, "Dashboard"). It fills the
## database it is given, so give it one of its own:
##   createdb -h 127.0.0.1 -U postgres coupdemain_dashbench
##   DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_dashbench make bench-dashboard
## Without DATABASE_URL it runs on SQLite in a temporary file. Options of the
## command (e.g. --repeat) go in BENCH_DASHBOARD_ARGS.
bench-dashboard: install-dev
	@$(ON_A_BENCH_DATABASE) \
	$(BIN)/python manage.py bench_dashboard $(BENCH_DASHBOARD_ARGS)

## Measure the matching on the labelled set devtools/bench/matching_set.json:
## precision@5, nDCG@10 and coverage of "for you", precision@3 of the
## neighbours who could answer and of the similar listings, and the same for a
## plain tag-overlap baseline (docs/performance.md, "Matching quality"). What it
## writes is rolled back. Without DATABASE_URL it runs on SQLite in a
## temporary file.
bench-matching: install-dev
	@$(ON_A_BENCH_DATABASE) \
	$(BIN)/python manage.py bench_matching

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-artifacts
