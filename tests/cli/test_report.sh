# corridor report: one self-contained HTML file comparing two scenarios, its country rows and
# bars against corridor compare --json, its SVG elements, and nothing fetched from the network.
. "$(dirname "$0")/lib.sh"
DEMAND=$ROOT/tests/data/caucasus/demand.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/report.html
"$COR" report base tripp -o "$out" --demand "$DEMAND"
eq "report: exit 0" 0 "$?"
eq "report: file written" 1 "$([ -s "$out" ] && echo 1)"
eq "report: no temporary file left" "report.html" "$(ls "$work")"
html=$(cat "$out")
cmp=$("$COR" compare base tripp --demand "$DEMAND" --json)
# one table row per country with the transit tonnes and fees of compare --json
for cc in AM AZ GE IR; do
    want=$(echo "$cmp" | jq -r --arg c "$cc" '.countries[] | select(.country == $c) | "\(.a.transit_tonnes|round) \(.b.transit_tonnes|round) \(.a.fees_usd|round) \(.b.fees_usd|round)"')
    got=$(echo "$html" | grep "<tr data-country=\"$cc\">" | sed 's/<[^>]*>/ /g' | awk '{print $2, $3, $5, $6}')
    eq "report: $cc row = compare --json" "$want" "$got"
done
eq "report: a row per country" "$(echo "$cmp" | jq '.countries | length')" "$(echo "$html" | grep -c '<tr data-country=')"
am_b=$(echo "$cmp" | jq '.countries[] | select(.country == "AM") | .b.transit_tonnes | round')
contains "report: AM transit bar under B" "<rect data-country=\"AM\" data-side=\"b\"" "$html"
eq "report: AM bar B labelled with compare's tonnes" "$am_b" \
    "$(echo "$html" | grep -A0 'class="bars bars-transit"' -A200 | grep -m1 -A0 'data-country="AM" data-side="b"' | sed 's/.*<text[^>]*>\([0-9]*\)<\/text>.*/\1/')"
eq "report: two maps" 2 "$(echo "$html" | grep -c '<svg class="map"')"
eq "report: flow lines = links with tonnes under A and B" \
    "$("$COR" assign --scenario base --demand "$DEMAND" --json | jq '.links | length') $("$COR" assign --scenario tripp --demand "$DEMAND" --json | jq '.links | length')" \
    "$(echo "$html" | awk '/<svg class="map"/ {m++} /class="flow"/ {c[m]++} END {print c[1] + 0, c[2] + 0}')"
eq "report: 4 OD pairs with time and cost charts" "4 4" "$(echo "$html" | grep -c '<svg class="tcd tcd-time"') $(echo "$html" | grep -c '<svg class="tcd tcd-cost"')"
# Baku -> Nakhchivan under tripp crosses two borders (AZ -> AM, AM -> AZ): two vertical steps
# in its B curve of the time chart
steps=$(echo "$html" | awk '/<h4 class="od">Baku &rarr; Nakhchivan/ {on = 1} on && /<svg class="tcd tcd-time"/ {t = 1} t && /data-side="b"/ {b = 1} b && /tcd-step/ {n++} b && /<\/g>/ {print n + 0; exit}')
eq "report: Baku -> Nakhchivan (tripp) has 2 TCD steps" 2 "$steps"
contains "report: scenario file text" "corridor tripp = operating" "$html"
contains "report: inherited scenario file" "scenarios/base.ini" "$html"
contains "report: demand sources" "test fixture: illustrative volume, not a forecast" "$html"
eq "report: no script" 0 "$(echo "$html" | grep -ci '<script')"
eq "report: nothing fetched (no src= or href= or url())" 0 "$(echo "$html" | grep -Eci '(src|href)=|url\(|@import')"
# http(s):// may only appear in text (sources), never in a tag
eq "report: no http(s):// inside a tag" 0 "$(echo "$html" | grep -oE '<[^>]*>' | grep -ci 'https\?://')"
"$COR" report base tripp --demand "$DEMAND" >/dev/null 2>&1
eq "report: -o is required (exit 2)" 2 "$?"
"$COR" report base nope -o "$work/x.html" --demand "$DEMAND" >/dev/null 2>&1
eq "report: unknown scenario (exit 1)" 1 "$?"
eq "report: nothing written on failure" 0 "$(ls "$work" | grep -c x.html)"
finish report
