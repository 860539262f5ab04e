# GeoRSMLLM — one Makefile for set-up, tests, demo, packaging.
# `make test` and `make demo` do all the set-up on a fresh Debian 12 / Ubuntu machine;
# stamp files make the second run skip the installs.

SYS_PYTHON ?= /usr/bin/python3
VENV       := .venv
PY         := $(VENV)/bin/python
STAMPS     := build/stamps
PKG_NAME   := georsmllm
PKG_PATH   := build/pkg
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS   := qgis python3-qgis python3-venv python3-pip xvfb qttools5-dev-tools pyqt5-dev-tools
MODEL      ?=
PYTEST_ARGS ?=
# Headless Qt everywhere in this Makefile; tests start no display.
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup lint test test-backend test-plugin demo bench install-plugin package clean translations

help:
	@echo "make test            install what is missing (QGIS, .venv), lint, then run all tests"
	@echo "make lint            ruff (format check + lint), mypy, bandit (medium and up)"
	@echo "make demo [MODEL=..] ask the model about the bundled sample raster, write GPKG + PNG map"
	@echo "make bench           raster engine benchmarks (table)"
	@echo "make gpu-check       CUDA only: VRAM and tiles/s of the full-size default model, NF4 (table)"
	@echo "make install-plugin  link this folder into the QGIS user profile as '$(PKG_NAME)'"
	@echo "make package         build dist/$(PKG_NAME)-<version>.zip for the QGIS plugin repository"

# --- set-up ---------------------------------------------------------------------------------
$(STAMPS)/qgis:
	@mkdir -p $(STAMPS)
	@if $(SYS_PYTHON) -c "import qgis.core" 2>/dev/null && $(SYS_PYTHON) -c "import ensurepip" 2>/dev/null \
	    && command -v Xvfb >/dev/null; then \
	  echo "QGIS, venv and Xvfb already installed"; \
	else \
	  echo "Installing $(APT_PKGS) from apt"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PKGS); \
	fi
	@touch $@

$(STAMPS)/venv: requirements.txt requirements-dev.txt $(STAMPS)/qgis
	@mkdir -p $(STAMPS)
	[ -x $(PY) ] || $(SYS_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@touch $@

# Ray is an optional extra (batch --backend ray): installed for the tests, never by setup.
$(STAMPS)/ray: requirements-ray.txt $(STAMPS)/venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-ray.txt
	@touch $@

# The repo root is the plugin folder; QGIS imports it as a package named $(PKG_NAME).
$(STAMPS)/pkg: $(STAMPS)/venv
	@mkdir -p $(PKG_PATH) $(STAMPS)
	@ln -sfn $(CURDIR) $(PKG_PATH)/$(PKG_NAME)
	@touch $@

setup: $(STAMPS)/pkg

# --- lint and tests -------------------------------------------------------------------------
LINT_PATHS := model_backend plugin tools tests __init__.py
# mypy sees the plugin as QGIS does: one package ($(PKG_NAME)) holding plugin/ and model_backend/.
lint: setup
	$(PY) -m ruff format --check $(LINT_PATHS)
	$(PY) -m ruff check $(LINT_PATHS)
	cd $(PKG_PATH) && $(CURDIR)/$(PY) -m mypy --config-file $(CURDIR)/pyproject.toml \
	  -p $(PKG_NAME).model_backend -p $(PKG_NAME).plugin
	$(PY) -m bandit -q -r model_backend plugin --severity-level medium

test: setup lint $(STAMPS)/ray
	$(PY) -m pytest $(PYTEST_ARGS)

test-backend: setup $(STAMPS)/ray
	$(PY) -m pytest tests/model_backend $(PYTEST_ARGS)

test-plugin: setup
	$(PY) -m pytest tests/plugin $(PYTEST_ARGS)

# --- the main job ---------------------------------------------------------------------------
demo: setup
	$(PY) -m model_backend demo --out-dir build/demo $(if $(MODEL),--model "$(MODEL)")
	PYTHONPATH=$(PKG_PATH) $(PY) -m $(PKG_NAME).plugin.render_demo build/demo

bench: setup
	$(PY) -m model_backend bench

# Random full-size Qwen2.5-VL-3B, NF4, through the real engine; without CUDA says so, exits 0.
.PHONY: gpu-check
gpu-check: setup
	$(PY) -m model_backend.gpu_check $(GPU_CHECK_ARGS)

# --- plugin install / package ---------------------------------------------------------------
QGIS_PROFILE ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
install-plugin:
	@mkdir -p "$(QGIS_PROFILE)/python/plugins"
	ln -sfn $(CURDIR) "$(QGIS_PROFILE)/python/plugins/$(PKG_NAME)"
	@echo "Linked into $(QGIS_PROFILE)/python/plugins/$(PKG_NAME); enable 'GeoRSMLLM' in Plugins > Manage."

# bandit comes from the venv (requirements-dev.txt); RELEASE=1 refuses placeholder metadata.
package: $(STAMPS)/venv
	$(SYS_PYTHON) tools/package.py --name $(PKG_NAME) --out dist --bandit $(VENV)/bin/bandit \
	  $(if $(filter 1 yes true,$(RELEASE)),--release)

# i18n/georsmllm_<lang>.ts from every tr() of the plugin (kept translations are merged), then
# the .qm QGIS loads; English only carries the plural forms ("1 tile", "2 tiles").
TS_LANGS   := fr es en
TR_SOURCES  = $(shell find plugin -name '*.py' -not -path '*/__pycache__/*' | sort)
translations:
	@command -v pylupdate5 >/dev/null && command -v lrelease >/dev/null || \
	  { echo "pylupdate5 and lrelease are missing: apt-get install qttools5-dev-tools pyqt5-dev-tools"; exit 1; }
	@# pylupdate5 files module-level tr() calls under "@default"; the plugin's context is GeoRSMLLM
	for l in $(TS_LANGS); do [ ! -f i18n/$(PKG_NAME)_$$l.ts ] || \
	  sed -i 's|<name>GeoRSMLLM</name>|<name>@default</name>|' i18n/$(PKG_NAME)_$$l.ts; done
	pylupdate5 -noobsolete $(TR_SOURCES) -ts $(foreach l,$(TS_LANGS),i18n/$(PKG_NAME)_$(l).ts)
	sed -i 's|<name>@default</name>|<name>GeoRSMLLM</name>|' $(foreach l,$(TS_LANGS),i18n/$(PKG_NAME)_$(l).ts)
	lrelease $(foreach l,$(TS_LANGS),i18n/$(PKG_NAME)_$(l).ts)

clean:
	rm -rf build dist
