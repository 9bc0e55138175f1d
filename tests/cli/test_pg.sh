# corridor export pg against a real PostgreSQL with PostGIS and pgRouting, started here in a
# temporary directory (unix socket only) and stopped at the end, also on failure.
# pgr_dijkstra on the exported edges (cost = hours + border dwell) must reproduce corridor's own
# time-optimal routes where no transfer is involved: same nodes, same total within 1e-6.
# Skipped ("SKIP: ...") only where no server can be started; with CI=true that is a failure.
. "$(dirname "$0")/lib.sh"

skip() {
    if [ "${CI:-}" = true ]; then
        fail "PostgreSQL server" "$1 (CI=true: this test must run)"
        finish pg
    fi
    echo "SKIP: $1"
    echo "pg: 0 passed, 0 failed"
    exit 0
}

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || skip "no PostgreSQL server installed (scripts/deps.sh installs it)"
share=$("$pgbin/pg_config" --sharedir 2>/dev/null)
[ -f "$share/extension/postgis.control" ] || skip "PostGIS is not installed (postgresql-15-postgis-3)"
[ -f "$share/extension/pgrouting.control" ] || skip "pgRouting is not installed (postgresql-15-pgrouting)"

tmp=$(mktemp -d)
as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    # postgres refuses to run as root: run the server as the postgres user
    id postgres >/dev/null 2>&1 || { rm -rf "$tmp"; skip "running as root and there is no postgres user"; }
    chown postgres "$tmp"
    chmod 755 "$tmp"
    as_pg() { runuser -u postgres -- "$@"; }
fi
port=5432   # a unix socket in our own directory: no clash with other servers
data=$tmp/data
stop() {
    as_pg "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap stop EXIT
as_pg "$pgbin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 ||
    skip "initdb failed: $(tail -n 3 "$tmp/initdb.log")"
as_pg "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$tmp' -p $port -c fsync=off" start \
    >/dev/null 2>&1 || skip "the server did not start: $(tail -n 3 "$tmp/server.log" 2>/dev/null)"

base="host=$tmp port=$port user=postgres"
psql -q -X -v ON_ERROR_STOP=1 "$base dbname=postgres" -c 'CREATE DATABASE corridor_test' >/dev/null
dsn="postgresql:///corridor_test?host=$tmp&port=$port&user=postgres"
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$dsn" -c "$1"; }
q 'CREATE EXTENSION postgis; CREATE EXTENSION pgrouting' >/dev/null
eq "pgRouting available" 1 "$(q "SELECT count(*) FROM pg_extension WHERE extname = 'pgrouting'")"

# ---- tests/data/tiny
out=$("$COR" export pg --net "$TINY" --dsn "$dsn")
eq "tiny: export exit 0" 0 $?
nodes=$(($(wc -l <"$TINY/nodes.csv") - 1)) links=$(($(wc -l <"$TINY/links.csv") - 1))
eq "tiny: message" "exported $nodes vertices and $links edges to schema corridor" "$out"
eq "tiny: vertices" "$nodes" "$(q 'SELECT count(*) FROM corridor.vertices')"
eq "tiny: edges" "$links" "$(q 'SELECT count(*) FROM corridor.edges')"
eq "tiny: geometries in EPSG:4326" "4326 4326" "$(q 'SELECT (SELECT DISTINCT ST_SRID(geom) FROM corridor.vertices) || '"' '"' || (SELECT DISTINCT ST_SRID(geom) FROM corridor.edges)')"
lonlat=$(awk -F, '$1 == "A" {print $6 + 0 " " $5 + 0}' "$TINY/nodes.csv")
eq "tiny: vertex A at its lon/lat" "POINT($lonlat)" "$(q "SELECT ST_AsText(geom) FROM corridor.vertices WHERE node_id = 'A'")"
eq "tiny: edges run from source to target" 0 "$(q 'SELECT count(*) FROM corridor.edges e JOIN corridor.vertices s ON s.id = e.source JOIN corridor.vertices t ON t.id = e.target WHERE NOT (ST_Equals(ST_StartPoint(e.geom), s.geom) AND ST_Equals(ST_EndPoint(e.geom), t.geom))')"
# costs by hand (tests/data/tiny/README.md): L9 A-H road 50 km at 100 km/h = 0.5 h, plus the
# A-H border's 0.5 h = 1.0 both ways; the planned rail A-E 150 km at 50 km/h = 3 h + 1 h border:
# -1 in cost (not operating), 4 in cost_planned
eq "tiny: L9 cost and reverse cost" "1|1" "$(q "SELECT cost, reverse_cost FROM corridor.edges WHERE link_id = 'L9'")"
eq "tiny: planned A-E excluded from cost" "-1|4" "$(q "SELECT cost, cost_planned FROM corridor.edges e JOIN corridor.vertices s ON s.id = e.source JOIN corridor.vertices t ON t.id = e.target WHERE e.status = 'planned' AND s.node_id = 'A' AND t.node_id = 'E'")"
eq "tiny: one-way links have reverse_cost -1" 0 "$(q 'SELECT count(*) FROM corridor.edges WHERE NOT both_ways AND (reverse_cost <> -1 OR reverse_cost_planned <> -1)')"
# usd_per_t for 20 t: L9 0.01 USD/tkm x 50 km = 0.5 USD/t; the F-G road link 1 km at
# 0.10 USD/tkm = 0.1 USD/t plus the F-G fee of 50 USD per truck / 20 t = 2.5: 2.6 USD/t
eq "tiny: L9 usd_per_t" 0.5 "$(q "SELECT usd_per_t FROM corridor.edges WHERE link_id = 'L9'")"
near "tiny: F-G usd_per_t with the border fee" 2.6 "$(q "SELECT e.usd_per_t FROM corridor.edges e JOIN corridor.vertices s ON s.id = e.source JOIN corridor.vertices t ON t.id = e.target WHERE s.node_id = 'F' AND t.node_id = 'G'")"

# pgr_dijkstra against corridor route (same OD, same objective): nodes and total hours
dijkstra() { # dijkstra COST_COLUMNS WHERE FROM_ID TO_ID -> "node,node,... total"
    q "SELECT string_agg(v.node_id, ',' ORDER BY d.seq) || ' ' || max(d.agg_cost)
       FROM pgr_dijkstra('SELECT id, source, target, $1 FROM corridor.edges WHERE $2',
            (SELECT id FROM corridor.vertices WHERE node_id = '$3'),
            (SELECT id FROM corridor.vertices WHERE node_id = '$4')) d
       JOIN corridor.vertices v ON v.id = d.node"
}
corridor_route() { # corridor_route FROM TO OPTIONS... -> "node,node,... total"
    "$COR" route "$@" --minimize time --json 2>/dev/null |
        jq -r '([.legs[0].from_id] + [.legs[].to_id] | join(",")) + " " + (.total.hours | tostring)'
}
same_route() { # same_route NAME "nodes total" "nodes total"
    eq "$1: nodes" "${2% *}" "${3% *}"
    near "$1: total hours" "${2##* }" "${3##* }"
}
same_route "tiny A-E road" "$(corridor_route A E --net "$TINY" --modes road)" "$(dijkstra 'cost, reverse_cost' "mode = ''road''" A E)"
same_route "tiny E-A road" "$(corridor_route E A --net "$TINY" --modes road)" "$(dijkstra 'cost, reverse_cost' "mode = ''road''" E A)"
eq "tiny A-E road: hand-computed" "A,H,E 2" "$(dijkstra 'cost, reverse_cost' "mode = ''road''" A E)"
same_route "tiny A-E rail, planned" "$(corridor_route A E --net "$TINY" --modes rail --status planned)" "$(dijkstra 'cost_planned AS cost, reverse_cost_planned AS reverse_cost' "mode = ''rail''" A E)"
eq "tiny A-E rail, planned: hand-computed" "A,E 4" "$(dijkstra 'cost_planned AS cost, reverse_cost_planned AS reverse_cost' "mode = ''rail''" A E)"

# ---- a saved run's flows (assign on tiny: L9 and L10 carry 1500 t/y each)
db=$tmp/runs.db
"$COR" assign --net "$TINY" --save "$db" >/dev/null 2>&1
"$COR" compare base close-h --net "$TINY" --save "$db" >/dev/null 2>&1
out=$("$COR" export pg --net "$TINY" --dsn "$dsn" --schema runs_tiny --run 1 --db "$db")
eq "run 1: message" "exported $nodes vertices and $links edges and 2 link flows of run 1 to schema runs_tiny" "$out"
eq "run 1: flows" "L10 1500,L9 1500" "$(q "SELECT string_agg(link_id || ' ' || tonnes, ',' ORDER BY link_id) FROM runs_tiny.flows")"
eq "run 1: flow geometry is the edge's" 0 "$(q 'SELECT count(*) FROM runs_tiny.flows f JOIN runs_tiny.edges e ON e.id = f.edge_id WHERE NOT ST_Equals(f.geom, e.geom)')"
"$COR" export pg --net "$TINY" --dsn "$dsn" --schema runs_tiny --run 2 --db "$db" >/dev/null
want=$("$COR" runs show 2 --db "$db" --json | jq -r '[.sides | to_entries[] | .key as $s | .value.links[] | "\($s) \(.link) \(.tonnes)"] | sort | join(",")')
eq "run 2 (compare): both sides' flows, as saved" "$want" "$(q "SELECT string_agg(side || ' ' || link_id || ' ' || tonnes, ',' ORDER BY side || ' ' || link_id || ' ' || tonnes) FROM runs_tiny.flows")"
err=$("$COR" export pg --net "$TINY" --dsn "$dsn" --schema runs_tiny --run 2 --db "$db" 2>&1 >/dev/null)
eq "export again: nothing on stderr (no NOTICEs)" "" "$err"
eq "export twice: tables recreated, not appended" "$links" "$(q 'SELECT count(*) FROM runs_tiny.edges')"
eq "export_info" "2" "$(q "SELECT value FROM runs_tiny.export_info WHERE key = 'run_id'")"

# one transaction: a failing export leaves the previous tables as they were
sqlite3 "$db" "UPDATE run_link_flows SET link = 'NOPE' WHERE run_id = 1 AND link = 'L9'"
before=$(q 'SELECT count(*) FROM runs_tiny.flows')
err=$("$COR" export pg --net "$TINY" --dsn "$dsn" --schema runs_tiny --run 1 --db "$db" 2>&1)
eq "flow on an unknown link: exit 1" 1 $?
contains "flow on an unknown link: message" "found a flow on link NOPE, which it does not have" "$err"
eq "failed export: previous tables kept" "$before 2" "$(q "SELECT count(*) || ' ' || (SELECT value FROM runs_tiny.export_info WHERE key = 'run_id') FROM runs_tiny.flows")"

# errors
err=$("$COR" export pg --net "$TINY" --dsn "postgresql:///nodb?host=$tmp&port=$port&user=postgres" 2>&1)
eq "unknown database: exit 1" 1 $?
contains "unknown database: message" "cannot connect to PostgreSQL" "$err"
err=$("$COR" export pg --net "$TINY" --dsn "$dsn" --schema 'x; drop' 2>&1)
eq "bad schema name: exit 1" 1 $?
contains "bad schema name: message" "--schema: expected a lowercase name" "$err"
err=$("$COR" export pg --net "$TINY" 2>&1)
eq "no --dsn: exit 2" 2 $?
err=$("$COR" export csv --dsn "$dsn" 2>&1)
eq "unknown target: exit 2" 2 $?

# ---- data/caucasus: every ordered pair of ten nodes in seven countries, road only, time-optimal
"$COR" export pg --dsn "$dsn" --schema caucasus >/dev/null
eq "caucasus: export" 0 $?
ids="AZ01 AZ10 NX01 AM01 AM10 GE01 GE05 TR01 IR01 RU01"
: >"$tmp/corridor.txt"
for a in $ids; do
    for b in $ids; do
        [ "$a" = "$b" ] && continue
        r=$(corridor_route "$a" "$b" --modes road)
        echo "$a $b ${r:-none}" >>"$tmp/corridor.txt"
    done
done
list=$(echo "$ids" | sed "s/\([A-Z0-9]*\)/'\1'/g; s/ /,/g")
q "WITH v AS (SELECT id, node_id FROM caucasus.vertices WHERE node_id IN ($list)),
        d AS (SELECT * FROM pgr_dijkstra('SELECT id, source, target, cost, reverse_cost FROM caucasus.edges WHERE mode = ''road''',
                   (SELECT array_agg(id) FROM v), (SELECT array_agg(id) FROM v)))
   SELECT s.node_id || ' ' || t.node_id || ' ' || string_agg(x.node_id, ',' ORDER BY d.seq) || ' ' || max(d.agg_cost)
   FROM d JOIN caucasus.vertices s ON s.id = d.start_vid JOIN caucasus.vertices t ON t.id = d.end_vid
          JOIN caucasus.vertices x ON x.id = d.node
   GROUP BY s.node_id, t.node_id" | sort >"$tmp/pgr.txt"
routed=$(grep -vc ' none$' "$tmp/corridor.txt")
eq "caucasus: pairs with a road route, corridor vs pgRouting" "$routed" "$(wc -l <"$tmp/pgr.txt")"
bad=$(join <(awk '$3 != "none" {print $1 "-" $2, $3, $4}' "$tmp/corridor.txt" | sort) \
           <(awk '{print $1 "-" $2, $3, $4}' "$tmp/pgr.txt" | sort) -a 1 -a 2 |
      awk '{ d = $3 - $5; if (d < 0) d = -d; if (NF != 5 || $2 != $4 || d > 1e-6) print }')
eq "caucasus: pgr_dijkstra gives corridor's nodes and hours on all $routed pairs" "" "$bad"
# the example of docs/storage.md, by name
doc=$(q "SELECT string_agg(v.node_id, ',' ORDER BY d.seq) || ' ' || max(d.agg_cost)
FROM pgr_dijkstra(
  'SELECT id, source, target, cost, reverse_cost FROM caucasus.edges WHERE mode = ''road''',
  (SELECT id FROM caucasus.vertices WHERE name = 'Baku'),
  (SELECT id FROM caucasus.vertices WHERE name = 'Kars')) d
JOIN caucasus.vertices v ON v.id = d.node")
same_route "caucasus Baku-Kars road (docs example)" "$(corridor_route Baku Kars --modes road)" "$doc"
[ "$routed" -ge 30 ]; eq "caucasus: enough routed pairs to mean something ($routed)" 0 $?
finish pg
