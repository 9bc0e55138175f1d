# corridor appraise, route CO2e and assign/compare CO2e on tests/data/appraise (two roads from O
# to D; every figure worked out by hand in tests/unit/test_appraise.c), the shape of the
# bundled appraisal (no caucasus figure is asserted: its base year is being recalibrated), and
# bad emissions.csv / projects.csv files.
. "$(dirname "$0")/lib.sh"
NET=$ROOT/tests/data/appraise
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$COR" appraise base open --net "$NET" --discount 0.06 --carbon-price 50 --json)
eq "appraise: exit 0" 0 $?
eq "appraise: project" bypass "$(echo "$out" | jq -r '.projects | join(",")')"
eq "appraise: years 2030..2059" "2030 2059 30" "$(echo "$out" | jq -r '"\(.years[0].year) \(.years[-1].year) \(.years | length)"')"
near "appraise: NPV at 6% (hand: 9,903,971.60)" 9903971.60296678 "$(echo "$out" | jq .npv_usd)" 0.01
near "appraise: EIRR (hand: 0.14307764450418)" 0.143077644504180 "$(echo "$out" | jq .eirr)" 1e-9
near "appraise: BCR" 1.87664748615573 "$(echo "$out" | jq .bcr)" 1e-9
near "appraise: benefits 2031" 1560000 "$(echo "$out" | jq '.years[1].benefits_usd')" 1e-6
near "appraise: fee transfer kept out" 400000 "$(echo "$out" | jq .demand_year.fee_transfer_usd)" 1e-6
eq "appraise: sensitivity names" "base,capital +20%,benefits -20%,two-year delay" "$(echo "$out" | jq -r '[.sensitivity[].name] | join(",")')"
near "appraise: NPV from years[] (6%)" "$(echo "$out" | jq .npv_usd)" "$(echo "$out" | jq '[.years | to_entries[] | (.value.benefits_usd - .value.costs_usd) / pow(1.06; .key)] | add')" 1e-3
near "appraise: AA fee revenue change" -200000 "$(echo "$out" | jq '.countries[] | select(.country == "AA") | .fee_change_usd')" 1e-6

text=$("$COR" appraise base open --net "$NET" --discount 0.06 --carbon-price 50)
contains "appraise text: NPV line" "NPV 9.90 USD million at 6.0%, EIRR 14.31%, BCR 1.877" "$text"
contains "appraise text: switching values" "capital costs change by +99.7% or benefits by -46.7%" "$text"
"$COR" appraise base open --net "$NET" -o "$tmp/a.json" --json && eq "appraise -o" 0 "$(jq -e '.npv_usd != null' "$tmp/a.json" >/dev/null; echo $?)"

# route: 196 kg for a 20 t truck on the bypass (100 + 16 + 20 border + 60)
r=$("$COR" route O D --net "$NET" --scenario open --json)
eq "route co2e_kg: total and legs" "196 100,16,60" "$(echo "$r" | jq -r '"\(.total.co2e_kg) \([.legs[].co2e_kg] | join(","))"')"
contains "route text: CO2e line" "CO2e 196.0 kg well-to-wheel (9.80 kg per tonne" "$("$COR" route O D --net "$NET" --scenario open)"
eq "tiny has no emissions.csv: no co2e_kg" null "$("$COR" route A E --net "$TINY" --json | jq .total.co2e_kg)"

# assign/compare: 100,000 t = 5,000 trucks; A 21.8 kg/t -> 2180 t, B 9.8 kg/t -> 980 t
eq "assign co2e total" 980 "$("$COR" assign --net "$NET" --scenario open --json | jq .co2e.total_t)"
eq "compare co2e a/b and AA" "2180 980 1290 590" "$("$COR" compare base open --net "$NET" --json | jq -r '"\(.co2e.a.total_t) \(.co2e.b.total_t) \(.co2e.a.countries[0].t) \(.co2e.b.countries[0].t)"')"
contains "compare text: CO2e table" "t per year: 2180 -> 980 (-1200)" "$("$COR" compare base open --net "$NET")"

# bad options: one parser with the server (cor_appraise_opts_set), usage exit 2
err=$("$COR" appraise base open --net "$NET" --from-year 20x0 2>&1)
eq "--from-year 20x0: exit 2" 2 $?
eq "--from-year 20x0: message" 'corridor: appraise: --from-year: expected a whole number from 1900 to 2200, found "20x0"' "$err"
eq "--horizon=0: message" 'corridor: appraise: --horizon: expected a whole number from 1 to 200, found "0"' "$("$COR" appraise base open --net "$NET" --horizon=0 2>&1)"
eq "--growth without a value" 'corridor: appraise: --growth: expected a value, found none' "$("$COR" appraise base open --net "$NET" --growth 2>&1)"
eq "report --discount 2" 'corridor: report: --discount: expected a number from -0.5 to 1, found "2"' "$("$COR" report base open --net "$NET" -o "$tmp/r.html" --discount 2 2>&1)"

# bad input: file:line: field, exit 1, nothing written
cp -r "$NET" "$tmp/net"
sed -i 's/^move,road,\*,100,/move,road,*,1OO,/' "$tmp/net/emissions.csv"
err=$("$COR" appraise base open --net "$tmp/net" -o "$tmp/out.txt" 2>&1); rc=$?
eq "bad emissions.csv: exit 1" 1 $rc
contains "bad emissions.csv: file:line: field" "$tmp/net/emissions.csv:2: factor: expected a number from 0 to 100000, found \"1OO\"" "$err"
eq "bad emissions.csv: nothing written" no "$([ -e "$tmp/out.txt" ] && echo yes || echo no)"
err=$("$COR" route O D --net "$tmp/net" 2>&1); rc=$?
eq "bad emissions.csv: route fails too" 1 $rc
err=$("$COR" check "$tmp/net" 2>&1); rc=$?
eq "bad emissions.csv: check fails" 1 $rc
contains "bad emissions.csv: check says where" "emissions.csv:2: factor" "$err"
cp "$NET/emissions.csv" "$tmp/net/emissions.csv"
sed -i 's/^bypass,lifetime_years,,30,/bypass,lifetime_years,,thirty,/' "$tmp/net/projects.csv"
err=$("$COR" appraise base open --net "$tmp/net" 2>&1); rc=$?
eq "bad projects.csv: exit 1" 1 $rc
contains "bad projects.csv: file:line: field" "$tmp/net/projects.csv:5: value: expected a whole number of years from 1 to 500, found \"thirty\"" "$err"
cp "$NET/projects.csv" "$tmp/net/projects.csv"
err=$("$COR" appraise base base --net "$tmp/net" 2>&1); rc=$?
eq "nothing opened: exit 1" 1 $rc
contains "nothing opened: says so" "no project to cost" "$err"
err=$("$COR" appraise base open --net "$NET" --discount abc 2>&1); rc=$?
eq "bad --discount: exit 2" 2 $rc
err=$("$COR" appraise base open --net "$NET" --project nosuch 2>&1); rc=$?
contains "unknown --project" "expected a project of projects.csv, found \"nosuch\"" "$err"

# --save: both assignments as a compare run, with the appraisal, in the run history
out=$(cd "$tmp" && "$COR" appraise base open --net "$NET" --discount 0.06 --carbon-price 50 --json --save h.db 2>"$tmp/save.err")
eq "appraise --save: exit 0" 0 $?
contains "appraise --save: says so" "saved run 1 in h.db" "$(cat "$tmp/save.err")"
show=$("$COR" runs show 1 --db "$tmp/h.db" --json)
eq "runs show: the appraisal as printed" "$(echo "$out" | jq -cS .)" "$(echo "$show" | jq -cS .appraisal)"
eq "runs show: a compare run with projects.csv among its inputs" "compare true" "$(echo "$show" | jq -r '"\(.command) \([.inputs[].path | endswith("projects.csv")] | any)"')"

# corridor report: the appraisal section with the same figures
"$COR" report base open --net "$NET" --discount 0.06 --carbon-price 50 -o "$tmp/r.html"
eq "report: exit 0" 0 $?
html=$(cat "$tmp/r.html")
contains "report: appraisal section" "<h2>Economic appraisal</h2>" "$html"
contains "report: NPV and EIRR" "<b>NPV 9.90 USD million</b>, EIRR 14.31%, BCR 1.877" "$html"
eq "report: four sensitivity rows" 4 "$(grep -c '<tr data-test=' "$tmp/r.html")"
contains "report: AA distribution row" '<tr data-appraisal-country="AA"><td>AA</td><td class="n">0.950</td><td class="n">-0.200</td><td class="n">-700</td>' "$html"
"$COR" report A E --net "$TINY" -o "$tmp/t.html" 2>/dev/null || "$COR" report base close-h --net "$TINY" -o "$tmp/t.html"
eq "report without projects.csv: no section" 0 "$(grep -c 'Economic appraisal' "$tmp/t.html")"

# the server's /corridor/v1/appraise gives the CLI's answer
if serve_start "$tmp/serve.log" --net "$NET"; then
    B=http://127.0.0.1:$PORT
    cli=$("$COR" appraise base open --net "$NET" --discount 0.06 --carbon-price 50 --json)
    web=$(curl -s "$B/corridor/v1/appraise?a=base&b=open&discount=0.06&carbon_price=50")
    eq "serve appraise = CLI" "$(echo "$cli" | jq -S .)" "$(echo "$web" | jq -S .)"
    eq "serve route: co2e_kg as the CLI" "196 100,16,60" "$(curl -s "$B/corridor/v1/route?from=O&to=D&scenario=open" | jq -r '"\(.total.co2e_kg) \([.legs[].co2e_kg] | join(","))"')"
    eq "serve appraise: bad discount 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' "$B/corridor/v1/appraise?a=base&b=open&discount=x")"
    contains "serve appraise: from_year as the CLI says it" 'from_year: expected a whole number from 1900 to 2200, found \"20x0\"' "$(curl -s "$B/corridor/v1/appraise?a=base&b=open&from_year=20x0")"
    eq "serve appraise: unknown project 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' "$B/corridor/v1/appraise?a=base&b=open&project=nosuch")"
    kill "$PID"
    wait "$PID" 2>/dev/null
else
    fail "serve" "$(cat "$tmp/serve.log")"
fi

# sweep with an [appraisal] block: with every factor fixed at 1 a run is `corridor appraise`
cat >"$tmp/fixed.ini" <<EOF
[sweep]
net = $NET
scenarios = base, open
demand_growth = 1.0
draws = 2
[dwell]
border AA-BB = fixed 1
[appraisal]
without = base
discount = 0.06
carbon_price = 50
capital = fixed 1
EOF
"$COR" sweep "$tmp/fixed.ini" -o "$tmp/fixed.db" --quiet
eq "sweep appraisal: exit 0" 0 $?
near "sweep appraisal: NPV = appraise" 9903971.60296678 "$(sqlite3 "$tmp/fixed.db" 'select npv_usd from appraisal_results where run = 2')" 0.01
eq "sweep appraisal: base runs not appraised" 2 "$(sqlite3 "$tmp/fixed.db" 'select count(*) from appraisal_results')"
eq "sweep appraisal: P(NPV>0)" 1.0 "$(sqlite3 "$tmp/fixed.db" 'select p_npv_positive from appraisal_summary')"
# capital x 2 by draw: NPV falls by PV(capital - residual) = 10,000,000 - 333,333.33 x 1.06^-29
sed -i 's/^capital = fixed 1$/capital = fixed 2/' "$tmp/fixed.ini"
"$COR" sweep "$tmp/fixed.ini" -o "$tmp/fixed2.db" --quiet
near "sweep appraisal: capital drawn x2" "$(awk 'BEGIN { printf "%.6f", 9903971.60296678 - (10000000 - 10000000 / 30 * 1.06 ^ -29) }')" "$(sqlite3 "$tmp/fixed2.db" 'select npv_usd from appraisal_results where run = 3')" 0.01
printf '[sweep]\nscenarios = open\n[appraisal]\ndiscount = 0.06\n' >"$tmp/bad.ini"
err=$("$COR" sweep "$tmp/bad.ini" --net "$NET" 2>&1); rc=$?
eq "sweep appraisal: without is required" 1 $rc
contains "sweep appraisal: says so" "expected a line without = SCENARIO in [appraisal]" "$err"
printf '[sweep]\nscenarios = base, open\n[appraisal]\nwithout = base\nwith = opn\n' >"$tmp/bad.ini"
contains "sweep appraisal: with names a scenario of the list" "bad.ini:4: with: expected scenarios of the sweep's list, found \"opn\"" "$("$COR" sweep "$tmp/bad.ini" --net "$NET" 2>&1)"
printf '[sweep]\nscenarios = base, open\n[appraisal]\nwithout = base\nprojects = nosuch\n' >"$tmp/bad.ini"
contains "sweep appraisal: unknown project" "projects: expected projects of $NET/projects.csv, found \"nosuch\"" "$("$COR" sweep "$tmp/bad.ini" --net "$NET" 2>&1)"
text=$("$COR" sweep "$ROOT/tests/data/appraise/sweeps/appraisal.ini" --net "$NET")
contains "sweep appraisal: text table" "appraisal against base (NPV in USD million" "$text"

# the same results on 1 process and on 1 and 2 MPI ranks (bundled TRIPP appraisal sweep)
MPI=$(dirname "$COR")/corridor-mpi
if [ -x "$MPI" ] && command -v mpirun >/dev/null; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    SPEC=$ROOT/data/caucasus/sweeps/tripp-appraisal.ini
    "$COR" sweep "$SPEC" --net "$ROOT/data/caucasus" -o "$tmp/m0.db" --quiet
    timeout 300 mpirun --oversubscribe -np 1 "$MPI" sweep "$SPEC" --net "$ROOT/data/caucasus" -o "$tmp/m1.db" --quiet
    eq "mpi appraisal: 1 rank exits 0" 0 $?
    timeout 300 mpirun --oversubscribe -np 2 "$MPI" sweep "$SPEC" --net "$ROOT/data/caucasus" -o "$tmp/m2.db" --quiet
    eq "mpi appraisal: 2 ranks exit 0" 0 $?
    for i in 0 1 2; do sqlite3 "$tmp/m$i.db" .dump >"$tmp/d$i"; done
    eq "mpi appraisal: 1 rank = no MPI" same "$(cmp -s "$tmp/d0" "$tmp/d1" && echo same)"
    eq "mpi appraisal: 2 ranks = 1 rank" same "$(cmp -s "$tmp/d1" "$tmp/d2" && echo same)"
    eq "mpi appraisal: 40 tripp runs appraised" 40 "$(sqlite3 "$tmp/m2.db" 'select count(*) from appraisal_results where npv_usd is not null')"
    eq "mpi appraisal: summary rows" 2 "$(sqlite3 "$tmp/m2.db" 'select count(*) from appraisal_summary')"
elif [ -n "${CORRIDOR_REQUIRE_MPI:-}" ]; then
    fail "mpi" "build/corridor-mpi or mpirun missing (make mpi)"
else
    echo "SKIP mpi: no $MPI or mpirun"
fi

# the bundled network: the shape only
out=$("$COR" appraise base tripp --json); rc=$?
eq "caucasus appraise: exit 0" 0 $rc
eq "caucasus appraise: keys" "true" "$(echo "$out" | jq '(.npv_usd | type) == "number" and (.bcr | type) == "number" and (.years | length) == 30 and (.sensitivity | length) == 4 and (.countries | length) > 3 and (.projects | index("tripp")) != null and .discount_rate == 0.09')"
eq "caucasus appraise: eirr null or number per status" "true" "$(echo "$out" | jq '(.eirr_status == "ok") == ((.eirr | type) == "number")')"
finish test_appraise
