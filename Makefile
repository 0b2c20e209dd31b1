# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint clean chromium

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	$(PY) -m aspan.kernels.warm
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m aspan.kernels.warm
	touch $@ $(STAMP_RUN)

# the store: $$ASPAN_HOME/aspan.db (ASPAN_HOME defaults to ~/.local/share/aspan), shared with the CLI
# CATALOG=FILE imports FILE first; an empty store tries `aspan catalog update` (CelesTrak).
# ASPAN_API_TOKEN: set one to allow import/update/jobs from the dashboard (else one is made up
# for this run and printed).
HORIZONS := $(wildcard ../shared/data/lunar-horizons.csv)

run: $(STAMP_RUN)
	@set -e; \
	if [ -n "$(CATALOG)" ]; then $(VENV)/bin/aspan catalog import "$(CATALOG)"; fi; \
	if [ "$$($(VENV)/bin/aspan catalog list --limit 1 --json 2>/dev/null)" = "[]" ] || \
	   ! $(VENV)/bin/aspan catalog list --limit 1 --json >/dev/null 2>&1; then \
	  echo "aspan: the store is empty; trying aspan catalog update (CelesTrak, group active)"; \
	  $(VENV)/bin/aspan catalog update || echo "aspan: no catalog yet; the service starts with \
	an empty one. Add one with: make run CATALOG=FILE, aspan catalog import FILE, or the \
	dashboard's Catalog page (import a TLE/OMM file)"; \
	fi; \
	if [ -z "$$ASPAN_API_TOKEN" ]; then \
	  ASPAN_API_TOKEN=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(18))'); \
	  export ASPAN_API_TOKEN; \
	  echo "aspan: token for writing (import, update, jobs) this run: $$ASPAN_API_TOKEN"; \
	fi; \
	if [ -z "$$ASPAN_HORIZON_TABLE" ] && [ -n "$(HORIZONS)" ]; then \
	  export ASPAN_HORIZON_TABLE="$(abspath $(HORIZONS))"; fi; \
	exec $(VENV)/bin/aspan serve --host 127.0.0.1 --port 8000

lint: $(STAMP_TEST)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/lint-imports

# the dashboard's browser tests drive Debian's chromium (CI runs as root with apt access)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (apt-get) for the dashboard's browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(STAMP_TEST) lint chromium
	$(VENV)/bin/python -m pytest
	# the verification vectors again through the reference engine (python-sgp4's SatrecArray)
	ASPAN_JIT=0 $(VENV)/bin/python -m pytest tests/satellites -k verification

clean:
	rm -rf $(VENV) build src/*.egg-info
	# numba caches: a kernel cached before an edit of a function it inlines would stay stale
	find src -name "*.nbi" -delete -o -name "*.nbc" -delete
