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
# TYPECHECK=0 skips the type check before bundling: for builds of committed code (make diff's base).
TYPECHECK ?= 1
FORMAT  ?= json
export PRODUCT ENV FORMAT

.PHONY: build build-command test typecheck unit lint bench clean deps venv docs help

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# pip says nothing for a minute under --quiet: say what is being installed first, and on a terminal
# let pip show its progress (in CI, where stdout is not a terminal, it stays quiet). The test runs
# as its own statement: inside $(...) stdout is a pipe, never the terminal.
PIP_QUIET_UNLESS_TTY = quiet=--quiet; [ -t 1 ] && quiet=;

$(PY_STAMP): requirements.txt
	@echo "installing cfn-lint, moto, awscli into $(VENV) (about a minute)..."
	@python3 -m venv $(VENV)
	@$(PIP_QUIET_UNLESS_TTY) $(VENV)/bin/pip install $$quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(CHECKOV_STAMP): requirements-checkov.txt
	@echo "installing checkov into $(CHECKOV_VENV) (about a minute)..."
	@python3 -m venv $(CHECKOV_VENV)
	@$(PIP_QUIET_UNLESS_TTY) $(CHECKOV_VENV)/bin/pip install $$quiet --disable-pip-version-check -r requirements-checkov.txt
	@touch $@

deps: $(NODE_STAMP)
venv: $(PY_STAMP) $(CHECKOV_STAMP)

# The build runs as one bundled CommonJS file (no ES module loader to start: CommonJS's is part of
# node's own startup), through a launcher that keeps V8's code cache of it (build/launch.ts).
# Loading it takes a tenth of what compiling the TypeScript sources on every run would. Rebuilt
# only when a source changes. esbuild only strips types, so the sources are type-checked first
# (incrementally: a few seconds after a change, nothing when nothing changed): a typo in a product's
# inputs (`cpuu: 512`) or a wrong type (`createServiceLinkedRole: 'false'`) fails the build.
# `scripts/bench.ts` times exactly BUILD_COMMAND.
CACHE_DIR := node_modules/.cache/fargate-cfn
BUNDLE    := $(CACHE_DIR)/cli.cjs
LAUNCHER  := $(CACHE_DIR)/launch.cjs
SOURCES   := $(shell find dsl blueprints build -name '*.ts' 2>/dev/null)
BUILD_COMMAND := node $(LAUNCHER) $(BUNDLE)

$(BUNDLE): $(SOURCES) $(NODE_STAMP) tsconfig.json tsconfig.build.json
	@[ "$(TYPECHECK)" = 0 ] || npx tsc --noEmit -p tsconfig.build.json || { echo 'build failed: the sources do not type-check (see above); dist/ was left as it was.' >&2; exit 1; }
	@npx esbuild build/cli.ts build/launch.ts --bundle --platform=node --format=cjs --outdir=$(CACHE_DIR) \
	  --out-extension:.js=.cjs --define:import.meta.url=__filename --log-level=warning

## Compile every product (or PRODUCT=x ENV=y FORMAT=json|json-min|yaml) into dist/; environments unchanged
## since their last build are not compiled again (BUILD_CACHE=0 compiles everything).
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

## cfn-lint and checkov over every artifact in dist/, or over one product's: make lint [PRODUCT=x ENV=y]
lint: $(NODE_STAMP) $(PY_STAMP) $(CHECKOV_STAMP)
	@$(TSX) scripts/lint.ts

## Compile-time and process benchmarks, written to BENCHMARKS.md.
## make bench TEST=1 also times make test (minutes).
bench: $(NODE_STAMP)
	@BENCH_TEST=$(TEST) node --expose-gc --import tsx scripts/bench.ts

clean:
	rm -rf dist

## This list: each documented target and what it does.
help:
	@awk '/^## / { doc = doc (doc ? "\n                        " : "") substr($$0, 4); next } /^[a-z][a-z-]*:/ && doc { split($$0, t, ":"); printf "make %-18s %s\n", t[1], doc } { doc = "" }' $(MAKEFILE_LIST)

## Architecture pictures (docs/architecture/), environment-file JSON Schemas (schemas/) and README input tables, from the products.
docs: $(NODE_STAMP)
	@$(TSX) build/docs-cli.ts

# --- publish, deploy, catalogue, sandbox ---
BUCKET ?=
PREFIX ?=
REGION ?=
STACK  ?=
PARAMS ?=
ROLE   ?=
OUTPUT ?=
ACCOUNT ?=
PORTFOLIO ?=
PRUNE ?=
SHARE_TYPE ?=
PRINCIPALS ?=
LAYER ?=
TARGETS ?=
REGIONS ?=
REGION_ORDER ?=
REGION_CONCURRENCY ?=
FAILURE_TOLERANCE ?=
MAX_CONCURRENT ?=
CONCURRENCY_MODE ?=
STACKSET ?=
AUTO_DEPLOY ?=
RETAIN_STACKS ?=
CALL_AS ?=
MINIFY ?=
export BUCKET PREFIX REGION STACK PARAMS MINIFY ROLE OUTPUT ACCOUNT PORTFOLIO PRUNE SHARE_TYPE PRINCIPALS
export LAYER TARGETS REGIONS REGION_ORDER REGION_CONCURRENCY FAILURE_TOLERANCE MAX_CONCURRENT CONCURRENCY_MODE STACKSET AUTO_DEPLOY RETAIN_STACKS CALL_AS

# --- change safety ---
BASE ?=
NEW  ?=
export BASE NEW

# Bundled like the build (a process starts in a third of the time); the S3 client is a chunk loaded for release bases only.
DIFF_BUNDLE  := node_modules/.cache/fargate-cfn/diff/cli.mjs
DIFF_SOURCES := $(shell find dsl scripts/diff scripts/catalog scripts/publish -name '*.ts' -o -name '*.json' 2>/dev/null)
$(DIFF_BUNDLE): $(DIFF_SOURCES) $(NODE_STAMP)
	@rm -rf $(@D) && npx esbuild scripts/diff/cli.ts --bundle --splitting --platform=node --format=esm --out-extension:.js=.mjs --outdir=$(@D) --log-level=warning

## What deploying the working tree (or NEW) over BASE (default HEAD) would do, offline:
## make diff [PRODUCT=x ENV=y] [BASE=<git ref | dist folder | released version>] [NEW=<git ref | dist folder>] [FORMAT=text|markdown|json]
## The diff exits 0 (no change), 1 (changes), 2 (replacement, data loss, name clash or security widening), 3 (could not
## diff); make itself exits 2 on any non-zero code and names it ("Error 1"): CI calls scripts/diff/cli.ts for the code.
diff: $(DIFF_BUNDLE)
	@DIFF_FORMAT=$(if $(filter file default,$(origin FORMAT)),text,$(FORMAT)) node $(DIFF_BUNDLE)

.PHONY: diff publish deploy permissions catalog catalog-deprecate catalog-share catalog-accept stackset sandbox sandbox-stop sandbox-status

## Upload a built product: make publish PRODUCT=x ENV=y BUCKET=b [PREFIX=p REGION=r S3_ENDPOINT=url MINIFY=1]
publish: $(NODE_STAMP)
	@$(TSX) scripts/publish/cli.ts

## Deploy a published product: make deploy PRODUCT=x ENV=y STACK=name [PARAMS=file TAGS="k=v ..." REVIEW=1 ROLE=arn]
deploy: $(NODE_STAMP) $(PY_STAMP)
	@$(TSX) scripts/deploy/cli.ts

## The least-privilege deploy role of a built product: make permissions PRODUCT=x [ENV=y STACK=name]
## (a role template on stdout; OUTPUT=policy ACCOUNT=id REGION=r prints the policy documents instead)
permissions: $(NODE_STAMP)
	@$(TSX) scripts/permissions/cli.ts

## Publish self-service product versions and build the portfolio: make catalog BUCKET=b VERSION=x.y.z
catalog: $(NODE_STAMP)
	@$(TSX) scripts/catalog/cli.ts publish

## Deprecate a released version in Service Catalog: make catalog-deprecate PRODUCT=x VERSION=name
catalog-deprecate: $(NODE_STAMP)
	@$(TSX) scripts/catalog/cli.ts deprecate

## Share the portfolio with the catalog's organisation nodes: make catalog-share PORTFOLIO=id | STACK=catalog-stack [PRUNE=1]
catalog-share: $(NODE_STAMP)
	@$(TSX) scripts/catalog/cli.ts share

## In a recipient account, import a shared portfolio: make catalog-accept PORTFOLIO=id [SHARE_TYPE=AWS_ORGANIZATIONS PRINCIPALS=arn,...]
catalog-accept: $(NODE_STAMP)
	@$(TSX) scripts/catalog/cli.ts accept

## A built product (or LAYER=<nested stack>) on OUs x regions as a service-managed StackSet: make stackset PRODUCT=x TARGETS=ou-.. REGIONS=r1,r2 BUCKET=templates-{region} [FAILURE_TOLERANCE=n|n% MAX_CONCURRENT=n|n% ...]
stackset: $(NODE_STAMP)
	@$(TSX) scripts/stackset/cli.ts

## Local AWS emulator (moto) on 127.0.0.1:4566 (SANDBOX_PORT=n for another) with a template bucket; state in .sandbox/.
sandbox: $(NODE_STAMP) $(PY_STAMP)
	@$(TSX) scripts/sandbox/cli.ts start

## Stop the sandbox this checkout started (by the PID in .sandbox/moto.pid).
sandbox-stop: $(NODE_STAMP)
	@$(TSX) scripts/sandbox/cli.ts stop

## Whether the sandbox runs and answers.
sandbox-status: $(NODE_STAMP)
	@$(TSX) scripts/sandbox/cli.ts status
