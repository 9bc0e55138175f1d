#!/usr/bin/env bash
# Start-up of a whole `corridor route Baku Kars` process on the bundled network beside
# /usr/bin/true, interleaved in the same run (issue 20: under 5 ms), and the shared libraries
# the process loads. Usage: bench/startup.sh [RUNS] [BINARY...]
# (default 20 runs of build/corridor; give more binaries, e.g. one built from an older commit,
# to compare: each round runs every binary once). Prints per binary the medians of wall time
# (bash's $EPOCHREALTIME) and of CPU time (user + system, bash's `time`, 1 ms resolution) of
# true and of the route, the ratio of the wall medians, and the number of shared libraries
# loaded (LD_DEBUG=files, dlopen'd ones included). On a loaded machine wall time includes
# waiting for a core; CPU time does not.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
[ $# -gt 0 ] || set -- build/corridor
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# "WALL_MS CPU_MS" of one run of "$@", timed without a process of its own
measure() {
    local TIMEFORMAT='%3U %3S' t0 t1
    t0=$EPOCHREALTIME
    { time "$@" >/dev/null 2>&1; } 2>"$tmp" || true
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" '{ printf "%.3f %.0f\n", (b - a) * 1000, ($1 + $2) * 1000 }' "$tmp"
}
for bin in "$@"; do
    [ -x "$bin" ] || { echo "bench/startup.sh: $bin: not an executable" >&2; exit 2; }
    "$bin" route Baku Kars >/dev/null   # warm the page cache
done
declare -A tw tc rw rc
for ((i = 0; i < runs; i++)); do
    for bin in "$@"; do
        read -r w c < <(measure /usr/bin/true)
        tw[$bin]+="$w " tc[$bin]+="$c "
        read -r w c < <(measure "$bin" route Baku Kars)
        rw[$bin]+="$w " rc[$bin]+="$c "
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; $runs runs each, interleaved"
printf '%-34s %9s %9s %9s %9s %6s %5s\n' binary "true ms" "cpu ms" "route ms" "cpu ms" ratio libs
for bin in "$@"; do
    med() { printf '%s\n' $1 | median; }
    a=$(med "${tw[$bin]}") b=$(med "${tc[$bin]}") c=$(med "${rw[$bin]}") d=$(med "${rc[$bin]}")
    libs=$(LD_DEBUG=files "$bin" route Baku Kars 2>&1 >/dev/null | grep -c 'calling init: /' || true)
    printf '%-34s %9.3f %9.0f %9.3f %9.0f %6.2f %5d\n' "$bin" "$a" "$b" "$c" "$d" \
        "$(awk -v x="$c" -v y="$a" 'BEGIN { print x / y }')" "$libs"
done
