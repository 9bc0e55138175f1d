# corridor route on the hand-drawn network tests/data/tiny (answers in its README.md).
. "$(dirname "$0")/lib.sh"

r() { "$COR" route A E --net "$TINY" --json "$@"; }
legs() { jq -r '[.legs[].link] | join(",")'; }

out=$(r)
eq "default: via H" "L9,L10" "$(echo "$out" | legs)"
near "default: generalized 60" 60 "$(echo "$out" | jq .total.objective)"
eq "default: countries" "XA,XC,XB" "$(echo "$out" | jq -r '.countries | join(",")')"

out=$(r --avoid XC)
eq "avoid XC: mixed route" "L1,L11,L6,L7" "$(echo "$out" | legs)"
near "avoid XC: generalized 414" 414 "$(echo "$out" | jq .total.objective)"
near "avoid XC: hours 7.1" 7.1 "$(echo "$out" | jq .total.hours)"
near "avoid XC: usd 272" 272 "$(echo "$out" | jq .total.usd)"
near "avoid XC: km 151" 151 "$(echo "$out" | jq .total.km)"
eq "avoid XC: transfer rail->road at B" "B mode rail road 1 20" \
    "$(echo "$out" | jq -r '.transfers[0] | "\(.node) \(.kind) \(.from) \(.to) \(.hours) \(.usd)"')"
eq "avoid XC: border F->G" "F XA XB 3 50" \
    "$(echo "$out" | jq -r '.borders[0] | "\(.node) \(.from_country) \(.to_country) \(.hours) \(.usd)"')"
near "avoid XC: speed with delay" "$(awk 'BEGIN{printf "%.10f", 151/7.1}')" "$(echo "$out" | jq .indicators.speed_with_delay_kmh)"
near "avoid XC: speed without delay" "$(awk 'BEGIN{printf "%.10f", 151/3.1}')" "$(echo "$out" | jq .indicators.speed_without_delay_kmh)"
near "avoid XC: cost per 500 km per 20 t" "$(awk 'BEGIN{printf "%.10f", 272/151*500}')" "$(echo "$out" | jq .indicators.cost_per_500km_20t_usd)"
near "avoid XC: cum_usd of the last leg is the total" 272 "$(echo "$out" | jq '.legs[-1].cum_usd')"

out=$(r --avoid XC --minimize cost)
eq "cost: rail route" "L1,L2,L3,L4" "$(echo "$out" | legs)"
near "cost: 271.6 USD" 271.6 "$(echo "$out" | jq .total.usd)"
eq "cost: gauge change to 1435 at B" "B gauge 1520 1435 5 40" \
    "$(echo "$out" | jq -r '.transfers[0] | "\(.node) \(.kind) \(.from) \(.to) \(.hours) \(.usd)"')"
eq "cost: dual-gauge link keeps 1435" "1520,1435,1435,1435" "$(echo "$out" | jq -r '[.legs[].gauge_mm] | join(",")')"

near "time: road 6.1 h" 6.1 "$(r --avoid XC --minimize time | jq .total.hours)"
near "distance: 151 km" 151 "$(r --avoid XC --minimize distance | jq .total.objective)"
eq "vot 0 is cost" "L1,L2,L3,L4" "$(r --avoid XC --vot 0 | legs)"

out=$(r --avoid XC --status planned)
eq "status planned: shortcut" "L8" "$(echo "$out" | legs)"
near "status planned: generalized 230" 230 "$(echo "$out" | jq .total.objective)"
eq "status operating,planned (exact list)" "L8" "$(r --avoid XC --status operating,planned | legs)"

near "p95 dwell: 29.1 h" 29.1 "$(r --modes rail --dwell p95 | jq .total.hours)"
out=$(r --modes rail --tonnes 100)
near "100 t: 1268 USD" 1268 "$(echo "$out" | jq .total.usd)"
near "100 t: border fee 100 t x 1 + 2 wagons x 30" 160 "$(echo "$out" | jq '.borders[0].usd')"
near "100 t: generalized 3178" 3178 "$(echo "$out" | jq .total.objective)"

out=$(r --avoid XC --alternatives 3)
eq "alternatives: 2 more" 2 "$(echo "$out" | jq '.alternatives | length')"
eq "alternatives: ranked costs" "414 534 653.6" \
    "$(echo "$out" | jq -r '[.total.objective, (.alternatives[].total.objective)] | map(. * 1000 | round / 1000) | map(tostring) | join(" ")')"
eq "alternatives: same shape" "L5,L6,L7" "$(echo "$out" | jq -r '[.alternatives[0].legs[].link] | join(",")')"

eq "via B by time" "L1,L11,L6,L7" "$(r --avoid XC --minimize time --via 'junction b' | legs)"
eq "ids and names both match" "L9,L10" "$("$COR" route 'town a' e --net "$TINY" --json | legs)"

err=$("$COR" route A E --net "$TINY" --modes sea 2>&1); rc=$?
eq "no route: exit 1" 1 "$rc"
eq "no route: which constraint" "corridor: route: no route from Town A to Town E by sea only" "$err"
err=$("$COR" route A E --net "$TINY" --avoid XB 2>&1)
eq "avoid the destination's country" "corridor: route: no route from Town A to Town E avoiding XB: Town E is in XB" "$err"
err=$("$COR" route A 'Twn E' --net "$TINY" 2>&1); rc=$?
eq "unknown node: exit 1" 1 "$rc"
contains "unknown node: suggestion" 'unknown node "Twn E"; did you mean "Town E"' "$err"
err=$("$COR" route A E --net "$TINY" --avoid XQ 2>&1)
eq "avoid a country not in the network" "corridor: route: --avoid: no node of the network is in country XQ" "$err"
"$COR" route A E --net "$TINY" --minimize speed >/dev/null 2>&1
eq "bad --minimize: exit 2" 2 "$?"
# the server's parser and messages (cor_route_opts_set): an empty list item is refused
err=$("$COR" route A E --net "$TINY" --modes rail,,sea 2>&1); rc=$?
eq "empty --modes item: exit 2" 2 "$rc"
eq "empty --modes item: the server's message" 'corridor: route: --modes: expected names separated by single commas, found an empty one in "rail,,sea"' "$err"
err=$("$COR" route A E --net "$TINY" --status planned,open 2>&1)
eq "bad --status word" 'corridor: route: --status: expected operating, construction, planned or closed, found "open"' "$err"
eq "--via takes a list as the server's via=" "$(r --via B --via D | legs)" "$(r --via B,D | legs)"
err=$("$COR" route A E --net "$TINY" --via B,Nowhere 2>&1)
contains "--via: the unknown node named" 'corridor: route: --via: unknown node "Nowhere"' "$err"
"$COR" route A --net "$TINY" >/dev/null 2>&1
eq "missing TO: exit 2" 2 "$?"

gj=$("$COR" route A E --net "$TINY" --avoid XC --geojson)
eq "geojson: 4 legs" "FeatureCollection 4" "$(echo "$gj" | jq -r '"\(.type) \(.features | length)"')"
eq "geojson: first leg coordinates" "[[44,40],[44.7038,40]]" "$(echo "$gj" | jq -c '.features[0].geometry.coordinates')"

tmp=$(mktemp -d)
"$COR" route A E --net "$TINY" --json -o "$tmp/r.json"
eq "-o writes the file" "L9,L10" "$(legs <"$tmp/r.json")"
eq "-o leaves no temporary file" "r.json" "$(ls "$tmp")"
"$COR" route A E --net "$TINY" -o "$tmp/missing-dir/r.txt" 2>/dev/null
eq "-o into a missing directory fails" 1 "$?"
rm -rf "$tmp"

text=$("$COR" route A E --net "$TINY" --avoid XC)
contains "table: transfer row" "transfer rail -> road at Junction B" "$text"
contains "table: border row" "border XA -> XB (road): Post F -> Post G" "$text"
contains "table: indicators" "speed with delay 21.3 km/h" "$text"

err=$("$COR" route --net "$TINY" --via B --from 40,44 --to 40,45.1 2>&1)
eq "coordinates: a named-node option is refused by name" "corridor: route: --via applies to routes between named nodes, not between coordinates" "$err"
# border costs in the graph: A to E by road through H pays H's two 0.5 h crossings (borders.csv),
# 2 h in all as the named-node router; avoiding XC it takes L5, L6, the F-G crossing (3 h,
# 50 USD a vehicle) and L7: 2.5 + 0.1 + 3 + 0.5 = 6.1 h, 300 + 2 + 50 + 60 = 412 USD
j=$("$COR" route --net "$TINY" --from 40,44 --to 40,45.1261 --json)
eq "coordinates: crossings with borders.csv's dwell" "XA>XC:0.5:0 XC>XB:0.5:0 2" "$(echo "$j" | jq -r '[.borders[] | "\(.from_country)>\(.to_country):\(.hours):\(.usd)"] + [.total.hours] | join(" ")')"
j=$("$COR" route --net "$TINY" --from 40,44 --to 40,45.1261 --avoid XC --json)
eq "coordinates --avoid XC: the F-G crossing" "L5 L6 L7|XA>XB:3:50|XA XB" "$(echo "$j" | jq -r '([.legs[].link] | join(" ")) + "|" + ([.borders[] | "\(.from_country)>\(.to_country):\(.hours):\(.usd)"] | join(" ")) + "|" + (.countries | join(" "))')"
near "coordinates --avoid XC: 6.1 h" 6.1 "$(echo "$j" | jq .total.hours)" 1e-9
near "coordinates --avoid XC: 412 USD" 412 "$(echo "$j" | jq .total.usd)" 1e-4
eq "coordinates --avoid XC: by bidirectional Dijkstra" bidijkstra "$(echo "$j" | jq -r .query.algorithm)"
err=$("$COR" route --net "$TINY" --from 40,44 --to 40,45.1261 --avoid XB 2>&1)
eq "coordinates --avoid the destination's country: exit 1" 1 $?
eq "coordinates --avoid the destination's country: says so" "corridor: route: the destination (40,45.1261) snaps to node E in XB, which --avoid excludes" "$err"
err=$("$COR" route --net "$TINY" --from 40,44 --to 40,45.1261 --avoid XQ 2>&1)
eq "coordinates --avoid a country without nodes" "corridor: route: --avoid: expected a country with a node in the graph, found XQ" "$err"
near "coordinates: A to E by the tiny network (the planned shortcut is not operating)" 100 "$("$COR" route --net "$TINY" --from 40,44 --to 40,45.1261 --minimize distance --json | jq .total.km)"

# limits that keep every figure finite (docs/security.md): 1e300 t at 1e300 USD/t/h made the
# generalized cost infinite and the JSON writer fail with "out of memory"
err=$("$COR" route A E --net "$TINY" --tonnes 1e300 2>&1); rc=$?
eq "tonnes limit: exit 2" 2 "$rc"
eq "tonnes limit: message" 'corridor: route: --tonnes: expected a number from 1e-06 to 1e+06, found "1e300"' "$err"
err=$("$COR" route A E --net "$TINY" --vot 1000001 2>&1); rc=$?
eq "vot limit: exit 2" 2 "$rc"
eq "vot limit: message" 'corridor: route: --vot: expected a number from 0 to 1e+06, found "1000001"' "$err"
# at the limits: 1e6 t by the via-H road route (2 h, 20 USD per 20 t): USD 0.01 x 100 km x 1e6 t
# = 1e6, generalized 1e6 + 1e6 x 1e6 x 2 h = 2.000001e12
near "at the limits: generalized cost" 2000001000000 \
    "$("$COR" route A E --net "$TINY" --tonnes 1e6 --vot 1e6 --json | jq '.total.objective')" 1
# an unknown letter in a cluster of short options is named (it used to name the argument
# before it: "E")
err=$("$COR" route A E --net "$TINY" -zq 2>&1); rc=$?
eq "unknown short option: exit 2" 2 "$rc"
eq "unknown short option: message" 'corridor: route: unknown or incomplete option "-z" (see corridor route --help)' "$err"
# --algorithm: the library's names (cor_algo_parse)
err=$("$COR" route A E --net "$TINY" --algorithm astar 2>&1); rc=$?
eq "bad --algorithm: exit 2" 2 "$rc"
eq "bad --algorithm: message" 'corridor: route: --algorithm: expected ch, bidijkstra or dijkstra, found "astar"' "$err"
finish route_tiny
