# The two commands of the README: `make serve` and `make test`.
# Each creates .venv and installs what it needs on first use.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8866
BIN := $(VENV)/bin

.PHONY: serve test lint benchmark clean

$(VENV)/.installed-app: pyproject.toml scripts/bootstrap
	PYTHON=$(PYTHON) scripts/bootstrap $(VENV) ""
	touch $@

$(VENV)/.installed-test: pyproject.toml scripts/bootstrap
	PYTHON=$(PYTHON) scripts/bootstrap $(VENV) test
	touch $@ $(VENV)/.installed-app

## serve: serve the workbook with Voilà on http://127.0.0.1:$(PORT)
serve: $(VENV)/.installed-app
	$(BIN)/readiness serve --port $(PORT)

## test: run every test (installs chromium for the browser tests, JupyterHub's proxy for
## its test and postgresql for the store tests on PostgreSQL when missing)
test: $(VENV)/.installed-test
	scripts/ensure-chromium
	scripts/ensure-jupyterhub $(VENV)
	scripts/ensure-postgres
	$(BIN)/python -m pytest

## benchmark: workbook page vs a bare Voilà page; 30 participant pages (Chromium) and 30 protocol
## participants at once; the facilitator's live view of 40 members; a report for 40 (make test
## runs them smaller: 1 run, 5 pages, 10 members)
benchmark: $(VENV)/.installed-test
	scripts/ensure-chromium
	$(BIN)/python benchmarks/workbook_page.py --runs 5
	$(BIN)/python benchmarks/group_session.py --pages 30 --participants 30
	$(BIN)/python benchmarks/live_view.py --members 40
	$(BIN)/python benchmarks/report.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
