#!/usr/bin/env bash
# The whole test suite: gcc build and tests, clang -Werror build, the suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer, valgrind memcheck over the unit tests and some
# CLI runs, and each libFuzzer target for FUZZ_SECONDS (default 60), two at a time.
# Ends with "all: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
passed=0 failed=0
run() { # run LABEL MAKE-ARGS...: builds and runs the suite, adds up its counts
    local label=$1; shift
    echo "== $label"
    local out
    out=$(make -j"$jobs" "$@" test 2>&1)
    local rc=$?
    echo "$out" | grep -E '^(test_|fuzz_|tests:|  \| |sanitizer)' || echo "$out" | tail -n 30
    local line p f
    line=$(echo "$out" | grep -E '^tests: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
    p=$(echo "$line" | sed -n 's/^tests: \([0-9]*\) passed.*/\1/p'); p=${p:-0}
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p'); f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then echo "$out" | tail -n 30; f=1; fi
    passed=$((passed + p)) failed=$((failed + f))
}
# the MPI variant is built with the gcc pass, whose sweep tests must then run it
make -j"$jobs" CC=gcc mpi >/dev/null || { echo "make mpi failed"; failed=$((failed + 1)); }
export CORRIDOR_REQUIRE_MPI=1
run "gcc" CC=gcc
unset CORRIDOR_REQUIRE_MPI
echo "== clang -Wall -Wextra -Werror build"
if make -j"$jobs" CC=clang BUILD=build-clang all >/dev/null 2>build-clang.log; then
    passed=$((passed + 1)); echo "clang build: ok"
else
    cat build-clang.log; failed=$((failed + 1))
fi
rm -f build-clang.log
run "clang + AddressSanitizer + UndefinedBehaviorSanitizer" SAN=1 CC=clang
# counts "NAME: N passed, N failed" from the last such line of a script's output
tally() {
    local out=$1 rc=$2 line p f
    line=$(echo "$out" | grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
    p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p'); p=${p:-0}
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p'); f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)) failed=$((failed + f))
}
echo "== valgrind memcheck (gcc build)"
out=$(scripts/valgrind.sh build 2>&1); rc=$?
echo "$out" | tail -n 40
tally "$out" "$rc"
echo "== libFuzzer: each target ${FUZZ_SECONDS:-60} s, two at a time"
if make -j"$jobs" FUZZ=1 CC=clang BUILD=build-fuzz fuzzers >build-fuzz.log 2>&1; then
    out=$(scripts/fuzz.sh -j 2 "${FUZZ_SECONDS:-60}" 2>&1); rc=$?
    echo "$out"
    tally "$out" "$rc"
else
    tail -n 30 build-fuzz.log; failed=$((failed + 1))
fi
rm -f build-fuzz.log
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
