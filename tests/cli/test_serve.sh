# corridor serve over HTTP (curl + jq): every endpoint's answer against the CLI's answer to the
# same query, the OSRM response shape, every error status, and a graceful stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
DEMAND=$ROOT/tests/data/caucasus/demand.csv
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT

# start NAME ARGS...: starts a server on a free port; sets PORT and PID
start() {
    local name=$1
    shift
    serve_add "$work/$name.log" "$@"
}
start main --demand "$DEMAND" --threads 2 || finish serve
B=http://127.0.0.1:$PORT
get() { curl -s "$B$1"; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
same() { # same NAME SERVER_JSON CLI_JSON: equal as JSON (keys sorted)
    eq "$1" "$(echo "$3" | jq -S -c .)" "$(echo "$2" | jq -S -c .)"
}

# ---- corridor endpoints = the CLI's --json ----
same "route Baku -> Nakhchivan (tripp) = corridor route --json" \
    "$(get '/corridor/v1/route?from=Baku&to=Nakhchivan&scenario=tripp')" \
    "$("$COR" route Baku Nakhchivan --scenario tripp --json)"
same "route with avoid, minimize, alternatives = CLI" \
    "$(get '/corridor/v1/route?from=Baku&to=Kars&avoid=GE&minimize=time&alternatives=3&status=planned')" \
    "$("$COR" route Baku Kars --avoid GE --minimize time --alternatives 3 --status planned --json)"
same "route with modes, tonnes, vot, via, dwell = CLI" \
    "$(get '/corridor/v1/route?from=alat%20port&to=Kars&modes=rail,road&tonnes=60&vot=2.5&via=Tbilisi&dwell=p95')" \
    "$("$COR" route "Alat port" Kars --modes rail,road --tonnes 60 --vot 2.5 --via Tbilisi --dwell p95 --json)"
eq "route legs by name" "Alat port,Osmanli,Horadiz,Mincivan,Aghband,Nrnadzor post,Meghri,Karchevan post,Ordubad,Julfa,Nakhchivan" \
    "$(get '/corridor/v1/route?from=Baku&to=Nakhchivan&scenario=tripp' | jq -r '[.legs[].to] | join(",")')"
same "scenarios = corridor scenarios --json" "$(get /corridor/v1/scenarios)" "$("$COR" scenarios --json)"
same "network = corridor info --json" "$(get /corridor/v1/network)" "$("$COR" info --json)"
same "network with scenario = corridor info --scenario --json" \
    "$(get '/corridor/v1/network?scenario=tripp')" "$("$COR" info --scenario tripp --json)"
same "assign (tripp, aon) = corridor assign --json" \
    "$(get '/corridor/v1/assign?scenario=tripp&method=aon')" \
    "$("$COR" assign --scenario tripp --demand "$DEMAND" --json)"
same "assign logit = CLI" "$(get '/corridor/v1/assign?scenario=base&method=logit&theta=0.1')" \
    "$("$COR" assign --scenario base --method logit --theta 0.1 --demand "$DEMAND" --json)"
same "assign again (from the cache) = CLI" "$(get '/corridor/v1/assign?scenario=base&method=logit&theta=0.1')" \
    "$("$COR" assign --scenario base --method logit --theta 0.1 --demand "$DEMAND" --json)"
cache() { curl -s -D - -o /dev/null "$B$1" | tr -d '\r' | sed -n 's/^X-Corridor-Cache: //p'; }
eq "cache: first compare computed" miss "$(cache '/corridor/v1/compare?a=base&b=tripp&minimize=time')"
eq "cache: the same compare from the cache" hit "$(cache '/corridor/v1/compare?a=base&b=tripp&minimize=time')"
eq "cache: another parameter computed" miss "$(cache '/corridor/v1/compare?a=base&b=tripp&minimize=cost')"
eq "cache: assign keyed on its scenario" miss "$(cache '/corridor/v1/assign?scenario=no-iran')"
cmp=$(get '/corridor/v1/compare?a=base&b=tripp')
same "compare base tripp = corridor compare --json (plus link volumes)" \
    "$(echo "$cmp" | jq 'del(.a_link_tonnes, .b_link_tonnes)')" \
    "$("$COR" compare base tripp --demand "$DEMAND" --json)"
eq "compare: link volumes of B match the top links" \
    "$(echo "$cmp" | jq -S -c '[.links[] | {(.link): .tonnes}] | add')" \
    "$(echo "$cmp" | jq -S -c '[.links[].link] as $l | .b_link_tonnes | with_entries(select(.key as $k | $l | index($k)))')"
geo=$(get '/corridor/v1/network.geojson?scenario=tripp')
info=$("$COR" info --json)
eq "geojson: a feature per node and link" "$(echo "$info" | jq '.nodes + .links')" "$(echo "$geo" | jq '.features | length')"
eq "geojson: TRIPP links operating under tripp" "operating" \
    "$(echo "$geo" | jq -r '[.features[] | select(.properties.kind == "link" and (.properties.corridors | index("tripp"))) | .properties.status] | unique | join(",")')"
eq "geojson: as loaded, TRIPP rail under construction and planned" "true true" \
    "$(get /corridor/v1/network.geojson | jq -r '[.features[] | select(.properties.kind == "link" and .properties.mode == "rail" and (.properties.corridors | index("tripp"))) | .properties.status] | "\(index("construction") != null) \(index("planned") != null)"')"
eq "geojson: border posts" "$(awk -F, 'NR > 1 && /border_post/' "$ROOT/data/caucasus/nodes.csv" | wc -l)" \
    "$(echo "$geo" | jq '[.features[] | select(.properties.border_post)] | length')"
eq "nodes?q=bak" "AZ01 Baku" "$(get '/corridor/v1/nodes?q=bak' | jq -r '.nodes[] | "\(.id) \(.name)"')"
eq "nodes: prefix matches first, in file order" "Karchevan post,Kartsakhi,Kazbegi" "$(get '/corridor/v1/nodes?q=ka&limit=3' | jq -r '[.nodes[].name] | join(",")')"
eq "nodes: substring" "true" "$(get '/corridor/v1/nodes?q=post&limit=50' | jq '[.nodes[].name | test("post"; "i")] | all')"
# countries: every country of the network by code, named by iso-codes' ISO 3166-1 table
eq "countries: the network's countries, in code order" "$("$COR" info --json | jq -r '[.countries[].country] | sort | join(",")')" \
    "$(get /corridor/v1/countries | jq -r '[.countries[].country] | join(",")')"
eq "countries: names" "Armenia Iran Türkiye" "$(get /corridor/v1/countries | jq -r '[.countries[] | select(.country == "AM" or .country == "IR" or .country == "TR") | .name] | join(" ")')"
eq "countries: no parameters" 400 "$(status "$B/corridor/v1/countries?x=1")"

# ---- OSRM-compatible ----
# Baku is 40.378,49.892 and Nakhchivan 39.216,45.411 (data/caucasus/nodes.csv): on the nodes,
# the snap distances are 0
cli=$("$COR" route Baku Nakhchivan --modes road --minimize time --json)
o=$(get '/route/v1/driving/49.892,40.378;45.411,39.216?overview=full&geometries=geojson')
eq "osrm route: code Ok" Ok "$(echo "$o" | jq -r .code)"
near "osrm route: distance in m = CLI km x 1000" "$(echo "$cli" | jq '.total.km * 1000')" "$(echo "$o" | jq '.routes[0].distance')" 1e-3
near "osrm route: duration in s = CLI hours x 3600" "$(echo "$cli" | jq '.total.hours * 3600')" "$(echo "$o" | jq '.routes[0].duration')" 1e-3
near "osrm route: weight = duration (weight_name duration)" "$(echo "$o" | jq '.routes[0].duration')" "$(echo "$o" | jq '.routes[0].weight')" 1e-6
eq "osrm route: one leg, same distance" "$(echo "$o" | jq '.routes[0].distance')" "$(echo "$o" | jq '.routes[0].legs[0].distance')"
eq "osrm route: geometry = the legs' nodes" "$(echo "$cli" | jq '.legs | length + 1')" "$(echo "$o" | jq '.routes[0].geometry.coordinates | length')"
eq "osrm route: geometry starts at Baku" "[49.892,40.378]" "$(echo "$o" | jq -c '.routes[0].geometry.coordinates[0]')"
eq "osrm route: waypoints" "Baku 0 [49.892,40.378] Nakhchivan 0" \
    "$(echo "$o" | jq -r '"\(.waypoints[0].name) \(.waypoints[0].distance) \(.waypoints[0].location | tojson) \(.waypoints[1].name) \(.waypoints[1].distance)"')"
eq "osrm route: keys" "code,routes,waypoints distance,duration,geometry,legs,weight,weight_name" \
    "$(echo "$o" | jq -r '"\(keys | join(",")) \(.routes[0] | keys | join(","))"')"
# 0.01 degrees of latitude north of Baku: 6371 km x 0.01 x pi / 180 = 1111.95 m
near "osrm: snap distance 1111.95 m" 1111.95 "$(get '/route/v1/driving/49.892,40.388;45.411,39.216' | jq '.waypoints[0].distance')" 0.01
eq "osrm: default geometry is a polyline string" string "$(get '/route/v1/driving/49.892,40.378;45.411,39.216' | jq -r '.routes[0].geometry | type')"
eq "osrm: overview=false has no geometry" null "$(get '/route/v1/driving/49.892,40.378;45.411,39.216?overview=false' | jq -c '.routes[0].geometry')"
# Yevlakh is 40.618,47.15 (nodes.csv AZ05); three waypoints, two legs, each the CLI's route
l1=$("$COR" route Baku Yevlakh --modes rail --minimize time --json | jq '.total.km * 1000')
l2=$("$COR" route Yevlakh Kars --modes rail --minimize time --json | jq '.total.km * 1000')
o=$(get "/route/v1/rail/49.892,40.378;$(awk -F, '$1 == "AZ05" {print $6 "," $5}' "$ROOT/data/caucasus/nodes.csv");43.1,40.6")
eq "osrm rail via Yevlakh: two legs" 2 "$(echo "$o" | jq '.routes[0].legs | length')"
near "osrm rail: leg 1 = CLI Baku -> Yevlakh" "$l1" "$(echo "$o" | jq '.routes[0].legs[0].distance')" 1e-3
near "osrm rail: leg 2 = CLI Yevlakh -> Kars" "$l2" "$(echo "$o" | jq '.routes[0].legs[1].distance')" 1e-3
near "osrm rail: distance = sum of the legs" "$(echo "$l1 $l2" | awk '{print $1 + $2}')" "$(echo "$o" | jq '.routes[0].distance')" 1e-3
cli3=$("$COR" route Baku Kars --minimize time --alternatives 3 --json | jq -c '[.total.km * 1000] + [.alternatives[].total.km * 1000]')
eq "osrm alternatives=2: 3 routes, as the CLI's 3 alternatives" "$cli3" \
    "$(get '/route/v1/any/49.892,40.378;43.1,40.6?alternatives=2' | jq -c '[.routes[].distance]')"
eq "osrm alternatives=true: one alternative, as OSRM" "$(echo "$cli3" | jq -c '.[:2]')" \
    "$(get '/route/v1/any/49.892,40.378;43.1,40.6?alternatives=true' | jq -c '[.routes[].distance]')"
eq "osrm with scenario: TRIPP by road, its border crossings as notification steps" "AZ>AM,AM>AZ" \
    "$(get '/route/v1/driving/49.892,40.378;45.411,39.216?scenario=tripp&steps=true' | jq -r '[.routes[0].legs[0].steps[] | select(.maneuver.type == "notification") | "\(.corridor.from_country)>\(.corridor.to_country)"] | join(",")')"
t=$(get '/table/v1/rail/49.892,40.378;43.1,40.6;44.793,41.71?annotations=duration,distance')
eq "osrm table: 3x3 durations and distances" "3 3 3 3" "$(echo "$t" | jq -r '"\(.durations | length) \(.durations[0] | length) \(.distances | length) \(.distances[2] | length)"')"
near "osrm table: Baku -> Kars = CLI hours x 3600" "$("$COR" route Baku Kars --modes rail --minimize time --json | jq '.total.hours * 3600')" "$(echo "$t" | jq '.durations[0][1]')" 1e-3
near "osrm table: Tbilisi -> Baku km = CLI" "$("$COR" route Tbilisi Baku --modes rail --minimize time --json | jq '.total.km * 1000')" "$(echo "$t" | jq '.distances[2][0]')" 1e-3
eq "osrm table: diagonal 0" "0 0 0" "$(echo "$t" | jq -r '"\(.durations[0][0]) \(.durations[1][1]) \(.durations[2][2])"')"
eq "osrm table: sources/destinations" "1 3 Kars" "$(get '/table/v1/rail/49.892,40.378;43.1,40.6;44.793,41.71?sources=1' | jq -r '"\(.durations | length) \(.durations[0] | length) \(.sources[0].name)"')"
eq "osrm table: null where no route (rail Baku -> Nakhchivan as loaded)" null "$(get '/table/v1/rail/49.892,40.378;45.411,39.216' | jq '.durations[0][1]')"

# ---- errors ----
err() { # err NAME STATUS CODE MESSAGE-PART URL [CURL-ARGS...]
    local name=$1 st=$2 code=$3 part=$4 url=$5; shift 5
    local out
    out=$(curl -s -w '\n%{http_code}' "$@" "$B$url")
    eq "$name: HTTP $st" "$st" "$(echo "$out" | tail -n 1)"
    eq "$name: code" "$code" "$(echo "$out" | sed '$d' | jq -r .code)"
    contains "$name: message" "$part" "$(echo "$out" | sed '$d' | jq -r .message)"
}
err "bad number" 400 InvalidQuery "tonnes: expected a number" '/corridor/v1/route?from=Baku&to=Kars&tonnes=lots'
err "bad minimize" 400 InvalidQuery "minimize: expected time, cost" '/corridor/v1/route?from=Baku&to=Kars&minimize=fast'
err "bad avoid" 400 InvalidQuery "avoid: no node of the network is in country ZZ" '/corridor/v1/route?from=Baku&to=Kars&avoid=ZZ'
err "unknown parameter" 400 InvalidQuery "frm: unknown parameter" '/corridor/v1/route?frm=Baku&to=Kars'
err "missing from" 400 InvalidQuery "from: expected a node name" '/corridor/v1/route?to=Kars'
err "bad method" 400 InvalidQuery "method: expected aon or logit" '/corridor/v1/assign?method=ue'
err "unknown node" 404 NotFound 'to: unknown node "Karz"' '/corridor/v1/route?from=Baku&to=Karz'
err "unknown scenario" 404 NotFound 'no scenario "trip"' '/corridor/v1/route?from=Baku&to=Kars&scenario=trip'
err "unknown scenario in compare" 404 NotFound 'no scenario "nope"' '/corridor/v1/compare?a=base&b=nope'
err "unknown path" 404 NotFound "no such endpoint" '/corridor/v1/routes'
err "unknown file" 404 NotFound "no such file" '/nothing.html'
err "no traversal" 404 NotFound "no such file" '/vendor/../../etc/passwd' --path-as-is
err "no route" 404 NoRoute "" '/corridor/v1/route?from=Baku&to=Nakhchivan&modes=rail'
err "POST" 405 MethodNotAllowed "expected GET or HEAD" '/corridor/v1/network' -X POST
err "a method that is not UTF-8" 405 MethodNotAllowed "expected GET or HEAD, found G?T" /health -X "$(printf 'G\xc5T')"
eq "405 has an Allow header" "Allow: GET, HEAD, OPTIONS" "$(curl -s -D - -o /dev/null -X DELETE "$B/corridor/v1/network" | tr -d '\r' | grep -i '^allow:')"
head -c 70000 /dev/zero >"$work/big"
err "body too large" 413 TooBig "at most 65536 bytes" '/corridor/v1/network' -X GET --data-binary "@$work/big"
{ printf '10000\r\n'; head -c 65536 /dev/zero | tr '\0' x; printf '\r\n'; } >"$work/chunk"
# a body that never ends (chunked, the last chunk never sent): the connection is closed once
# 64 KiB + 1 MiB are in, not held for ever (the idle timeout never fires while data comes)
eq "endless chunked body: closed after 1 MiB over the limit" closed "$(timeout 20 bash -c 'trap "" PIPE
    exec 5<>/dev/tcp/127.0.0.1/"$1" || exit 1
    printf "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" >&5
    for i in $(seq 1 200); do # up to 12.5 MiB
        cat "$2" >&5 2>/dev/null || { echo closed; exit; }
    done
    echo open' _ "$PORT" "$work/chunk")"
eq "413 early: a Content-Length far over the limit answered before any body" "HTTP/1.1 413" \
    "$(timeout 5 bash -c 'exec 5<>/dev/tcp/127.0.0.1/"$1" || exit 1
        printf "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9999999\r\n\r\n" >&5
        head -n 1 <&5' _ "$PORT" | cut -c1-12)"
eq "URI too long: 414" 414 "$(status "$B/route/v1/driving/$(head -c 20000 /dev/zero | tr '\0' 1)")"
eq "headers too large: 431" 431 "$(status -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$B/corridor/v1/network")"
# in a shell of its own: a failed connection is a failed check, not the end of this script.
# libmicrohttpd answers and closes once it has the request line, so writing the rest may fail
# (SIGPIPE ignored): the answer is read all the same
eq "HTTP/2.0 request line: 505 from libmicrohttpd" "HTTP/1.1 505 HTTP Version Not Supported" \
    "$(timeout 5 bash -c 'trap "" PIPE; exec 5<>/dev/tcp/127.0.0.1/"$1" || exit 1
        printf "GET /health HTTP/2.0\r\nHost: x\r\n\r\n" >&5 2>/dev/null; head -n 1 <&5' _ "$PORT" | tr -d '\r')"
err "invalid UTF-8" 400 InvalidQuery "from: expected UTF-8" '/corridor/v1/route?from=%FF&to=Kars'
err "overlong UTF-8" 400 InvalidQuery "expected UTF-8" '/corridor/v1/nodes?q=%C0%AF'
err "UTF-8 above U+10FFFF" 400 InvalidQuery "q: expected UTF-8" '/corridor/v1/nodes?q=%F4%90%80%80'
err "UTF-8 above U+10FFFF in a node name" 400 InvalidQuery "from: expected UTF-8" '/corridor/v1/route?from=%F4%90%80%80&to=Kars'
err "valid UTF-8, unknown node" 404 NotFound 'unknown node "Bakı"' '/corridor/v1/route?from=Bak%C4%B1&to=Kars'
err "osrm: bad coordinates" 400 InvalidQuery "coordinates: expected lon,lat pairs" '/route/v1/driving/49.8;45.4,39.2'
# the message quotes the coordinates cut at 80 bytes, here inside the two bytes of U+0131
err "osrm: bad coordinates quoted up to a cut UTF-8 character" 400 InvalidQuery "found \"$(printf 'x%.0s' $(seq 79))?\"" \
    "/route/v1/driving/$(printf 'x%.0s' $(seq 79))%C4%B1"
err "osrm: latitude out of range" 400 InvalidQuery "latitude -90..90" '/route/v1/driving/49.8,95;45.4,39.2'
err "osrm: one coordinate" 400 InvalidQuery "at least 2" '/route/v1/driving/49.8,40.3'
err "osrm: unknown profile" 400 InvalidOptions "profile: expected driving" '/route/v1/bicycle/49.892,40.378;43.1,40.6'
err "osrm: unknown parameter" 400 InvalidOptions "foo: unknown parameter" '/route/v1/driving/49.892,40.378;43.1,40.6?foo=1'
err "osrm: bad geometries" 400 InvalidOptions "geometries: expected geojson" '/route/v1/driving/49.892,40.378;43.1,40.6?geometries=wkt'
err "osrm: no route" 400 NoRoute "" '/route/v1/rail/49.892,40.378;45.411,39.216'
c51=$(awk 'BEGIN { for (i = 0; i < 51; i++) printf "%s49.892,40.378", i ? ";" : "" }')
err "osrm table: 51 coordinates" 400 TooBig "coordinates: at most 50, found more" "/table/v1/rail/$c51"
err "osrm table: bad sources" 400 InvalidOptions "sources: expected" '/table/v1/rail/49.892,40.378;43.1,40.6?sources=5'

# start-up errors
out=$("$COR" serve --bogus 2>&1)
eq "serve: unknown option exits 2" 2 "$?"
contains "serve: unknown option named" 'unknown or incomplete option "--bogus"' "$out"
out=$("$COR" serve --bind localhost --port 0 2>&1)
eq "serve: a name for --bind exits 2" 2 "$?"
contains "serve: --bind message" 'bind: expected a numeric IPv4 or IPv6 address, found "localhost"' "$out"
out=$("$COR" serve --port 0 --net "$work/none" 2>&1)
eq "serve: missing network exits 1" 1 "$?"
contains "serve: missing network: named as given" "$work/none: expected a network directory, found nothing there" "$out"
printf 'from,to,commodity,tonnes_per_year,source\nBaku,Atlantis,general,5,x\n' >"$work/bad-demand.csv"
out=$("$COR" serve --port 0 --demand "$work/bad-demand.csv" 2>&1)
eq "serve: bad demand exits 1" 1 "$?"
contains "serve: bad demand: file:line: field" "$work/bad-demand.csv:2: to: unknown node \"Atlantis\"" "$out"
out=$("$COR" serve --port "$PORT" 2>&1)
eq "serve: port in use exits 1" 1 "$?"
contains "serve: port in use message" "cannot listen on 127.0.0.1 port $PORT" "$out"
eq "serve --help" 0 "$("$COR" help serve >/dev/null; echo $?)"

# ---- Host header (DNS rebinding) and CORS ----
# bound to 127.0.0.1: the loopback names are answered, any other name gets 403
hs() { curl -s -o /dev/null -w '%{http_code}' -H "Host: $1" "$B/health"; }
eq "Host: localhost:PORT -> 200" 200 "$(hs "localhost:$PORT")"
eq "Host: 127.0.0.5 -> 200" 200 "$(hs 127.0.0.5)"
eq "Host: [::1]:PORT -> 200" 200 "$(hs "[::1]:$PORT")"
eq "Host: LOCALHOST -> 200" 200 "$(hs LOCALHOST)"
eq "Host: evil.example -> 403" 403 "$(hs evil.example)"
eq "Host: localhost.evil.example -> 403" 403 "$(hs localhost.evil.example)"
eq "Host: 128.0.0.1 -> 403" 403 "$(hs 128.0.0.1)"
eq "Host: [::2] -> 403" 403 "$(hs '[::2]')"
out=$(curl -s -H "Host: evil.example:$PORT" "$B/corridor/v1/route?from=Baku&to=Kars")
eq "403: JSON code" Forbidden "$(echo "$out" | jq -r .code)"
contains "403: message names the option" "--allow-host NAME" "$(echo "$out" | jq -r .message)"
eq "HTTP/1.0 without Host -> 200" 200 "$(curl -s -o /dev/null -w '%{http_code}' -0 -H 'Host:' "$B/health")"
eq "no Access-Control-Allow-Origin by default" "" "$(curl -s -D - -o /dev/null "$B/health" | grep -i '^access-control' | tr -d '\r')"
start hosts --allow-host corridor.example,10.1.2.3 --cors https://maps.example || finish serve
eq "--allow-host: corridor.example -> 200" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: corridor.example' "http://127.0.0.1:$PORT/health")"
eq "--allow-host: 10.1.2.3:80 -> 200" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: 10.1.2.3:80' "http://127.0.0.1:$PORT/health")"
eq "--allow-host: loopback still -> 200" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")"
eq "--allow-host: other names -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: corridor.example.evil' "http://127.0.0.1:$PORT/health")"
eq "--cors: the header" "Access-Control-Allow-Origin: https://maps.example" "$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/health" | grep -i '^access-control' | tr -d '\r')"
kill -TERM "$PID"; wait "$PID"
err=$("$COR" serve --port 0 --allow-host 'a b' 2>&1)
eq "--allow-host with a space: exit 2" 2 $?
contains "--allow-host with a space: message" 'expected host names separated by ","' "$err"

# --max-assign: with 2 threads one assignment at a time; a second one gets 503 while a route
# query is still answered (logit over 20 routes on the bundled demand takes seconds)
start slots --threads 2 || finish serve
S=http://127.0.0.1:$PORT
# slow_vs_quick: starts the slow assignment, then sends distinct, uncached compares until one
# gets 503; busy=1 then. The slow one can lose the race to a compare sent before it arrived
# (it then gets the 503 itself): such an attempt is tried again.
slow_vs_quick() {
    curl -s -o "$work/slow.json" -w '%{http_code}' "$S/corridor/v1/assign?method=logit&routes=20" >"$work/slow.code" &
    slow=$!
    busy=""
    local i code
    for i in $(seq 1 200); do
        code=$(curl -s -D "$work/busy.h" -o "$work/busy.json" -w '%{http_code}' "$S/corridor/v1/compare?a=base&b=tripp&theta=0.$attempt$i")
        [ "$code" = 503 ] && { busy=1; break; }
        sleep 0.01
    done
}
for attempt in 1 2 3; do
    slow_vs_quick
    [ -n "$busy" ] && break
    wait "$slow"
done
eq "--max-assign: a second assignment -> 503" 1 "$busy"
eq "--max-assign: Busy" Busy "$(jq -r .code "$work/busy.json")"
contains "--max-assign: Retry-After" "Retry-After: 1" "$(tr -d '\r' <"$work/busy.h")"
eq "--max-assign: a route meanwhile -> 200" 200 "$(status "$S/corridor/v1/route?from=Baku&to=Kars")"
wait "$slow"
eq "--max-assign: the first assignment -> 200" 200 "$(cat "$work/slow.code")"
eq "--max-assign: then a second -> 200" 200 "$(status "$S/corridor/v1/compare?a=base&b=tripp&theta=0.5")"
kill -TERM "$PID"; wait "$PID"

# 503: with --max-connections 1, a second open connection is turned away
start busy --max-connections 1 --timeout 5 || finish serve
exec 3<>/dev/tcp/127.0.0.1/"$PORT"
sleep 0.2
out=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$PORT/corridor/v1/network")
eq "busy: 503" 503 "$(echo "$out" | tail -n 1)"
eq "busy: code" Busy "$(echo "$out" | sed '$d' | jq -r .code)"
exec 3<&-
ok=0
for _ in $(seq 1 50); do
    [ "$(status "http://127.0.0.1:$PORT/corridor/v1/network")" = 200 ] && { ok=1; break; }
    sleep 0.1
done
eq "busy: 200 once the other connection closes" 1 "$ok"

# graceful stop with a request in progress: its headers are in, its body is not; SIGTERM closes
# the listening socket at once, but the request is still answered once its body arrives
kill -TERM "$PID"
wait "$PID"
start drain || finish serve
exec 4<>/dev/tcp/127.0.0.1/"$PORT"
printf 'GET /corridor/v1/nodes?q=kars HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 5\r\n\r\n' >&4
sleep 0.3
kill -TERM "$PID"
sleep 0.3
eq "in progress: new connections refused after SIGTERM" 000 "$(status "http://127.0.0.1:$PORT/health")"
printf 'hello' >&4
answer=$(timeout 5 cat <&4 | tr -d '\r')
exec 4<&-
eq "in progress: answered 200 after SIGTERM" "HTTP/1.1 200 OK" "$(echo "$answer" | head -n 1)"
eq "in progress: with its body" TR01 "$(echo "$answer" | sed -n '/^{/p' | jq -r '.nodes[0].id')"

# graceful stop: SIGTERM -> exit 0, port freed
wait "$PID"
eq "SIGTERM (after the request in progress): exit 0" 0 "$?"
eq "SIGTERM: port closed" 000 "$(status "http://127.0.0.1:$PORT/health")"
port=$PORT
"$COR" serve --port "$port" 2>"$work/again.log" &
again=$!
pids+=("$again")
for _ in $(seq 1 100); do grep -q listening "$work/again.log" && break; sleep 0.05; done
contains "SIGTERM: the port can be bound again" "listening on http://127.0.0.1:$port/" "$(cat "$work/again.log")"
kill -INT "$again"
wait "$again"
eq "SIGINT: exit 0" 0 "$?"
finish serve
