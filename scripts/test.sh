#!/usr/bin/env bash
# `make test`: typecheck, build, tests, linters. Every stage runs even when an earlier one fails,
# and the last line sums them all: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
strip() { sed -e 's/\x1b\[[0-9;]*m//g'; }

stage() { echo; echo "== $1"; }
count() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $2"; fi; }

stage "typecheck (tsc --noEmit)"
npx tsc --noEmit; count $? "typecheck"

stage "build (every product into dist/)"
node --import tsx build/cli.ts; count $? "build"

stage "tests (uvu)"
out=$(node --import tsx node_modules/uvu/bin.js tests '.*\.test\.ts$' 2>&1); status=$?
echo "$out"
total=$(echo "$out" | strip | awk '/Total:/ {print $2}' | tail -1)
ok=$(echo "$out" | strip | awk '/Passed:/ {print $2}' | tail -1)
if [ -n "$total" ] && [ -n "$ok" ]; then
  passed=$((passed + ok)); failed=$((failed + total - ok))
  if [ "$status" -ne 0 ] && [ "$total" -eq "$ok" ]; then failed=$((failed + 1)); echo "FAILED: test runner exited $status"; fi
else
  failed=$((failed + 1)); echo "FAILED: the test runner did not report totals (exit $status)"
fi

stage "publish every built product to a local sandbox (moto)"
out=$(node --import tsx scripts/sandbox/publish-all.ts 2>&1); status=$?
echo "$out"
line=$(echo "$out" | grep -E '^sandbox publish: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ -n "$line" ]; then
  passed=$((passed + $(echo "$line" | awk '{print $3}'))); failed=$((failed + $(echo "$line" | awk '{print $5}')))
else
  failed=$((failed + 1)); echo "FAILED: sandbox publish did not report totals (exit $status)"
fi

stage "linters (cfn-lint, checkov) over dist/"
out=$(node --import tsx scripts/lint.ts 2>&1); status=$?
echo "$out"
line=$(echo "$out" | grep -E '^lint: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ -n "$line" ]; then
  passed=$((passed + $(echo "$line" | awk '{print $2}'))); failed=$((failed + $(echo "$line" | awk '{print $4}')))
else
  failed=$((failed + 1)); echo "FAILED: lint did not report totals (exit $status)"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
