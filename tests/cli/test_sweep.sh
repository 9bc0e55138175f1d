# corridor sweep on tests/data/tiny: the summary against the plain assignment, reproducibility,
# spec errors; and with MPI (build/corridor-mpi, make mpi), 1 and 2 ranks giving identical
# databases and a failing rank reported rather than hanging.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
S=$TINY/sweeps

"$COR" sweep "$S/fixed.ini" --net "$TINY" -o "$work/f.db" --csv "$work/f.csv" >"$work/f.txt"
eq "fixed: exit 0" 0 "$?"
contains "fixed: 12 runs" "12 runs (2 scenarios x 2 demand growth x 3 draws), 0 failed" "$(cat "$work/f.txt")"
eq "fixed: XC transit p5/p50/p95, base x1" "base,1,XC,3,1500,1500,1500" \
    "$(grep '^base,1,XC,' "$work/f.csv" | cut -d, -f1-7)"
eq "fixed: XC transit, base x2" "base,2,XC,3,3000,3000,3000" "$(grep '^base,2,XC,' "$work/f.csv" | cut -d, -f1-7)"
eq "fixed: XC transit, close-h" "close-h,1,XC,3,0,0,0" "$(grep '^close-h,1,XC,' "$work/f.csv" | cut -d, -f1-7)"
eq "fixed: XA fees p50 under close-h (13950 USD, test_freight.sh)" "13950" "$(grep '^close-h,1,XA,' "$work/f.csv" | cut -d, -f9)"
eq "db: 12 runs, all ok" "12|12" "$(sqlite3 "$work/f.db" 'select count(*), sum(ok) from runs')"
eq "db: route of A->E under base" "XA>XC>XB" "$(sqlite3 "$work/f.db" "select countries from od_results where run = 0 and od = 0")"
eq "db: route probability under close-h" "XA>XB|1.0" \
    "$(sqlite3 "$work/f.db" "select countries, probability from route_probability where scenario = 'close-h' and growth = 1 and od = 0")"

eq "db: the OD pairs by name" "0|Town A|Town E|container 1|Town E|Town A|bulk" \
    "$(sqlite3 "$work/f.db" "select * from od order by od" | tr '\n' ' ' | sed 's/ $//')"
# on the bundled network some ODs change route between draws: those lines name the OD
sed 's/^draws *=.*/draws = 4/' "$ROOT/data/caucasus/sweeps/tripp-uncertainty.ini" >"$work/c.ini"
out=$("$COR" sweep "$work/c.ini" -o "$work/c.db" 2>&1)
eq "bundled sweep: routes chosen in some draws, named by OD" 1 \
    "$([ "$(echo "$out" | sed -n '/^routes chosen/,$p' | grep -c ' -> .*%$')" -gt 0 ] && echo 1)"
eq "bundled sweep: no OD named by index" 0 "$(echo "$out" | grep -c ' od [0-9]')"
eq "bundled sweep: an od row per demand row" "$(($(wc -l <"$ROOT/data/caucasus/demand.csv") - 1))" \
    "$(sqlite3 "$work/c.db" 'select count(*) from od')"
IFS=, read -r o d c _ < <(sed -n 2p "$ROOT/data/caucasus/demand.csv")
name() { grep "^$1," "$ROOT/data/caucasus/nodes.csv" | cut -d, -f2; }
eq "bundled sweep: od 0 is the demand's first row, by name" "$(name "$o")|$(name "$d")|$c" \
    "$(sqlite3 "$work/c.db" 'select origin, destination, commodity from od where od = 0')"

"$COR" sweep "$S/random.ini" --net "$TINY" --csv "$work/r1.csv" -o "$work/r1.db" --quiet
"$COR" sweep "$S/random.ini" --net "$TINY" --csv "$work/r2.csv" --quiet
eq "random: same seed, same bytes" "same" "$(cmp -s "$work/r1.csv" "$work/r2.csv" && echo same)"
eq "random: factors within [0.5, 1.5]" "50|1" \
    "$(sqlite3 "$work/r1.db" "select count(*), min(json_extract(factors, '\$[0]') between 0.5 and 1.5) from runs")"
eq "random: mean factor near 1 (50 uniform draws)" "1" \
    "$(sqlite3 "$work/r1.db" "select abs(avg(json_extract(factors, '\$[0]')) - 1) < 0.15 from runs")"
sed 's/seed = 11/seed = 12/' "$S/random.ini" >"$work/random12.ini"
"$COR" sweep "$work/random12.ini" --net "$TINY" -o "$work/r3.db" --quiet
eq "random: another seed, other factors" "0" \
    "$(sqlite3 "$work/r3.db" "attach '$work/r1.db' as o; select count(*) from runs r join o.runs s using(run) where r.factors = s.factors")"

# spec errors: file:line: field: message, exit 1
bad() { # bad NAME CONTENT EXPECTED
    printf '%b' "$2" >"$work/$1.ini"
    out=$("$COR" sweep "$work/$1.ini" --net "$TINY" 2>&1)
    eq "$1: exit 1" 1 "$?"
    contains "$1: message" "$work/$3" "$out"
}
bad bad-dist '[sweep]\nscenarios = base\n[dwell]\npost F = normal 1 2\n' \
    'bad-dist.ini:4: post F: expected uniform A B, triangular MIN MODE MAX, lognormal MU SIGMA or fixed F (factors >= 0; MU from -10 to 10, SIGMA from 0 to 5), found "normal 1 2"'
# exp(800) is infinite, and so was every run's factor: MU is bounded so that factors are finite
bad lognormal-mu '[sweep]\nscenarios = base\n[fees]\nall = lognormal 800 0\n' \
    'lognormal-mu.ini:4: all: expected uniform A B, triangular MIN MODE MAX, lognormal MU SIGMA or fixed F (factors >= 0; MU from -10 to 10, SIGMA from 0 to 5), found "lognormal 800 0"'
bad trailing-text '[sweep]\nscenarios = base\n[dwell]\npost F = fixed 1.5x\n' \
    'trailing-text.ini:4: post F: expected uniform A B, triangular MIN MODE MAX, lognormal MU SIGMA or fixed F (factors >= 0; MU from -10 to 10, SIGMA from 0 to 5), found "fixed 1.5x"'
bad too-many-factors "[sweep]\nscenarios = base\n[dwell]\n$(for i in $(seq 65); do printf 'post F = fixed 1\\n'; done)" \
    'too-many-factors.ini:68: post F: expected at most 64 random factors in [dwell] and [fees], found more'
g65=$(printf '1,%.0s' $(seq 64))1 # 65 factors (a line holds at most 199 characters)
bad too-many-growth "[sweep]\nscenarios = base\ndemand_growth = $g65\n" \
    "too-many-growth.ini:3: demand_growth: expected a comma-separated list of 1 to 64 factors > 0 and <= 1000, found \"$g65\""
bad too-many-draws '[sweep]\nscenarios = base\ndraws = 1000000000\n' \
    'too-many-draws.ini:3: draws: expected a whole number from 1 to 1000000, found "1000000000"'
bad too-many-runs '[sweep]\nscenarios = base, tripp\ndemand_growth = 1, 2\ndraws = 300000\n' \
    'too-many-runs.ini: draws: expected at most 1000000 runs (scenarios x demand_growth x draws), found 1200000'
# the options of assign and appraise: their parser, limits and messages (cor_freight_opts_set,
# cor_appraise_opts_set)
bad bad-tonnes '[sweep]\nscenarios = base\ntonnes = 0\n' \
    'bad-tonnes.ini:3: tonnes: expected a number from 1e-06 to 1e+06, found "0"'
bad bad-method '[sweep]\nscenarios = base\nmethod = sue\n' \
    'bad-method.ini:3: method: expected aon, logit or ue, found "sue"'
bad bad-from-year '[sweep]\nscenarios = base\n[appraisal]\nfrom_year = 20x0\n' \
    'bad-from-year.ini:4: from_year: expected a whole number from 1900 to 2200, found "20x0"'
bad bad-key '[sweep]\nscenarios = base\nruns = 5\n' \
    'bad-key.ini:3: runs: expected description, net, demand, scenarios, demand_growth, draws, seed, method, minimize, vot, tonnes, status, routes or theta, found "runs"'
bad no-scenarios '[sweep]\ndraws = 2\n' \
    'no-scenarios.ini: scenarios: expected a line scenarios = NAME[, NAME...] in [sweep], found none'
bad bad-growth '[sweep]\nscenarios = base\ndemand_growth = 1, -2\n' \
    'bad-growth.ini:3: demand_growth: expected a comma-separated list of 1 to 64 factors > 0 and <= 1000, found "1, -2"'
bad no-match '[sweep]\nscenarios = base\n[dwell]\npost Q = fixed 1\n' \
    'no-match.ini:4: post Q: expected "post Q" to select at least one border crossing of the network, found none'
"$COR" sweep "$work/none.ini" --net "$TINY" >/dev/null 2>&1
eq "missing spec: exit 1" 1 "$?"

MPI=$(dirname "$COR")/corridor-mpi
if [ -x "$MPI" ] && command -v mpirun >/dev/null; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    CAU=$ROOT/data/caucasus/sweeps/tripp-uncertainty.ini
    "$COR" sweep "$CAU" -o "$work/m0.db" --quiet
    timeout 300 mpirun --oversubscribe -np 1 "$MPI" sweep "$CAU" -o "$work/m1.db" --quiet
    eq "mpi: 1 rank exits 0" 0 "$?"
    timeout 300 mpirun --oversubscribe -np 2 "$MPI" sweep "$CAU" -o "$work/m2.db" --quiet
    eq "mpi: 2 ranks exit 0" 0 "$?"
    sqlite3 "$work/m0.db" .dump >"$work/d0"
    sqlite3 "$work/m1.db" .dump >"$work/d1"
    sqlite3 "$work/m2.db" .dump >"$work/d2"
    eq "mpi: 1 rank = no MPI" "same" "$(cmp -s "$work/d0" "$work/d1" && echo same)"
    eq "mpi: 2 ranks = 1 rank" "same" "$(cmp -s "$work/d1" "$work/d2" && echo same)"
    eq "mpi: 120 runs" 120 "$(sqlite3 "$work/m2.db" 'select count(*) from runs')"
    # an assignment split by origin over the ranks gives the single-process answer, byte for byte
    "$COR" assign --net "$ROOT/data/caucasus" --json >"$work/a0.json"
    timeout 300 mpirun --oversubscribe -np 2 "$MPI" assign --net "$ROOT/data/caucasus" --json >"$work/a2.json"
    eq "mpi assign: 2 ranks = 1 process (aon)" "same" "$(cmp -s "$work/a0.json" "$work/a2.json" && echo same)"
    "$COR" assign --net "$ROOT/data/caucasus" --method logit --json >"$work/l0.json"
    timeout 300 mpirun --oversubscribe -np 3 "$MPI" assign --net "$ROOT/data/caucasus" --method logit --json >"$work/l3.json"
    eq "mpi assign: 3 ranks = 1 process (logit)" "same" "$(cmp -s "$work/l0.json" "$work/l3.json" && echo same)"
    eq "mpi assign: a real answer (the 68 rows of demand.csv)" "68" "$(jq '.od | length' "$work/l3.json")"
    # a many-to-many table split by source rows over the ranks is the single-process table
    "$COR" import osm "$ROOT/../shared/data/osm/liechtenstein-2013-08-03.osm.pbf" --profile road -o "$work/li" >/dev/null
    "$COR" build "$work/li" -o "$work/li.cor" >/dev/null
    { echo "id,lat,lon"; for i in $(seq 0 24); do
        awk -v i="$i" 'BEGIN { printf "p%d,%.4f,%.4f\n", i, 47.06 + (i * 37 % 19) * 0.01, 9.48 + (i * 11 % 13) * 0.007 }'
    done; } >"$work/pts.csv"
    "$COR" table "$work/li.cor" --coords "$work/pts.csv" --json >"$work/t0.json"
    timeout 300 mpirun --oversubscribe -np 2 "$MPI" table "$work/li.cor" --coords "$work/pts.csv" --json >"$work/t2.json"
    eq "mpi table: 2 ranks = 1 process" "same" "$(cmp -s "$work/t0.json" "$work/t2.json" && echo same)"
    eq "mpi table: 25 x 25 values" "25 25" "$(jq -r '"\(.values | length) \(.values[0] | length)"' "$work/t2.json")"
    eq "mpi table: routes found" "true" "$(jq '[.values[][] | select(. != null)] | length > 500' "$work/t2.json")"
    out=$(CORRIDOR_SWEEP_CRASH_RANK=1 timeout 120 mpirun --oversubscribe -np 2 "$MPI" sweep "$CAU" --quiet 2>&1)
    rc=$?
    eq "mpi: a failing rank ends the job (no hang)" "yes" "$([ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && echo yes)"
    contains "mpi: the failure is reported" "rank 1 stopping on purpose" "$out"
elif [ -n "${CORRIDOR_REQUIRE_MPI:-}" ]; then
    fail "mpi" "build/corridor-mpi or mpirun missing (make mpi; apt-get install openmpi-bin libopenmpi-dev)"
else
    echo "SKIP mpi: no $MPI or mpirun (this build has no MPI variant)"
fi

finish sweep
