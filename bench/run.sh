#!/usr/bin/env bash
# corridor's side of every row of the performance table (issue 20, docs/ch.md,
# docs/assignment.md, docs/server.md) in one run, each section headed by the machine's load:
# equilibrium on the TNTP networks and the multimodal ue on the SiouxFalls import
# (build/bench/bench_assign), the named route and its JSON in-process and the server under wrk
# (bench/answers.sh), CH queries, tables and contraction on the synthetic 100k and 1M graphs
# (build/bench/graphbench synth), the customizable CH on the same graphs (build/bench/cchbench:
# a second metric or a closed border as a customization), and the start-up of a whole `corridor route` process beside
# /usr/bin/true (bench/startup.sh). Not part of the test suite; it takes several minutes and is
# best run on an otherwise idle machine (the figures say what the load was).
#   bench/run.sh [BUILD_DIR] [--quick]   (--quick: 100k graph only, 5 s of wrk, 10 start-ups)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
quick=0
[ "${2:-}" = --quick ] && quick=1
make -s "BUILD=$build" all bench >/dev/null
section() { printf '\n== %s (load %s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

section "equilibrium: TNTP networks to relative gaps 1e-4 and 1e-6, and ue on the SiouxFalls import"
"$build/bench/bench_assign" 500 ../shared/data/tntp

section "a named route and its JSON, in-process; the server under wrk, 64 connections"
bench/answers.sh "$build" "$([ $quick = 1 ] && echo 5 || echo 10)"

for nodes in 100000 $([ $quick = 1 ] || echo 1000000); do
    section "CH on the synthetic graph of $nodes nodes (time metric)"
    COR_METRICS=1 "$build/bench/graphbench" synth "$nodes" 1000 1
done

for nodes in 100000 $([ $quick = 1 ] || echo 1000000); do
    section "CCH on the synthetic graph of $nodes nodes: order, contraction, customizations, queries"
    "$build/bench/cchbench" "$nodes" 1000
done

section "start-up: whole corridor route Baku Kars processes beside /usr/bin/true"
bench/startup.sh "$([ $quick = 1 ] && echo 10 || echo 20)" "$build/corridor"
