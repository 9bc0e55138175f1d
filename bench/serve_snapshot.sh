#!/usr/bin/env bash
# Requests per second and p50/p99 latency of the OSRM endpoints of `corridor serve` over a
# snapshot (the Monaco extract, imported and built into a temporary directory), measured with
# wrk on loopback: /route with steps=true (leaflet-routing-machine's request), with
# overview=full, and a 10 x 10 /table; at 1 and 16 connections, SECONDS seconds each (default
# 5). Not part of the test suite. usage: bench/serve_snapshot.sh [BUILD_DIR] [SECONDS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-5}
threads=${3:-2}
command -v wrk >/dev/null || { echo "bench/serve_snapshot.sh: needs wrk (scripts/deps.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
"$build/corridor" import osm ../shared/data/osm/monaco.osm.pbf --profile truck --country MC -o "$tmp/mc" >/dev/null
"$build/corridor" build "$tmp/mc" -o "$tmp/mc.cor" >/dev/null
"$build/corridor" serve --net "$tmp/mc.cor" --port 0 --threads "$threads" --max-connections 1024 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 200); do
    port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { cat "$tmp/log"; exit 1; }
base=http://127.0.0.1:$port
M='7.4197,43.7311;7.4373,43.7485'
T='7.4197,43.7311;7.4373,43.7485;7.4250,43.7380;7.4160,43.7270;7.4290,43.7430;7.4210,43.7350;7.4330,43.7460;7.4180,43.7300;7.4270,43.7400;7.4230,43.7330'
declare -A urls=(
    [steps]="$base/route/v1/driving/$M?steps=true&overview=false&alternatives=true"
    [full]="$base/route/v1/driving/$M?overview=full"
    [table10]="$base/table/v1/driving/$T"
)
for name in steps full table10; do
    curl -sf -o /dev/null "${urls[$name]}" || { echo "$name: request failed" >&2; exit 1; }
done
printf '%-8s %6s %10s %10s %10s %8s\n' query conns req/s p50_ms p99_ms errors
ms() { echo "$1" | awk '/us$/ {sub("us", ""); print $1 / 1000; next} /ms$/ {sub("ms", ""); print $1; next} /s$/ {sub("s", ""); print $1 * 1000}'; }
for name in steps full table10; do
    for c in 1 16; do
        t=$((c < 2 ? 1 : 2))
        out=$(wrk -t "$t" -c "$c" -d "${secs}s" --latency "${urls[$name]}" 2>&1)
        rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
        p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
        p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
        errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {e = e $0 "; "} END {print (e == "" ? 0 : e)}')
        printf '%-8s %6d %10.0f %10.3f %10.3f %8s\n' "$name" "$c" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$errs"
    done
done
echo "Monaco snapshot; server threads: $threads; each run ${secs}s"
