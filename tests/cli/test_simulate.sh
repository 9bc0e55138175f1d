# corridor simulate and route --dwell simulated on tests/data/sim (hand-computed answers in
# tests/data/sim/README.md), queueing theory for the M/M/1 post, and broken stage files.
. "$(dirname "$0")/lib.sh"

SIM=$ROOT/tests/data/sim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
post() { jq -r ".posts[] | select(.node == \"$1\") | $2"; }

# D/D/1 at C -> D: a train every hour, 1.5 h each, no warm-up, 1 day measured
out=$("$COR" simulate "$SIM" --post C --warmup-days 0 --days 1 --replications 2 --json)
eq "dd1: exit 0" 0 $?
eq "dd1: one post" 1 "$(echo "$out" | jq '.posts | length')"
near "dd1: mean dwell" 7.25 "$(echo "$out" | post C .mean_dwell_h)"
near "dd1: p50" 7 "$(echo "$out" | post C .p50_dwell_h)"
near "dd1: p95" 12.5 "$(echo "$out" | post C .p95_dwell_h)"
near "dd1: throughput" 15 "$(echo "$out" | post C .throughput_per_day)"
near "dd1: utilisation" 1 "$(echo "$out" | post C .utilisation)"
near "dd1: mean queue" 4 "$(echo "$out" | post C .mean_queue)"
eq "dd1: unstable" false "$(echo "$out" | post C .stable)"
eq "dd1: no theory wait when overloaded" null "$(echo "$out" | post C '.stages[0].approx_wait_h')"
eq "dd1: to_node" D "$(echo "$out" | post C .to_node)"
near "dd1: file dwell" 10 "$(echo "$out" | post C .file_dwell_h)"

# the gauge-change terminal at B: 3 tracks x 2 h, a train an hour: dwell 2 h, 2/3 busy
out=$("$COR" simulate "$SIM" --post B --warmup-days 1 --days 2 --json)
eq "terminal: kind" terminal "$(echo "$out" | post B .kind)"
eq "terminal: to_node" B "$(echo "$out" | post B .to_node)"
near "terminal: dwell" 2 "$(echo "$out" | post B .mean_dwell_h)"
near "terminal: utilisation" 0.666666667 "$(echo "$out" | post B .utilisation)"
near "terminal: throughput" 24 "$(echo "$out" | post B .throughput_per_day)"
near "terminal: transfers.csv hours" 5 "$(echo "$out" | post B .file_dwell_h)"
eq "border post: kind" border "$("$COR" simulate "$SIM" --post C --days 1 --json | post C .kind)"

# two deterministic stages at F -> G: a truck every 2 h, 1 h then 1.5 h
out=$("$COR" simulate "$SIM" --post F --warmup-days 1 --days 2 --json)
near "dd tandem: dwell" 2.5 "$(echo "$out" | post F .mean_dwell_h)"
near "dd tandem: p95" 2.5 "$(echo "$out" | post F .p95_dwell_h)"
near "dd tandem: throughput" 12 "$(echo "$out" | post F .throughput_per_day)"
near "dd tandem: bottleneck" 0.75 "$(echo "$out" | post F .utilisation)"
near "dd tandem: stage 1" 0.5 "$(echo "$out" | post F '.stages[0].utilisation')"
eq "dd tandem: stage names" "exit documents,entry inspection" \
    "$(echo "$out" | post F '[.stages[].name] | join(",")')"
eq "dd tandem: scenario" base "$(echo "$out" | post F .scenario)"

# joint control: one 1.5 h stage instead of two; C -> D has no joint rows and keeps base
out=$("$COR" simulate "$SIM" --joint --warmup-days 1 --days 2 --json)
near "joint: dwell" 1.5 "$(echo "$out" | post F .mean_dwell_h)"
eq "joint: one stage" 1 "$(echo "$out" | post F '.stages | length')"
eq "joint: scenario" joint "$(echo "$out" | jq -r .scenario)"
eq "joint: C keeps base" base "$(echo "$out" | post C .scenario)"

# flows: 58400 t/y / 365 / 20 t = 8 trucks a day, one every 3 h: stage 2 busy 1.5 of 3 h
out=$("$COR" simulate "$SIM" --post F --flows "$SIM/flows.csv" --warmup-days 1 --days 3 --json)
near "flows: rate" 8 "$(echo "$out" | post F .arrivals_per_day)"
near "flows: throughput" 8 "$(echo "$out" | post F .throughput_per_day)"
near "flows: bottleneck" 0.5 "$(echo "$out" | post F .utilisation)"
near "flows: stage 1" 0.333333333 "$(echo "$out" | post F '.stages[0].utilisation')"
# --traffic 0.5: 6 a day, one every 4 h: 1.5 / 4 = 0.375
out=$("$COR" simulate "$SIM" --post F --traffic 0.5 --warmup-days 1 --days 2 --json)
near "traffic: throughput" 6 "$(echo "$out" | post F .throughput_per_day)"
near "traffic: bottleneck" 0.375 "$(echo "$out" | post F .utilisation)"

# M/M/1 at H -> E, rho 0.8: W = 1 / (1 - 0.8) = 5 h within the 99% interval
# (95% half-width x t(.995,19) / t(.975,19) = x 2.861 / 2.093)
out=$("$COR" simulate "$SIM" --post H --replications 20 --days 400 --warmup-days 10 --json)
m=$(echo "$out" | post H .mean_dwell_h); ci=$(echo "$out" | post H .mean_dwell_ci95_h)
near "mm1: mean dwell 5 h" 5 "$m" "$(awk -v c="$ci" 'BEGIN { print c * 2.861 / 2.093 }')"
near "mm1: utilisation 0.8" 0.8 "$(echo "$out" | post H .utilisation)" 0.015
near "mm1: offered load" 0.8 "$(echo "$out" | post H '.stages[0].offered_load')"
near "mm1: theory wait (Erlang C)" 4 "$(echo "$out" | post H '.stages[0].approx_wait_h')"

# reproducible: the same seed gives the same bytes, another seed other figures
"$COR" simulate "$SIM" --post H --seed 7 --days 20 --json >"$work/a.json"
"$COR" simulate "$SIM" --post H --seed 7 --days 20 --json >"$work/b.json"
"$COR" simulate "$SIM" --post H --seed 8 --days 20 --json >"$work/c.json"
cmp -s "$work/a.json" "$work/b.json"; eq "same seed, same bytes" 0 $?
cmp -s "$work/a.json" "$work/c.json"; eq "other seed, other bytes" 1 $?
# a post's figures do not depend on which other posts are simulated
"$COR" simulate "$SIM" --seed 7 --days 20 --json >"$work/all.json"
eq "same figures with or without --post" "$(jq -c '.posts[0]' "$work/a.json")" \
    "$(jq -c '.posts[] | select(.node == "H")' "$work/all.json")"
"$COR" simulate "$SIM" --post H --seed 7 --days 20 --json -o "$work/o.json"
cmp -s "$work/a.json" "$work/o.json"; eq "-o writes the same" 0 $?
out=$("$COR" simulate "$SIM" --post F --warmup-days 1 --days 2)
contains "text: dwell line" "mean 2.50 +- 0.00   p50 2.50   p95 2.50   (borders.csv: 3.00)" "$out"

# route with simulated dwell (tests/data/sim/README.md)
t() { "$COR" route A E --net "$SIM" --minimize time --json "$@" 2>/dev/null | jq '.total.hours'; }
near "route: file dwell" 6.1 "$(t --avoid XC)"
near "route: simulated dwell" 5.6 "$(t --avoid XC --dwell simulated)"
near "route: joint scenario" 4.6 "$(t --avoid XC --dwell simulated --joint)"
near "route: overloaded rail post" 454.35 "$(t --modes rail --dwell simulated)"
# via H: the A-H border is not simulated (NAN: its 0.5 h from borders.csv stays), H -> E is:
# 0.5 + 0.5 (links) + 0.5 (A-H) + the simulated H -> E mean of the default run
he=$("$COR" simulate "$SIM" --post H --json | post H .mean_dwell_h)
near "route: simulated and file dwell mixed" "$(awk -v h="$he" 'BEGIN { print 1.5 + h }')" \
    "$(t --via H --dwell simulated)"
near "route: simulated H-E makes the road via F-G fastest" 5.6 "$(t --dwell simulated)"
eq "route: json says simulated" simulated \
    "$("$COR" route A E --net "$SIM" --avoid XC --dwell simulated --json 2>/dev/null | jq -r .query.dwell)"
err=$("$COR" route A E --net "$SIM" --modes rail --dwell simulated 2>&1 >/dev/null)
contains "route: overload warning" "C -> D (rail) is overloaded" "$err"
"$COR" route A E --net "$SIM" --joint >/dev/null 2>&1
eq "route: --joint alone is a usage error" 2 $?
near "route: --stage-scenario joint" 4.6 "$(t --avoid XC --dwell simulated --stage-scenario joint)"
err=$("$COR" route A E --net "$TINY" --dwell simulated 2>&1)
eq "route: no stage file exit 1" 1 $?
contains "route: no stage file message" "no simulated border posts" "$err"

# usage and missing files
err=$("$COR" simulate "$TINY" 2>&1)
eq "no stage file: exit 1" 1 $?
contains "no stage file: says so" "border_stages.csv: no such file" "$err"
contains "no stage file: the command's line" "corridor: simulate: no simulated border posts: the network has no stage file (write border_stages.csv, see docs/simulation.md)" "$err"
err=$("$COR" simulate "$SIM" --stages "$work/none.csv" 2>&1)
eq "--stages missing: exit 1" 1 $?
contains "--stages missing: message" "corridor: simulate: no simulated posts: cannot find the stage file $work/none.csv" "$err"
printf 'from_node,to_node,mode,tonnes_per_year,t_per_vehicle,source\nA,B,road,100,,x\n' >"$work/flows-bad.csv"
err=$("$COR" simulate "$SIM" --flows "$work/flows-bad.csv" 2>&1)
eq "bad flow file: exit 1" 1 $?
contains "bad flow file: its row" "flows-bad.csv:2: from_node: expected a crossing listed in borders.csv (from_node, to_node, mode), found A -> B by road" "$err"
contains "bad flow file: message" "corridor: simulate: cannot use the flow file $work/flows-bad.csv (problems listed above)" "$err"
"$COR" simulate "$SIM" --replications 0 >/dev/null 2>&1; eq "bad --replications" 2 $?
"$COR" simulate "$SIM" --seed -3 >/dev/null 2>&1; eq "bad --seed" 2 $?
"$COR" simulate "$SIM" --days x >/dev/null 2>&1; eq "bad --days" 2 $?
"$COR" simulate "$SIM" --post F --warmup-days 0.0 --days 1 >/dev/null 2>&1; eq "--warmup-days 0.0" 0 $?
"$COR" simulate "$SIM" --warmup-days -1 >/dev/null 2>&1; eq "bad --warmup-days" 2 $?
# --traffic and --days: one message for zero, below zero and no number (cli_parse_pos)
for v in 0 -1 x; do
    err=$("$COR" simulate "$SIM" --traffic "$v" 2>&1)
    eq "bad --traffic $v: exit 2" 2 $?
    contains "bad --traffic $v: message" "corridor: simulate: --traffic: expected a number > 0, found \"$v\"" "$err"
done
contains "bad --days 0: message" "--days: expected a number > 0, found \"0\"" "$("$COR" simulate "$SIM" --days 0 2>&1)"
contains "bad --warmup-days: message" "--warmup-days: expected a number >= 0, found \"-1\"" "$("$COR" simulate "$SIM" --warmup-days -1 2>&1)"
# --seed: the library's seed parser (cor_seed_parse), the whole uint64 range
contains "bad --seed: message" "--seed: expected a whole number >= 0, found \"+3\"" "$("$COR" simulate "$SIM" --seed +3 2>&1)"
"$COR" simulate "$SIM" --seed 18446744073709551616 >/dev/null 2>&1; eq "--seed 2^64" 2 $?
"$COR" simulate "$SIM" --post F --seed 18446744073709551615 --warmup-days 0 --days 1 >/dev/null 2>&1
eq "--seed 2^64 - 1" 0 $?
err=$("$COR" simulate "$SIM" --stage-scenario fast 2>&1)
eq "unknown scenario: exit 1" 1 $?
contains "unknown scenario" "border_stages.csv: scenario: expected rows of scenario \"fast\", found none" "$err"
err=$("$COR" simulate "$SIM" --post A 2>&1); eq "--post without posts: exit 1" 1 $?
contains "--post without posts" "no simulated post matches --post" "$err"
contains "help" "--warmup-days W" "$("$COR" simulate --help)"
contains "usage lists simulate" "simulate [DIR]" "$("$COR" help)"

# broken stage files: one defect each, the exact file:line: field: message
broken() { # NAME SED-EXPRESSION EXPECTED [FILE]
    local dir=$work/$1 file=${4:-border_stages.csv}
    cp -r "$SIM" "$dir"
    sed -i "$2" "$dir/$file"
    local args=()
    [ "$file" = flows.csv ] && args=(--flows "$dir/flows.csv")
    out=$("$COR" simulate "$dir" "${args[@]}" 2>&1)
    eq "$1: exit 1" 1 $?
    contains "$1: message" "$dir/$file:$3" "$out"
}
broken bad-dist '2s/deterministic/gamma/' '2: distribution: expected exponential, deterministic, lognormal or erlang, found "gamma"'
broken zero-servers '3s/,1,deterministic/,0,deterministic/' '3: servers: expected a whole number from 1 to 10000, found "0"'
broken bad-mean '6s/,1.0,,,19.2/,1.O,,,19.2/' '6: mean_h: expected a number, found "1.O"'
broken negative-mean '6s/,1.0,,,19.2/,-1,,,19.2/' '6: mean_h: expected a number >= 1e-09, found -1'
broken unknown-crossing '6s/^H,E,road/F,H,road/' '6: from_node: expected a crossing listed in borders.csv (from_node, to_node, mode), found F -> H by road'
broken no-terminal '6s/^H,E,road/A,A,road/' '6: to_node: expected a transfers.csv record at A for road (from_node = to_node names a terminal), found none'
broken unknown-node '6s/^H,E/H,Q/' '6: to_node: expected the id of a node in nodes.csv, found "Q"'
broken stage-gap '3s/,base,2,/,base,3,/' '3: stage: expected stage 2 (stages of a crossing and scenario are numbered 1, 2, ...), found 3'
broken stage-twice '3s/,base,2,/,base,1,/' '3: stage: expected one row per stage of F -> G (base), found stage 1 again (first on line 2)'
broken no-rate '2s/,,,12,regular/,,,,regular/' '2: arrivals_per_day: expected the vehicles a day arriving at F -> G on the row of stage 1, found nothing'
broken other-rate '3s/,1.5,,,,,/,1.5,,,13,,/' '3: arrivals_per_day: expected nothing or 12 (the figure of stage 1, line 2), found 13'
broken cv-on-exponential '6s/,1.0,,,19.2/,1.0,0.5,,19.2/' '6: cv: expected nothing for distribution exponential (cv is for lognormal), found "0.5"'
broken lognormal-without-cv '6s/exponential/lognormal/' '6: cv: expected a number, found nothing'
broken erlang-without-k '6s/exponential/erlang/' '6: k: expected a whole number from 1 to 1000, found ""'
broken bad-process '2s/regular/steady/' '2: arrival_process: expected poisson or regular, found "steady"'
broken bad-scenario '2s/,base,/,Base,/' '2: scenario: expected a scenario name such as base or joint (lower-case letters, digits, _ and -), found "Base"'
broken no-source '6s/,test fixture: M.*$/,/' '6: source: expected a value, found nothing'
broken missing-column '1s/,servers,/,server,/' '1: servers: expected a column named "servers" in the header, found none'
broken flows-unknown '2s/^F,G,road/H,E,rail/' '2: from_node: expected a crossing listed in borders.csv (from_node, to_node, mode), found H -> E by rail' flows.csv
broken flows-not-simulated '2s/^F,G,road/A,E,rail/' '2: from_node: expected a crossing simulated in border_stages.csv, found A -> E by rail' flows.csv
broken flows-bad-row '2s/$/,extra/' '2: expected 6 fields as in the header, found 7' flows.csv
broken flows-bad-tonnes '2s/,58400,/,lots,/' '2: tonnes_per_year: expected a number, found "lots"' flows.csv
broken flows-too-many-vehicles '2s/,58400,,/,1e12,0.000001,/' '2: tonnes_per_year: expected 1e-09 to 1e+07 vehicles a day, as arrivals_per_day in border_stages.csv (tonnes_per_year / 365 / t_per_vehicle), found 2.73973e+15' flows.csv
broken flows-too-few-vehicles '2s/,58400,,/,1e-300,,/' '2: tonnes_per_year: expected 1e-09 to 1e+07 vehicles a day, as arrivals_per_day in border_stages.csv (tonnes_per_year / 365 / t_per_vehicle), found 1.36986e-304' flows.csv

# limits on a run's work, reported at the stage-1 row of the post: 10 replications x 19.2
# vehicles a day x 67 days x (1 + 1 + 1000 samples of an Erlang-1000 stage) = 1.29e7 is fine,
# x 100 days x 1000 replications = 1.92e9 is not; 1e7 vehicles a day x 67 days = 6.7e8
# vehicles exceed the 2e7 of a replication
dir=$work/erlang && cp -r "$SIM" "$dir"
sed -i '6s/exponential,1.0,,,19.2/erlang,1.0,,1000,19.2/' "$dir/border_stages.csv"
out=$("$COR" simulate "$dir" --post H --replications 1000 --days 100 --warmup-days 0 2>&1)
eq "work limit: exit 1" 1 $?
contains "work limit: message" "$dir/border_stages.csv:6: expected a run of at most 1000000000 events and samples (replications x vehicles x (1 + per stage 1 + its samples, k for erlang)), found 1.92e+09: shorten the run, use fewer replications or fewer Erlang phases" "$out"
"$COR" simulate "$dir" --post H --days 1 --warmup-days 0 --replications 2 >/dev/null 2>&1
eq "work limit: a short run of the same post" 0 $?
sed -i '6s/erlang,1.0,,1000,19.2/exponential,1.0,,,10000000/' "$dir/border_stages.csv"
out=$("$COR" simulate "$dir" --post H 2>&1)
eq "vehicle limit: exit 1" 1 $?
contains "vehicle limit: message" "$dir/border_stages.csv:6: a replication would create 670000000 vehicles (at most 20000000): shorten the run" "$out"

# the bundled network (when its four files are there): every calibrated post reproduces its
# borders.csv figure (CPMM) within the 99% confidence interval of its mean, plus 0.02 h for the
# release times rounded to 0.01 h in border_stages.csv (docs/simulation.md, calibration)
CAU=$ROOT/data/caucasus
if [ -f "$CAU/nodes.csv" ] && [ -f "$CAU/border_stages.csv" ]; then
    out=$("$COR" simulate "$CAU" --json)
    eq "caucasus: simulate exit 0" 0 $?
    bad=$(echo "$out" | jq -r '.posts[] | select(.file_dwell_h != null) |
        select((.mean_dwell_h - .file_dwell_h | fabs) > .mean_dwell_ci95_h * 2.861 / 2.093 + 0.02) |
        "\(.node)->\(.to_node): \(.mean_dwell_h) vs \(.file_dwell_h)"')
    eq "caucasus: simulated means match borders.csv" "" "$bad"
    # Sarpi outbound's release cv was chosen to reproduce its p95 of 38.2 h too
    p95=$(echo "$out" | post GE09 .p95_dwell_h); ci=$(echo "$out" | post GE09 .p95_dwell_ci95_h)
    near "caucasus: Sarpi outbound p95" 38.2 "$p95" "$(awk -v c="$ci" 'BEGIN { print c * 2.861 / 2.093 + 0.02 }')"
    joint=$("$COR" simulate "$CAU" --joint --json)
    worse=$(jq -n --argjson a "$out" --argjson b "$joint" '[range($a.posts | length) |
        select($b.posts[.].mean_dwell_h > $a.posts[.].mean_dwell_h)] | length')
    eq "caucasus: joint control never slower" 0 "$worse"
fi

finish test_simulate
