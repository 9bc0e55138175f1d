#!/usr/bin/env bash
# The JSON answers of the README's and docs/'s examples, one file each, written to OUTDIR:
# tests/cli/test_json_fixtures.sh compares a build's answers with tests/data/json/ byte for
# byte, so that a change of how JSON is written (issue 20) cannot change what is written.
#   scripts/json_fixtures.sh OUTDIR [CORRIDOR_BIN]     (regenerate: OUTDIR = tests/data/json)
# Left out because it varies from run to run: `runs --json` (dates, run ids, paths of the
# inputs). Nothing is normalised: `"network"` (info, /corridor/v1/network) is the path the
# network was given as, so every command runs from the source directory on the relative path
# data/caucasus; OSRM hints carry a fingerprint of the network's data, so they change with
# data/caucasus (then regenerate). Needs curl and ../shared/data/osm/monaco.osm.pbf (the
# Monaco snapshot is built in a temporary directory).
set -u
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [CORRIDOR_BIN]" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1" && OUT=$(cd "$1" && pwd)
COR=${2:-${CORRIDOR_BIN:-$ROOT/build/corridor}}
MONACO=$ROOT/../shared/data/osm/monaco.osm.pbf
cd "$ROOT" || exit 1
unset CORRIDOR_NET
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
status=0

# cli NAME ARGS...: `corridor ARGS` on the bundled network, its stdout to OUT/NAME.json
cli() {
    local name=$1
    shift
    if ! "$COR" "$@" --net data/caucasus >"$OUT/$name.json" 2>"$work/err"; then
        echo "$name: corridor $* failed: $(cat "$work/err")" >&2
        status=1
    fi
}
# snap NAME ARGS...: `corridor ARGS` (on the Monaco snapshot, given in ARGS)
snap() {
    local name=$1
    shift
    "$COR" "$@" >"$OUT/$name.json" 2>"$work/err" || { echo "$name: $(cat "$work/err")" >&2; status=1; }
}
# serve NET: starts a server on NET, sets B
serve() {
    "$COR" serve --port 0 --threads 2 --net "$1" 2>"$work/serve.log" &
    pids+=($!)
    local port= _
    for _ in $(seq 1 200); do
        port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$work/serve.log")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "server on $1 did not start: $(cat "$work/serve.log")" >&2; exit 1; }
    B=http://127.0.0.1:$port
}
# get NAME PATH: the server's answer to PATH (any status) to OUT/NAME.json
get() {
    curl -s -o "$OUT/$2.json" "$B$1" || { echo "$2: curl $1 failed" >&2; status=1; }
}

# ---- the README and docs/json.md: named routes ----
cli route_baku_kars route Baku Kars --json
cli route_alat_kars_time_avoid_ge route "Alat port" Kars --minimize time --avoid GE --json
cli route_baku_istanbul_alt3_planned route Baku Istanbul --alternatives 3 --status planned --json
cli route_baku_nakhchivan_tripp route Baku Nakhchivan --scenario tripp --json
cli route_baku_kars_via_p95 route Baku Kars --via Tbilisi --dwell p95 --minimize cost --json
cli route_baku_kars_geojson route Baku Kars --alternatives 2 --geojson
# a scenario file whose path is not UTF-8: "scenario" is left out of "query"
cp data/caucasus/scenarios/tripp.ini "$work/"$'\xff'".ini"
cli route_scenario_path_not_utf8 route Baku Kars --scenario "$work/"$'\xff'".ini" --json
# ---- freight: assign, compare, appraise ----
cli assign_base assign --json
cli assign_logit_joint_customs assign --scenario joint-customs --method logit --json
cli assign_ue assign --method ue --json
cli assign_unrouted_avoid assign --avoid GE,AM,IR,TR,RU --json
cli compare_base_tripp compare base tripp --json
cli appraise_base_tripp appraise base tripp --json
# ---- network, scenarios, calibration, flow ----
cli info info --json
cli scenarios scenarios --json
cli validate validate --json
cli simulate simulate --json
cli flow_power flow 'all,-region:AZ-NX' 'region:AZ-NX' --layer power --scenario tripp --json
cli resilience_power resilience 'all,-region:AZ-NX' 'region:AZ-NX' --layer power --json
cli diverse_tripp diverse 'country:AZ,-region:AZ-NX' 'region:AZ-NX' --scenario tripp --json

# ---- the server over the bundled network: corridor API and OSRM endpoints ----
serve data/caucasus
get '/corridor/v1/route?from=Baku&to=Kars' serve_route_baku_kars
get '/corridor/v1/route?from=Baku&to=Istanbul&alternatives=3&status=planned' serve_route_baku_istanbul_alt3
get '/corridor/v1/route?from=Baku&to=Nowhere' serve_route_notfound
get '/corridor/v1/route?from=Baku&to=Nakhchivan&avoid=AM,IR,TR' serve_route_noroute
get '/corridor/v1/compare?a=base&b=tripp' serve_compare_base_tripp
get '/corridor/v1/assign?scenario=tripp' serve_assign_tripp
get '/corridor/v1/nodes?q=ba' serve_nodes_ba
get '/corridor/v1/scenarios' serve_scenarios
get '/corridor/v1/network' serve_network
get '/route/v1/driving/49.892,40.378;43.1,40.6?steps=true' serve_osrm_route_baku_kars_steps
get '/route/v1/driving/49.892,40.378;43.1,40.6?overview=full&geometries=geojson&alternatives=true' serve_osrm_route_baku_kars_geojson
get '/table/v1/driving/49.892,40.378;43.1,40.6;44.51,40.18;41.64,41.65' serve_osrm_table
get '/table/v1/driving/49.892,40.378;43.1,40.6;44.51,40.18?annotations=duration,distance&sources=0' serve_osrm_table_dist

# ---- the bundled network as a snapshot: a coordinate route across borders, a table ----
if "$COR" build data/caucasus -o "$work/cau.cor" >/dev/null 2>&1; then
    printf 'id,lat,lon\nbaku,40.378,49.892\nkars,40.6,43.1\nyerevan,40.18,44.51\n' >"$work/cau.csv"
    snap snap_route_caucasus route "$work/cau.cor" --from 40.378,49.892 --to 40.6,43.1 --json
    snap snap_table_caucasus table "$work/cau.cor" --coords "$work/cau.csv" --json
else
    echo "caucasus snapshot: not built" >&2
    status=1
fi

# ---- a snapshot (docs/ch.md): route and table between coordinates, OSRM over a snapshot ----
if "$COR" import osm "$MONACO" --profile truck --country MC -o "$work/mc" >/dev/null 2>&1 &&
    "$COR" build "$work/mc" -o "$work/mc.cor" >/dev/null 2>&1; then
    printf 'id,lat,lon\nport,43.7311,7.4197\nnorth,43.7485,7.4373\nwest,43.7275,7.4155\n' >"$work/points.csv"
    snap snap_route_monaco route "$work/mc.cor" --from 43.7311,7.4197 --to 43.7485,7.4373 --json
    snap snap_table_monaco table "$work/mc.cor" --coords "$work/points.csv" --json
    snap snap_table_monaco_km table "$work/mc.cor" --coords "$work/points.csv" --minimize distance --json
    serve "$work/mc.cor"
    M='7.4197,43.7311;7.4373,43.7485'
    get "/route/v1/driving/$M?steps=true&annotations=true" serve_mc_route_steps
    get "/route/v1/driving/$M;7.4155,43.7275?overview=full&geometries=geojson" serve_mc_route_geojson
    get "/table/v1/driving/$M;7.4155,43.7275?annotations=duration,distance" serve_mc_table
    get "/nearest/v1/driving/7.4197,43.7311" serve_mc_nearest
    get "/trip/v1/driving/$M;7.4155,43.7275" serve_mc_trip
else
    echo "monaco snapshot: not built from $MONACO" >&2
    status=1
fi
exit $status
