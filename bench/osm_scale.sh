#!/usr/bin/env bash
# Country-scale OSM pipeline (issue 21): for synthetic extract-like PBFs of N OSM nodes
# (tests/tools/osmgen.c), the direct build (corridor build FILE.osm.pbf --metrics time) against
# today's path (import osm, then build DIR --metrics time, both with --max-file-mb 1024 so that
# the CSV path is measured where its default caps would refuse it): wall time and peak memory of each
# process (GNU time), snapshot size, whole-process `corridor route NET.cor` time (best of 3) and
# the CH query itself (bench/snapquery.c). The CSV path is run up to 5 M nodes only: beyond about
# 7.8 M its geometry.csv passes 256 MiB, which no option raises, and the import refuses it.
# Prints the machine load before and after (shared machine). Runs under nice; not part of the
# test suite.
#   bench/osm_scale.sh [BUILD_DIR] [NODES...]        (default: 1000000 5000000 30000000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 5000000 30000000)
make -s "BUILD=$build" all "$build/bench/snapquery" >/dev/null
cor=$PWD/$build/corridor
work=$(mktemp -d "${TMPDIR:-/tmp}/osm_scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
# measure LABEL CMD...: runs CMD under nice and GNU time; prints "wall_s cpu_s peak_MB" (or
# "fail"); the CPU time (user + system) is the figure to compare on a shared machine
measure() {
    shift
    if /usr/bin/time -f '%e %U %S %M' -o "$work/time" nice -n 10 "$@" >"$work/out" 2>&1; then
        awk '{ printf "%.1f %.1f %.0f", $1, $2 + $3, $4 / 1024 }' "$work/time"
    else
        echo "fail"; sed 's/^/    | /' "$work/out" >&2
    fi
}
uptime
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1048576 }'; }
printf '%-9s | %-30s | %-11s | %-44s | %-6s | %-12s | %s\n' "OSM nodes" \
    "direct build wall s, CPU s, MB" "snapshot MB" "import + build wall s, CPU s, peak MB" \
    "CSV MB" "route (proc)" "CH query"
for n in "${sizes[@]}"; do
    pbf=$work/syn$n.osm.pbf
    nice -n 10 "$build/tools/osmgen" -n "$n" --seed 1 -o "$pbf" >/dev/null
    direct=$(measure direct "$cor" build "$pbf" --profile road --metrics time -o "$work/d.cor")
    snap="-"; route="-"; query="-"
    if [ "$direct" != fail ]; then
        snap=$(mb "$work/d.cor")
        # a route across the lattice (90% of its side; osmgen --help), whole process, best of 3
        to=$(awk -v n="$n" 'BEGIN { e = 4 * sqrt(0.95 * n / 7) * 30 / 111195 * 0.9;
                                    printf "%.4f,%.4f", 40 + e, 44 + e / 0.766 }')
        best=
        for _ in 1 2 3; do
            t0=$(date +%s%N)
            "$cor" route "$work/d.cor" --from 40.0003,44.0003 --to "$to" >/dev/null
            t=$((($(date +%s%N) - t0) / 1000000))
            if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
        done
        route="$best ms"
        query=$(nice -n 10 "$build/bench/snapquery" "$work/d.cor" 200 | sed 's/.*: \([0-9.]* ms\) a query/\1/')
    fi
    rm -f "$work/d.cor"
    csv="-"; old="- (not run above 5 M)"
    imp=fail
    if [ "$n" -le 5000000 ]; then
        imp=$(measure import "$cor" import osm "$pbf" --profile road --max-file-mb 1024 -o "$work/net")
        old=fail
    fi
    if [ "$imp" != fail ]; then
        csv=$(du -sm "$work/net" | cut -f1)
        bld=$(measure build "$cor" build "$work/net" --metrics time --max-file-mb 1024 -o "$work/c.cor")
        if [ "$bld" != fail ]; then
            old=$(awk -v a="$imp" -v b="$bld" 'BEGIN { split(a, x, " "); split(b, y, " ");
                printf "%.1f + %.1f, %.1f + %.1f, %d / %d", x[1], y[1], x[2], y[2], x[3], y[3] }')
        else
            old="import $imp; build refused"
        fi
    fi
    rm -rf "$work/net" "$work/c.cor" "$pbf"
    printf '%-9s | %-30s | %-11s | %-44s | %-6s | %-12s | %s\n' "$n" "$direct" "$snap" "$old" \
        "$csv" "$route" "$query"
done
uptime
