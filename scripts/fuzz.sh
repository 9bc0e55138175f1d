#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz` (build-fuzz/fuzzers/) for a bounded time each.
# usage: scripts/fuzz.sh [-j JOBS] SECONDS [TARGET...]   (default: every target, one at a time)
# Each target starts from its seeds (tests/fuzz/corpus/T) and regressions (tests/fuzz/
# regressions/T), with the dictionary tests/fuzz/T.dict if there is one; new inputs go to build-fuzz/corpus/T, crashes to build-fuzz/crashes/T/, the
# log to build-fuzz/logs/T.log. Ends with "fuzz: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=1
if [ "${1:-}" = "-j" ]; then jobs=$2; shift 2; fi
seconds=${1:?usage: scripts/fuzz.sh [-j JOBS] SECONDS [TARGET...]}; shift
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi
out=$PWD/build-fuzz
mkdir -p "$out/logs"

# run_one T: fuzzes T for $seconds; prints one summary line; exit status 0 when nothing found
run_one() {
    local t=$1 bin=$out/fuzzers/$1
    local log=$out/logs/$t.log
    mkdir -p "$out/corpus/$t" "$out/crashes/$t"
    if [ ! -x "$bin" ]; then echo "$t: not built ($bin)"; return 1; fi
    local seeds=()
    for d in "$PWD/tests/fuzz/corpus/$t" "$PWD/tests/fuzz/regressions/$t"; do [ -d "$d" ] && seeds+=("$d"); done
    # -timeout: an input that takes 30 s is a hang (the instrumented build runs some 25 times
    # slower than -O2: a route query at the router's work limit, 0.4 s at -O2, takes 11 s here);
    # -rss_limit_mb: an input that needs 2 GB is a leak or an unbounded allocation;
    # -max_len: inputs up to 16 KiB, enough for a small network
    local dict=()   # the words of the format, when the target has a dictionary
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="$PWD/tests/fuzz/$t.dict")
    "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$out/crashes/$t/" "${dict[@]}" \
        "$out/corpus/$t" "${seeds[@]}" >"$log" 2>&1
    local rc=$?
    local runs cov
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "$t: ok, ${runs:-?} runs in ${seconds} s, ${cov:-no stats}"
    else
        echo "$t: FAILED (exit $rc); log $log; artifacts:" $(ls "$out/crashes/$t")
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*fuzz invariant failed|.*runtime error)' "$log" | head -n 5
        return 1
    fi
}

passed=0 failed=0
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
running=0
for t in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
    ( run_one "$t" >"$results/$t" 2>&1; echo $? >"$results/$t.rc" ) &
    running=$((running + 1))
done
wait
for t in "${targets[@]}"; do
    cat "$results/$t"
    if [ "$(cat "$results/$t.rc")" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
