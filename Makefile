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

# Exit 1 means "checked, not everyone complies": the example drop is meant to
# show gaps, so only a failure to check (exit 2) fails the demo.
demo: $(BIN)/cpd-xl
	$(BIN)/cpd-xl report $(DROP) --period $(PERIOD) --out out || [ $$? -eq 1 ]

test: $(BIN)/cpd-xl
	$(BIN)/python -m pytest

examples: $(BIN)/cpd-xl
	$(BIN)/python examples/make_examples.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
