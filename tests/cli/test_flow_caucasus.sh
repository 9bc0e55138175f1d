# The figures docs/flow.md gives for Nakhchivan's power, gas and data supply, on the bundled
# network data/caucasus, and every example of the flow/resilience/diverse --help texts. When the
# dataset changes on purpose, these expectations (and docs/flow.md) change with it.
. "$(dirname "$0")/lib.sh"

export CORRIDOR_NET=$ROOT/data/caucasus
IN='all,-region:AZ-NX'
NX='region:AZ-NX'
MAIN='country:AZ,-region:AZ-NX'
f() { "$COR" flow "$@" --json; }
cut() { jq -r '[.cut[] | "\(.link):\(.from)>\(.to)=\(.capacity)"] | join(" ")'; }

out=$(f "$IN" "$NX" --layer power)
near "power into NX, operating: 75 MW" 75 "$(echo "$out" | jq .max_flow.value)"
eq "power into NX, operating: cut E08" "E08:TR03>NX01=75" "$(echo "$out" | cut)"
eq "power into NX, operating: exact" "false" "$(echo "$out" | jq .lower_bound)"
out=$(f "$IN" "$NX" --layer power --scenario tripp)
near "with TRIPP: 75 MW" 75 "$(echo "$out" | jq .max_flow.value)"
eq "with TRIPP: a lower bound, E05 without capacity would add flow" "true E05" \
    "$(echo "$out" | jq -r '"\(.lower_bound) \([.uncapacitated[] | select(.adds_flow) | .link] | join(","))"')"
near "with TRIPP, what-if 1000 MW: 1075" 1075 "$(f "$IN" "$NX" --layer power --scenario tripp --uncapacitated 1000 | jq .max_flow.value)"
near "planned, what-if: 2075" 2075 "$(f "$IN" "$NX" --layer power --status planned --uncapacitated 1000 | jq .max_flow.value)"
near "planned without tripp, what-if: 1075" 1075 "$(f "$IN" "$NX" --layer power --status planned --uncapacitated 1000 --without tripp | jq .max_flow.value)"
near "mainland, operating: 0 MW" 0 "$(f "$MAIN" "$NX" --layer power | jq .max_flow.value)"
near "mainland with TRIPP, what-if: 1000" 1000 "$(f "$MAIN" "$NX" --layer power --scenario tripp --uncapacitated 1000 | jq .max_flow.value)"

out=$("$COR" resilience "$IN" "$NX" --layer power --json)
eq "N-1 operating: E08 cuts NX off" "E08 0 true" "$(echo "$out" | jq -r '.contingencies[0] | "\(.failed | join("+")) \(.remaining) \(.cut_off)"')"
out=$("$COR" resilience "$IN" "$NX" --layer power --status planned --uncapacitated 1000 --k 2 --json)
eq "N-2 planned what-if: worst pair E05+E07, joint" "E05+E07 75 true" "$(echo "$out" | jq -r '.contingencies[0] | "\(.failed | join("+")) \(.remaining) \(.joint)"')"
eq "N-2 planned what-if: nothing cuts NX off" 0 "$(echo "$out" | jq .n_cut_off)"
out=$("$COR" resilience Jabrayil "$NX" --layer power --scenario tripp --uncapacitated 1000 --json)
eq "TRIPP line from Jabrayil: E04 and E05 single points of failure" "E04 E05" \
    "$(echo "$out" | jq -r '[.contingencies[] | select(.cut_off) | .failed[0]] | join(" ")')"

out=$(f "$IN" "$NX" --layer pipeline-bcmy)
near "gas into NX: 0.73 bcm/y" 0.73 "$(echo "$out" | jq .max_flow.value)"
eq "gas into NX: all through P04" "P04" "$(echo "$out" | jq -r '[.cut[].link] | join(",")')"

"$COR" diverse "$MAIN" "$NX" >/dev/null 2>&1
eq "fibre into NX, operating: no path (exit 1)" 1 "$?"
out=$("$COR" diverse "$MAIN" "$NX" --scenario tripp --json)
eq "fibre with TRIPP: one path over F03" "1 F03" "$(echo "$out" | jq -r '"\(.found) \([.paths[].links[]] | join(","))"')"
# F03 is 60 km (7 + 42 + 11) at 5 us/km
near "fibre with TRIPP: 0.3 ms" 0.3 "$(echo "$out" | jq '.paths[0].latency_ms')"

# every --help example runs on the bundled network
for c in flow resilience diverse; do
    while IFS= read -r line; do
        args=${line#  corridor }
        eval "\"\$COR\" $args" >/dev/null 2>&1
        eq "$c --help example runs: $args" 0 "$?"
    done < <("$COR" $c --help | sed -n '/^examples:/,$p' | sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' | grep '^  corridor ')
done

finish flow_caucasus
