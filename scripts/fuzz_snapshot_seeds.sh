#!/usr/bin/env bash
# Writes the seeds of the snapshot fuzz target (tests/fuzz/corpus/fuzz_snapshot/): small real
# snapshots made by `corridor build`, each behind the target's first byte (0: load as is).
# Run it again after a change of the snapshot format. usage: scripts/fuzz_snapshot_seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cor=${CORRIDOR_BIN:-build/corridor}
out=tests/fuzz/corpus/fuzz_snapshot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a 4 x 4 road grid, 0.01 degree apart, one-way along the middle rows
grid=$tmp/grid
mkdir -p "$grid"
{
    echo "id,name,country,region,lat,lon,kind,source"
    for r in 0 1 2 3; do for c in 0 1 2 3; do
        echo "g$r$c,g$r$c,ZZ,,$((40 * 100 + r))e-2,$((44 * 100 + c))e-2,junction,seed grid"
    done; done
} >"$grid/nodes.csv"
{
    echo "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,corridors,source"
    for r in 0 1 2 3; do for c in 0 1 2 3; do
        dir=both; case $r in 1 | 2) dir=forward ;; esac
        [ $c -lt 3 ] && echo "h$r$c,g$r$c,g$r$((c + 1)),road,$((8 + (r * 3 + c) % 5)).5,$((40 + 10 * (c % 3))),,0.05,,,,,,,operating,,$dir,,seed grid"
        [ $r -lt 3 ] && echo "v$r$c,g$r$c,g$((r + 1))$c,road,$((9 + (r + c * 2) % 4)),50,,0.05,1,,,,,,operating,,both,,seed grid"
    done; done
} >"$grid/links.csv"
echo "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,direction,source" >"$grid/borders.csv"
echo "node,kind,from,to,hours,usd_per_t,source" >"$grid/transfers.csv"

"$cor" import osm tests/data/osm/tiny.osm --profile road -o "$tmp/osm" >/dev/null
mkdir -p "$out"
# seed NAME NET [build options]
seed() {
    local name=$1 net=$2
    shift 2
    "$cor" build "$net" -o "$tmp/$name.cor" "$@" >/dev/null
    { printf '\0'; cat "$tmp/$name.cor"; } >"$out/$name"
}
seed osm_tiny "$tmp/osm"
seed osm_tiny_time "$tmp/osm" --metrics time
seed tiny tests/data/tiny
seed tiny_distance tests/data/tiny --metrics distance
seed grid4 "$grid"
seed grid4_time "$grid" --metrics time
ls -l "$out"
