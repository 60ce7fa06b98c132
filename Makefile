# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PERIOD ?= 2026-09-01..2026-10-30
DROP ?= examples/autumn-2026

.PHONY: demo test examples clean

$(BIN)/cpd-xl: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/cpd-xl
	$(BIN)/cpd-xl inputs $(DROP)

test: $(BIN)/cpd-xl
	$(BIN)/python -m pytest

examples: $(BIN)/cpd-xl
	$(BIN)/python examples/make_examples.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
