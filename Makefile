# Set-up, run, test. Every target first makes sure $(VENV) holds exactly what the requirements
# files ask for; that is redone only when one of them changes (the stamp is older than them).

VENV ?= .venv
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# llama-cpp-python compiles llama.cpp from source (~9 min on 2 cores) when pip's wheel cache
# (~/.cache/pip) does not hold the built wheel yet: give that build every core.
NPROC := $(shell nproc 2>/dev/null || echo 2)

.PHONY: venv run test bench clean-venv

venv: $(STAMP)

# A venv made by hand is adopted rather than recreated: `venv` only runs when it has no working
# pip (missing, or half-made because python3-venv was absent).
$(STAMP): requirements.txt requirements-nodeps.txt
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip wheel
	CMAKE_BUILD_PARALLEL_LEVEL=$(NPROC) $(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --no-deps -r requirements-nodeps.txt
	@touch $@

run: $(STAMP)
	$(PY) app.py serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# Runs every bench/*.py (from the repo root, which is importable); fails if any script fails,
# after running the others.
bench: $(STAMP)
	@status=0; found=0; \
	for script in bench/*.py; do \
		[ -e "$$script" ] || continue; \
		found=1; \
		echo "== $$script"; \
		PYTHONPATH="$(CURDIR)$${PYTHONPATH:+:$$PYTHONPATH}" $(PY) "$$script" || { echo "FAILED: $$script" >&2; status=1; }; \
	done; \
	[ $$found = 1 ] || echo "bench/ holds no scripts yet"; \
	exit $$status

clean-venv:
	rm -rf $(VENV)
