# corridor report: one self-contained HTML file comparing two scenarios: summary, change table and
# difference map against corridor compare --json, its SVG elements, nothing fetched; printed to
# A4 by headless Chromium (tests/web/report.test.js).
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the network and the demand under a long path (the report names the files it read): a long
# path must wrap on a phone, not widen the page (CI's checkout path is longer than a developer's)
long=$work/a_checkout_under_a_long_directory_name/on_a_build_machine
mkdir -p "$long" && cp -r "$ROOT/data/caucasus" "$long/caucasus"
NET=$long/caucasus
DEMAND=$long/demand.csv
cp "$ROOT/tests/data/caucasus/demand.csv" "$DEMAND"
out=$work/report.html
"$COR" report base tripp -o "$out" --net "$NET" --demand "$DEMAND"
eq "report: exit 0" 0 "$?"
eq "report: file written" 1 "$([ -s "$out" ] && echo 1)"
eq "report: no temporary file left" "a_checkout_under_a_long_directory_name report.html" "$(ls "$work" | tr "\n" " " | sed "s/ $//")"
html=$(cat "$out")
cmp=$("$COR" compare base tripp --net "$NET" --demand "$DEMAND" --json)
# summary first, then the change table, then the difference map
eq "report: the summary line of compare --json" 1 "$(echo "$html" | grep -cF "<p class=\"summary\" id=\"summary\">$(echo "$cmp" | jq -r .summary)</p>")"
eq "report: summary, change table, difference map in that order" "1 2 3" \
    "$(echo "$html" | awk '/id="summary"/ && !s {s = NR} /What changes per country/ && !t {t = NR} /<svg class="map diff-map"/ && !m {m = NR} END {print (s < t && t < m) ? "1 2 3" : s " " t " " m}')"
# a row per changed country, in compare's order, with its figures (thousands separators)
iso=/usr/share/iso-codes/json/iso_3166-1.json
cname() { jq -r --arg c "$1" '."3166-1"[] | select(.alpha_2 == $c) | .common_name // .name' "$iso"; }
eq "report: rows in the order of compare's country_changes" "$(echo "$cmp" | jq -r '[.country_changes[].country] | join(" ")')" \
    "$(echo "$html" | sed -n 's/.*<tr data-country="\([A-Z]*\)">.*/\1/p' | tr '\n' ' ' | sed 's/ $//')"
for cc in $(echo "$cmp" | jq -r '.country_changes[].country'); do
    want=$(echo "$cmp" | jq -r --arg c "$cc" '.country_changes[] | select(.country == $c) | "\(.a_transit_tonnes|round) \(.b_transit_tonnes|round) \(.transit_tonnes_change|round) \(.a_fees_usd|round) \(.b_fees_usd|round) \(.fees_usd_change|round)"')
    row=$(echo "$html" | grep "<tr data-country=\"$cc\">")
    got=$(echo "$row" | sed 's/^<tr[^>]*><td>[^<]*<\/td>//; s/<[^>]*>/ /g; s/,//g; s/&minus;/-/g; s/+//g' | awk '{print $1, $2, $3, $5, $6, $7}')
    eq "report: $cc row = compare --json" "$want" "$got"
    # the country named as iso-codes names it (scripts/deps.sh installs the table)
    eq "report: $cc row named" "$(cname "$cc") ($cc)" "$(echo "$row" | sed 's/^<tr[^>]*><td>\([^<]*\)<\/td>.*/\1/')"
done
eq "report: unchanged countries folded, by name" "No change in transit or fees: $(for cc in $(echo "$cmp" | jq -r '.countries_unchanged[]'); do printf '%s (%s), ' "$(cname "$cc")" "$cc"; done | sed 's/, $//')." \
    "$(echo "$html" | sed -n 's/.*<p class="folded">\(.*\)<\/p>.*/\1/p')"
eq "report: thousands separators (no number of 4+ digits without them)" 0 "$(echo "$html" | grep -cE '<td class="n[^"]*">(&minus;|\+)?[0-9]{4,}')"
am_b=$(echo "$cmp" | jq '.country_changes[] | select(.country == "AM") | .b_transit_tonnes | round')
contains "report: AM transit bar under B" "<rect data-country=\"AM\" data-side=\"b\"" "$html"
eq "report: AM bar B labelled with compare's tonnes" "$am_b" \
    "$(echo "$html" | grep -A200 'class="bars bars-transit"' | grep -m1 'data-country="AM" data-side="b"' | sed 's/.*<text[^>]*>\([0-9,]*\)<\/text>.*/\1/; s/,//g')"
# the difference map: a line per changed link, gains and losses, the TRIPP railway through
# Meghri among the gains (Armenia gains under tripp)
diff=$(echo "$html" | awk '/<svg class="map diff-map"/ {on = 1} on && /<\/figure>/ {exit} on')
eq "report: difference map: a line per changed link" "$(echo "$cmp" | jq '.link_changes | length')" "$(echo "$diff" | grep -c 'class="flow \(gain\|loss\)"')"
eq "report: difference map: gains" "$(echo "$cmp" | jq '[.link_changes[] | select(.change > 0)] | length')" "$(echo "$diff" | grep -c 'class="flow gain"')"
meghri=$(echo "$cmp" | jq -r '[.link_changes[] | select(.mode == "rail" and (.from == "Meghri" or .to == "Meghri")) | .link] | sort | join(" ")')
eq "report: the TRIPP railway at Meghri gains" "$meghri" "$(echo "$diff" | sed -n 's/.*class="flow gain" data-link="\([^"]*\)".*/\1/p' | sort | grep -xF "$(echo "$meghri" | tr ' ' '\n')" | tr '\n' ' ' | sed 's/ $//')"
eq "report: Meghri links found" 1 "$([ -n "$meghri" ] && echo 1)"
contains "report: width legend in t/year" "t/year</text>" "$diff"
eq "report: flow maps A and B" 2 "$(echo "$html" | grep -c '<svg class="map"')"
eq "report: flow lines = links with tonnes under A and B" \
    "$("$COR" assign --scenario base --net "$NET" --demand "$DEMAND" --json | jq '.links | length') $("$COR" assign --scenario tripp --net "$NET" --demand "$DEMAND" --json | jq '.links | length')" \
    "$(echo "$html" | awk '/<svg class="map"/ {m++} /class="flow"/ {c[m]++} END {print c[1] + 0, c[2] + 0}')"
# the charts of the OD pairs whose route changes, one pair of charts per origin and destination
pairs=$(echo "$cmp" | jq '[.od[] | select(.changed) | "\(.from)>\(.to)"] | unique | length')
eq "report: TCD charts of the changed OD pairs" "$pairs $pairs" "$(echo "$html" | grep -c '<svg class="tcd tcd-time"') $(echo "$html" | grep -c '<svg class="tcd tcd-cost"')"
# Baku -> Nakhchivan under tripp crosses two borders (AZ -> AM, AM -> AZ): two vertical steps
# in its B curve of the time chart
steps=$(echo "$html" | awk '/<h4 class="od">Baku &rarr; Nakhchivan/ {on = 1} on && /<svg class="tcd tcd-time"/ {t = 1} t && /data-side="b"/ {b = 1} b && /tcd-step/ {n++} b && /<\/g>/ {print n + 0; exit}')
eq "report: Baku -> Nakhchivan (tripp) has 2 TCD steps" 2 "$steps"
contains "report: the assumptions as an appendix" '<section class="appendix">' "$html"
contains "report: scenario file text" "corridor tripp = operating" "$html"
contains "report: inherited scenario file" "scenarios/base.ini" "$html"
contains "report: demand sources" "test fixture: illustrative volume, not a forecast" "$html"
eq "report: no script" 0 "$(echo "$html" | grep -ci '<script')"
eq "report: nothing fetched (no src= or href= or url())" 0 "$(echo "$html" | grep -Eci '(src|href)=|url\(|@import')"
# http(s):// may only appear in text (sources), never in a tag
eq "report: no http(s):// inside a tag" 0 "$(echo "$html" | grep -oE '<[^>]*>' | grep -ci 'https\?://')"
# in headless Chromium: no sideways scrolling on a phone; printed to A4 by Chromium, the
# summary, change table and difference map on page 1, at most 4 pages before the appendix
if [ -x /usr/bin/chromium ] && [ -d "$ROOT/node_modules/playwright-core" ] && command -v pdfinfo >/dev/null; then
    artifacts=$ROOT/build/test-artifacts
    mkdir -p "$artifacts"
    cp "$out" "$artifacts/report.html"
    res=$(cd "$ROOT" && timeout 120 node tests/web/report.test.js "$out" "$artifacts" "$work/profile" 2>&1)
    echo "$res"
    _pass=$((_pass + $(echo "$res" | grep -c '^ok ')))
    _fail=$((_fail + $(echo "$res" | grep -c '^FAIL ')))
else
    fail "report: print test prerequisites" "needs /usr/bin/chromium, node_modules and pdfinfo (scripts/deps.sh)"
fi
"$COR" report base tripp --net "$NET" --demand "$DEMAND" >/dev/null 2>&1
eq "report: -o is required (exit 2)" 2 "$?"
"$COR" report base nope -o "$work/x.html" --net "$NET" --demand "$DEMAND" >/dev/null 2>&1
eq "report: unknown scenario (exit 1)" 1 "$?"
eq "report: nothing written on failure" 0 "$(ls "$work" | grep -c x.html)"
# the maps on land and sea: the map page's outlines.json by default, --outlines none, a bad file
eq "report: land under the three maps (web/outlines.json)" 3 "$(echo "$html" | grep -c '<svg class="land"')"
contains "report: countries named on the map" "<title>Armenia</title></path>" "$html"
"$COR" report base tripp -o "$work/plain.html" --net "$NET" --demand "$DEMAND" --outlines none
eq "report: --outlines none: no land drawn" 0 "$(grep -c '<svg class="land"' "$work/plain.html")"
echo '{"type": "Topology"}' >"$work/topo.json"
out=$("$COR" report base tripp -o "$work/y.html" --net "$NET" --demand "$DEMAND" --outlines "$work/topo.json" 2>&1)
eq "report: bad outlines: exit 1" 1 "$?"
contains "report: bad outlines: why" "$work/topo.json: type: expected a FeatureCollection with features, found Topology" "$out"
eq "report: bad outlines: nothing written" 0 "$(ls "$work" | grep -c y.html)"
"$COR" report base tripp -o "$work/z.html" --net "$NET" --demand "$DEMAND" --outlines="$work/topo.json" >/dev/null 2>&1
eq "report: --outlines=FILE read too: exit 1" 1 "$?"
eq "report: --outlines without a file" 'corridor: report: --outlines: expected a value, found none' "$("$COR" report base tripp -o "$work/z.html" --outlines 2>&1)"

finish report
