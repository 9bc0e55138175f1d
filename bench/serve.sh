#!/usr/bin/env bash
# Requests per second and p50/p99 latency of `corridor serve` on loopback, measured with wrk:
# named-node routes (/corridor/v1/route) and OSRM-style coordinate routes (/route/v1), at 1, 16
# and 256 connections, SECONDS seconds each (default 5). Not part of the test suite.
# usage: bench/serve.sh [BUILD_DIR] [SECONDS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-5}
threads=${3:-2}
command -v wrk >/dev/null || { echo "bench/serve.sh: needs wrk (scripts/deps.sh)" >&2; exit 2; }
log=$(mktemp)
"$build/corridor" serve --port 0 --threads "$threads" --max-connections 1024 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
port=
for _ in $(seq 1 200); do
    port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { cat "$log"; exit 1; }
base=http://127.0.0.1:$port
declare -A urls=(
    [named]="$base/corridor/v1/route?from=Baku&to=Kars&scenario=tripp"
    [named-alt3]="$base/corridor/v1/route?from=Baku&to=Kars&scenario=tripp&alternatives=3"
    [osrm]="$base/route/v1/driving/49.89,40.38;43.1,40.6?overview=full&geometries=geojson"
)
for name in named named-alt3 osrm; do
    curl -sf -o /dev/null "${urls[$name]}" || { echo "$name: request failed" >&2; exit 1; }
done
printf '%-11s %6s %10s %8s %10s %10s %8s\n' query conns req/s x_1conn p50_ms p99_ms errors
declare -A rps1
for name in named named-alt3 osrm; do
    for c in 1 16 256; do
        t=$((c < 2 ? 1 : 2))
        out=$(wrk -t "$t" -c "$c" -d "${secs}s" --latency "${urls[$name]}" 2>&1)
        rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
        p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
        p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
        errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {e = e $0 "; "} END {print (e == "" ? 0 : e)}')
        ms() { echo "$1" | awk '/us$/ {sub("us", ""); print $1 / 1000; next} /ms$/ {sub("ms", ""); print $1; next} /s$/ {sub("s", ""); print $1 * 1000}'; }
        [ "$c" = 1 ] && rps1[$name]=$rps
        ratio=$(awk -v a="$rps" -v b="${rps1[$name]}" 'BEGIN {printf "%.2f", a / b}')
        printf '%-11s %6d %10.0f %8s %10.3f %10.3f %8s\n' "$name" "$c" "$rps" "$ratio" "$(ms "$p50")" "$(ms "$p99")" "$errs"
    done
done
echo "server threads: $threads; each run ${secs}s; x_1conn = req/s at N connections / req/s at 1"
