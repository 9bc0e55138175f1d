#!/usr/bin/env bash
# Requests per second and p50/p99 latency of `corridor serve` on loopback, measured with wrk:
# named-node routes (/corridor/v1/route) and OSRM-style coordinate routes (/route/v1) on the
# bundled network at 1, 16 and 256 connections; then the OSRM endpoints over the Monaco snapshot
# (imported and built into a temporary directory): /route with steps=true as
# leaflet-routing-machine asks it, overview=full, a 10 x 10 /table, at 1 and 16 connections.
# SECONDS seconds each (default 5). Not part of the test suite.
# usage: bench/serve.sh [BUILD_DIR] [SECONDS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-5}
threads=${3:-2}
command -v wrk >/dev/null || { echo "bench/serve.sh: needs wrk (scripts/deps.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
# start_server ARGS...: a server on a free port; sets base
start_server() {
    local log=$tmp/log${#pids[@]} port=
    "$build/corridor" serve --port 0 --threads "$threads" --max-connections 1024 "$@" 2>"$log" &
    pids+=($!)
    for _ in $(seq 1 200); do
        port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { cat "$log"; exit 1; }
    base=http://127.0.0.1:$port
}
ms() { echo "$1" | awk '/us$/ {sub("us", ""); print $1 / 1000; next} /ms$/ {sub("ms", ""); print $1; next} /s$/ {sub("s", ""); print $1 * 1000}'; }
declare -A urls rps1
# measure "NAME..." "CONNS...": one wrk run per query and connection count
measure() {
    local name c t out rps p50 p99 errs ratio
    for name in $1; do
        curl -sf -o /dev/null "${urls[$name]}" || { echo "$name: request failed" >&2; exit 1; }
    done
    for name in $1; do
        for c in $2; do
            t=$((c < 2 ? 1 : 2))
            out=$(wrk -t "$t" -c "$c" -d "${secs}s" --latency "${urls[$name]}" 2>&1)
            rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
            p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
            p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
            errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {e = e $0 "; "} END {print (e == "" ? 0 : e)}')
            [ "$c" = 1 ] && rps1[$name]=$rps
            ratio=$(awk -v a="$rps" -v b="${rps1[$name]}" 'BEGIN {printf "%.2f", a / b}')
            printf '%-11s %6d %10.0f %8s %10.3f %10.3f %8s\n' "$name" "$c" "$rps" "$ratio" "$(ms "$p50")" "$(ms "$p99")" "$errs"
        done
    done
}
printf '%-11s %6s %10s %8s %10s %10s %8s\n' query conns req/s x_1conn p50_ms p99_ms errors
start_server
urls[named]="$base/corridor/v1/route?from=Baku&to=Kars&scenario=tripp"
urls[named-alt3]="$base/corridor/v1/route?from=Baku&to=Kars&scenario=tripp&alternatives=3"
urls[osrm]="$base/route/v1/driving/49.89,40.38;43.1,40.6?overview=full&geometries=geojson"
measure "named named-alt3 osrm" "1 16 256"
"$build/corridor" import osm ../shared/data/osm/monaco.osm.pbf --profile truck --country MC -o "$tmp/mc" >/dev/null
"$build/corridor" build "$tmp/mc" -o "$tmp/mc.cor" >/dev/null
start_server --net "$tmp/mc.cor"
M='7.4197,43.7311;7.4373,43.7485'
T='7.4197,43.7311;7.4373,43.7485;7.4250,43.7380;7.4160,43.7270;7.4290,43.7430;7.4210,43.7350;7.4330,43.7460;7.4180,43.7300;7.4270,43.7400;7.4230,43.7330'
urls[mc-steps]="$base/route/v1/driving/$M?steps=true&overview=false&alternatives=true"
urls[mc-full]="$base/route/v1/driving/$M?overview=full"
urls[mc-table10]="$base/table/v1/driving/$T"
measure "mc-steps mc-full mc-table10" "1 16"
echo "server threads: $threads; each run ${secs}s; x_1conn = req/s at N connections / req/s at 1; mc-*: Monaco snapshot"
