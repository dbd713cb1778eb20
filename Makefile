# The entry points. Each target creates .venv (and installs the project into it) when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Empty: the policy's reports from the data's latest complete periods (the half-year report,
# 1 July – 31 December, and the full-year report, 1 July – 30 June; docs/periods.md).
# `make reports PERIODS="2022H1 2021/22"` makes those instead.
PERIODS ?=

.PHONY: reports test tables bench lint sample clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "finsam-analysis needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	@touch $@

## make reports: set up, then make the reports from the sample data into reports/
## (what the policy asks for: every team's latest complete half-year report and full-year
## report, and the overview; PDF too when Chrome/Chromium/Edge is found)
reports: $(STAMP)
	$(BIN)/finsam validate data/sample
	$(BIN)/finsam reports data/sample $(if $(PERIODS),--period $(PERIODS) --overview) --pdf-if-available --out reports

## make test: set up, then run the whole test suite (tests/ and every notebook, with nbval)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## make tables: the sample's tables as text in the terminal, for a quick look
tables: $(STAMP)
	@for p in $(or $(PERIODS),2021H2 2021/22); do $(BIN)/finsam tables data/sample --period $$p || exit 1; done

## make bench: the benchmarks at national scale (makes the national data set once; minutes)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,bench]'
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check finsam_analysis tests

## make sample: regenerate data/sample from the generator (deterministic)
sample: $(STAMP)
	$(BIN)/finsam sample data/sample

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
