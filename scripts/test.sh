#!/usr/bin/env bash
# `make test`: typecheck, build, tests, linters. Stages that share no state run at the same time:
# the typecheck; the build, then the publish to a local moto and the linters over what it built;
# and the test files, split into shards (each test starts its own moto on a free port and writes
# only to its own temp folders). Every stage runs even when another one fails. Each stage's output
# is printed whole when it ends, with its time, then a table of times, and the last line sums
# every test and check: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

# Colour codes only for a terminal (each stage writes to a file, so colour must be asked for).
if [ -t 1 ]; then export FORCE_COLOR=1; else export NO_COLOR=1; unset FORCE_COLOR; fi
SHARDS=${TEST_SHARDS:-3}
DURATIONS=node_modules/.cache/fargate-cfn/test-durations

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
started=$(now)
strip() { sed -e 's/\x1b\[[0-9;]*m//g'; }

# A stage writes its output to $work/<name>.log, its counts to $work/<name>.counts ("passed failed")
# and its start and end times to $work/<name>.time.
record() { echo "$2 $3" > "$work/$1.counts"; }
timed() {
  local name=$1; shift
  local begin; begin=$(now)
  "$@" > "$work/$name.log" 2>&1
  echo "$begin $(now)" > "$work/$name.time"
}

# One check that passes when the command exits 0.
check() {
  local name=$1; shift
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; echo "FAILED: $name"; fi
}

# Counts from the line `<prefix> N passed, N failed` of a command's output; one failure if absent.
summed() {
  local name=$1 prefix=$2; shift 2
  local out status line
  out=$("$@" 2>&1); status=$?
  echo "$out"
  line=$(echo "$out" | strip | grep -E "^$prefix[0-9]+ passed, [0-9]+ failed$" | tail -1)
  if [ -n "$line" ]; then
    record "$name" "$(echo "${line#"$prefix"}" | awk '{print $1}')" "$(echo "${line#"$prefix"}" | awk '{print $3}')"
  else
    record "$name" 0 1; echo "FAILED: $name did not report totals (exit $status)"
  fi
}

# The uvu files of one shard (paths under tests/), run by scripts/test/run-shard.ts.
uvu_shard() {
  local name=$1; shift
  local out status total ok
  out=$(node --import tsx scripts/test/run-shard.ts "$@" 2>&1); status=$?
  echo "$out"
  total=$(echo "$out" | strip | awk '/Total:/ {print $2}' | tail -1)
  ok=$(echo "$out" | strip | awk '/Passed:/ {print $2}' | tail -1)
  if [ -n "$total" ] && [ -n "$ok" ]; then
    local failed=$((total - ok))
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "FAILED: test runner exited $status"; fi
    record "$name" "$ok" "$failed"
  else
    record "$name" 0 1; echo "FAILED: the test runner did not report totals (exit $status)"
  fi
}

# Shards balanced by what each file took last time (run-shard.ts records it), else by a guess:
# 1 s, plus 4 s for each line that calls an outside tool or server (cfn-lint, checkov, moto, the
# AWS CLI). Heaviest first onto the lightest shard; one line of files per shard.
shard_files() {
  local -a files weights loads shards
  mapfile -t files < <(cd tests && find . -name '*.test.ts' | sed 's|^\./||' | sort)
  for f in "${files[@]}"; do
    local recorded="$DURATIONS/${f//\//__}"
    if [ -f "$recorded" ]; then weights+=("$(cat "$recorded")")
    else weights+=("$((1000 + 4000 * $(grep -cE 'lintCompiled\(|checkovCompiled\(|lintFiles\(|startFixture\(|readWithCfnLint\(|runScript\(|awsCli\(' "tests/$f")))"); fi
  done
  for ((s = 0; s < SHARDS; s++)); do loads[s]=0; shards[s]=''; done
  while read -r weight index; do
    local lightest=0
    for ((s = 1; s < SHARDS; s++)); do [ "${loads[s]}" -lt "${loads[lightest]}" ] && lightest=$s; done
    loads[lightest]=$((loads[lightest] + weight))
    shards[lightest]+="${shards[lightest]:+ }${files[index]}"
  done < <(for i in "${!files[@]}"; do echo "${weights[i]} $i"; done | sort -rn)
  for ((s = 0; s < SHARDS; s++)); do [ -n "${shards[s]}" ] && echo "${shards[s]}"; done
}

build_publish_lint() {
  timed build check build make -s build
  timed publish summed publish 'sandbox publish: ' node --import tsx scripts/sandbox/publish-all.ts
  timed lint summed lint 'lint: ' node --import tsx scripts/lint.ts
}

declare -A titles=(
  [typecheck]='typecheck (tsc --noEmit --incremental)'
  [build]='build (every product into dist/, make build)'
  [publish]='publish every built product to a local sandbox (moto)'
  [lint]='linters (cfn-lint, checkov) over dist/'
)
stages=(typecheck build publish lint)

# Incremental: TypeScript's own record of what it checked rechecks only what a change can affect.
timed typecheck check typecheck npx tsc --noEmit --incremental --tsBuildInfoFile node_modules/.cache/fargate-cfn/tsc.tsbuildinfo &
build_publish_lint &
shard=0
while read -r -a shard_list; do
  shard=$((shard + 1))
  titles[tests-$shard]="tests (uvu), shard $shard of $SHARDS (${#shard_list[@]} files)"
  stages+=("tests-$shard")
  timed "tests-$shard" uvu_shard "tests-$shard" "${shard_list[@]}" &
done < <(shard_files)

# Each stage's output as soon as it is complete (the build, publish and lint chain as one).
printed=()
print_stage() {
  local name=$1
  echo
  echo "== ${titles[$name]} ($(awk '{printf "%.1f s", $2 - $1}' "$work/$name.time"))"
  strip < "$work/$name.log"
  printed+=("$name")
}
while true; do
  for name in "${stages[@]}"; do
    if [ -f "$work/$name.time" ] && [[ ! " ${printed[*]} " =~ " $name " ]]; then print_stage "$name"; fi
  done
  [ "${#printed[@]}" -eq "${#stages[@]}" ] && break
  wait -n 2>/dev/null || sleep 0.2
done
wait

passed=0
failed=0
echo
echo "== times (the stages ran side by side; the build, publish and lint one after the other)"
for name in "${stages[@]}"; do
  read -r p f < "$work/$name.counts"
  passed=$((passed + p)); failed=$((failed + f))
  printf '  %-62s %7s  %s passed, %s failed\n' "${titles[$name]}" "$(awk '{printf "%.1f s", $2 - $1}' "$work/$name.time")" "$p" "$f"
done
printf '  %-62s %7s\n' 'make test, wall clock' "$(echo "$started $(now)" | awk '{printf "%.1f s", $2 - $1}')"
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
