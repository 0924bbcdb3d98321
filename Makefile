# Every chore has a target, so the README stays short.
# Python 3.12: the first interpreter that runs, from PATH or pyenv's installed versions.
PYTHON ?= $(firstword $(foreach p,python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12),$(shell $(p) -c "" >/dev/null 2>&1 && echo $(p))))
VENV := .venv
BIN := $(VENV)/bin
DEMO_PROBLEM := instances/dijon-200.json
DEMO_OUT := out/dijon

.PHONY: browser install demo demo-roads demo-stock demo-report test test-fast lint format bench bench-allocation clean serve services worker tenant load

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/foodroute plan $(DEMO_PROBLEM) --out $(DEMO_OUT) --time-limit 45 --backend auto
	$(BIN)/foodroute check $(DEMO_PROBLEM) $(DEMO_OUT)/plan.json
	$(BIN)/foodroute sheets $(DEMO_OUT)/plan.json --problem $(DEMO_PROBLEM) --out $(DEMO_OUT)/sheets

# The Dijon day on roads: a street grid (1 km, a main road every 5 km) written over the day's
# sites, built into tiles, then planned and checked on the road matrices.
ROADS_OUT := out/dijon-roads
demo-roads: install
	$(BIN)/python -m benchmarks.road_networks $(DEMO_PROBLEM) --out $(ROADS_OUT)/dijon-grid.osm.pbf
	$(BIN)/foodroute roads build $(ROADS_OUT)/dijon-grid.osm.pbf --out $(ROADS_OUT)/tiles
	$(BIN)/foodroute roads check $(ROADS_OUT)/tiles $(DEMO_PROBLEM) > $(ROADS_OUT)/sites.txt
	tail -n 1 $(ROADS_OUT)/sites.txt
	$(BIN)/foodroute plan $(DEMO_PROBLEM) --roads $(ROADS_OUT)/tiles --out $(ROADS_OUT) \
		--time-limit 45 --backend auto
	$(BIN)/foodroute check $(DEMO_PROBLEM) $(ROADS_OUT)/plan.json --roads $(ROADS_OUT)/tiles

# The same day with warehouse stock: allocation, then routes that deliver it.
demo-stock: install
	$(BIN)/foodroute plan instances/dijon-200-stock.json --out out/dijon-stock --time-limit 45
	$(BIN)/foodroute check out/dijon-stock/problem_routed.json out/dijon-stock/plan.json

# ProDij impact report on 60 seeded working days (about 2 min to plan them): the dashboard,
# the French monthly PDF for February and a workbook by month, in out/report/.
demo-report: install
	$(BIN)/foodroute report --from 2025-01-06 --to 2025-03-31 --format html \
		--out out/report/dashboard.html --save-history out/report/history.jsonl
	$(BIN)/foodroute report --history out/report/history.jsonl --from 2025-02-01 \
		--to 2025-02-28 --format pdf --out out/report/2025-02.pdf
	$(BIN)/foodroute report --history out/report/history.jsonl --from 2025-01-06 \
		--to 2025-03-31 --format xlsx --group-by month --out out/report/report.xlsx

bench-allocation: install
	$(BIN)/python benchmarks/allocation.py --out benchmarks/ALLOCATION.md

# pytest exits 5 when it collects nothing; that is not a failure of the code.
# The tests run against real PostgreSQL, Redis and Chromium: `services` and `browser` install and
# start them (apt-get, as root) before the suite, so that `make test` needs nothing else.
test: install services browser
	$(BIN)/python -m pytest -q || [ $$? -eq 5 ]

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow" || [ $$? -eq 5 ]

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The solve-job service. `make tenant NAME=...` prints a new tenant's admin key once.
serve: install
	$(BIN)/foodroute serve

worker: install
	$(BIN)/foodroute worker

tenant: install
	$(BIN)/python -m api.admin create-tenant "$(NAME)"

# A bare FastAPI endpoint, then the service embedded and scale-out (PostgreSQL + 2 Celery workers)
# under the same locust load, every plan checked (results in benchmarks/LOAD.md; needs services).
load: install
	bash benchmarks/load.sh

# PostgreSQL and Redis for the scale-out tests (installs them if missing; run as root).
browser:
	bash scripts/chromium.sh

services:
	bash scripts/services.sh

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
