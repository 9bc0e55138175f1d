# corridor assign and compare on tests/data/tiny with tests/data/tiny/demand.csv:
# 1000 t/year Town A -> Town E and 500 t/year back. Hand-computed accounts:
# - as drawn, both flows go via Hamlet H (XC): each link 50 km at 0.01 USD/tkm = 10 USD per
#   20 t shipment = 0.5 USD/t. XC is transit for 1500 t; its t-km: half of L9 and half of L10
#   (the links cross borders) = 50 km x 1500 t = 75,000; its fees 0.5 USD/t x 1500 t = 750.
#   XA: origin 1000 t x 25 km = 25,000 t-km, 0.25 USD/t x 1000 = 250 USD; destination 125 USD.
# - with close-h, both take the mixed route; XA's charges per shipment: L1 100 + transfer 20
#   + L11 40 + half of L6 (1) + half of the F-G fee (25) = 186 USD / 20 t = 9.3 USD/t:
#   origin 9,300 USD, destination 4,650 USD; t-km (100 + 20 + 0.5) x 1000 = 120,500.
. "$(dirname "$0")/lib.sh"

a() { "$COR" assign --net "$TINY" --json "$@"; }
acct() { jq -r --arg c "$1" '.countries[] | select(.country == $c) | '"$2"; }

out=$(a)
eq "as drawn: XC transit 1500 t" 1500 "$(echo "$out" | acct XC .transit.tonnes)"
eq "as drawn: XC transit t-km" 75000 "$(echo "$out" | acct XC .transit.tonne_km)"
near "as drawn: XC transit fees" 750 "$(echo "$out" | acct XC .transit.fees_usd)"
eq "as drawn: XA origin / destination t" "1000 500" "$(echo "$out" | acct XA '"\(.origin.tonnes) \(.destination.tonnes)"')"
eq "as drawn: XA origin t-km" 25000 "$(echo "$out" | acct XA .origin.tonne_km)"
near "as drawn: XA fees" 375 "$(echo "$out" | acct XA .fees_usd)"
eq "as drawn: link volumes" "L9 1500,L10 1500" "$(echo "$out" | jq -r '[.links[] | "\(.link) \(.tonnes)"] | join(",")')"
eq "as drawn: names or ids in the demand" "Town E Town A 500" "$(echo "$out" | jq -r '.od[1] | "\(.from) \(.to) \(.tonnes)"')"

out=$(a --scenario close-h)
eq "close-h: XA origin t-km" 120500 "$(echo "$out" | acct XA .origin.tonne_km)"
near "close-h: XA origin fees" 9300 "$(echo "$out" | acct XA .origin.fees_usd)"
near "close-h: XA destination fees" 4650 "$(echo "$out" | acct XA .destination.fees_usd)"
eq "close-h: XC has nothing" "0 0" "$(echo "$out" | acct XC '"\(.transit.tonnes) \(.fees_usd)"')"

# logit over the three routes of A -> E with XC closed: costs per tonne 414/20, 534/20, 653.6/20
# = 20.7, 26.7, 32.68; theta 0.1: weights 1, e^-0.6, e^-1.198
out=$(a --scenario close-h --method logit --routes 3 --theta 0.1)
want=$(awk 'BEGIN { w2 = exp(-0.6); w3 = exp(-1.198); s = 1 + w2 + w3; printf "%.10f %.10f %.10f", 1/s, w2/s, w3/s }')
got=$(echo "$out" | jq -r '.od[0].routes | map(.share) | map(tostring) | join(" ")')
near "logit: share 1" "$(echo "$want" | cut -d' ' -f1)" "$(echo "$got" | cut -d' ' -f1)" 1e-9
near "logit: share 2" "$(echo "$want" | cut -d' ' -f2)" "$(echo "$got" | cut -d' ' -f2)" 1e-9
near "logit: share 3" "$(echo "$want" | cut -d' ' -f3)" "$(echo "$got" | cut -d' ' -f3)" 1e-9
near "logit: L1 carries routes 1 and 3 of both flows" "$(awk -v w="$want" 'BEGIN { split(w, p, " "); printf "%.6f", 1500 * (p[1] + p[3]) }')" \
    "$(echo "$out" | jq '.links[] | select(.link == "L1") | .tonnes')" 1e-6

out=$("$COR" compare base close-h --net "$TINY" --json)
eq "compare: names" "base close-h" "$(echo "$out" | jq -r '"\(.a) \(.b)"')"
eq "compare: XC loses its transit" "1500 0" "$(echo "$out" | jq -r '.countries[] | select(.country == "XC") | "\(.a.transit_tonnes) \(.b.transit_tonnes)"')"
eq "compare: XA fees" "375 13950" "$(echo "$out" | jq -r '.countries[] | select(.country == "XA") | "\(.a.fees_usd) \(.b.fees_usd)"')"
eq "compare: route countries" "XA,XC,XB XA,XB" "$(echo "$out" | jq -r '.od[0] | "\(.a_countries | join(",")) \(.b_countries | join(","))"')"
eq "compare: most loaded link in B" "L1 1500" "$(echo "$out" | jq -r '.links[0] | "\(.link) \(.tonnes)"')"
text=$("$COR" compare base close-h --net "$TINY")
contains "compare: table" "XC                1500              0          -1500  -100.0%            750              0           -750  -100.0%" "$text"
# what changes (hand-computed above): XC loses its 1500 t of transit and its 750 USD; XA's fees
# grow from 375 to 13,950 USD (+3620%), XB's from 375 to 6,450 (+1620%, over a quarter of XA's
# change, so named too); the flows leave L9 and L10 for L1, L11, L6, L7
eq "compare: summary" "XC -1.5 kt transit (-100%), XA fees +13.6 k USD/year (+3620%), XB +6.08 k USD/year (+1620%)" "$(echo "$out" | jq -r .summary)"
contains "compare: summary in the text" "change: XC -1.5 kt transit (-100%), XA fees" "$text"
eq "compare: countries by change" "XC -1500 -750,XA 0 13575,XB 0 6075" "$(echo "$out" | jq -r '[.country_changes[] | "\(.country) \(.transit_tonnes_change) \(.fees_usd_change)"] | join(",")')"
eq "compare: percent 0 when A and B are 0" "-100 0 3620" "$(echo "$out" | jq -r '"\(.country_changes[0].transit_tonnes_change_pct) \(.country_changes[1].transit_tonnes_change_pct) \(.country_changes[1].fees_usd_change_pct)"')"
eq "compare: no country unchanged" "[]" "$(echo "$out" | jq -c .countries_unchanged)"
eq "compare: difference flows" "L1 1500,L10 -1500,L11 1500,L6 1500,L7 1500,L9 -1500" "$(echo "$out" | jq -r '[.link_changes[] | "\(.link) \(.change)"] | sort | join(",")')"
eq "compare: both OD flows change, the larger first" "[0,1] 2" "$(echo "$out" | jq -c .od_by_change) $(echo "$out" | jq .od_changed)"

tmp=$(mktemp -d)
"$COR" assign --net "$TINY" --links-csv "$tmp/l.csv" --geojson "$tmp/l.geojson" -o "$tmp/a.txt"
eq "links csv: L9" "L9,A,H,road,operating,1500.000,," "$(grep '^L9,' "$tmp/l.csv")"
eq "links geojson: 2 loaded links" 2 "$(jq '.features | length' "$tmp/l.geojson")"
contains "table to a file" "XC                   0              0           1500" "$(cat "$tmp/a.txt")"

# bad demand files
printf 'from,to,commodity,tonnes_per_year,source\nA,Q,container,10,x\nA,E,boxes,10,x\nA,E,bulk,-5,x\nA,A,bulk,5,x\nA,E,bulk,5,\n' >"$tmp/bad.csv"
out=$("$COR" assign --net "$TINY" --demand "$tmp/bad.csv" 2>&1)
eq "bad demand: exit 1" 1 "$?"
contains "bad demand: unknown node" "$tmp/bad.csv:2: to: unknown node \"Q\"" "$out"
contains "bad demand: commodity" "$tmp/bad.csv:3: commodity: expected container, general, bulk, oil_products, grain or metals, found \"boxes\"" "$out"
contains "bad demand: tonnes" "$tmp/bad.csv:4: tonnes_per_year: expected a number > 0 (and at most 1e10), found \"-5\"" "$out"
contains "bad demand: same node" "$tmp/bad.csv:5: to: expected a node other than \"from\", found \"A\" again" "$out"
contains "bad demand: source" "$tmp/bad.csv:6: source: expected a value, found nothing" "$out"
"$COR" compare base --net "$TINY" >/dev/null 2>&1
eq "compare needs two scenarios" 2 "$?"
rm -rf "$tmp"

# user equilibrium on tests/data/ue2 (two parallel roads; the algebra is in its README):
# v1 = 2333.33, v2 = 666.67, both 6.6667 h, Beckmann 13666.667 (time) and, with 10 USD/t on
# both roads, 13666.667 + 30000 (generalized, VOT 1).
UE2=$ROOT/tests/data/ue2
for m in time generalized; do
    out=$("$COR" assign --net "$UE2" --method ue --minimize $m --gap 1e-9 --json)
    near "ue $m: R1 volume" 2333.3333333 "$(echo "$out" | jq '.links[] | select(.link == "R1") | .tonnes')" 1e-5
    near "ue $m: R2 volume" 666.6666667 "$(echo "$out" | jq '.links[] | select(.link == "R2") | .tonnes')" 1e-5
    near "ue $m: equal hours" 6.6666666667 "$(echo "$out" | jq '.links[] | select(.link == "R2") | .hours')" 1e-6
    near "ue $m: share of R1" "$(awk 'BEGIN { printf "%.10f", 7 / 9 }')" "$(echo "$out" | jq '.od[0].routes[0].share')" 1e-9
    eq "ue $m: converged" "true" "$(echo "$out" | jq '.relative_gap <= 1e-9')"
done
near "ue time: Beckmann" 13666.6666667 "$("$COR" assign --net "$UE2" --method ue --minimize time --json | jq .objective)" 1e-4
near "ue generalized: Beckmann" 43666.6666667 "$("$COR" assign --net "$UE2" --method ue --json | jq .objective)" 1e-4
near "aon puts everything on R1" 3000 "$("$COR" assign --net "$UE2" --json | jq '.links[0].tonnes')"
near "aon: R1 v/c 3" 3 "$("$COR" assign --net "$UE2" --json | jq '.links[0].vc_ratio')"
out=$("$COR" assign --net "$UE2" --method ue --json)
eq "ue: the keys of assign --tntp" "gp 2 true 20000" "$(echo "$out" | jq -r '"\(.algorithm) \(.iterations) \(.converged) \(.total_travel_time | . * 1000 | round / 1000)"')"
err=$("$COR" assign --net "$UE2" --method ue --gap 0 --max-iter 1 2>&1 >/dev/null)
contains "ue stopped by --max-iter: a warning on stderr" "warning: stopped by --max-iter after 1 iterations" "$err"
contains "ue stopped by --max-iter: the summary says so" "1 iterations (stopped by --max-iter)" \
    "$("$COR" assign --net "$UE2" --method ue --gap 0 --max-iter 1 2>/dev/null)"
eq "ue stopped by --max-iter: converged false" "false" "$("$COR" assign --net "$UE2" --method ue --gap 0 --max-iter 1 --json 2>/dev/null | jq .converged)"
near "ue: link cost = tariff + VOT x hours" 16.6666666667 "$(echo "$out" | jq '.links[0].cost')" 1e-6
eq "aon: no gap outside an equilibrium" "aon null null" "$("$COR" assign --net "$UE2" --json | jq -r '"\(.algorithm) \(.relative_gap) \(.converged)"')"
a1=$("$COR" assign --net "$ROOT/data/caucasus" --method ue --gap 1e-6 --json)
a2=$("$COR" assign --net "$ROOT/data/caucasus" --method ue --gap 1e-6 --json)
eq "ue: the same inputs give the same bytes" "same" "$([ "$a1" == "$a2" ] && echo same)"
"$COR" assign --net "$UE2" --method ue --max-iter 0 >/dev/null 2>&1
eq "ue: --max-iter 0 is a usage error" 2 "$?"

# simulated dwell is a route option; assignments refuse it as a usage error
err=$("$COR" assign --net "$TINY" --dwell simulated 2>&1); rc=$?
eq "assign --dwell simulated: exit 2" 2 "$rc"
eq "assign --dwell simulated: says why" "corridor: assign: --dwell: simulated applies to corridor route only; expected mean or p95" "$err"

finish freight
