# Đề án 06 — the Makefile is the dependency graph. Each output names its inputs, so `make report`
# runs only the steps whose inputs changed and a second `make report` does nothing.
# `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first of Python 3.11, 3.12, 3.13 found on PATH (all three install the same requirements.lock);
# `make report PYTHON=/path/to/python3.12` picks one, `VENV=...` another environment folder.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
PYTHON_VERSIONS := 3.11 3.12 3.13
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
VENV_STAMP := $(VENV)/.installed
# A Python to build the environment with, or what to do
CHECK_PYTHON = test -n "$(PYTHON)" || { echo "No Python found: install Python 3.11, 3.12 or 3.13, or give one with PYTHON=/path/to/python3" >&2; exit 1; }; \
  $(PYTHON) -c 'import sys; ok = sys.version_info[:2] in [tuple(map(int, v.split("."))) for v in "$(PYTHON_VERSIONS)".split()]; sys.exit(0 if ok else "Python 3.11, 3.12 or 3.13 is required; $(PYTHON) is " + sys.version.split()[0] + " (give another with PYTHON=/path/to/python3.12)")'
BUILD := $(PY) -m dean06.pipeline
# the other commands: an interrupt at any moment ends in one line, never a traceback (dean06.command)
COMMAND := $(PY) -m dean06.command
# Every command (and every notebook kernel) works on this checkout's data and code, whichever
# checkout the virtual environment was installed from. DEAN06_READ_LOG=folder (a test seam) logs
# every file each Python process opens (tests/read_log/sitecustomize.py).
export DEAN06_ROOT := $(CURDIR)
export PYTHONPATH := $(CURDIR)/src:$(CURDIR)/dev$(if $(DEAN06_READ_LOG),:$(CURDIR)/tests/read_log)
CHROMIUM := /usr/bin/chromium
# Steps that do not depend on each other run side by side (the number table and the audit pages
# beside reconciliation); `make report JOBS=1` runs one at a time.
JOBS ?= 2
MAKEFLAGS += --jobs=$(JOBS)

# The step graph is declared once, in src/dean06/pipeline/steps.toml: each step's notebook or module,
# inputs, text files and outputs. Its rules are generated from it into STEP_RULES (dean06.pipeline.makerules),
# remade when the declaration, a module, a folder of src/ or a notebook changes: each step depends on
# its declared inputs, the pinned environment and its files under src/ (the code it imports and the
# text it reads), so a story edit reruns the report alone. Before the environment exists, every step
# depends on all of src/ (the rules are made with $(PYTHON)).
SRC := $(shell find src -type f \( -name '*.py' -o -name '*.md' -o -name '*.yaml' -o -name '*.toml' -o -path '*/templates/*' \) -not -path '*/__pycache__/*' 2>/dev/null | sort)
STEP_GRAPH := src/dean06/pipeline/steps.toml
STEP_RULES := .tmp/steps.mk
ARTICLES := $(sort $(wildcard data/raw/articles/*.txt))
# The chart registry's names (dean06.publish.charts.AREAS), the {chart} of the step graph's paths;
# tests/publish/test_charts_registry.py fails if they differ.
CHARTS := timeline identity coverage policy_documents source_agreement
# Goals that build nothing need no step rules (make would otherwise make them first).
NO_STEP_GOALS := help clean venv lock browser
ifneq ($(filter-out $(NO_STEP_GOALS),$(or $(MAKECMDGOALS),help)),)
include $(STEP_RULES)
endif

# A file added to or removed from a folder of src/ changes the folder's time. Made also under
# make -n or -q (the `+`), so that they print the plan of the current graph; each make writes its own
# temporary file (makes started side by side, as the tests' workers do, would otherwise clobber one).
$(STEP_RULES): $(STEP_GRAPH) $(filter %.py,$(SRC)) $(patsubst %/,%,$(sort $(dir $(SRC)))) $(wildcard notebooks/*.ipynb) $(wildcard $(VENV_STAMP))
	+@mkdir -p $(@D)
	+@$(if $(wildcard $(VENV_STAMP)),$(PY) -m dean06.pipeline.makerules,$(CHECK_PYTHON) && $(PYTHON) -m dean06.pipeline.makerules --all-src) > $@.$$$$.tmp && mv $@.$$$$.tmp $@

# The views the other goals name: every step's outputs are $(<STEP>_OUTPUTS) in STEP_RULES.
CLEAN := $(filter %.csv,$(CLEAN_OUTPUTS))
NUMBERS := $(NUMBERS_OUTPUTS)
FIGURES := $(filter figures/%,$(CHARTS_OUTPUTS))
REPORTS := $(filter %.html,$(REPORT_OUTPUTS))

.PHONY: preview help venv audit check add-article remove-article trace report claims reconcile charts edition clean rebuild test bench lab lock browser

# A step interrupted in the middle of publishing (SIGKILL, power cut) is finished before make
# compares any file times, so what make sees is always a complete step.
ifneq ($(wildcard .tmp/stage/*/journal.json .tmp/stage/*/plan.json),)
ifneq ($(wildcard $(PY)),)
$(shell DEAN06_ROOT="$(CURDIR)" PYTHONPATH="$(CURDIR)/src" $(PY) -m dean06.pipeline recover >&2)
endif
endif

help: ## List the targets with what each does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_\/.-]+:.*## / {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV_STAMP): requirements.lock pyproject.toml
	@$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(VENV_STAMP) ## Create .venv from the pinned versions in requirements.lock

audit: $(VENV_STAMP) ## Verify hashes, verbatim quotes, coverage of every number, and the build's lineage
	@chmod a-w $(ARTICLES)
	$(COMMAND) dean06.pipeline.audit

check: $(VENV_STAMP) ## Every input check of every step at once (evidence, values, dates, decisions); nothing about built outputs
	@$(COMMAND) dean06.reconcile.check

add-article: $(VENV_STAMP) ## Archive an article and draft its rows: make add-article FILE=path [SOURCE=ABC-240131]
	@$(COMMAND) dean06.evidence.add_article "$(FILE)" $(if $(SOURCE),--source-id "$(SOURCE)")

remove-article: $(VENV_STAMP) ## Undo add-article: remove a copy and every row drafted for it, or name what depends on it: make remove-article SOURCE=ABC-240131
	@$(COMMAND) dean06.evidence.remove_article "$(SOURCE)"

trace: $(VENV_STAMP) ## The chain behind a number, re-verified: make trace Q="78.553.494" (or a claim id, metric, section)
	@$(COMMAND) dean06.pipeline.trace "$(Q)"

# A raw table or notebook that is missing stops make with what to do (make's own message names no fix).
data/raw/%.csv notebooks/%.ipynb:
	@echo "$@ is missing: restore it with \`git checkout -- $@\`" >&2; exit 1

claims: $(CLEAN) ## Step 01: clean the claims into data/processed/claims_clean.csv
reconcile: $(if $(as_of),$(CLEAN),$(RECONCILE_OUTPUTS)) ## Step 02: reconcile the sources; with as_of=DATE, that date's tables in data/processed/as-of-DATE/
	$(if $(as_of),@$(COMMAND) dean06.reconcile --as-of "$(as_of)")
charts: $(FIGURES) ## Step 03: draw the charts for every language into figures/
report: $(FIGURES) $(REPORTS) $(AUDIT_PAGES_OUTPUTS) $(DATAPACKAGE_OUTPUTS) ## Build everything: audit, clean, reconcile, charts, reports, audit pages, data package

# The journalist's loop: the pages render in-process from the built tables on every save (dean06.pipeline.preview).
PORT ?= 8000
preview: $(FIGURES) $(NUMBERS) ## Both editions on http://127.0.0.1:PORT, rendered again and reloaded on every save: make preview [PORT=8000]
	@$(PY) -m dean06.pipeline.preview --port "$(PORT)"

# Built outputs only: data/raw/ is evidence and is never touched.
clean: ## Remove every built output (data/processed/, figures/, reports/); data/raw/ is never touched
	rm -rf data/processed figures reports

rebuild: ## Rebuild everything from scratch: make clean, then make report
	@$(MAKE) --no-print-directory clean
	@$(MAKE) --no-print-directory report

# An edition checks its parameters before anything is brought up to date, then draws in memory.
edition: $(VENV_STAMP) ## One report as of a date: make edition lang=en as_of=2023-02-25
	@$(BUILD) check-edition --lang "$(or $(lang),vi)" --as-of "$(as_of)"
	@$(MAKE) --no-print-directory $(CLEAN) $(NUMBERS)
	@$(BUILD) edition --lang "$(or $(lang),vi)" --as-of "$(as_of)"

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else echo "The browser test needs Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi

browser: $(CHROMIUM) ## Install Debian's chromium (for the real-browser test) when missing

# The tests run on every core (pytest-xdist), with one worker more than cores: part of the suite waits
# (kernels starting, a signal's effect, a page's network going quiet) and the extra worker keeps the
# cores busy meanwhile; a kernel that dies at start because another took its port is started again
# (dean06.pipeline.runner, tests/kernels.py). TEST_JOBS=1 runs them in one process. Python's byte-code
# cache is on for them even where the shell turns it off: pytest otherwise rewrites every test
# module's assertions again in each process (__pycache__/ is ignored by git).
TEST_JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
test: $(VENV_STAMP) $(CHROMIUM) ## Run the test suite on every core: audit, unit tests, notebooks, browser checks, byte-identical rebuild
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest $(if $(filter 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder)

bench: $(VENV_STAMP) ## Benchmark the build against its floor, cleaning/reconciliation/audit at scale, and the test suite
	$(PY) -m dean06_dev.bench

lab: $(VENV_STAMP) ## Open the notebooks in JupyterLab on the project's environment
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

lock: ## Re-resolve requirements.in into requirements.lock and rewrite environment.yml
	rm -rf .tmp/lockenv && $(PYTHON) -m venv .tmp/lockenv
	.tmp/lockenv/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	{ echo "# Generated by 'make lock' from requirements.in: exact versions of everything installed in .venv."; \
	  .tmp/lockenv/bin/pip freeze --exclude-editable; } > requirements.lock
	rm -rf .tmp/lockenv
	$(MAKE) venv && $(PY) -m dean06.pipeline.envfiles
