# corridor assign: the hand-solved tests/data/tntp/two_routes problem (answers in its README),
# file:line errors on broken copies, usage errors, output files, progress only on a terminal,
# and SiouxFalls from ../shared/data/tntp against its published best-known objective.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
D=$ROOT/tests/data/tntp
NET=$D/two_routes_net.tntp
TRIPS=$D/two_routes_trips.tntp

j=$("$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 --json)
eq "json: exit 0" 0 $?
eq "json: algorithm (default bfw)" bfw "$(echo "$j" | jq -r .algorithm)"
eq "json: converged" true "$(echo "$j" | jq -r .converged)"
near "json: relative gap" 0 "$(echo "$j" | jq .relative_gap)" 1e-12
near "json: objective 1473.75" 1473.75 "$(echo "$j" | jq .objective)" 1e-9
near "json: total travel time 1880" 1880 "$(echo "$j" | jq .total_travel_time)" 1e-9
near "json: demand without intrazonal 105" 105 "$(echo "$j" | jq .total_demand)" 0
eq "json: link order and ends" "1-2 1-3 3-2 2-1" "$(echo "$j" | jq -r '[.links[] | "\(.from)-\(.to)"] | join(" ")')"
near "json: flow link 1" 87.5 "$(echo "$j" | jq '.links[0].flow')" 1e-9
near "json: flow link 2" 12.5 "$(echo "$j" | jq '.links[1].flow')" 1e-9
near "json: flow link 3" 12.5 "$(echo "$j" | jq '.links[2].flow')" 1e-9
near "json: flow link 4" 5 "$(echo "$j" | jq '.links[3].flow')" 1e-9
near "json: cost link 1" 18.75 "$(echo "$j" | jq '.links[0].cost')" 1e-9

j=$("$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 --toll-factor 1 --json)
near "toll: flow link 1" 75 "$(echo "$j" | jq '.links[0].flow')" 1e-9
near "toll: cost link 1 (time + toll)" 22.5 "$(echo "$j" | jq '.links[0].cost')" 1e-9
near "toll: time link 1" 17.5 "$(echo "$j" | jq '.links[0].time')" 1e-9
near "toll: objective" 1880 "$(echo "$j" | jq .objective)" 1e-9
near "toll: total cost" 2255 "$(echo "$j" | jq .total_cost)" 1e-9

j=$("$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 --toll-factor 1 --distance-factor 0.5 --json)
near "distance: flow link 1" 85 "$(echo "$j" | jq '.links[0].flow')" 1e-9
near "distance: cost link 2" 23.5 "$(echo "$j" | jq '.links[1].cost')" 1e-9
near "distance: objective" 2462.5 "$(echo "$j" | jq .objective)" 1e-9

for a in msa fw cfw; do
    j=$("$COR" assign --tntp "$NET" "$TRIPS" --algorithm $a --gap 1e-9 --max-iter 5000 --json)
    eq "$a: algorithm" $a "$(echo "$j" | jq -r .algorithm)"
    near "$a: flow link 1" 87.5 "$(echo "$j" | jq '.links[0].flow')" 1e-3
done
j=$("$COR" assign --tntp "$NET" "$TRIPS" --algorithm b --gap 1e-12 --json)
eq "b: algorithm, converged" "b true" "$(echo "$j" | jq -r '"\(.algorithm) \(.converged)"')"
near "b: flow link 1" 87.5 "$(echo "$j" | jq '.links[0].flow')" 1e-9
near "b: flow link 4" 5 "$(echo "$j" | jq '.links[3].flow')" 1e-9
near "b: objective 1473.75" 1473.75 "$(echo "$j" | jq .objective)" 1e-9
j=$("$COR" assign --tntp "$NET" "$TRIPS" --algorithm aon --json)
eq "aon: one loading, all on the free-flow route" "1 100 0" \
    "$(echo "$j" | jq -r '"\(.iterations) \(.links[0].flow) \(.links[1].flow)"')"
j=$("$COR" assign --tntp "$NET" "$TRIPS" --algorithm msa --gap 0 --max-iter 3 --json 2>/dev/null)
eq "max-iter stops: iterations, not converged" "3 false" \
    "$(echo "$j" | jq -r '"\(.iterations) \(.converged)"')"
err=$("$COR" assign --tntp "$NET" "$TRIPS" --algorithm msa --gap 0 --max-iter 3 2>&1 >/dev/null)
contains "max-iter stops: a warning on stderr" "warning: stopped by --max-iter after 3 iterations" "$err"

# output files: -o and --flows-csv written whole, stdout then empty
out=$("$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 -o "$work/r.json" --json \
    --flows-csv "$work/f.csv" 2>&1)
eq "files: exit 0 and nothing printed" "0 " "$? $out"
near "files: -o JSON" 1473.75 "$(jq .objective "$work/r.json")" 1e-9
eq "files: CSV header" "from,to,flow,time,cost" "$(head -n 1 "$work/f.csv")"
eq "files: CSV rows" 5 "$(wc -l < "$work/f.csv")"
near "files: CSV flow of 1->3" 12.5 "$(awk -F, '$1==1 && $2==3 {print $3}' "$work/f.csv")" 1e-9
eq "files: no temporary left" 2 "$(ls "$work" | wc -l)"
s=$("$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12)
contains "summary: objective" "objective          1473.75 (Beckmann)" "$s"
contains "summary: converged" "(converged)" "$s"

# bit-for-bit reproducible
"$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 --json -o "$work/a.json"
"$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 --json -o "$work/b.json"
eq "reproducible JSON" 0 "$(cmp -s "$work/a.json" "$work/b.json"; echo $?)"

# progress on stderr only on a terminal
err=$("$COR" assign --tntp "$NET" "$TRIPS" --gap 1e-12 2>&1 >/dev/null)
eq "no progress when stderr is not a terminal" "" "$err"
if command -v script >/dev/null; then
    tty=$(script -qec "$COR assign --tntp $NET $TRIPS --gap 1e-12 -o $work/t.txt" /dev/null)
    # iteration 1, all-or-nothing at free flow: 100 trips on link 1 (time 20) and 5 on link 4:
    # TSTC 2005; the shortest paths then cost 15 and 1: SPTC 1505; gap 500 / 2005 = 0.2494
    contains "progress on a terminal" "bfw iteration 1: relative gap 2.494e-01" "$tty"
fi

# usage errors: exit 2
usage() { # NAME EXPECTED-MESSAGE ARGS...
    local name=$1 msg=$2; shift 2
    out=$("$COR" assign "$@" 2>&1 >/dev/null)
    eq "$name: exit 2" 2 $?
    contains "$name: message" "$msg" "$out"
}
# without --tntp, assign works on a corridor network (tests/cli/test_freight.sh)
usage one-file "--tntp: expected NET_FILE TRIPS_FILE, found one file" --tntp "$NET"
usage algorithm "--algorithm: expected aon, msa, fw, cfw, bfw or b, found \"newton\"" \
    --tntp "$NET" "$TRIPS" --algorithm newton
usage gap "--gap: expected a number >= 0, found \"-1\"" --tntp "$NET" "$TRIPS" --gap -1
usage max-iter "--max-iter: expected a whole number from 1 to 1e+06, found \"0\"" --tntp "$NET" "$TRIPS" --max-iter 0
usage max-iter-frac "--max-iter: expected a whole number from 1 to 1e+06, found \"2.5\"" \
    --tntp "$NET" "$TRIPS" --max-iter 2.5
usage toll "--toll-factor: expected a number >= 0, found \"x\"" --tntp "$NET" "$TRIPS" --toll-factor x
usage unknown "unknown option \"--frobnicate\"" --tntp "$NET" "$TRIPS" --frobnicate
# factors that would make costs infinite
err=$("$COR" assign --tntp "$NET" "$TRIPS" --toll-factor 1e300 2>&1)
eq "toll factor 1e300: exit 1" 1 $?
contains "toll factor 1e300: message" "toll factor: expected a number from 0 to 1e+06, found 1e+300" "$err"
err=$("$COR" assign --tntp "$NET" "$TRIPS" --distance-factor 2e6 2>&1)
contains "distance factor 2e6: message" "distance factor: expected a number from 0 to 1e+06, found 2e+06" "$err"
h=$("$COR" assign --help)
contains "help: the TNTP form" "corridor assign --tntp NET_FILE TRIPS_FILE [--algorithm aon|msa|fw|cfw|bfw|b]" "$h"
contains "help: the TNTP options" "usage: corridor assign --tntp NET_FILE TRIPS_FILE" "$("$COR" assign --tntp "$NET" "$TRIPS" --help)"
contains "corridor help assign" "--flows-csv FILE" "$("$COR" help assign)"

# broken copies: BROKEN NAME FILE(net|trips) SED EXPECTED-MESSAGE (after the file's path)
broken() {
    cp "$NET" "$work/net.tntp"
    cp "$TRIPS" "$work/trips.tntp"
    sed -i "$3" "$work/$2.tntp"
    out=$("$COR" assign --tntp "$work/net.tntp" "$work/trips.tntp" -o "$work/never.json" 2>&1)
    eq "$1: exit 1" 1 $?
    contains "$1: message" "$work/$2.tntp:$4" "$out"
    eq "$1: no output written" no "$([ -e "$work/never.json" ] && echo yes || echo no)"
}
broken capacity-text net '10s/\t100\t/\t1o0\t/' '10: capacity: expected a number > 0, found "1o0"'
broken capacity-zero net '10s/\t100\t/\t0\t/' '10: capacity: expected a number > 0, found "0"'
broken capacity-inf net '10s/\t100\t/\t1e999\t/' '10: capacity: expected a number > 0, found "1e999"'
broken negative-b net '10s/\t1\t1\t60/\t-1\t1\t60/' '10: b: expected a number >= 0, found "-1"'
broken node-range net '11s/\t3\t/\t4\t/' '11: term node: expected a node number in 1..3, found "4"'
broken link-type net '10s/\t1\t;/\t1.5\t;/' '10: link type: expected an integer, found "1.5"'
broken too-few-fields net '12s/\t9\t;/\t;/' '12: expected 10 fields (init node, term node, capacity, length, free flow time, b, power, speed, toll, link type) and ";", found 9'
broken too-many-fields net '10s/\t;/\t7\t;/' '10: expected 10 fields'
broken no-semicolon net '13s/\t;$//' '13: expected a link row ending with ";", found "2	1	1	1	1	0	0	60	0	1"'
broken link-count net '13d' '4: <NUMBER OF LINKS>: expected 4 link rows as declared, found 3'
broken missing-tag net '3d' '5: <FIRST THRU NODE>: expected the tag before <END OF METADATA>, found none'
broken bad-tag-value net '2s/3/three/' '2: <NUMBER OF NODES>: expected an integer in 1..1000000, found "three"'
# limits (docs/assignment.md): counts that size allocations, figures that keep costs finite
broken huge-nodes net '2s/3/4000000000/' '2: <NUMBER OF NODES>: expected an integer in 1..1000000, found "4000000000"'
broken huge-zones net '1s/2/1000001/' '1: <NUMBER OF ZONES>: expected an integer in 0..1000000, found "1000001"'
broken huge-links net '4s/4/10000001/' '4: <NUMBER OF LINKS>: expected an integer in 1..10000000, found "10000001"'
broken capacity-tiny net '10s/\t100\t/\t1e-5\t/' '10: capacity: expected a number in 0.001..1e+12, found "1e-5"'
broken power-over-20 net '10s/\t1\t60/\t21\t60/' '10: power: expected a number in 0..20, found "21"'
broken fft-huge net '10s/\t10\t10\t/\t10\t1e7\t/' '10: free flow time: expected a number in 0..1e+06, found "1e7"'
broken trips-over-1e10 trips '7s/100.0/1e10/' '7: flow: expected the flows of the file to add up to at most 1e+10, found 10000000007 with the one to destination 2'
broken nul-byte net '3s/$/\x00/' '3: expected a text file, found a NUL byte'
broken first-thru net '3s/3/5/' '3: <FIRST THRU NODE>: expected a node in 1..3 (or 4: none), found 5'
broken no-end net '6d' '13: expected <END OF METADATA>, found the end of the file'
broken zones-differ trips '1s/2/3/' '1: <NUMBER OF ZONES>: expected 2 as in the network file, found 3'
broken dest-range trips '7s/2 :/9 :/' '7: destination: expected a zone number in 1..2, found "9"'
broken flow-text trips '7s/100.0/abc/' '7: flow: expected a number >= 0 for destination 2, found "abc"'
broken flow-negative trips '7s/100.0/-100.0/' '7: flow: expected a number >= 0 for destination 2, found "-100.0"'
broken no-colon trips '7s/2 :/2 /' '7: destination: expected ":" after destination 2, found "1"'
broken no-semicolon-trips trips '7s/100.0;/100.0 /' '7: flow: expected ";" after the flow to destination 2, found the end of the line'
broken dup-dest trips '10s/$/ 1 : 3 ;/' '10: destination: expected each destination once per origin, found 1 again for origin 2 (first on line 10)'
broken dup-origin trips '9s/2/1/' '9: origin: expected each origin once, found Origin 1 again (first on line 6)'
broken origin-text trips '6s/1/x/' '6: origin: expected a zone number in 1..2, found "x"'
broken no-origin trips '6d' '6: expected "Origin N" before the first destination'
broken total trips '2s/112.0/113.0/' '2: <TOTAL OD FLOW>: expected the sum of the flows below, 112, found 113.0'
{ head -n 6 "$NET"; head -c 1048577 /dev/zero | tr '\0' '~'; echo; } >"$work/long.tntp"
out=$("$COR" assign --tntp "$work/long.tntp" "$TRIPS" 2>&1)
eq "line over 1 MiB: exit 1" 1 $?
contains "line over 1 MiB: message" "$work/long.tntp:7: expected a line of at most 1048576 bytes, found a longer one" "$out"
truncate -s 300M "$work/big.tntp"
out=$("$COR" assign --tntp "$NET" "$work/big.tntp" 2>&1)
eq "file over 256 MiB: exit 1" 1 $?
contains "file over 256 MiB: message, before reading" "$work/big.tntp: expected a file of at most 268435456 bytes, found 314572800" "$out"
rm -f "$work/big.tntp" "$work/long.tntp"
out=$("$COR" assign --tntp "$work/none.tntp" "$TRIPS" 2>&1)
eq "missing file: exit 1" 1 $?
contains "missing file: message" "$work/none.tntp: cannot open: No such file or directory" "$out"
# 1 -> 2 loses both routes (link 1 becomes a loop at 2, link 3 leads back to 1)
cp "$NET" "$work/net.tntp"
sed -i '10s/^\t1\t2/\t2\t2/; 12s/^\t3\t2/\t3\t1/' "$work/net.tntp"
out=$("$COR" assign --tntp "$work/net.tntp" "$TRIPS" 2>&1)
eq "no path: exit 1" 1 $?
contains "no path: message" "no path from zone 1 to zone 2, which have a demand of 100" "$out"

# a published network: SiouxFalls to 1e-4, objective within 1e-4 of the best known
# 4,231,335.2871 (../shared/data/tntp/README.md)
SF=$ROOT/../shared/data/tntp/SiouxFalls
if [ -d "$SF" ]; then
    j=$("$COR" assign --tntp "$SF/SiouxFalls_net.tntp" "$SF/SiouxFalls_trips.tntp" --gap 1e-4 --json)
    eq "SiouxFalls: converged" true "$(echo "$j" | jq -r .converged)"
    near "SiouxFalls: objective" 4231335.2871 "$(echo "$j" | jq .objective)" 423.1
    eq "SiouxFalls: 76 links" 76 "$(echo "$j" | jq '.links | length')"
else
    fail "SiouxFalls" "$SF not found (../shared/data/tntp beside the repository)"
fi

finish test_assign_cli
