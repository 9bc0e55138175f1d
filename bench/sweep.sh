#!/usr/bin/env bash
# Sweep throughput: runs per second of data/caucasus/sweeps/tripp-uncertainty.ini scaled to
# DRAWS draws per combination (default 200: 3 scenarios x 2 growth x 200 = 1,200 runs), in one
# process and with 1 and 2 MPI ranks. Not part of the test suite.
#   bench/sweep.sh [BUILD_DIR] [DRAWS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
draws=${2:-200}
make -s "BUILD=$build" all mpi >/dev/null
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s/^draws = .*/draws = $draws/" data/caucasus/sweeps/tripp-uncertainty.ini >"$work/spec.ini"
runs=$((3 * 2 * draws))
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
t0=$(secs "$build/corridor" sweep "$work/spec.ini" --net data/caucasus --quiet)
t1=$(secs mpirun --oversubscribe -np 1 "$build/corridor-mpi" sweep "$work/spec.ini" --net data/caucasus --quiet)
t2=$(secs mpirun --oversubscribe -np 2 "$build/corridor-mpi" sweep "$work/spec.ini" --net data/caucasus --quiet)
printf '%-22s %8s %10s %8s\n' "sweep, $runs runs" seconds "runs/s" "vs 1 rank"
printf '%-22s %8.2f %10.1f %8s\n' "one process" "$t0" "$(div "$runs" "$t0")" "-"
printf '%-22s %8.2f %10.1f %8.2f\n' "mpirun -np 1" "$t1" "$(div "$runs" "$t1")" 1
printf '%-22s %8.2f %10.1f %8.2f\n' "mpirun -np 2" "$t2" "$(div "$runs" "$t2")" "$(div "$t1" "$t2")"
