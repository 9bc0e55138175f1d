#!/usr/bin/env bash
# valgrind memcheck over the unit tests, the fuzz replays of the seed corpora and a few CLI runs
# of the gcc build (no sanitizers: memcheck needs an uninstrumented binary). A run fails on any
# memory error or a definite/indirect leak. Ends with "valgrind: N passed, N failed".
# usage: scripts/valgrind.sh [BUILD_DIR]   (default build)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tiny=tests/data/tiny
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
vg() { # vg LABEL COMMAND...: runs COMMAND under memcheck
    local label=$1; shift
    if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --log-file="$work/vg.log" "$@" >"$work/out" 2>&1; then
        passed=$((passed + 1))
    elif [ $? -eq 99 ] || [ -s "$work/vg.log" ]; then
        echo "valgrind: $label: memory errors:"; cat "$work/vg.log"; failed=$((failed + 1))
    else
        # a CLI run that is meant to fail (exit 1 or 2) is fine when memcheck found nothing
        case "$label" in
            fail:*) passed=$((passed + 1)) ;;
            *) echo "valgrind: $label: failed"; tail -n 20 "$work/out"; failed=$((failed + 1)) ;;
        esac
    fi
}
for t in "$build"/tests/test_*; do vg "$(basename "$t")" "$t"; done
# the seed corpora (the regressions are replayed under ASan; some are slow by design)
for t in "$build"/replay/fuzz_*; do vg "$(basename "$t")" "$t" "tests/fuzz/corpus/$(basename "$t")"; done
cor=$build/corridor
vg "route --json" "$cor" route A E --net "$tiny" --alternatives 3 --json
vg "route --geojson -o" "$cor" route A E --net "$tiny" --avoid XC --geojson -o "$work/r.geojson"
vg "check caucasus" "$cor" check data/caucasus
vg "info" "$cor" info data/caucasus --json
vg "assign logit" "$cor" assign --net "$tiny" --demand "$tiny/demand.csv" --method logit --json
vg "compare" "$cor" compare base close-h --net "$tiny" --demand "$tiny/demand.csv" --json
vg "fail: unknown node" "$cor" route A Nowhere --net "$tiny"
vg "fail: scenario /dev/zero" "$cor" route A E --net "$tiny" --scenario /dev/zero
vg "fail: bad option" "$cor" route A E --net "$tiny" -zq
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
