# The entry points. Each target creates .venv (and installs the project into it) when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PERIODS ?= 2021H2 2022H1 2021/22

.PHONY: reports test lint sample validate clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "finsam-analysis needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

## make reports: set up, then produce the reports from the sample data
reports: $(STAMP)
	$(BIN)/finsam validate data/sample
	@for p in $(PERIODS); do $(BIN)/finsam tables data/sample --period $$p || exit 1; done

## make test: set up, then run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check finsam_analysis tests

## make sample: regenerate data/sample from the generator (deterministic)
sample: $(STAMP)
	$(BIN)/finsam sample data/sample

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
