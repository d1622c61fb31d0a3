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
BUILD := $(PY) -m dean06.build
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

# Inputs. Every step also depends on the pinned environment and on its files under src/: the code it
# imports and the text it reads (templates, story, wording), computed by dean06/build/inputs.py into
# STEP_INPUTS, remade when a module or a notebook changes. So a story edit reruns the report alone.
SRC := $(shell find src -type f \( -name '*.py' -o -name '*.md' -o -name '*.yaml' -o -path '*/templates/*' \) -not -path '*/__pycache__/*' 2>/dev/null | sort)
STEP_INPUTS := .tmp/step-inputs.mk
RAW_TABLES := data/raw/sources.csv data/raw/claims.csv data/raw/metrics.csv data/raw/excluded_spans.csv data/raw/non_statistics.csv data/raw/derivations.csv
ARTICLES := $(sort $(wildcard data/raw/articles/*.txt))
# The folders stand for their list of files: adding, removing or renaming an article or a table
# changes the folder's time, so step 01 runs again (a wildcard alone would not see a removal).
RAW_DIRS := data/raw data/raw/articles
# the report's manifest digests every step's notebook
NOTEBOOKS := notebooks/01_clean.ipynb notebooks/02_reconcile.ipynb notebooks/03_charts.ipynb
DECISIONS := data/raw/decisions.csv
AREAS := data/raw/areas.csv
CONTEXT := data/raw/context.csv
# Goals that build nothing need no step inputs (make would otherwise compute them first).
NO_STEP_GOALS := help clean venv lock browser
ifeq ($(filter-out $(NO_STEP_GOALS),$(or $(MAKECMDGOALS),help)),)
else ifneq ($(wildcard $(VENV_STAMP)),)
include $(STEP_INPUTS)
else  # no environment yet to compute them with: each step depends on all of src/
$(foreach s,CLEAN RECONCILE CHARTS REPORT NUMBERS AUDIT_PAGES DATAPACKAGE,$(eval $(s)_SRC := $(SRC)))
endif
code = $(VENV_STAMP) $($(1)_SRC)

# Outputs.
LANGS := vi en
# The chart registry's names (dean06.publish.charts.AREAS); tests/publish/test_charts_registry.py fails if they differ.
CHARTS := timeline identity coverage policy_documents source_agreement
CLEAN := data/processed/claims_clean.csv
NUMBERS := data/processed/numbers.csv
RECONCILED := data/processed/reconciled.csv data/processed/discrepancies.csv
figures_for = $(foreach c,$(CHARTS),$(foreach e,png svg csv alt.txt,figures/$(1)/$(c).$(e)))
FIGURES := $(foreach l,$(LANGS),$(call figures_for,$(l)))
REPORTS := $(foreach l,$(LANGS),reports/de-an-06.$(l).html reports/de-an-06.$(l).sources.html)
PRINTED := $(foreach l,$(LANGS),data/processed/printed.$(l).csv)
EXECUTED := reports/executed/01_clean.ipynb reports/executed/02_reconcile.ipynb \
            $(foreach l,$(LANGS),reports/executed/03_charts.$(l).ipynb reports/executed/04_report.$(l).ipynb)

.PHONY: preview help venv audit check add-article remove-article trace report claims reconcile charts edition clean rebuild test bench lab lock browser

# Outputs are never deleted by make, also when a build is interrupted (make's default for the
# targets of an interrupted rule): a step publishes all its outputs at once or none of them.
.PRECIOUS: $(CLEAN) $(RECONCILED) $(FIGURES) $(REPORTS) $(PRINTED) $(EXECUTED)

# A step interrupted in the middle of publishing (SIGKILL, power cut) is finished before make
# compares any file times, so what make sees is always a complete step.
ifneq ($(wildcard .tmp/stage/*/journal.json .tmp/stage/*/plan.json),)
ifneq ($(wildcard $(PY)),)
$(shell DEAN06_ROOT="$(CURDIR)" PYTHONPATH="$(CURDIR)/src" $(PY) -m dean06.build recover >&2)
endif
endif

# a file added to or removed from a folder of src/ changes the folder's time
$(STEP_INPUTS): $(filter %.py,$(SRC)) $(patsubst %/,%,$(sort $(dir $(SRC)))) $(wildcard notebooks/*.ipynb) $(VENV_STAMP)
	@mkdir -p $(@D)
	@$(PY) -m dean06.build.inputs > $@.tmp && mv $@.tmp $@

help: ## List the targets with what each does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_\/.-]+:.*## / {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV_STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python found: install Python 3.11, 3.12 or 3.13, or give one with PYTHON=/path/to/python3" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; ok = sys.version_info[:2] in [tuple(map(int, v.split("."))) for v in "$(PYTHON_VERSIONS)".split()]; sys.exit(0 if ok else "Python 3.11, 3.12 or 3.13 is required; $(PYTHON) is " + sys.version.split()[0] + " (give another with PYTHON=/path/to/python3.12)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(VENV_STAMP) ## Create .venv from the pinned versions in requirements.lock

audit: $(VENV_STAMP) ## Verify hashes, verbatim quotes, coverage of every number, and the build's lineage
	@chmod a-w $(ARTICLES)
	$(COMMAND) dean06.build.audit

check: $(VENV_STAMP) ## Every input check of every step at once (evidence, values, dates, decisions); nothing about built outputs
	@$(COMMAND) dean06.reconcile.check

add-article: $(VENV_STAMP) ## Archive an article and draft its rows: make add-article FILE=path [SOURCE=ABC-240131]
	@$(COMMAND) dean06.evidence.add_article "$(FILE)" $(if $(SOURCE),--source-id "$(SOURCE)")

remove-article: $(VENV_STAMP) ## Undo add-article: remove a copy and every row drafted for it, or name what depends on it: make remove-article SOURCE=ABC-240131
	@$(COMMAND) dean06.evidence.remove_article "$(SOURCE)"

trace: $(VENV_STAMP) ## The chain behind a number, re-verified: make trace Q="78.553.494" (or a claim id, metric, section)
	@$(COMMAND) dean06.build.trace "$(Q)"

# 01: every input check must pass before anything is cleaned.
$(CLEAN) reports/executed/01_clean.ipynb &: notebooks/01_clean.ipynb $(RAW_TABLES) $(ARTICLES) $(RAW_DIRS) $(call code,CLEAN)
	@chmod a-w $(ARTICLES)  # evidence: git does not keep the read-only bit, so set it again
	@$(COMMAND) dean06.reconcile.check --quiet
	@$(BUILD) clean

$(RECONCILED) reports/executed/02_reconcile.ipynb &: notebooks/02_reconcile.ipynb $(CLEAN) $(DECISIONS) $(RAW_TABLES) $(call code,RECONCILE)
	@$(BUILD) reconcile

$(FIGURES) $(foreach l,$(LANGS),reports/executed/03_charts.$(l).ipynb) &: notebooks/03_charts.ipynb $(CLEAN) $(RECONCILED) $(RAW_TABLES) $(call code,CHARTS)
	@$(BUILD) charts

$(REPORTS) $(PRINTED) $(foreach l,$(LANGS),reports/executed/04_report.$(l).ipynb) &: notebooks/04_report.ipynb $(NOTEBOOKS) $(CLEAN) $(RECONCILED) $(NUMBERS) $(FIGURES) $(DECISIONS) $(RAW_TABLES) $(AREAS) $(CONTEXT) $(ARTICLES) $(RAW_DIRS) CITATION.cff $(call code,REPORT)
	@$(BUILD) report

# Published beside the reports: the audit's number table, an audit page per article and language,
# and the data package (see README, "Published files and data package").
SOURCE_IDS := $(shell awk -F, 'NR > 1 && $$1 != "" {print $$1}' data/raw/sources.csv)
AUDIT_PAGES := $(foreach s,$(SOURCE_IDS),$(foreach l,$(LANGS),reports/sources/$(s).$(l).html))
DATAPACKAGE := $(foreach f,reconciled claims_clean discrepancies sources numbers $(foreach l,$(LANGS),printed.$(l)),reports/data/$(f).csv) reports/data/datapackage.json

# make must never delete these on an interrupt either (each is written atomically).
.PRECIOUS: $(NUMBERS) $(AUDIT_PAGES) $(DATAPACKAGE)

# After step 01 (order only: it reads none of its outputs), whose input check must pass first: run
# beside the check, it would report the same bad input a second time.
$(NUMBERS): $(RAW_TABLES) $(ARTICLES) $(RAW_DIRS) $(call code,NUMBERS) | $(CLEAN)
	@chmod a-w $(ARTICLES)
	@$(COMMAND) dean06.evidence.numbers

$(AUDIT_PAGES) &: $(NUMBERS) $(CLEAN) $(RAW_TABLES) $(ARTICLES) $(call code,AUDIT_PAGES)
	@$(COMMAND) dean06.publish.audit_pages

$(DATAPACKAGE) &: $(CLEAN) $(RECONCILED) $(NUMBERS) $(PRINTED) data/raw/sources.csv CITATION.cff docs/data_dictionary.md $(call code,DATAPACKAGE)
	@$(COMMAND) dean06.publish.datapackage

# A raw table or notebook that is missing stops make with what to do (make's own message names no fix).
data/raw/%.csv notebooks/%.ipynb:
	@echo "$@ is missing: restore it with \`git checkout -- $@\`" >&2; exit 1

claims: $(CLEAN) ## Step 01: clean the claims into data/processed/claims_clean.csv
reconcile: $(if $(as_of),$(CLEAN),$(RECONCILED)) ## Step 02: reconcile the sources; with as_of=DATE, that date's tables in data/processed/as-of-DATE/
	$(if $(as_of),@$(COMMAND) dean06.reconcile --as-of "$(as_of)")
charts: $(FIGURES) ## Step 03: draw the charts for every language into figures/
report: $(FIGURES) $(REPORTS) $(AUDIT_PAGES) $(DATAPACKAGE) ## Build everything: audit, clean, reconcile, charts, reports, audit pages, data package

# The journalist's loop: the pages render in-process from the built tables on every save (dean06.build.preview).
PORT ?= 8000
preview: $(FIGURES) $(NUMBERS) ## Both editions on http://127.0.0.1:PORT, rendered again and reloaded on every save: make preview [PORT=8000]
	@$(PY) -m dean06.build.preview --port "$(PORT)"

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

# The tests run on every core (pytest-xdist); TEST_JOBS=1 runs them in one process.
TEST_JOBS ?= auto
test: $(VENV_STAMP) $(CHROMIUM) ## Run the test suite on every core: audit, unit tests, notebooks, browser checks, byte-identical rebuild
	$(PY) -m pytest $(if $(filter 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist worksteal)

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
	$(MAKE) venv && $(PY) -m dean06.build.envfiles
