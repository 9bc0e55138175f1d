#!/usr/bin/env bash
# Countries from admin_level=2 boundaries (import osm --boundaries, build FILE --boundaries) on
# a synthetic extract of three strips XA, XB, XC (tests/tools/osmgen.c): every node's country
# against the strip its longitude falls in (osmgen's arithmetic, not the import's polygons),
# the border crossings, and routes across them.
source "$(dirname "$0")/lib.sh"
GEN=$(dirname "$COR")/tools/osmgen
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# -n 20000: side 52, 208 lattice columns; the divides run at columns 69.5 and 138.5
# (208 * s / 3 + 0.5), a column being 30 m / 111195 / 0.766 degrees of longitude from 44
"$GEN" -n 20000 --seed 5 --countries 3 -o "$T/k.osm.pbf" >/dev/null
out=$($COR import osm "$T/k.osm.pbf" --profile road --boundaries -o "$T/k" 2>&1)
eq "import exit 0" 0 $?
# 53 horizontal lines each cross both divides: 106 crossings
contains "three boundaries, 106 crossings" "countries from 3 admin_level=2 boundaries (0 not closed in the extract, left out); 106 border crossings, 0 with the figures of a known crossing, 106 with 0 h and 0 USD" "$out"
eq "every node in the strip of its longitude" "0 mismatches" "$(awk -F, 'NR > 1 {
    c = ($6 - 44) / (30 / 111195 / 0.766); want = c < 69.5 ? "XA" : c < 138.5 ? "XB" : "XC"
    if ($3 != want) bad++; n[$3]++ } END { print bad + 0 " mismatches" }' "$T/k/nodes.csv")"
eq "all three countries have nodes" "XA XB XC" "$(tail -n +2 "$T/k/nodes.csv" | cut -d, -f3 | sort -u | tr '\n' ' ' | sed 's/ $//')"
eq "borders.csv rows" 106 "$(tail -n +2 "$T/k/borders.csv" | wc -l)"
eq "check passes" 0 "$($COR check "$T/k" >/dev/null 2>&1; echo $?)"
# check lists every crossing left at the import's default (0 h, 0 USD, an estimate)
out=$($COR check "$T/k" 2>&1)
contains "check: the 106 crossings without data listed" "$T/k: 0 errors, 106 warnings" "$out"
contains "check: each at its line, with what to do" "k/borders.csv:2: warning: dwell_h: the road crossing" "$out"
$COR build "$T/k" -o "$T/k.csv.cor" >/dev/null 2>&1
out=$($COR build "$T/k.osm.pbf" --profile road --boundaries -o "$T/k.cor" 2>&1)
contains "direct build: 106 crossings, 0 h and 0 USD" "106 border crossings, 0 with the figures of a known crossing, 106 with 0 h and 0 USD" "$out"
eq "direct build identical to import + build" 0 "$(cmp -s "$T/k.cor" "$T/k.csv.cor"; echo $?)"
# a coordinate route from the west strip to the east one crosses both divides
j=$($COR route "$T/k.cor" --from 40.01,44.001 --to 40.02,44.075 --json)
eq "coordinate route: two crossings" "XA>XB XB>XC" "$(echo "$j" | jq -r '[.borders[] | "\(.from_country)>\(.to_country)"] | join(" ")')"
eq "coordinate route: countries" '["XA","XB","XC"]' "$(echo "$j" | jq -c '.countries')"
# the named-node router on the directory: the crossings with their borders.csv figures, and
# XB, a strip from edge to edge, cannot be avoided
a=$(echo "$j" | jq -r '.borders[0].node') b=$(echo "$j" | jq -r '.borders[1].to_node')
j=$($COR route "$a" "$b" --net "$T/k" --json)
eq "named-node route: both crossings, 0 h" "XA>XB:0 XB>XC:0" "$(echo "$j" | jq -r '[.borders[] | "\(.from_country)>\(.to_country):\(.hours)"] | join(" ")')"
out=$($COR route "$a" "$b" --net "$T/k" --avoid XB 2>&1)
eq "avoid the middle country: exit 1" 1 $?
contains "avoid the middle country: says it cannot" "no route from $a to $b avoiding XB" "$out"
# --borders: each crossing gets the figures of the nearest crossing of the same mode and
# countries in another network's borders.csv; tests/data/tiny has XA-XB road F-G (3 h, 50 USD a
# vehicle) and XC-XB road H-E (0.5 h)
out=$($COR import osm "$T/k.osm.pbf" --profile road --boundaries --borders "$TINY" -o "$T/kb" 2>&1)
contains "--borders: all matched" "106 border crossings, 106 with the figures of a known crossing, 0 with 0 h and 0 USD" "$out"
eq "--borders: XA-XB rows have F-G's figures" "53 x 3,,0,50" "$(awk -F, 'NR > 1 && /boundary XA-XB/ { print $4 "," $5 "," $6 "," $7 }' "$T/kb/borders.csv" | sort | uniq -c | awk '{ print $1 " x " $2 }')"
eq "--borders: XB-XC rows have H-E's figures" "53 x 0.5,,0,0" "$(awk -F, 'NR > 1 && /boundary XB-XC/ { print $4 "," $5 "," $6 "," $7 }' "$T/kb/borders.csv" | sort | uniq -c | awk '{ print $1 " x " $2 }')"
contains "--borders: check lists no crossing" "$T/kb: 0 errors, 0 warnings" "$($COR check "$T/kb" 2>&1)"
h0=$($COR route "$a" "$b" --net "$T/k" --json | jq '.total.hours')
h1=$($COR route "$a" "$b" --net "$T/kb" --json | jq '.total.hours')
near "--borders: the route takes 3 + 0.5 h more at the borders" "$(awk -v h="$h0" 'BEGIN { printf "%.7f", h + 3.5 }')" "$h1" 1e-6
# border costs in the graph (docs/ch.md): the snapshot of the --borders import carries each
# crossing's borders.csv row; its time weight includes the dwell, so the CH answer counts it
$COR build "$T/kb" -o "$T/kb.cor" >/dev/null 2>&1
# the direct build with --borders matches each crossing as the import does (the same code):
# the same snapshot to the byte
out=$($COR build "$T/k.osm.pbf" --profile road --boundaries --borders "$TINY" -o "$T/kbd.cor" 2>&1)
eq "direct build --borders: exit 0" 0 $?
contains "direct build --borders: all matched" "106 border crossings, 106 with the figures of a known crossing, 0 with 0 h and 0 USD" "$out"
eq "direct build --borders identical to import --borders + build" 0 "$(cmp -s "$T/kbd.cor" "$T/kb.cor"; echo $?)"
jd=$($COR route "$T/kbd.cor" --from 40.01,44.001 --to 40.02,44.075 --json)
eq "direct snapshot: both crossings with borders.csv's dwell and fees" "XA>XB:3:50 XB>XC:0.5:0" "$(echo "$jd" | jq -r '[.borders[] | "\(.from_country)>\(.to_country):\(.hours):\(.usd)"] | join(" ")')"
out=$($COR build "$T/k.osm.pbf" --profile road --borders "$TINY" -o "$T/bad.cor" 2>&1)
eq "direct build --borders without --boundaries: exit 2" 2 $?
eq "direct build --borders without --boundaries: says so, writes nothing" "corridor: build: --borders gives figures to the crossings of --boundaries, which is missing; no file" "$out; $([ -e "$T/bad.cor" ] && echo file || echo no file)"
cp -r "$TINY" "$T/nob" && rm "$T/nob/borders.csv"
out=$($COR build "$T/k.osm.pbf" --profile road --boundaries --borders "$T/nob" -o "$T/bad.cor" 2>&1)
eq "direct build --borders DIR without borders.csv: exit 1" 1 $?
contains "direct build --borders DIR without borders.csv: names the file" "$T/nob/borders.csv: cannot open: No such file or directory" "$out"
eq "direct build --borders DIR without borders.csv: nothing written" "no file" "$([ -e "$T/bad.cor" ] && echo file || echo no file)"
j0=$($COR route "$T/k.cor" --from 40.01,44.001 --to 40.02,44.075 --json)
j1=$($COR route "$T/kb.cor" --from 40.01,44.001 --to 40.02,44.075 --json)
eq "snapshot: both crossings with borders.csv's dwell and fees" "XA>XB:3:50 XB>XC:0.5:0" "$(echo "$j1" | jq -r '[.borders[] | "\(.from_country)>\(.to_country):\(.hours):\(.usd)"] | join(" ")')"
eq "snapshot: the same path as without border costs" "$(echo "$j0" | jq -c '[.legs[].link]')" "$(echo "$j1" | jq -c '[.legs[].link]')"
near "snapshot: total time = the path's time without borders + 3 + 0.5 h" "$(echo "$j0" | jq '.total.hours + 3.5')" "$(echo "$j1" | jq .total.hours)" 1e-9
near "snapshot: total USD = the path's tariffs + 50 USD a vehicle" "$(echo "$j0" | jq '.total.usd + 50')" "$(echo "$j1" | jq .total.usd)" 1e-6
eq "snapshot: indicators count the crossings" "3.5 50" "$(echo "$j1" | jq -r '"\(.indicators.border_crossing_hours) \(.indicators.border_crossing_usd)"')"
# the named-node router on the directory (which charges borders.csv itself) between the nodes
# the points snapped to: the same crossings and totals (link times rounded to ms in the graph)
a1=$(echo "$j1" | jq -r .from.id) b1=$(echo "$j1" | jq -r .to.id)
jn=$($COR route "$a1" "$b1" --net "$T/kb" --minimize time --json)
eq "named-node router: the same crossings" "$(echo "$j1" | jq -c '[.borders[] | [.node, .to_node, .hours, .usd]]')" "$(echo "$jn" | jq -c '[.borders[] | [.node, .to_node, .hours, .usd]]')"
near "named-node router: the same total time" "$(echo "$jn" | jq .total.hours)" "$(echo "$j1" | jq .total.hours)" 1e-5
near "named-node router: the same total USD" "$(echo "$jn" | jq .total.usd)" "$(echo "$j1" | jq .total.usd)" 1e-3
out=$($COR route "$T/kb.cor" --from 40.01,44.001 --to 40.02,44.075 --avoid XB 2>&1)
eq "snapshot --avoid XB: exit 1" 1 $?
eq "snapshot --avoid XB: says it cannot" "corridor: route: no route from node $a1 (snapped from 40.01,44.001) to node $b1 (snapped from 40.02,44.075) avoiding XB" "$out"
out=$($COR route "$T/kb.cor" --from 40.01,44.001 --to 40.02,44.035 --avoid XA 2>&1)
contains "snapshot --avoid the origin's country: names it" "the origin (40.01,44.001) snaps to node" "$out"
jc=$($COR route "$T/kb.cor" --from 40.01,44.001 --to 40.02,44.035 --json)
ja=$($COR route "$T/kb.cor" --from 40.01,44.001 --to 40.02,44.035 --avoid XC --json)
eq "snapshot --avoid XC from XA to XB: found, no node in XC" '["XA","XB"] bidijkstra' "$(echo "$ja" | jq -c .countries) $(echo "$ja" | jq -r .query.algorithm)"
near "snapshot --avoid XC from XA to XB: the CH answer (XC is not on the way)" "$(echo "$jc" | jq .total.hours)" "$(echo "$ja" | jq .total.hours)" 1e-9
# the OSRM endpoints on the two snapshots: the same fastest path, 3.5 h longer, a notification
# step per crossing with its dwell and fee
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
serve_add "$T/s0.log" --net "$T/k.cor" && P0=$PORT
serve_add "$T/s1.log" --net "$T/kb.cor" && P1=$PORT
Q='/route/v1/driving/44.001,40.01;44.075,40.02?steps=true'
o0=$(curl -s "http://127.0.0.1:$P0$Q") o1=$(curl -s "http://127.0.0.1:$P1$Q")
near "OSRM /route: duration includes the two dwells" "$(echo "$o0" | jq '.routes[0].duration + 12600')" "$(echo "$o1" | jq '.routes[0].duration')" 1e-3
eq "OSRM /route: the same distance" "$(echo "$o0" | jq '.routes[0].distance')" "$(echo "$o1" | jq '.routes[0].distance')"
eq "OSRM /route: a notification step per crossing, dwell and fee" "XA>XB:3:50:10800 XB>XC:0.5:0:1800" "$(echo "$o1" | jq -r '[.routes[0].legs[0].steps[] | select(.maneuver.type == "notification") | "\(.corridor.from_country)>\(.corridor.to_country):\(.corridor.dwell_h):\(.corridor.usd):\(.duration)"] | join(" ")')"
eq "OSRM /route without --borders: the crossings are notifications too (0 s)" "0 0" "$(echo "$o0" | jq -r '[.routes[0].legs[0].steps[] | select(.maneuver.type == "notification") | .duration] | join(" ")')"
# annotations: a crossing's dwell is in the duration of the last segment of the crossing's link
# (the segment that ends where its notification step stands), so that the durations add up to
# the leg's as OSRM clients assume; elsewhere the same figures as without border costs
Q='/route/v1/driving/44.001,40.01;44.075,40.02?steps=true&annotations=true&overview=full&geometries=geojson'
a0=$(curl -s "http://127.0.0.1:$P0$Q") a1=$(curl -s "http://127.0.0.1:$P1$Q")
for a in "$a0" "$a1"; do
    near "OSRM annotation: the durations add up to the leg's, within 0.05 s a segment" "$(echo "$a" | jq '.routes[0].legs[0].duration')" "$(echo "$a" | jq '.routes[0].legs[0].annotation.duration | add')" "$(echo "$a" | jq '.routes[0].legs[0].annotation.duration | length * 0.05')"
done
eq "OSRM annotation: the crossing segments carry the dwells, ending at the notifications" "$(echo "$a1" | jq -c '[.routes[0].legs[0].steps[] | select(.maneuver.type == "notification") | [.maneuver.location, .duration]]')" "$(jq -nc --argjson x "$a0" --argjson y "$a1" '$x.routes[0].legs[0].annotation.duration as $d0 | $y.routes[0] as $r | [range(0; $d0 | length) | . as $i | ($r.legs[0].annotation.duration[$i] - $d0[$i]) * 10 | round / 10 | select(. != 0) | [$r.geometry.coordinates[$i + 1], .]]')"
eq "OSRM annotation: the crossing segments' speed is distance / duration" "0 0" "$(echo "$a1" | jq -r '.routes[0].legs[0].annotation | [.duration, .distance, .speed] | transpose | map(select(.[0] > 1000) | (.[1] / .[0] * 10 | round / 10) - .[2]) | join(" ")')"
# the corridor extension avoid= on a snapshot: an exact Dijkstra that never enters XB or XC
o=$(curl -s "http://127.0.0.1:$P1/route/v1/driving/44.001,40.01;44.075,40.02?avoid=XB")
eq "OSRM /route avoid=XB: NoRoute" "NoRoute: no route between the two points avoiding XB" "$(echo "$o" | jq -r '"\(.code): \(.message)"')"
Q='/route/v1/driving/44.001,40.01;44.035,40.02'
o=$(curl -s "http://127.0.0.1:$P1$Q") oa=$(curl -s "http://127.0.0.1:$P1$Q?avoid=XC")
near "OSRM /route avoid=XC from XA to XB: the hierarchy's duration" "$(echo "$o" | jq '.routes[0].duration')" "$(echo "$oa" | jq '.routes[0].duration')" 1e-3
o=$(curl -s "http://127.0.0.1:$P1$Q?avoid=XB")
eq "OSRM /route avoid= the end's country: InvalidQuery naming it" "InvalidQuery: lies in XB, which is avoided" "$(echo "$o" | jq -r '"\(.code): \(.message | sub(".*\\) "; ""))"')"
Q='/table/v1/driving/44.001,40.01;44.075,40.02'
t0=$(curl -s "http://127.0.0.1:$P0$Q") t1=$(curl -s "http://127.0.0.1:$P1$Q")
near "OSRM /table: duration includes the two dwells" "$(echo "$t0" | jq '.durations[0][1] + 12600')" "$(echo "$t1" | jq '.durations[0][1]')" 1e-3
# the nearest of two: a second XA-XB road crossing P-Q (7 h) beside the synthetic area
cp -r "$TINY" "$T/two"
printf 'P,Post P,XA,,40.0300,44.0200,border_post,test\nQ,Post Q,XB,,40.0300,44.0300,border_post,test\n' >>"$T/two/nodes.csv"
printf 'PQ,P,Q,road,0.9,30,,0.06,,,,,,,operating,,both,,test\n' >>"$T/two/links.csv"   # tiny's columns
printf 'P,Q,road,7,,0,0,both,test\n' >>"$T/two/borders.csv"
eq "two crossings: the network loads" 0 "$($COR check "$T/two" >/dev/null 2>&1; echo $?)"
$COR import osm "$T/k.osm.pbf" --profile road --boundaries --borders "$T/two" -o "$T/k2" >/dev/null 2>&1
eq "two crossings: every XA-XB row takes the nearer P-Q" "53 x 7" "$(awk -F, 'NR > 1 && /boundary XA-XB/ { print $4 }' "$T/k2/borders.csv" | sort | uniq -c | awk '{ print $1 " x " $2 }')"
out=$($COR import osm "$T/k.osm.pbf" --profile road --borders "$TINY" -o "$T/x" 2>&1)
eq "--borders without --boundaries: exit 2" 2 $?

# a box inside the strips cuts every boundary: none closes, every node keeps --country
out=$($COR import osm "$T/k.osm.pbf" --profile road --boundaries --country AM --bbox 40.01,44.01,40.04,44.05 -o "$T/cut" 2>&1)
contains "clipped boundaries left out" "countries from 0 admin_level=2 boundaries (3 not closed in the extract, left out); 0 border crossings" "$out"
eq "clipped: every node AM" "AM" "$(tail -n +2 "$T/cut/nodes.csv" | cut -d, -f3 | sort -u)"
# without --boundaries nothing changes
$COR import osm "$T/k.osm.pbf" --profile road -o "$T/plain" >/dev/null 2>&1
eq "without --boundaries: ZZ, no crossings" "ZZ 0" "$(tail -n +2 "$T/plain/nodes.csv" | cut -d, -f3 | sort -u) $(tail -n +2 "$T/plain/borders.csv" | wc -l)"
# parallel links of one crossing share its borders.csv row (the loader takes one row per
# crossing, mode and direction): a oneway n1 -> n2 first, then a road both ways n2 - n1, then a
# third road n1 - n2 both ways, all between the same two nodes of AA and BB (found by fuzz_osm)
cat >"$T/par.osm" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="101" lat="40.0" lon="44.0"/><node id="102" lat="40.0" lon="44.1"/>
  <node id="103" lat="40.1" lon="44.1"/><node id="104" lat="40.1" lon="44.0"/>
  <node id="105" lat="40.0" lon="44.2"/><node id="106" lat="40.1" lon="44.2"/>
  <node id="1" lat="40.05" lon="44.05"/><node id="2" lat="40.05" lon="44.15"/>
  <node id="3" lat="40.06" lon="44.10"/><node id="4" lat="40.04" lon="44.10"/>
  <way id="900"><nd ref="101"/><nd ref="102"/><nd ref="103"/><nd ref="104"/><nd ref="101"/></way>
  <way id="901"><nd ref="102"/><nd ref="105"/><nd ref="106"/><nd ref="103"/><nd ref="102"/></way>
  <way id="10"><nd ref="1"/><nd ref="4"/><nd ref="2"/><tag k="highway" v="tertiary"/><tag k="oneway" v="yes"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="highway" v="secondary"/></way>
  <way id="12"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
  <relation id="1000"><member type="way" ref="900" role="outer"/><tag k="type" v="boundary"/>
    <tag k="boundary" v="administrative"/><tag k="admin_level" v="2"/><tag k="ISO3166-1" v="AA"/></relation>
  <relation id="1001"><member type="way" ref="901" role="outer"/><tag k="type" v="boundary"/>
    <tag k="boundary" v="administrative"/><tag k="admin_level" v="2"/><tag k="ISO3166-1" v="BB"/></relation>
</osm>
XML
$COR import osm "$T/par.osm" --profile road --boundaries -o "$T/par" >/dev/null 2>&1
eq "parallel links: import exit 0" 0 $?
eq "parallel links: three links, two rows covering both directions" "3 n1>n2:forward n2>n1:forward" "$(($(wc -l <"$T/par/links.csv") - 1)) $(awk -F, 'NR > 1 { printf("%s%s>%s:%s", NR > 2 ? " " : "", $1, $2, $8) }' "$T/par/borders.csv")"
eq "parallel links: check passes" 0 "$($COR check "$T/par" >/dev/null 2>&1; echo $?)"
$COR build "$T/par" -o "$T/par.csv.cor" >/dev/null 2>&1
$COR build "$T/par.osm" --profile road --boundaries -o "$T/par.cor" >/dev/null 2>&1
eq "parallel links: direct build identical to import + build" 0 "$(cmp -s "$T/par.cor" "$T/par.csv.cor"; echo $?)"
finish osm_countries
