#!/usr/bin/env bash
# Answers as fast as the search (issue 20): a named route in-process, search alone and search +
# JSON (build/bench/route_json, medians), then `corridor serve` under wrk, 64 connections:
# /corridor/v1/route?from=Baku&to=Kars and the OSRM /route/v1 of the same trip, with req/s,
# p50, p99 and the server's CPU time per request (user + system, from /proc: it depends less
# on what else runs on the machine than the rates do). Not part of the test suite.
# usage: bench/answers.sh [BUILD_DIR] [SECONDS] [SERVER_THREADS]   (default build 10 2)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-10}
threads=${3:-2}
command -v wrk >/dev/null || { echo "bench/answers.sh: needs wrk (scripts/deps.sh)" >&2; exit 2; }
[ -x "$build/bench/route_json" ] || { echo "bench/answers.sh: make bench first" >&2; exit 2; }
"$build/bench/route_json" data/caucasus Baku Kars 5000
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
"$build/corridor" serve --port 0 --threads "$threads" --max-connections 1024 --net data/caucasus 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 200); do
    port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { cat "$tmp/log"; exit 1; }
base=http://127.0.0.1:$port
# cpu_ticks: user + system clock ticks of the server so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
printf '%-8s %6s %10s %10s %10s %10s %s\n' query conns req/s p50 p99 cpu_us/req errors
for q in named osrm; do
    case $q in
    named) url="$base/corridor/v1/route?from=Baku&to=Kars" ;;
    osrm) url="$base/route/v1/driving/49.892,40.378;43.1,40.6?overview=full&geometries=geojson" ;;
    esac
    curl -sf -o /dev/null "$url" || { echo "$q: request failed" >&2; exit 1; }
    t0=$(cpu_ticks)
    out=$(wrk -t 2 -c 64 -d "${secs}s" --latency "$url" 2>&1)
    t1=$(cpu_ticks)
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    cpu=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$n" 'BEGIN {printf "%.1f", n ? t / hz / n * 1e6 : 0}')
    rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {e = e $0 "; "} END {print (e == "" ? 0 : e)}')
    printf '%-8s %6d %10.0f %10s %10s %10s %s\n' "$q" 64 "$rps" "$p50" "$p99" "$cpu" "$errs"
done
echo "server threads: $threads, wrk 2 threads, ${secs}s each; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
