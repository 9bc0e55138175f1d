#!/usr/bin/env bash
# `corridor build FILE.osm.pbf --profile P`: the OSM extract straight to a snapshot, against
# today's path (import osm, then build DIR) on the Liechtenstein and Monaco extracts
# (../shared/data/osm) and a synthetic one (tests/tools/osmgen.c): the same snapshot byte for
# byte, and coordinate routes by the hierarchy of the direct snapshot equal to plain Dijkstra
# on the imported directory.
source "$(dirname "$0")/lib.sh"
OSM=$ROOT/../shared/data/osm
GEN=$(dirname "$COR")/tools/osmgen
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# route NET FROM TO ALGO METRIC: the answer's length, time, and its links in order
route() {
    $COR route "$1" --from "$2" --to "$3" --algorithm "$4" --minimize "$5" --json |
        jq -c '[.total.km, .total.hours, [.legs[].link]]'
}
check_extract() { # check_extract NAME FILE PROFILE PAIRS...
    local name=$1 file=$2 profile=$3
    shift 3
    $COR import osm "$file" --profile "$profile" -o "$T/$name" >/dev/null 2>&1
    $COR build "$T/$name" -o "$T/$name.csv.cor" >/dev/null 2>&1
    out=$($COR build "$file" --profile "$profile" -o "$T/$name.cor" 2>&1)
    eq "$name: direct build exit 0" 0 $?
    eq "$name: the same graph counts as import" "$(sed -n 2p <<<"$($COR import osm "$file" --profile "$profile" -o "$T/$name.again" 2>&1)" | cut -d' ' -f2-5)" \
        "$(echo "$out" | sed -n 's/.*; \([0-9]* graph nodes, [0-9]* links\).*/\1/p' | sed 's/graph //')"
    eq "$name: snapshot identical to import + build" 0 "$(cmp -s "$T/$name.cor" "$T/$name.csv.cor"; echo $?)"
    eq "$name: no scratch file left" "" "$(ls -A "$T" | grep corridor-osm)"
    local i=0
    while [ $# -ge 2 ]; do
        for metric in time distance; do
            want=$(route "$T/$name" "$1" "$2" dijkstra $metric)
            contains "$name pair $i $metric: a route" "[" "$want"
            eq "$name pair $i $metric: CH on the direct snapshot = Dijkstra on the directory" \
                "$want" "$(route "$T/$name.cor" "$1" "$2" ch $metric)"
        done
        i=$((i + 1))
        shift 2
    done
}
check_extract li "$OSM/liechtenstein-2013-08-03.osm.pbf" road \
    47.1410,9.5209 47.2437,9.5566  47.0600,9.5000 47.2000,9.5300  47.1000,9.5400 47.1650,9.4800 \
    47.2300,9.5200 47.0700,9.5200  47.1200,9.5600 47.1800,9.5100
check_extract monaco "$OSM/monaco.osm.pbf" road \
    43.7300,7.4200 43.7450,7.4300  43.7350,7.4210 43.7480,7.4330  43.7380,7.4250 43.7320,7.4180 \
    43.7420,7.4280 43.7270,7.4160
check_extract monaco-truck "$OSM/monaco.osm.pbf" truck 43.7300,7.4200 43.7450,7.4300
"$GEN" -n 20000 --seed 5 -o "$T/syn.osm.pbf" >/dev/null
check_extract synthetic "$T/syn.osm.pbf" road \
    40.0010,44.0010 40.0500,44.0600  40.0300,44.0050 40.0020,44.0650  40.0450,44.0300 40.0100,44.0400

check_extract monaco-rail "$OSM/monaco.osm.pbf" rail
# tiny.osm (tests/data/osm/README.md): ferries with durations, maxspeed in mph, oneway=-1,
# border posts, a clipped way; XML rather than PBF; --country
$COR import osm "$ROOT/tests/data/osm/tiny.osm" --profile road --country AM -o "$T/tiny" >/dev/null 2>&1
$COR build "$T/tiny" -o "$T/tiny.csv.cor" >/dev/null 2>&1
$COR build "$ROOT/tests/data/osm/tiny.osm" --profile road --country AM -o "$T/tiny.cor" >/dev/null 2>&1
eq "tiny.osm --country AM: snapshot identical to import + build" 0 "$(cmp -s "$T/tiny.cor" "$T/tiny.csv.cor"; echo $?)"
$COR import osm "$ROOT/tests/data/osm/tiny.osm" --profile truck --usd-per-tkm 0.085 -o "$T/tinyt" >/dev/null 2>&1
$COR build "$T/tinyt" -o "$T/tinyt.csv.cor" >/dev/null 2>&1
$COR build "$ROOT/tests/data/osm/tiny.osm" --profile truck --usd-per-tkm 0.085 -o "$T/tinyt.cor" >/dev/null 2>&1
eq "tiny.osm truck --usd-per-tkm 0.085: snapshot identical" 0 "$(cmp -s "$T/tinyt.cor" "$T/tinyt.csv.cor"; echo $?)"
$COR build "$ROOT/tests/data/osm/tiny.osm" --profile truck -o "$T/tinyt0.cor" >/dev/null 2>&1
eq "--usd-per-tkm changes the snapshot" 1 "$(cmp -s "$T/tinyt.cor" "$T/tinyt0.cor"; echo $?)"

# ---- shape points half-way between two 1e-7 degree steps: the snapshot keeps what geometry.csv
# holds (%.7f: 40.00000005 is written 40.0000000, 40.00000015 40.0000001; rounding 4e8 + 0.5
# and 4e8 + 1.5 instead would give ...001 and ...002), whether the shapes pass through the file
# or not ----
cat >"$T/ties.osm" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
 <node id="1" lat="40.0" lon="44.0"/>
 <node id="2" lat="40.00000005" lon="44.00000075"/>
 <node id="3" lat="40.00000015" lon="44.00000135"/>
 <node id="4" lat="40.001" lon="44.001"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
</osm>
XML
$COR import osm "$T/ties.osm" --profile road -o "$T/ties" >/dev/null 2>&1
$COR build "$T/ties" -o "$T/ties.csv.cor" >/dev/null 2>&1
$COR build "$T/ties.osm" --profile road -o "$T/ties.cor" >/dev/null 2>&1
eq "ties: geometry.csv" "w10_0,40.0000000 44.0000000;40.0000000 44.0000007;40.0000001 44.0000013;40.0010000 44.0010000" \
    "$(sed -n 2p "$T/ties/geometry.csv")"
eq "ties: snapshot identical to import + build" 0 "$(cmp -s "$T/ties.cor" "$T/ties.csv.cor"; echo $?)"
eq "ties: the route's shape in the direct snapshot" "[[44,40],[44.0000007,40],[44.0000013,40.0000001],[44.001,40.001]]" \
    "$($COR route "$T/ties.cor" --from 40,44 --to 40.001,44.001 --geojson | jq -c '[.features[].geometry.coordinates[]]')"

# ---- --bbox: as if the extract had been cut at the box ----
bb=43.7300,7.4150,43.7450,7.4300
$COR import osm "$OSM/monaco.osm.pbf" --profile road --bbox $bb -o "$T/box" >/dev/null 2>&1
$COR build "$T/box" -o "$T/box.csv.cor" >/dev/null 2>&1
$COR build "$OSM/monaco.osm.pbf" --profile road --bbox $bb -o "$T/box.cor" >/dev/null 2>&1
eq "bbox: snapshot identical to import --bbox + build" 0 "$(cmp -s "$T/box.cor" "$T/box.csv.cor"; echo $?)"
eq "bbox: every graph node inside" 0 "$(awk -F, 'NR > 1 && ($5 < 43.73 || $5 > 43.745 || $6 < 7.415 || $6 > 7.43) { n++ } END { print n + 0 }' "$T/box/nodes.csv")"
eq "bbox: every shape point inside" 0 "$(tail -n +2 "$T/box/geometry.csv" | cut -d, -f2 | tr ';' '\n' | awk '$1 < 43.73 || $1 > 43.745 || $2 < 7.415 || $2 > 7.43 { n++ } END { print n + 0 }')"
eq "bbox: fewer nodes than the whole extract" 1 "$(($(wc -l <"$T/box/nodes.csv") < $(wc -l <"$T/monaco/nodes.csv")))"
out=$($COR build "$OSM/monaco.osm.pbf" --profile road --bbox 43.75,7.4,43.73,7.5 -o "$T/x.cor" 2>&1)
eq "bbox min above max: exit 2" 2 $?
contains "bbox min above max: message" "--bbox: expected MINLAT,MINLON,MAXLAT,MAXLON in decimal degrees (min below max), found \"43.75,7.4,43.73,7.5\"" "$out"

# ---- bad input ----
out=$($COR build "$OSM/monaco.osm.pbf" -o "$T/x.cor" 2>&1)
eq "extract without --profile: exit 2" 2 $?
contains "extract without --profile: message" "monaco.osm.pbf: expected a network directory, or an OpenStreetMap extract with --profile, found a file without --profile" "$out"
out=$($COR build "$T/li" --profile road -o "$T/x.cor" 2>&1)
eq "--profile with a directory: exit 2" 2 $?
out=$($COR build "$OSM/monaco.osm.pbf" --profile bus -o "$T/x.cor" 2>&1)
contains "bad profile" "--profile: expected road, truck or rail, found \"bus\"" "$out"
printf 'not a pbf at all' >"$T/bad.osm.pbf"
out=$($COR build "$T/bad.osm.pbf" --profile road -o "$T/x.cor" 2>&1)
eq "damaged extract: exit 1" 1 $?
eq "damaged extract: no snapshot, no scratch" "" "$(ls -A "$T" | grep -E '^x\.cor|corridor-osm')"
out=$($COR build "$T/syn.osm.pbf" --profile rail -o "$T/x.cor" 2>&1)
eq "nothing routable: exit 1" 1 $?
contains "nothing routable: message" "nothing routable for the rail profile" "$out"
finish osm_direct
