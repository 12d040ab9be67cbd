# Two commands do everything on a fresh machine: `make build` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := build

VENV      := .venv
PY_STAMP  := $(VENV)/.installed
CHECKOV_VENV  := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
NODE_STAMP := node_modules/.installed
TSX       := node --import tsx

PRODUCT ?=
ENV     ?=
FORMAT  ?= json
export PRODUCT ENV FORMAT

.PHONY: build build-command test typecheck unit lint bench clean deps venv docs

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(PY_STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(CHECKOV_STAMP): requirements-checkov.txt
	python3 -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	@touch $@

deps: $(NODE_STAMP)
venv: $(PY_STAMP) $(CHECKOV_STAMP)

# The build runs as one bundled CommonJS file (no ES module loader to start: CommonJS's is part of
# node's own startup), through a launcher that keeps V8's code cache of it (build/launch.ts).
# Loading it takes a tenth of what compiling the TypeScript sources on every run would. Rebuilt
# only when a source changes. `scripts/bench.ts` times exactly BUILD_COMMAND.
CACHE_DIR := node_modules/.cache/fargate-cfn
BUNDLE    := $(CACHE_DIR)/cli.cjs
LAUNCHER  := $(CACHE_DIR)/launch.cjs
SOURCES   := $(shell find dsl blueprints build -name '*.ts' 2>/dev/null)
BUILD_COMMAND := node $(LAUNCHER) $(BUNDLE)

$(BUNDLE): $(SOURCES) $(NODE_STAMP)
	@npx esbuild build/cli.ts build/launch.ts --bundle --platform=node --format=cjs --outdir=$(CACHE_DIR) \
	  --out-extension:.js=.cjs --define:import.meta.url=__filename --log-level=warning

## Compile every product (or PRODUCT=x ENV=y FORMAT=json|json-min|yaml) into dist/.
build: $(BUNDLE)
	@$(BUILD_COMMAND)

## The command `make build` runs once the bundle is built (for scripts/bench.ts).
build-command:
	@echo '$(BUILD_COMMAND)'

## Typecheck, unit/product/integration tests, then cfn-lint and checkov over every artifact.
test: $(NODE_STAMP) $(PY_STAMP) $(CHECKOV_STAMP)
	@bash scripts/test.sh

typecheck: $(NODE_STAMP)
	npx tsc --noEmit

unit: $(NODE_STAMP)
	@$(TSX) node_modules/uvu/bin.js tests '.*\.test\.ts$$'

## cfn-lint (and checkov) over every artifact in dist/.
lint: $(NODE_STAMP) $(PY_STAMP) $(CHECKOV_STAMP)
	@$(TSX) scripts/lint.ts

## Compile-time and process benchmarks, written to BENCHMARKS.md.
## make bench TEST=1 also times make test (minutes).
bench: $(NODE_STAMP)
	@BENCH_TEST=$(TEST) node --expose-gc --import tsx scripts/bench.ts

clean:
	rm -rf dist

## Architecture pictures under docs/architecture/ (Mermaid, from the compiled templates).
docs: $(NODE_STAMP)
	@$(TSX) build/docs-cli.ts

# --- publish, deploy, catalogue, sandbox ---
BUCKET ?=
PREFIX ?=
REGION ?=
STACK  ?=
PARAMS ?=
MINIFY ?=
export BUCKET PREFIX REGION STACK PARAMS MINIFY

.PHONY: publish deploy catalog catalog-deprecate sandbox sandbox-stop sandbox-status

## Upload a built product: make publish PRODUCT=x ENV=y BUCKET=b [PREFIX=p REGION=r S3_ENDPOINT=url MINIFY=1]
publish: $(NODE_STAMP)
	@$(TSX) scripts/publish/cli.ts

## Deploy a published product: make deploy PRODUCT=x ENV=y STACK=name [PARAMS=file TAGS="k=v ..." REVIEW=1]
deploy: $(NODE_STAMP) $(PY_STAMP)
	@$(TSX) scripts/deploy/cli.ts

## Publish self-service product versions and build the portfolio: make catalog BUCKET=b VERSION=x.y.z
catalog: $(NODE_STAMP)
	@$(TSX) scripts/catalog/cli.ts publish

## Deprecate a released version in Service Catalog: make catalog-deprecate PRODUCT=x VERSION=name
catalog-deprecate: $(NODE_STAMP)
	@$(TSX) scripts/catalog/cli.ts deprecate

## Local AWS emulator (moto) on 127.0.0.1 with a template bucket; state in .sandbox/.
sandbox: $(NODE_STAMP) $(PY_STAMP)
	@$(TSX) scripts/sandbox/cli.ts start

sandbox-stop: $(NODE_STAMP)
	@$(TSX) scripts/sandbox/cli.ts stop

sandbox-status: $(NODE_STAMP)
	@$(TSX) scripts/sandbox/cli.ts status
