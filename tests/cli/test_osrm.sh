# The OSRM-compatible endpoints as OSRM clients use them (docs/server.md): `serve --net X.cor`
# over the Monaco and Liechtenstein snapshots and over data/caucasus. The geometry against
# `corridor route --geojson`, 200 seeded random pairs in Liechtenstein, NoSegment, hints,
# /nearest and /trip (against a brute force over the /table durations), and every response
# checked field by field against the shapes of OSRM v5's HTTP documentation (written below).
. "$(dirname "$0")/lib.sh"
OSM=$ROOT/../shared/data/osm
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
start() { # start NAME ARGS...: sets PORT
    local name=$1
    shift
    serve_add "$work/$name.log" "$@"
}
get() { curl -s "$B$1"; }

"$COR" import osm "$OSM/monaco.osm.pbf" --profile truck --country MC -o "$work/mc" >/dev/null &&
    "$COR" build "$work/mc" -o "$work/mc.cor" >/dev/null || { fail "monaco snapshot" "not built"; finish osrm; }
"$COR" import osm "$OSM/liechtenstein-2013-08-03.osm.pbf" --profile truck --country LI -o "$work/li" >/dev/null &&
    "$COR" build "$work/li" -o "$work/li.cor" >/dev/null || { fail "liechtenstein snapshot" "not built"; finish osrm; }

# ---- OSRM v5 response shapes (docs/http.md of osrm-backend: "Result objects") ----
# Each jq program is true when its input has the documented keys with the documented types.
WAYPOINT='type == "object" and (.hint | type) == "string" and (.distance | type) == "number" and
  (.name | type) == "string" and (.location | type) == "array" and (.location | length) == 2 and
  (.location | all(type == "number"))'
MANEUVER='(.location | length) == 2 and (.bearing_before | type) == "number" and
  .bearing_before >= 0 and .bearing_before <= 359 and (.bearing_after | type) == "number" and
  .bearing_after >= 0 and .bearing_after <= 359 and
  ([.type] | inside(["turn", "new name", "depart", "arrive", "merge", "on ramp", "off ramp",
    "fork", "end of road", "use lane", "continue", "roundabout", "rotary", "roundabout turn",
    "notification", "exit roundabout", "exit rotary"])) and
  (if has("exit") then (.exit | type) == "number" and .exit >= 1 else true end) and
  (if .type == "depart" or .type == "arrive" then true else
    ([.modifier] | inside(["uturn", "sharp right", "right", "slight right", "straight",
      "slight left", "left", "sharp left"])) end)'
INTERSECTION='(.location | length) == 2 and (.bearings | type) == "array" and
  (.entry | type) == "array" and (.bearings | length) == (.entry | length) and
  (.bearings | all(. >= 0 and . <= 359)) and (.entry | all(type == "boolean")) and
  (if has("in") then .in < (.bearings | length) else true end) and
  (if has("out") then .out < (.bearings | length) else true end)'
STEP="(.distance | type) == \"number\" and (.duration | type) == \"number\" and
  (.weight | type) == \"number\" and (.name | type) == \"string\" and (.mode | type) == \"string\" and
  (.driving_side | type) == \"string\" and (.geometry | type) == \"string\" and
  (.maneuver | $MANEUVER) and (.intersections | length) >= 1 and
  (.intersections | all($INTERSECTION)) and
  (.intersections[0].location == .maneuver.location)"
LEG="(.distance | type) == \"number\" and (.duration | type) == \"number\" and
  (.weight | type) == \"number\" and (.summary | type) == \"string\" and (.steps | type) == \"array\" and
  (.steps | all($STEP))"
ROUTE="(.distance | type) == \"number\" and (.duration | type) == \"number\" and
  (.weight | type) == \"number\" and (.weight_name | type) == \"string\" and
  (.legs | type) == \"array\" and (.legs | all($LEG))"
shape() { # shape NAME JQ_PROGRAM JSON
    eq "$1" true "$(echo "$3" | jq "$2" 2>&1)"
}

# ---- Monaco: the snapshot served ----
start mc --net "$work/mc.cor" --cors '*' || finish osrm
B=http://127.0.0.1:$PORT
M='7.4197,43.7311;7.4373,43.7485'

o=$(get "/route/v1/driving/$M?steps=true&annotations=true")
eq "route: code Ok" Ok "$(echo "$o" | jq -r .code)"
shape "route: top level {code, routes[], waypoints[]}" \
    "(keys - [\"attribution\"]) == [\"code\", \"routes\", \"waypoints\"] and (.waypoints | length) == 2 and (.waypoints | all($WAYPOINT))" "$o"
shape "route: Route, RouteLeg, RouteStep, StepManeuver, Intersection as documented" \
    "(.routes | length) == 1 and (.routes | all($ROUTE))" "$o"
shape "route: the first step departs, the last arrives" \
    '.routes[0].legs[0].steps | (.[0].maneuver.type == "depart") and (.[-1].maneuver.type == "arrive")' "$o"
shape "route: annotation arrays, one entry per segment of the geometry" \
    '.routes[0].legs[0].annotation | (.duration | length) == (.distance | length) and (.speed | length) == (.distance | length) and (.nodes | all(type == "number")) and (.distance | length) > 50' "$o"
near "route: steps add up to the leg's distance" "$(echo "$o" | jq '.routes[0].legs[0].distance')" \
    "$(echo "$o" | jq '[.routes[0].legs[0].steps[].distance] | add')" 0.01
near "route: steps add up to the leg's duration" "$(echo "$o" | jq '.routes[0].legs[0].duration')" \
    "$(echo "$o" | jq '[.routes[0].legs[0].steps[].duration] | add')" 0.01
eq "route: at least 5 steps, named after the OSM ways" true \
    "$(echo "$o" | jq '[.routes[0].legs[0].steps[] | select(.name != "")] | length >= 5')"
eq "route: summary = the two longest named ways, in route order" \
    "$(echo "$o" | jq -r '.routes[0].legs[0].steps | map(select(.name != "" and .maneuver.type != "arrive")) | group_by(.name) | map({name: .[0].name, d: (map(.distance) | add), at: (.[0].maneuver.location)}) | sort_by(-.d) | .[:2] | map(.name) | sort | join(",")')" \
    "$(echo "$o" | jq -r '.routes[0].legs[0].summary | split(", ") | sort | join(",")')"
eq "route: OSM attribution" "© OpenStreetMap contributors, ODbL" "$(echo "$o" | jq -r .attribution)"
eq "route: waypoint name = the way snapped to" "$(echo "$o" | jq -r '.routes[0].legs[0].steps[0].name')" \
    "$(echo "$o" | jq -r '.waypoints[0].name')"

# the geometry follows the ways: the points of `corridor route --geojson` between the same nodes
cli=$("$COR" route "$work/mc.cor" --from 43.7311,7.4197 --to 43.7485,7.4373 --json)
from=$(echo "$cli" | jq -r '"\(.snapped.origin.lon),\(.snapped.origin.lat)"')
to=$(echo "$cli" | jq -r '"\(.snapped.destination.lon),\(.snapped.destination.lat)"')
"$COR" route "$work/mc.cor" --from 43.7311,7.4197 --to 43.7485,7.4373 --geojson |
    jq -c '[.features[].geometry.coordinates[]] | reduce .[] as $p ([]; if length > 0 and .[-1] == $p then . else . + [$p] end)' >"$work/cli_pts"
full=$(get "/route/v1/driving/$from;$to?overview=full&geometries=geojson")
echo "$full" | jq -c '.routes[0].geometry.coordinates' >"$work/srv_pts"
eq "geometry: overview=full has the points of corridor route --geojson" "$(cat "$work/cli_pts")" "$(cat "$work/srv_pts")"
eq "geometry: more than 100 points along the streets" true "$(jq 'length > 100' "$work/srv_pts")"
near "geometry: distance = corridor route's km" "$(echo "$cli" | jq '.total.km * 1000')" "$(echo "$full" | jq '.routes[0].distance')" 0.05
# the line's own length (haversine, R = 6371 km) within 1% of the reported distance
len=$(jq '[range(1; length) as $i | [.[$i - 1], .[$i]] | map(map(. * 3.141592653589793 / 180)) |
    (((.[1][1] - .[0][1]) / 2 | sin) as $a | ((.[1][0] - .[0][0]) / 2 | sin) as $b |
     2 * 6371000 * (($a * $a + (.[0][1] | cos) * (.[1][1] | cos) * $b * $b) | sqrt | asin))] | add' "$work/srv_pts")
near "geometry: its length within 1% of the distance" "$(echo "$full" | jq '.routes[0].distance')" "$len" \
    "$(echo "$full" | jq '.routes[0].distance / 100')"
simp=$(get "/route/v1/driving/$from;$to?geometries=geojson" | jq '.routes[0].geometry.coordinates | length')
eq "geometry: overview=simplified keeps fewer points, at least the two ends" true \
    "$(jq --argjson s "$simp" '$s >= 2 and $s < length' "$work/srv_pts")"
eq "geometry: simplified keeps the first and last points" "$(jq -c '[.[0], .[-1]]' "$work/srv_pts")" \
    "$(get "/route/v1/driving/$from;$to?geometries=geojson" | jq -c '.routes[0].geometry.coordinates | [.[0], .[-1]]')"

# coordinates: .json suffix, polyline(...), hints taken back
eq "route .json suffix = without" "$(echo "$o" | jq -c .routes[0].distance)" \
    "$(get "/route/v1/driving/$M.json?steps=true" | jq -c .routes[0].distance)"
# Google's polyline of (43.7311, 7.4197), (43.7485, 7.4373) at precision 5 (encoded outside
# corridor, by the algorithm of Google's documentation): 4373110, 741970, then +1740, +1760
eq "polyline(...) coordinates = lon,lat ones" "$(echo "$o" | jq -c .routes[0].distance)" \
    "$(get '/route/v1/driving/polyline(kf|iGcdhl@wkB_mB)' | jq -c .routes[0].distance)"
h=$(echo "$o" | jq -r '[.waypoints[].hint] | join(";")')
eq "hints: the same for the same point" "$h" "$(get "/route/v1/driving/$M" | jq -r '[.waypoints[].hint] | join(";")')"
eq "hints: taken back, the same route" "$(echo "$o" | jq -c .routes[0].distance)" \
    "$(get "/route/v1/driving/$M?hints=$h" | jq -c .routes[0].distance)"
eq "hints: taken back instead of the coordinates (OSRM's use of hints)" "$(echo "$o" | jq -c .routes[0].distance)" \
    "$(get "/route/v1/driving/7.41,43.72;7.44,43.75?hints=$h" | jq -c .routes[0].distance)"
eq "hints: another network's hint is ignored (snapped again)" "$(echo "$o" | jq -c .routes[0].distance)" \
    "$(get "/route/v1/driving/$M?hints=c1.0.00000000;" | jq -c .routes[0].distance)"
eq "alternatives=true on a snapshot: one route" 1 "$(get "/route/v1/driving/$M?alternatives=true" | jq '.routes | length')"

# /table: durations of /route, OSRM's shape
t=$(get "/table/v1/driving/$M;7.4250,43.7380?annotations=duration,distance")
shape "table: {code, durations, distances, sources, destinations} as documented" \
    "(keys - [\"attribution\"]) == [\"code\", \"destinations\", \"distances\", \"durations\", \"sources\"] and (.durations | length) == 3 and (.durations | all(length == 3 and all(type == \"number\"))) and (.sources | all($WAYPOINT)) and (.destinations | all($WAYPOINT))" "$t"
near "table: [0][1] = /route duration" "$(echo "$o" | jq '.routes[0].duration')" "$(echo "$t" | jq '.durations[0][1]')" 1e-6
near "table: [0][1] distance = /route distance" "$(echo "$o" | jq '.routes[0].distance')" "$(echo "$t" | jq '.distances[0][1]')" 1e-6

# /nearest
n=$(get '/nearest/v1/driving/7.4197,43.7311')
shape "nearest: {code, waypoints[1]} with nodes" \
    "(keys - [\"attribution\"]) == [\"code\", \"waypoints\"] and (.waypoints | length) == 1 and (.waypoints | all($WAYPOINT)) and (.waypoints[0].nodes | length) == 2" "$n"
eq "nearest: the route's first waypoint" "$(echo "$o" | jq -c '.waypoints[0] | [.location, .hint]')" "$(echo "$n" | jq -c '.waypoints[0] | [.location, .hint]')"
eq "nearest: farther than radiuses -> NoSegment" NoSegment "$(get '/nearest/v1/driving/7.4197,43.7311?radiuses=1' | jq -r .code)"

# /trip over 5 points: the round trip is the cheapest of the 4! orders from the /table durations
P='7.4197,43.7311;7.4373,43.7485;7.4250,43.7380;7.4160,43.7270;7.4290,43.7430'
tt=$(get "/table/v1/driving/$P")
best=$(echo "$tt" | jq '.durations as $d | def perms: if length <= 1 then . else .[] as $x | (map(select(. != $x)) | perms | [$x] + .) end;
    [[1, 2, 3, 4] | perms | [0] + . + [0] | [range(1; length) as $i | $d[.[$i - 1]][.[$i]]] | add] | min')
tr=$(get "/trip/v1/driving/$P?steps=true")
shape "trip: {code, trips[1], waypoints[]} with waypoint_index and trips_index" \
    "(keys - [\"attribution\"]) == [\"code\", \"trips\", \"waypoints\"] and (.trips | length) == 1 and (.trips | all($ROUTE)) and (.waypoints | length) == 5 and (.waypoints | all($WAYPOINT and (.waypoint_index | type) == \"number\" and .trips_index == 0)) and ([.waypoints[].waypoint_index] | sort) == [0, 1, 2, 3, 4]" "$tr"
near "trip: duration = the best of all 24 orders" "$best" "$(echo "$tr" | jq '.trips[0].duration')" 1e-3
eq "trip: 5 legs (round trip)" 5 "$(echo "$tr" | jq '.trips[0].legs | length')"
eq "trip: roundtrip=false with source=first, destination=last: 4 legs from point 0 to point 4" "4 0 4" \
    "$(get "/trip/v1/driving/$P?roundtrip=false&source=first&destination=last" | jq -r '"\(.trips[0].legs | length) \(.waypoints[0].waypoint_index) \(.waypoints[4].waypoint_index)"')"
eq "trip: roundtrip=false, source and destination any: NotImplemented (as OSRM)" NotImplemented \
    "$(get "/trip/v1/driving/$P?roundtrip=false" | jq -r .code)"

# roundabouts (OSM junction=roundabout), exits counted by hand from links.csv: the unnamed
# roundabout of way 25099619 runs n273183443 -> 444 -> 446 -> 448 -> 449 -> 443; Avenue
# Notre-Dame Bon Voyage enters at 444, and the roads out are Avenue Jean Jaures at 446 (1st
# exit), Avenue Georges Drin at 448 (2nd), Avenue de la Cote d'Azur at 449 (3rd). The named one
# (Carerefour Jean Moulin, way 24908229: n270628028 -> 030 -> 767829690 -> 270628033) is a
# rotary: from Chemin du Vallonet (at 028), Avenue Pasteur at 030 (1st), Avenue de Belgique at
# 767829690 (2nd), Avenue Pasteur again at 033 (3rd).
eq "import: roundabout ways carry ;roundabout in osm_class" "w25099619_0 primary;roundabout" \
    "$(awk -F, '$1 == "w25099619_0" { print $1, $NF }' "$work/mc/links.csv")"
rb() { # rb FROM;TO: "type exit name / type exit" of the roundabout step and the step after it
    get "/route/v1/driving/$1?steps=true&overview=false" | jq -r '.routes[0].legs[0].steps as $s |
        [range(length) as $i | $s[$i] | select(.maneuver.type == "roundabout" or .maneuver.type == "rotary") | $i][0] as $k |
        "\($s[$k].maneuver.type) \($s[$k].maneuver.exit) \($s[$k].name)\(if $s[$k].rotary_name then " (" + $s[$k].rotary_name + ")" else "" end) / \($s[$k + 1].maneuver.type) \($s[$k + 1].maneuver.exit)"'
}
eq "roundabout: Bon Voyage -> Georges Drin, 2nd exit" "roundabout 2 Avenue Georges Drin / exit roundabout 2" "$(rb '7.45180,43.75990;7.45285,43.76045')"
eq "roundabout: Bon Voyage -> Cote d'Azur, 3rd exit" "roundabout 3 Avenue de la Côte d'Azur / exit roundabout 3" "$(rb '7.45180,43.75990;7.452994,43.760602')"
eq "roundabout: Jean Jaures -> Georges Drin, 1st exit" "roundabout 1 Avenue Georges Drin / exit roundabout 1" "$(rb '7.45225,43.76015;7.45290,43.76050')"
eq "rotary: Vallonet -> Belgique, 2nd exit, rotary_name" "rotary 2 Avenue de Belgique (Carerefour Jean Moulin) / exit rotary 2" "$(rb '7.4798454,43.7638571;7.4804869,43.7636254')"
eq "rotary: Vallonet -> Pasteur (north), 3rd exit" "rotary 3 Avenue Pasteur (Carerefour Jean Moulin) / exit rotary 3" "$(rb '7.4798454,43.7638571;7.4809096,43.7640859')"

# /match: GPS traces sampled along routes of `corridor route --geojson` (the whole links, junction
# to junction), every 40 m from 20 m after the first junction to 20 m before the last (at a
# junction at either end a noisy point may lie nearest the crossing street with no later point
# to tell), each moved by up to 10 m in a seeded direction (Park-Miller, the same under any
# awk). Prints the trace, then the length of the line between its first and last samples.
TRACE_AWK='function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function hav(la1, lo1, la2, lo2,   a, b, p, h) {
    p = 3.141592653589793 / 180; a = sin((la2 - la1) * p / 2); b = sin((lo2 - lo1) * p / 2)
    h = a * a + cos(la1 * p) * cos(la2 * p) * b * b; return 2 * 6371000 * atan2(sqrt(h), sqrt(1 - h))
}
function emit(pla, plo,   r, t) {
    r = 10 * sqrt(rnd()); t = 2 * 3.141592653589793 * rnd()
    printf "%s%.7f,%.7f", (k++ ? ";" : ""), plo + r * sin(t) / (111195 * cos(pla * 3.141592653589793 / 180)), pla + r * cos(t) / 111195
}
{ lo[NR - 1] = $1; la[NR - 1] = $2; n = NR }
END {
    for (i = 1; i < n; i++) total += hav(la[i-1], lo[i-1], la[i], lo[i])
    seed = SEED; at = 20
    for (i = 1; i < n; i++) {
        d = hav(la[i-1], lo[i-1], la[i], lo[i])
        for (; at <= walked + d && at <= total - 20; at += 40) {
            f = d > 0 ? (at - walked) / d : 0; last = at
            emit(la[i-1] + f * (la[i] - la[i-1]), lo[i-1] + f * (lo[i] - lo[i-1]))
        }
        walked += d
    }
    printf "\n%.3f\n", last - 20
}'
# the largest distance in metres from the points of file 2 to the line of file 1 ("lon lat" lines)
OFF_AWK='FNR == NR { lx[NR - 1] = $1; ly[NR - 1] = $2; n = NR; next }
{
    c = cos($2 * 3.141592653589793 / 180); best = -1
    for (i = 1; i < n; i++) {
        ax = lx[i-1] * c; ay = ly[i-1]; dx = lx[i] * c - ax; dy = ly[i] - ay; l2 = dx * dx + dy * dy
        t = l2 > 0 ? (($1 * c - ax) * dx + ($2 - ay) * dy) / l2 : 0; t = t < 0 ? 0 : t > 1 ? 1 : t
        ex = ax + t * dx - $1 * c; ey = ay + t * dy - $2; d = sqrt(ex * ex + ey * ey) * 111195
        if (best < 0 || d < best) best = d
    }
    if (best > worst) worst = best
}
END { printf "%.3f\n", worst }'
route_line() { # route_line FROM TO FILE: the points of corridor route --geojson, "lon lat" lines
    "$COR" route "$work/mc.cor" --from "$1" --to "$2" --geojson |
        jq -r '[.features[].geometry.coordinates[]] | reduce .[] as $p ([]; if length > 0 and .[-1] == $p then . else . + [$p] end) | .[] | "\(.[0]) \(.[1])"' >"$3"
}
TRACEPOINT="(. == null) or ($WAYPOINT and (.matchings_index | type) == \"number\" and
  (.waypoint_index | type) == \"number\" and (.alternatives_count | type) == \"number\")"
MATCHING="$ROUTE and (.confidence | type) == \"number\" and .confidence >= 0 and .confidence <= 1 and
  (.geometry | type) == \"string\""
route_line 43.7311,7.4197 43.7485,7.4373 "$work/line_m"
route_line 43.7311,7.4197 43.7400,7.4300 "$work/line_a"
route_line 43.7622,7.4801 43.7660,7.4870 "$work/line_b"
for case in m:1 m:42 a:1 a:7; do
    line=$work/line_${case%%:*}
    awk -v SEED="${case#*:}" "$TRACE_AWK" "$line" >"$work/trace"
    tr=$(head -1 "$work/trace")
    mt=$(get "/match/v1/driving/$tr?overview=full&geometries=geojson")
    eq "match $case: one matching, every point matched" "1 0 $(tr ';' '\n' <<<"$tr" | wc -l)" \
        "$(echo "$mt" | jq -r '"\(.matchings | length) \([.tracepoints[] | select(. == null)] | length) \(.tracepoints | length)"')"
    echo "$mt" | jq -r '.tracepoints[].location | "\(.[0]) \(.[1])"' >"$work/tp"
    eq "match $case: every tracepoint within 1 m of the route's line" 1 \
        "$(awk "$OFF_AWK" "$line" "$work/tp" | awk '{ print ($1 < 1) }')"
    near "match $case: matched distance within 2% of the route's between the first and last samples" \
        "$(sed -n 2p "$work/trace")" "$(echo "$mt" | jq '.matchings[0].distance')" \
        "$(sed -n 2p "$work/trace" | awk '{ print $1 * 0.02 }')"
done
shape "match: {code, matchings[], tracepoints[]} as OSRM v5 documents them" \
    "(keys - [\"attribution\"]) == [\"code\", \"matchings\", \"tracepoints\"] and (.matchings | all($MATCHING)) and (.tracepoints | all($TRACEPOINT))" \
    "$(get "/match/v1/driving/$tr?steps=true")"
np=$(tr ';' '\n' <<<"$tr" | wc -l)
eq "match: waypoint_index 0, 1, ... along the matching, a leg between consecutive points" "true $((np - 1))" \
    "$(echo "$mt" | jq -r '"\([.tracepoints[].waypoint_index] == [range(.tracepoints | length)]) \(.matchings[0].legs | length)"')"
eq "match: the legs add up to the matching's distance" true \
    "$(echo "$mt" | jq '([.matchings[0].legs[].distance] | add) - .matchings[0].distance | fabs < 1e-6')"
# a jump of 5.9 km (8 points of trace a, then 8 points near 7.48,43.762, 5 s apart): two matchings
awk -v SEED=5 "$TRACE_AWK" "$work/line_a" | head -1 | cut -d';' -f1-8 >"$work/ja"
awk -v SEED=5 "$TRACE_AWK" "$work/line_b" | head -1 | cut -d';' -f1-8 >"$work/jb"
J="$(cat "$work/ja");$(cat "$work/jb")"
ts=$(seq 0 5 75 | paste -sd';')
eq "match: a 5.9 km jump in 5 s splits the trace into two matchings, 8 points each" \
    "2 [0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1] [0,1,2,3,4,5,6,7,0,1,2,3,4,5,6,7]" \
    "$(get "/match/v1/driving/$J?timestamps=$ts" | jq -c -r '"\(.matchings | length) \([.tracepoints[].matchings_index]) \([.tracepoints[].waypoint_index])"')"
# without timestamps: the route between the two sides is more than 2 km longer than the
# great-circle distance (the /route answer), so no transition either
p8=$(cut -d';' -f8 "$work/ja")
p9=$(cut -d';' -f1 "$work/jb")
rd=$(get "/route/v1/driving/$p8;$p9?overview=false" | jq .routes[0].distance)
gc=$(echo "$p8 $p9" | tr ',' ' ' | awk '{ p = 3.141592653589793 / 180; a = sin(($4 - $2) * p / 2); b = sin(($3 - $1) * p / 2); h = a * a + cos($2 * p) * cos($4 * p) * b * b; print 2 * 6371000 * atan2(sqrt(h), sqrt(1 - h)) }')
eq "match: the jump's route is over 2 km longer than its great circle ($rd m vs $gc m)" 1 \
    "$(awk -v r="$rd" -v g="$gc" 'BEGIN { print (r - g > 2000) }')"
eq "match: without timestamps the jump splits too" 2 "$(get "/match/v1/driving/$J" | jq '.matchings | length')"
# a point 113 m from the nearest road (in the sea) amid trace a: null, the rest one matching
eq "match: the sea point's nearest road is beyond 3 sigma (15 m)" true \
    "$(get '/nearest/v1/driving/7.4300,43.7330' | jq '.waypoints[0].distance > 100')"
S="$(cut -d';' -f1-4 "$work/ja");7.4300,43.7330;$(cut -d';' -f5-8 "$work/ja")"
eq "match: a point far from any road is null, the others one matching" "1 [0,1,2,3,null,4,5,6,7]" \
    "$(get "/match/v1/driving/$S" | jq -c -r '"\(.matchings | length) \([.tracepoints[] | if . == null then null else .waypoint_index end])"')"
# gaps: 60 s without a point splits (gaps=split, the default), not with gaps=ignore
tg='0;5;10;15;200;205;210;215'
eq "match: a gap of 185 s splits (gaps=split)" 2 "$(get "/match/v1/driving/$(cat "$work/ja")?timestamps=$tg" | jq '.matchings | length')"
eq "match: gaps=ignore keeps one matching" 1 "$(get "/match/v1/driving/$(cat "$work/ja")?timestamps=$tg&gaps=ignore" | jq '.matchings | length')"
eq "match: tidy=true leaves out a point 3 m from the one before" "8 null" \
    "$(get "/match/v1/driving/$(cut -d';' -f1-4 "$work/ja");$(cut -d';' -f4 "$work/ja" | awk -F, '{ printf "%.7f,%.7f", $1, $2 + 0.000027 }');$(cut -d';' -f5-8 "$work/ja")?tidy=true" | jq -r '"\([.tracepoints[] | select(. != null)] | length) \(.tracepoints[4])"')"
for bad in 'timestamps=1;2' 'timestamps=5;4;3;2;1;0;0;0' 'gaps=never' 'tidy=maybe' 'radiuses=500;;;;;;;' 'radiuses=unlimited;;;;;;;' 'bogus=1'; do
    eq "match: $bad -> InvalidOptions" InvalidOptions "$(get "/match/v1/driving/$(cat "$work/ja")?$bad" | jq -r .code)"
done
eq "match: waypoints -> NotImplemented" NotImplemented "$(get "/match/v1/driving/$(cat "$work/ja")?waypoints=0;7" | jq -r .code)"
eq "match: one coordinate -> InvalidQuery" InvalidQuery "$(get "/match/v1/driving/7.4197,43.7311" | jq -r .code)"
eq "match: 101 coordinates -> TooBig (OSRM's default limit is 100)" TooBig \
    "$(get "/match/v1/driving/$(yes 7.4197,43.7311 | head -101 | paste -sd';')" | jq -r .code)"
eq "match: nothing near a road -> NoMatch" NoMatch "$(get '/match/v1/driving/7.4300,43.7330;7.4301,43.7331' | jq -r .code)"

# errors as OSRM names them
eq "unknown parameter: InvalidOptions" InvalidOptions "$(get "/route/v1/driving/$M?bogus=1" | jq -r .code)"
eq "radiuses: a point farther than its radius -> NoSegment" NoSegment "$(get "/route/v1/driving/$M?radiuses=1;" | jq -r .code)"
eq "radiuses: unlimited" Ok "$(get "/route/v1/driving/$M?radiuses=unlimited;unlimited" | jq -r .code)"
eq "radiuses: wrong count" InvalidOptions "$(get "/route/v1/driving/$M?radiuses=5" | jq -r .code)"
eq "scenario on a snapshot: 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$B/route/v1/driving/$M?scenario=tripp")"
eq "corridor API on a snapshot: 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$B/corridor/v1/network")"
pre=$(curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: http://example.org' -H 'Access-Control-Request-Method: GET' "$B/route/v1/driving/$M" | tr -d '\r')
contains "OPTIONS preflight: 204" "HTTP/1.1 204" "$pre"
contains "OPTIONS preflight: the --cors origin" "Access-Control-Allow-Origin: *" "$pre"
contains "OPTIONS preflight: methods" "Access-Control-Allow-Methods: GET, HEAD, OPTIONS" "$pre"

# ---- Liechtenstein: 200 seeded random pairs in the extract's bounding box all route ----
start li --net "$work/li.cor" || finish osrm
B=http://127.0.0.1:$PORT
bbox=$(awk -F, 'NR > 1 { if (n++ == 0) { a = c = $5; b = d = $6 } if ($5 < a) a = $5; if ($5 > c) c = $5; if ($6 < b) b = $6; if ($6 > d) d = $6 } END { print a, b, c, d }' "$work/li/nodes.csv")
echo "$bbox" | awk -v b="$B" '{ srand(16); for (i = 0; i < 200; i++) printf "%s/route/v1/driving/%.5f,%.5f;%.5f,%.5f?overview=false\n", b, $2 + rand() * ($4 - $2), $1 + rand() * ($3 - $1), $2 + rand() * ($4 - $2), $1 + rand() * ($3 - $1) }' >"$work/pairs"
xargs curl -s -w '\n' <"$work/pairs" | jq -r .code >"$work/codes"
ok=$(grep -c '^Ok$' "$work/codes")
bad=$(paste "$work/codes" "$work/pairs" | grep -v '^Ok' | head -3 | tr '\n' ' ')
eq "liechtenstein: 200 random pairs in the bounding box all route" 200 "$ok${bad:+ (failed:$bad)}"
# the pair of the issue: the start's nearest way is a fragment (node n24195); OSRM's answer is
# the nearest point of the big component
o=$(get '/route/v1/driving/9.49078,47.17567;9.54087,47.15347')
eq "liechtenstein: start beside a fragment routes from the big component" Ok "$(echo "$o" | jq -r .code)"

# ---- the bundled network (a directory): NoSegment, swapped coordinates ----
start cau --threads 2 || finish osrm
B=http://127.0.0.1:$PORT
z=$(get '/route/v1/driving/0,0;49.892,40.378')
eq "caucasus: (0,0) answers NoSegment" NoSegment "$(echo "$z" | jq -r .code)"
eq "caucasus: (0,0) HTTP 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' "$B/route/v1/driving/0,0;49.892,40.378")"
contains "caucasus: lat,lon swapped: the error suggests lon,lat" "did you mean 49.892,40.378" \
    "$(get '/route/v1/driving/40.378,49.892;43.1,40.6' | jq -r .message)"
bk=$(get '/route/v1/driving/49.892,40.378;43.1,40.6?steps=true')
shape "caucasus: Baku -> Kars in OSRM's shape" "(.routes | all($ROUTE)) and (.waypoints | all($WAYPOINT))" "$bk"
eq "caucasus: every border crossing of the route is a notification step" \
    "$(echo "$bk" | jq '[.routes[0].legs[0].steps[] | select(.maneuver.type == "notification" and .corridor.kind == "border")] | length')" \
    "$("$COR" route Baku Kars --modes road --minimize time --json | jq '.borders | length')"
eq "caucasus: match on a directory -> NotImplemented" NotImplemented "$(get '/match/v1/driving/49.892,40.378;49.9,40.38' | jq -r .code)"
shape "caucasus: a notification's corridor object: from/to country, dwell_h, usd" \
    '[.routes[0].legs[0].steps[] | select(.maneuver.type == "notification") | .corridor | (.from_country | length) == 2 and (.dwell_h | type) == "number" and (.usd | type) == "number"] | length > 0 and all' "$bk"
finish osrm
