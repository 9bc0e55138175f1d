# corridor flow / resilience / diverse on the hand-drawn networks tests/data/grid and
# tests/data/fibre (answers and arithmetic in their README.md files).
. "$(dirname "$0")/lib.sh"

GRID=$ROOT/tests/data/grid
FIBRE=$ROOT/tests/data/fibre
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

f() { "$COR" flow "$@" --net "$GRID" --json; }
cut() { jq -r '[.cut[] | "\(.link):\(.from)>\(.to)=\(.capacity)"] | join(" ")'; }

# mainland -> exclave, operating: P3 60 + P4 50
out=$(f country:XA,-region:XA-EX region:XA-EX --layer power)
near "mainland->exclave: 110 MW" 110 "$(echo "$out" | jq .max_flow.value)"
eq "mainland->exclave: unit" "MW" "$(echo "$out" | jq -r .max_flow.unit)"
eq "mainland->exclave: cut" "P3:S1>X1=60 P4:G2>S2=50" "$(echo "$out" | cut)"
eq "mainland->exclave: sources (T1 has no power link)" "G1,G2,S1" "$(echo "$out" | jq -r '[.sources[].id] | join(",")')"
eq "mainland->exclave: P8 left out, would add flow" "P8 true" "$(echo "$out" | jq -r '.uncapacitated[] | "\(.link) \(.adds_flow)"')"
eq "mainland->exclave: lower bound" "true" "$(echo "$out" | jq .lower_bound)"
near "cut capacities add up to the max flow" 110 "$(echo "$out" | jq '[.cut[].capacity] | add')"

# with the planned link P7 (the "with and without" flag)
out=$(f country:XA,-region:XA-EX region:XA-EX --layer power --status planned)
near "with planned P7: 310 MW" 310 "$(echo "$out" | jq .max_flow.value)"
eq "with planned P7: cut" "P3:S1>X1=60 P4:G2>S2=50 P7:S1>X1=200" "$(echo "$out" | cut)"
near "exact status list operating,planned" 310 "$(f country:XA,-region:XA-EX region:XA-EX --layer power --status operating,planned | jq .max_flow.value)"

out=$(f country:XA,-region:XA-EX region:XA-EX --layer power --status planned --without link-x)
near "planned --without link-x: back to 110" 110 "$(echo "$out" | jq .max_flow.value)"
eq "--without echoed" "link-x" "$(echo "$out" | jq -r '.without | join(",")')"

# a scenario applied while the network loads: P7 operating and P3 doubled -> 120 + 50 + 200
out=$(f country:XA,-region:XA-EX region:XA-EX --layer power --scenario x-open)
near "--scenario x-open: 370 MW" 370 "$(echo "$out" | jq .max_flow.value)"
eq "--scenario x-open: cut" "P3:S1>X1=120 P4:G2>S2=50 P7:S1>X1=200" "$(echo "$out" | cut)"
eq "--scenario echoed" "x-open" "$(echo "$out" | jq -r .scenario)"
eq "no scenario: null" "null" "$(f G1 X2 --layer power | jq .scenario)"

# single pair, names case-insensitive
out=$(f "plant g1" X2 --layer power)
near "G1->X2: 80 MW" 80 "$(echo "$out" | jq .max_flow.value)"
eq "G1->X2: cut" "P4:G2>S2=50 P6:X1>X2=30" "$(echo "$out" | cut)"
eq "G1->X2: P2 carries 50 from S1 to G2" "S1>G2 50" "$(echo "$out" | jq -r '.flows[] | select(.link=="P2") | "\(.from)>\(.to) \(.flow)"')"
near "--uncapacitated 25: P8 adds 20" 100 "$(f G1 X2 --layer power --uncapacitated 25 | jq .max_flow.value)"
eq "--uncapacitated 25: no lower bound flag" "false" "$(f G1 X2 --layer power --uncapacitated 25 | jq .lower_bound)"

# resilience
r() { "$COR" resilience "$@" --net "$GRID" --json; }
out=$(r G1 X2 --layer power)
near "N-1: base 80" 80 "$(echo "$out" | jq .max_flow.value)"
eq "N-1: ranking" "P1:0:true P2:30:false P4:30:false P5:30:false P3:50:false P6:50:false" \
    "$(echo "$out" | jq -r '[.contingencies[] | "\(.failed | join("+")):\(.remaining):\(.cut_off)"] | join(" ")')"
eq "N-1: sorted ascending" "true" "$(echo "$out" | jq '[.contingencies[].remaining] | . == sort')"
out=$(r G1 X2 --layer power --k 2)
eq "N-2: 6 singles + 15 pairs" 21 "$(echo "$out" | jq '.contingencies | length')"
eq "N-2: 12 cut off" 12 "$(echo "$out" | jq .n_cut_off)"
near "N-2: P3+P6 leaves 50" 50 "$(echo "$out" | jq '.contingencies[] | select(.failed == ["P3","P6"]) | .remaining')"
near "N-2: P2+P4 leaves 30" 30 "$(echo "$out" | jq '.contingencies[] | select(.failed == ["P2","P4"]) | .remaining')"
eq "N-2: joint pairs" "P2+P3 P2+P6 P3+P4 P3+P5 P4+P6 P5+P6" "$(echo "$out" | jq -r '[.contingencies[] | select(.joint) | .failed | join("+")] | sort | join(" ")')"
eq "N-2: sorted ascending" "true" "$(echo "$out" | jq '[.contingencies[].remaining] | . == sort')"
text=$("$COR" resilience G1 X2 --layer power --net "$GRID" --top 2)
contains "text: table row" "CUT OFF" "$text"
contains "text: more rows hint" "(4 more; --top 0 lists all)" "$text"

# diverse (fibre)
d() { "$COR" diverse "$@" --net "$FIBRE" --json; }
out=$(d A F --k 1)
near "shortest latency 1.6 ms" 1.6 "$(echo "$out" | jq '.paths[0].latency_ms')"
eq "shortest path links" "F1,F2,F3" "$(echo "$out" | jq -r '.paths[0].links | join(",")')"
out=$(d A F --k 3)
eq "3 requested, 2 found" "3 2" "$(echo "$out" | jq -r '"\(.requested) \(.found)"')"
eq "disjoint pair avoids the trap" "F6,F7,F3 F1,F4,F5" "$(echo "$out" | jq -r '[.paths[].links | join(",")] | join(" ")')"
near "disjoint pair total 5.35 ms" 5.35 "$(echo "$out" | jq .total_cost)"
eq "node-disjoint: same pair" "A,D,E,F A,B,C,F" "$(d A F --node-disjoint | jq -r '[.paths[].nodes | join(",")] | join(" ")')"
out=$(d P Q --k 2)
eq "hub: link-disjoint pair" "F8,F10 F9,F11" "$(echo "$out" | jq -r '[.paths[].links | join(",")] | join(" ")')"
near "hub: link-disjoint total 0.22 ms" 0.22 "$(echo "$out" | jq .total_cost)"
eq "hub: shared node M" "M" "$(echo "$out" | jq -r '.shared_nodes | join(",")')"
near "hub: link-disjoint k=3 total 0.72 ms" 0.72 "$(d P Q --k 3 | jq .total_cost)"
out=$(d P Q --k 3 --node-disjoint)
eq "hub: node-disjoint finds 2" "2 F8,F10 F12" "$(echo "$out" | jq -r '"\(.found) \([.paths[].links | join(",")] | join(" "))"')"
near "hub: node-disjoint total 0.6 ms" 0.6 "$(echo "$out" | jq .total_cost)"
eq "hub: node-disjoint shares no node" "0" "$(echo "$out" | jq '.shared_nodes | length')"
contains "hub: text names the meeting node" "the paths share no link but meet at: Hub M" "$("$COR" diverse P Q --net "$FIBRE")"
near "fibre max flow 90 Gbit/s" 90 "$("$COR" flow A F --layer fibre --net "$FIBRE" --json | jq .max_flow.value)"
eq "fibre unit" "Gbit/s" "$("$COR" flow A F --layer fibre --net "$FIBRE" --json | jq -r .max_flow.unit)"

# -o writes the file atomically
"$COR" flow G1 X2 --layer power --net "$GRID" --json -o "$tmp/out.json"
near "-o: file written" 80 "$(jq .max_flow.value "$tmp/out.json")"
eq "-o: no temporary left" "out.json" "$(ls "$tmp")"

# bad input: clear errors, non-zero exit
err() { "$COR" "$@" 2>&1 >/dev/null; echo "rc=$?"; }
out=$(err flow Nowhere X2 --layer power --net "$GRID")
contains "unknown node" "corridor: flow: SOURCES: unknown node \"Nowhere\"" "$out"
contains "unknown node: exit 1" "rc=1" "$out"
out=$(err flow T1 X2 --layer power --net "$GRID")
contains "node without a layer link" "SOURCES: T1 (T1) has no power link" "$out"
out=$(err flow region:XA-EX,-X1,-X2 G1 --layer power --net "$GRID")
contains "empty set" "SOURCES: \"region:XA-EX,-X1,-X2\" selects 0 nodes, none with a power link" "$out"
out=$(err flow "depot: z1" X2 --layer power --net "$GRID")
contains "a name with a colon is a node" "SOURCES: depot: z1 (Z1) has no power link" "$out"
out=$(err flow colour:red X2 --layer power --net "$GRID")
contains "unknown set key" "\"colour:red\": expected a node, all, country:CC, region:CODE or kind:KIND" "$out"
out=$(err flow country:QQ X2 --layer power --net "$GRID")
contains "set term matching nothing" "\"country:QQ\": no node of the network matches" "$out"
out=$(err flow G1 G1,X2 --layer power --net "$GRID")
contains "overlapping sets" "Plant G1 (G1) is both a source and a sink" "$out"
out=$(err flow G1 X2 --layer power --net "$GRID" --uncapacitated error)
contains "--uncapacitated error names the link" "1 power link without capacity: P8 (links.csv:9)" "$out"
out=$(err flow A F --layer power --net "$FIBRE")
contains "layer with no links at all" "SOURCES: A (A) has no power link" "$out"
out=$(err flow A F --layer fibre --net "$FIBRE" --status planned,closed)
contains "layer without capacities" "the fibre layer has no link with a capacity (Gbit/s)" "$out"
out=$(err flow G1 X2 --layer water --net "$GRID")
contains "bad layer" "--layer: expected power, fibre, pipeline" "$out"
contains "bad layer: exit 2" "rc=2" "$out"
out=$(err flow G1 X2 --net "$GRID")
contains "missing layer" "--layer: expected power, fibre or pipeline, found nothing" "$out"
out=$(err resilience G1 X2 --layer power --k 3 --net "$GRID")
contains "bad k" "--k: expected a whole number from 1 to 2, found \"3\"" "$out"
out=$(err resilience G1 X2 --layer power --top 1.5 --net "$GRID")
contains "bad --top" "--top: expected a whole number from 0 to 1e+09, found \"1.5\"" "$out"
contains "bad --top: exit 2" "rc=2" "$out"
out=$(err diverse A F --k 0x2 --net "$FIBRE")
contains "bad --k: no hex" "--k: expected a whole number from 1 to 64, found \"0x2\"" "$out"
out=$(err flow G1 X2 --layer power --k 2 --net "$GRID")
contains "flow has no --k" "--k is not an option of corridor flow" "$out"
out=$(err flow G1 X2 --layer power --uncapacitated -3 --net "$GRID")
contains "bad --uncapacitated" "--uncapacitated: expected exclude, error or a capacity >= 0" "$out"
out=$(err diverse A F --status planned,closed --net "$FIBRE")
contains "diverse: no path" "no fibre path from the sources to the sinks" "$out"
out=$(err flow G1 X2 --layer power --without link --net "$GRID")
contains "--without: a tag prefix is not a tag" "without: no link of the network belongs to corridor \"link\"" "$out"
out=$(err flow G1 X2 --layer power --without linkx --net "$GRID")
contains "--without: unknown tag" "without: no link of the network belongs to corridor \"linkx\"" "$out"
out=$(err flow G1 X2 --layer power --scenario nosuch --net "$GRID")
contains "unknown scenario: exit 1" "rc=1" "$out"
out=$(err flow G1 --layer power --net "$GRID")
contains "one argument" "expected SOURCES and SINKS, found 1 argument" "$out"

# pipelines: two units that cannot be added up
out=$(err flow G1 X2 --layer pipeline --net "$GRID")
contains "pipeline: both units" "pipeline links carry capacities in t/y (1 link, oil and products) and in bcm/y (1 link, gas), which do not add up: choose the layer pipeline-tpy or pipeline-bcmy" "$out"
out=$(f G1 X1 --layer pipeline-tpy)
near "pipeline-tpy: O1 1,000,000 t/y" 1000000 "$(echo "$out" | jq .max_flow.value)"
eq "pipeline-tpy: unit" "t/y" "$(echo "$out" | jq -r .max_flow.unit)"
out=$(f G2 X2 --layer pipeline-bcmy --status planned)
near "pipeline-bcmy: Q1 2.5 bcm/y" 2.5 "$(echo "$out" | jq .max_flow.value)"
eq "pipeline-bcmy: Q2 (no capacity in either unit) is reported" "Q2" "$(echo "$out" | jq -r '[.uncapacitated[].link] | join(",")')"
cp -r "$GRID" "$tmp/oil"
sed -i '/^Q1,/d' "$tmp/oil/links.csv"
out=$("$COR" flow G1 X1 --layer pipeline --net "$tmp/oil" --json)
eq "--layer pipeline picks the one unit in use" "pipeline-tpy 1000000" "$(echo "$out" | jq -r '"\(.layer) \(.max_flow.value)"')"

# latency_ms: bad values and non-fibre links are load errors
cp -r "$FIBRE" "$tmp/bad"
sed -i 's/,test fixture: measured latency,0.6/,x,-1/' "$tmp/bad/links.csv"
out=$(err diverse A F --net "$tmp/bad")
contains "latency_ms must be positive" "links.csv:4: latency_ms: expected a number >= 0.001, found -1" "$out"
cp "$FIBRE/links.csv" "$tmp/bad/links.csv"
sed -i 's/^F1,A,B,fibre/F1,A,B,power/' "$tmp/bad/links.csv"
sed -i 's/^F1,\(.*\),test fixture,$/F1,\1,test fixture,0.5/' "$tmp/bad/links.csv"
out=$(err diverse A F --net "$tmp/bad")
contains "latency_ms on a power link" "links.csv:2: latency_ms: expected no latency_ms for a power link (fibre only), found 0.5" "$out"

# help matches the options
h=$("$COR" flow --help)
for o in --layer --status --uncapacitated --json --output --net country: region: kind:; do
    contains "flow --help mentions $o" "$o" "$h"
done
contains "resilience --help mentions --k" "--k 1|2" "$("$COR" resilience --help)"
contains "diverse --help mentions --node-disjoint" "--node-disjoint" "$("$COR" diverse --help)"

finish flow
