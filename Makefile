# The two commands a newcomer needs: `make demo` and `make test`. Both set up .venv themselves.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# OMP/threads: 2-core machines; keep TF/torch from oversubscribing during tests
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONHASHSEED ?= 0

.PHONY: install demo test test-fast test-slow export clean readme docs bench

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Reinstall when the pins or the package metadata change.
$(STAMP): $(BIN)/python constraints.txt settings.ini setup.py
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt "tensorflow-cpu" -e ".[all,dev]"
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/seqsense demo

test: install
	@start=$$(date +%s); \
	$(BIN)/python tools/checks.py export && \
	$(BIN)/python tools/checks.py clean && \
	$(BIN)/python tools/checks.py readme && \
	$(BIN)/nbdev_test --n_workers 2 && \
	$(BIN)/python -m pytest -q tests; rc=$$?; \
	echo "make test finished in $$(( $$(date +%s) - start ))s (rc=$$rc)"; exit $$rc

# Cells flagged `#| slow` (real training runs) and slow pytest marks.
test-slow: install
	$(BIN)/nbdev_test --n_workers 1 --flags slow
	$(BIN)/python -m pytest -q tests --runslow

export: install
	$(BIN)/nbdev_export

clean: install
	$(BIN)/nbdev_clean

readme: install
	$(BIN)/python tools/checks.py readme --write
