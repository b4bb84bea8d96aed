# The two commands a newcomer needs: `make demo` and `make test`. Both set up .venv themselves.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# OMP/threads: 2-core machines; keep TF/torch from oversubscribing during tests
export TF_CPP_MIN_LOG_LEVEL ?= 2
export OMP_NUM_THREADS ?= 1
export PYTHONHASHSEED ?= 0

.PHONY: install demo test test-slow export clean readme docs browser

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

test: install browser
	@start=$$(date +%s); \
	$(BIN)/python tools/checks.py export && \
	$(BIN)/python tools/checks.py clean && \
	$(BIN)/python tools/checks.py lint && \
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

# The docs site: every notebook executed (cells flagged slow/cuda/notest skipped, as nbdev_test does), run through
# nbdev's docs processors, rendered by MkDocs Material (mkdocs.yml) into site/; links checked, then every page loaded
# in headless Chromium (console errors, outputs shown), with a screenshot of the report page (site/screenshot.png).
docs: install browser
	@start=$$(date +%s); \
	$(BIN)/python tools/build_docs.py --out site --proc _proc/docs && \
	if [ -x /usr/bin/chromium ]; then $(BIN)/python tools/check_site_chromium.py --site site --proc _proc/docs; \
	else echo "chromium not installed: browser check skipped"; fi; rc=$$?; \
	echo "make docs finished in $$(( $$(date +%s) - start ))s (rc=$$rc)"; exit $$rc

# Debian's chromium for the docs browser check; installed when we are root with apt-get (CI is), skipped otherwise.
browser:
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } || \
	  echo "chromium unavailable: the docs browser check will skip"
