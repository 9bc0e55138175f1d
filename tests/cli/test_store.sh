# corridor assign/compare --save and corridor runs on tests/data/tiny (demand: 1000 t/y A->E,
# 500 t/y back; hand-computed accounts in test_freight.sh: both flows via H, XC transit 1500 t,
# 750 USD). A saved run must give back the original run's summary figures byte for byte.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
db=$tmp/runs.db

# the summary keys of assign --json and of compare --json, sorted, one line each
assign_keys='{scenario, method, minimize, tonnes_total, tonnes_routed, tonnes_unrouted, theta, routes_per_od, countries}'
compare_keys='{a, b, tonnes_total, a_tonnes_routed, b_tonnes_routed, countries, od}'
compare_keys_v1='{a, b, tonnes_total, a_tonnes_routed, b_tonnes_routed, countries}'

"$COR" assign --net "$TINY" --json --save "$db" >a1.json 2>err.txt
eq "assign --save: exit 0" 0 $?
contains "assign --save: says where" "saved run 1 in $db" "$(cat err.txt)"
"$COR" runs show 1 --db "$db" --json >s1.json
eq "assign: summary keys byte for byte" "$(jq -cS "$assign_keys" a1.json)" "$(jq -cS "$assign_keys" s1.json)"
eq "assign: hand-computed XC transit in the saved run" 1500 "$(jq -r '.countries[] | select(.country == "XC") | .transit.tonnes' s1.json)"
eq "assign: link flows saved" "L10 1500,L9 1500" "$(jq -r '[.sides[0].links[] | "\(.link) \(.tonnes)"] | join(",")' s1.json)"
# checksums against an independent tool
want=$(cd "$TINY" && sha256sum nodes.csv links.csv borders.csv transfers.csv demand.csv | awk '{print $1}' | paste -sd,)
eq "assign: SHA-256 of every input as sha256sum" "$want" "$(jq -r '[.inputs[].sha256] | join(",")' s1.json)"
eq "assign: input roles" "network,network,network,network,demand" "$(jq -r '[.inputs[].role] | join(",")' s1.json)"

# logit with a scenario that inherits: every scenario file of the chain is recorded
"$COR" assign --net "$TINY" --json --method logit --routes 2 --theta 0.1 --minimize time \
    --vot 2 --tonnes 40 --modes rail,road --status planned --avoid XC --dwell p95 \
    --scenario fast-rail --save "$db" >a2.json 2>/dev/null
"$COR" runs show 2 --db "$db" --json >s2.json
eq "logit: summary keys byte for byte" "$(jq -cS "$assign_keys" a2.json)" "$(jq -cS "$assign_keys" s2.json)"
eq "logit: theta and routes kept" "0.1 2" "$(jq -r '"\(.theta) \(.routes_per_od)"' s2.json)"
eq "logit: parameters" '{"avoid":["XC"],"dwell":"p95","method":"logit","minimize":"time","modes":["rail","road"],"overlap":0.8,"routes_per_od":2,"statuses":["operating","construction","planned"],"theta":0.1,"tonnes":40,"vot_usd_per_t_h":2}' "$(jq -cS .parameters s2.json)"
eq "logit: scenario files, named one first" "fast-rail.ini,close-h.ini" "$(jq -r '[.inputs[] | select(.role == "scenario") | .path | split("/") | last] | join(",")' s2.json)"
eq "logit: scenario chain" "close-h > fast-rail" "$(jq -r '.sides[0].scenario_chain' s2.json)"

"$COR" compare base close-h --net "$TINY" --json --save "$db" >c3.json 2>/dev/null
eq "compare --save DB: exit 0" 0 $?
"$COR" runs show 3 --db "$db" --json >s3.json
eq "compare: summary keys byte for byte" "$(jq -cS "$compare_keys" c3.json)" "$(jq -cS "$compare_keys" s3.json)"
eq "compare: OD changes kept" "true true" "$(jq -r '[.od[].changed] | join(" ")' s3.json)"
eq "compare: two sides" "base close-h" "$(jq -r '[.sides[].scenario] | join(" ")' s3.json)"
# main routes per OD (tiny README): as drawn via H, 100 km, 2 h, 60 USD generalized per 20 t
# = 3 USD/t; with close-h the mixed route, 151 km, 7.1 h, 414 / 20 = 20.7 USD/t
od() { jq -r ".sides[$1].od[$2] | \"\(.main_countries | join(\">\")) \(.main_km) \(.main_hours) \(.cost_per_t) \(.main_share)\"" s3.json; }
eq "compare: A's main route A->E" "XA>XC>XB 100 2 3 1" "$(od 0 0)"
eq "compare: B's main route E->A" "XB>XA 151 7.1 20.7 1" "$(od 1 1)"

# flows without a route (A and E's own country avoided): nulls, not changed, a message per OD
"$COR" compare base close-h --net "$TINY" --avoid XA --json --save=unrouted.db >c4.json 2>/dev/null
"$COR" runs show 1 --db unrouted.db --json >s4.json
eq "unrouted: summary keys byte for byte" "$(jq -cS "$compare_keys" c4.json)" "$(jq -cS "$compare_keys" s4.json)"
eq "unrouted: nulls" "null null false null" "$(jq -r '.od[0] | "\(.a_countries) \(.b_countries) \(.changed) \(.a_cost_per_t)"' s4.json)"
eq "unrouted: tonnes" "0 1500" "$(jq -r '.sides[0] | "\(.tonnes_routed) \(.tonnes_unrouted)"' s4.json)"
contains "unrouted: the reason kept" "XA" "$(jq -r '.sides[0].od[0].message' s4.json)"

# six processes creating one database and saving into it at once: WAL, a busy timeout, and
# the schema set-up started again where SQLite answers "locked" without waiting; no lost run
for i in 1 2 3 4 5 6; do "$COR" assign --net "$TINY" --save par.db >/dev/null 2>par$i.err & done
wait
errs=$(grep -hv '^saved run' par?.err)
eq "concurrent saves: six runs, ids 1-6${errs:+ (errors: $errs)}" "1,2,3,4,5,6" \
    "$("$COR" runs --db par.db --json | jq -r '[.[].id] | join(",")')"
eq "concurrent saves: integrity" ok "$(sqlite3 par.db 'PRAGMA integrity_check')"

# the default database is $CORRIDOR_DB, else $XDG_DATA_HOME/corridor/runs.db (made when
# missing), never the current directory; --save=DB works for compare
XDG_DATA_HOME=$tmp/xdg "$COR" assign --net "$TINY" --save >/dev/null 2>&1
eq "default: nothing in the current directory" "" "$(ls "$tmp" | grep -c corridor.db | grep -v '^0$')"
eq "default: XDG_DATA_HOME/corridor/runs.db" 1 "$("$COR" runs --db "$tmp/xdg/corridor/runs.db" --json | jq length)"
eq "default: runs reads it" 1 "$(XDG_DATA_HOME=$tmp/xdg "$COR" runs --json | jq length)"
CORRIDOR_DB=$tmp/env.db "$COR" assign --net "$TINY" --save >/dev/null 2>&1
eq "default: CORRIDOR_DB" 1 "$(CORRIDOR_DB=$tmp/env.db "$COR" runs --json | jq length)"
out=$("$COR" compare base close-h --net "$TINY" --save runs 2>&1)
contains "compare --save NAME: the hint" "else write --save=DB" "$out"
"$COR" compare --save=other.db base close-h --net "$TINY" >/dev/null 2>&1
eq "compare --save=DB" compare "$("$COR" runs --db other.db --json | jq -r '.[0].command')"

list=$("$COR" runs --db "$db" --json)
eq "runs: three runs, in order" "1 assign,2 assign,3 compare" "$(echo "$list" | jq -r '[.[] | "\(.id) \(.command)"] | join(",")')"
eq "runs: scenarios" ",fast-rail,base vs close-h" "$(echo "$list" | jq -r '[.[].scenarios] | join(",")')"
text=$("$COR" runs --db "$db")
contains "runs: table" "base vs close-h" "$text"
contains "runs show: text" "XC" "$("$COR" runs show 1 --db "$db")"

eq "WAL mode" wal "$(sqlite3 "$db" 'PRAGMA journal_mode')"
eq "schema version" 3 "$(sqlite3 "$db" 'PRAGMA user_version')"

"$COR" runs delete 2 --db "$db" >/dev/null
eq "delete: exit 0" 0 $?
eq "delete: two runs left" "1,3" "$("$COR" runs --db "$db" --json | jq -r '[.[].id] | join(",")')"
eq "delete: nothing of run 2 left" 0 "$(sqlite3 "$db" 'SELECT (SELECT count(*) FROM run_sides WHERE run_id = 2) + (SELECT count(*) FROM run_link_flows WHERE run_id = 2) + (SELECT count(*) FROM run_accounts WHERE run_id = 2) + (SELECT count(*) FROM run_inputs WHERE run_id = 2)')"
err=$("$COR" runs delete 2 --db "$db" 2>&1)
eq "delete twice: exit 1" 1 $?
contains "delete twice: message" "no run 2" "$err"

# errors
err=$("$COR" runs --db "$tmp/none.db" 2>&1)
eq "missing database: exit 1" 1 $?
contains "missing database: message" "no run database there" "$err"
[ ! -e "$tmp/none.db" ]; eq "missing database: not created" 0 $?
err=$("$COR" runs show x1 --db "$db" 2>&1)
eq "bad id: exit 2" 2 $?
contains "bad id: message" 'expected a run id (a whole number > 0), found "x1"' "$err"
err=$("$COR" runs show 99 --db "$db" 2>&1)
eq "unknown id: exit 1" 1 $?
err=$("$COR" assign --net "$TINY" --save "$tmp/no/such/dir/x.db" 2>&1 >/dev/null)
eq "unwritable database: exit 1" 1 $?
contains "unwritable database: message" "--save: cannot open $tmp/no/such/dir/x.db" "$err"
echo "not a database, just text that is long enough to fill a page header at least....." >text.db
err=$("$COR" runs --db text.db 2>&1)
eq "not a database: exit 1" 1 $?
contains "not a database: message" "expected an SQLite database" "$err"
sqlite3 newer.db 'PRAGMA user_version = 7'
err=$("$COR" runs --db newer.db 2>&1)
contains "newer schema refused" "schema version 7 is newer than this corridor knows" "$err"
eq "newer schema untouched" 7 "$(sqlite3 newer.db 'PRAGMA user_version')"
# migrations: a database written by the v1 build (commit f8e8e37; tests/data/store/README.md)
mkv1() { sqlite3 "$1" <"$ROOT/tests/data/store/schema-v1.sql" && sqlite3 "$1" 'PRAGMA user_version = 1' && sqlite3 "$1" <"$ROOT/tests/data/store/runs-v1.sql"; }
mkv1 v1.db
eq "v1 fixture: version 1" 1 "$(sqlite3 v1.db 'PRAGMA user_version')"
out=$("$COR" runs --db v1.db --json)
eq "v1 -> v2: runs listed" "1 assign,2 compare,3 assign" "$(echo "$out" | jq -r '[.[] | "\(.id) \(.command)"] | join(",")')"
eq "v1 -> v2: migrated" 3 "$(sqlite3 v1.db 'PRAGMA user_version')"
eq "v1 -> v2: same schema as a new database" "$(sqlite3 "$db" .schema)" "$(sqlite3 v1.db .schema)"
for r in 1 2 3; do
    keys=$assign_keys; [ $r -eq 2 ] && keys=$compare_keys_v1
    eq "v1 -> v2: run $r summary as v1 gave it" "$(cat "$ROOT/tests/data/store/run$r-summary-v1.json")" "$("$COR" runs show $r --db v1.db --json | jq -cS "$keys")"
done
eq "v1 -> v2: compare without od" "false" "$("$COR" runs show 2 --db v1.db --json | jq 'has("od")')"
eq "v1 -> v2: OD routes not recorded" "null" "$("$COR" runs show 1 --db v1.db --json | jq -c '.sides[0].od')"
"$COR" assign --net "$TINY" --save v1.db >/dev/null 2>&1
eq "v1 -> v2: new runs record OD routes" "XA>XC>XB" "$("$COR" runs show 4 --db v1.db --json | jq -r '.sides[0].od[0].main_countries | join(">")')"
# a migration that fails leaves the database at its old version, unchanged
mkv1 bad.db
sqlite3 bad.db 'CREATE TABLE run_od (x)'
before=$(sqlite3 bad.db .dump)
err=$("$COR" runs --db bad.db 2>&1)
eq "failed migration: exit 1" 1 $?
contains "failed migration: message" "migrating the schema from version 1 to 2" "$err"
eq "failed migration: still version 1" 1 "$(sqlite3 bad.db 'PRAGMA user_version')"
eq "failed migration: database unchanged" "$before" "$(sqlite3 bad.db .dump)"
finish store
