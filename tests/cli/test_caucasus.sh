# The README's examples on the bundled network data/caucasus: the legs, countries and border
# posts of each route. When the dataset changes on purpose, these expectations change with it.
. "$(dirname "$0")/lib.sh"

NET=$ROOT/data/caucasus
r() { "$COR" route --net "$NET" "$@"; }
stops() { jq -r '[.legs[].to] | join(" > ")'; }
countries() { jq -r '.countries | join(",")'; }

out=$("$COR" check "$NET" 2>&1)
eq "check: exit 0" 0 "$?"
contains "check: clean" "data/caucasus: 0 errors, 0 warnings" "$out"

info=$("$COR" info "$NET" --json)
eq "info: counts" "100 185 42 50" "$(echo "$info" | jq -r '"\(.nodes) \(.links) \(.borders) \(.transfers)"')"
eq "info: rail by status" "48 4 6 7" \
    "$(echo "$info" | jq -r '.modes[] | select(.mode == "rail") | .by_status | "\(.operating) \(.construction) \(.planned) \(.closed)"')"
eq "info: the bundled network is the default" "$(echo "$info" | jq -c '.modes')" \
    "$(cd /tmp && "$COR" info --json | jq -c '.modes')"

# Today, Baku to Nakhchivan runs through Iran: rail to Astara, then the road over the Heyran
# pass to Ardabil, Tabriz and Jolfa (raw estimates, no scenario).
out=$(r Baku Nakhchivan --json)
eq "Baku-Nakhchivan: stops" "Alat port > Osmanli > Astara (AZ) > Astara (IR) > Ardabil > Tabriz > Jolfa > Julfa > Nakhchivan" "$(echo "$out" | stops)"
eq "Baku-Nakhchivan: countries" "AZ,IR,AZ" "$(echo "$out" | countries)"
eq "Baku-Nakhchivan: crossings" "AZ13>IR05 IR01>NX04" "$(echo "$out" | jq -r '[.borders[] | "\(.node)>\(.to_node)"] | join(" ")')"
near "Baku-Nakhchivan: km" 786.5 "$(echo "$out" | jq .total.km)" 0.05
# With the calibrated base (road tariffs x0.91, rail x6.7) the whole trip is by road, over the
# Bilasuvar-Bileh Savar crossing: 67 + 114 + 3.1 + 170.8 + 214 + 134.8 + 3 + 41.5 = 748.2 km.
out=$(r Baku Nakhchivan --scenario base --json)
eq "Baku-Nakhchivan (base): stops" "Alat port > Bilasuvar > Bileh Savar > Ardabil > Tabriz > Jolfa > Julfa > Nakhchivan" "$(echo "$out" | stops)"
near "Baku-Nakhchivan (base): km" 748.2 "$(echo "$out" | jq .total.km)" 0.05

# With planned links TRIPP wins: rail through Meghri, Armenian posts at both ends.
out=$(r Baku Nakhchivan --status planned --json)
eq "TRIPP: countries" "AZ,AM,AZ" "$(echo "$out" | countries)"
contains "TRIPP: through Meghri" "Nrnadzor post > Meghri > Karchevan post > Ordubad" "$(echo "$out" | stops)"
eq "TRIPP: Armenian posts at both ends" "AZ12>AM11 AM12>NX05" "$(echo "$out" | jq -r '[.borders[] | "\(.node)>\(.to_node)"] | join(" ")')"
eq "TRIPP: all rail on 1520 mm" "rail 1520" "$(echo "$out" | jq -r '[.legs[] | "\(.mode) \(.gauge_mm)"] | unique | join(",")')"
eq "TRIPP: a planned link is used" "true" "$(echo "$out" | jq '[.legs[].status] | index("planned") != null')"

# The Middle Corridor rail: BTK with the gauge change at Akhalkalaki.
out=$(r "Alat port" Kars --json)
eq "Alat-Kars: countries" "AZ,GE,TR" "$(echo "$out" | countries)"
eq "Alat-Kars: gauge change" "GE05 gauge 1520 1435" "$(echo "$out" | jq -r '.transfers[] | "\(.node) \(.kind) \(.from) \(.to)"')"
contains "Alat-Kars: BTK" "Tbilisi > Marabda > Akhalkalaki > Kartsakhi > Aktas > Kars" "$(echo "$out" | stops)"

# The issue's second example: fastest, avoiding Georgia.
out=$(r "Alat port" Kars --minimize time --avoid GE --json)
eq "Alat-Kars avoiding GE: countries" "AZ,IR,TR" "$(echo "$out" | countries)"
eq "Alat-Kars avoiding GE: no Georgian node" "0" "$(echo "$out" | jq '[.legs[] | select(.country | test("GE"))] | length')"
contains "Alat-Kars avoiding GE: Iran to Turkey by road at Gurbulak" "Tabriz > Bazargan > Gurbulak > Igdir > Kars" "$(echo "$out" | stops)"
eq "Alat-Kars avoiding GE: query echoed" "time GE" "$(echo "$out" | jq -r '"\(.query.minimize) \(.query.avoid | join(","))"')"

# Baku to Istanbul with planned links: three different corridors.
out=$(r Baku Istanbul --alternatives 3 --status planned --json)
eq "Baku-Istanbul: three routes" 2 "$(echo "$out" | jq '.alternatives | length')"
eq "Baku-Istanbul: countries of each" "AZ,AM,AZ,TR | AZ,GE,TR | AZ,GE,TR" \
    "$(echo "$out" | jq -r '[.countries, (.alternatives[].countries)] | map(join(",")) | join(" | ")')"
eq "Baku-Istanbul: ranked by the objective" "true" \
    "$(echo "$out" | jq '[.total.objective, (.alternatives[].total.objective)] | . == sort')"
eq "Baku-Istanbul: each shares at most 80% with route 1" "true" \
    "$(echo "$out" | jq '[.alternatives[].overlap_with_best] | all(. <= 0.8)')"
eq "Baku-Istanbul: all end in Istanbul" "Istanbul Istanbul Istanbul" \
    "$(echo "$out" | jq -r '[.legs[-1].to, (.alternatives[].legs[-1].to)] | join(" ")')"

# Avoiding Iran, Nakhchivan is reached through Georgia and Turkey.
eq "Baku-Nakhchivan avoiding IR: countries" "AZ,GE,TR,AZ" "$(r Baku Nakhchivan --avoid IR --json | countries)"

err=$(r Baku Nakhchivan --avoid AM,IR,TR 2>&1)
eq "Nakhchivan cut off: message" "corridor: route: no route from Baku to Nakhchivan avoiding AM,IR,TR" "$err"
err=$(r Baku Nakhchivn 2>&1)
contains "misspelt node: suggestion" 'unknown node "Nakhchivn"; did you mean "Nakhchivan"' "$err"

text=$(r Baku Nakhchivan --status planned)
contains "table: border row" "border AZ -> AM (rail): Aghband -> Nrnadzor post" "$text"
contains "table: countries" "countries: AZ > AM > AZ" "$text"

# The headline: what TRIPP does to transit (the demand of data/caucasus/demand.csv).
out=$("$COR" compare base tripp --net "$NET" --json)
eq "compare: Baku-Nakhchivan moves from Iran to Armenia" "AZ,IR,AZ AZ,AM,AZ" \
    "$(echo "$out" | jq -r '[.od[] | select(.from == "Baku" and .to == "Nakhchivan")][0] | "\(.a_countries | join(",")) \(.b_countries | join(","))"')"
eq "compare: Iran loses its transit, Armenia gains" "IR 0 AM up" \
    "$(echo "$out" | jq -r '.countries | (.[] | select(.country == "IR") | "IR \(.b.transit_tonnes)"), (.[] | select(.country == "AM") | "AM \(if .b.transit_tonnes > .a.transit_tonnes then "up" else "down" end)")' | paste -sd' ')"
eq "compare: all demand routed in both" "true" "$(echo "$out" | jq '.a_tonnes_routed == .tonnes_total and .b_tonnes_routed == .tonnes_total')"
out=$("$COR" assign --net "$NET" --method ue --json)
eq "ue on the bundled demand converges" "true" "$(echo "$out" | jq '.relative_gap <= 1e-4')"
eq "ue: every tonne accounted for" "true" "$(echo "$out" | jq '[.od[].routes[].share] | length > 0')"

# The residual blocks of demand.csv are the observation less the rows already routed there
# (data/caucasus/README.md, "Demand"), so the rows at Poti, Vladikavkaz (all via Upper Lars) and
# the Caspian ports (but the Aktau-Sangachal oil tanker row, AZ18) add up to the observed figure,
# and those observations are not held out.
tonnes_at() { cut -d, -f1-4 "$NET/demand.csv" | awk -F, -v re="$1" 'NR > 1 && $2 != "AZ18" && ($1 ~ re || $2 ~ re) {s += $4} END {printf "%d", s}'; }
observed() { grep "^$1," "$NET/observed.csv" | cut -d, -f"$2"; }
eq "demand: rows at Poti = poti-port" "$(observed poti-port 6)" "$(tonnes_at '^GE07$')"
eq "demand: rows at Vladikavkaz = upper-lars-trucks" "$(observed upper-lars-trucks 6)" "$(tonnes_at '^RU03$')"
eq "demand: Caspian rows and Alat's own = baku-port" "$(observed baku-port 6)" "$(tonnes_at '^(KZ01|KZ02|TM01|AZ02)$')"
eq "observed: the three derived counts are used to calibrate" "calibrate calibrate calibrate" \
    "$(for o in poti-port upper-lars-trucks baku-port; do observed $o 9; done | paste -sd' ')"

# Validation and calibration against observed.csv (docs/calibration.md).
out=$("$COR" validate --net "$NET" --scenario base --json)
eq "validate: every observation" "19" "$(echo "$out" | jq '.observations | length')"
eq "validate: GEH < 5 counted from the rows" "true" \
    "$(echo "$out" | jq '.summary.all.flows_geh_below_5 as $n | [.observations[] | select(.geh != null and .geh < 5)] | length == $n')"
eq "validate: GEH on vehicles a day" "true" \
    "$(echo "$out" | jq '[.observations[] | select(.geh != null) | ((2 * (.modelled_vpd - .observed_vpd) * (.modelled_vpd - .observed_vpd) / (.modelled_vpd + .observed_vpd)) | sqrt) - .geh | fabs < 1e-9] | all')"
work=$(mktemp -d)
cp -r "$NET" "$work/net"
# the parameter set of docs/calibration.md ("The bundled base year")
"$COR" calibrate --net "$work/net" --method logit -o "$work/cal.ini" \
    --param "tariff:mode rail:0.25:8" --param "tariff:mode road:0.25:4" \
    --param "tariff:corridor black-sea:0.25:4" --param "dwell:mode road:0.25:4" \
    --param "dwell:mode rail:0.25:4" --param "dwell:border AM-GE:0.25:4" \
    --param "dwell:border AM-IR:0.25:4" >"$work/out.txt" 2>&1
eq "calibrate: exit 0" 0 "$?"
eq "calibrate: the bundled calibrated.ini is what calibrate writes" \
    "$(grep -v '^;' "$NET/scenarios/calibrated.ini")" "$(grep -v '^;' "$work/cal.ini")"
contains "calibrate: before and after" "after:" "$(cat "$work/out.txt")"
sed -i '2s/,R06a,/,R99,/' "$work/net/observed.csv"
out=$("$COR" check "$work/net" 2>&1)
eq "check: a bad observation fails" 1 "$?"
contains "check: observed.csv at file:line" "$work/net/observed.csv:2: where: expected link ids of links.csv separated by \";\", found \"R99\"" "$out"
rm -rf "$work"

# names people use: the Samur checkpoint is the Yalama node, Verkhny Lars is Upper Lars
eq "alias: Samur is Yalama" "AZ14" "$("$COR" route Samur Baku --json | jq -r .from.id)"
eq "alias: Verkhny Lars is Upper Lars" "RU05" "$("$COR" route "verkhny lars" Tbilisi --json | jq -r .from.id)"
eq "alias: Port of Baku is Alat port" "AZ02" "$("$COR" route "Port of Baku" Kars --json | jq -r .from.id)"

# the snapshot (docs/ch.md): coordinate routes Baku -> Kars count each crossing's borders.csv
# dwell and fees and take --avoid (an exact bidirectional Dijkstra on the graph)
work=$(mktemp -d)
"$COR" build "$NET" -o "$work/c.cor" >/dev/null
BK="--from 40.378,49.892 --to 40.6,43.1"
j=$("$COR" route "$work/c.cor" $BK --avoid AM --json)
eq "snapshot --avoid AM: Baku -> Kars found, by bidirectional Dijkstra" "AZ01 TR01 bidijkstra" "$(echo "$j" | jq -r '"\(.from.id) \(.to.id) \(.query.algorithm)"')"
eq "snapshot --avoid AM: no node in AM" 0 "$(echo "$j" | jq '[.legs[].country | select(test("AM"))] + [.countries[] | select(. == "AM")] | length')"
# avoiding Georgia the fastest way is by road through Iran: the named-node router's route
# (no transfer on it, so the comparison is like for like), crossing for crossing
j=$("$COR" route "$work/c.cor" $BK --avoid GE --json)
n=$(r Baku Kars --avoid GE --minimize time --json)
eq "snapshot --avoid GE: the named-node router's legs" "$(echo "$n" | jq -c '[.legs[].link]')" "$(echo "$j" | jq -c '[.legs[].link]')"
eq "snapshot --avoid GE: its crossings, dwell and fees" "$(echo "$n" | jq -c '[.borders[] | [.node, .to_node, .hours, .usd]]')" "$(echo "$j" | jq -c '[.borders[] | [.node, .to_node, .hours, .usd]]')"
eq "snapshot --avoid GE: no transfer on the named-node route" 0 "$(echo "$n" | jq '.transfers | length')"
near "snapshot --avoid GE: total hours" "$(echo "$n" | jq .total.hours)" "$(echo "$j" | jq .total.hours)" 1e-6
near "snapshot --avoid GE: total USD" "$(echo "$n" | jq .total.usd)" "$(echo "$j" | jq .total.usd)" 1e-3
out=$("$COR" route "$work/c.cor" $BK --avoid GE,IR 2>&1)
eq "snapshot --avoid GE,IR: no way around" "corridor: route: no route from node AZ01 (snapped from 40.378,49.892) to node TR01 (snapped from 40.6,43.1) avoiding GE,IR" "$out"
rm -rf "$work"

finish caucasus
