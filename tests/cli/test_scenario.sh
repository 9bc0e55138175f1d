# Scenarios on tests/data/tiny (expected figures in each .ini's comment) and on data/caucasus,
# and the errors of broken scenario files.
. "$(dirname "$0")/lib.sh"

r() { "$COR" route A E --net "$TINY" --json "$@"; }
near "close-h: generalized 414" 414 "$(r --scenario close-h | jq .total.objective)"
near "faster-post (inherits close-h): 394" 394 "$(r --scenario faster-post | jq .total.objective)"
near "double-fees: 464" 464 "$(r --scenario double-fees | jq .total.objective)"
near "double-fees: F-G fee 100" 100 "$(r --scenario double-fees | jq '.borders[0].usd')"
near "fast-rail: 17.05 h by rail" 17.05 "$(r --scenario fast-rail --modes rail --minimize time | jq .total.hours)"
near "shortcut: 230" 230 "$(r --scenario shortcut | jq .total.objective)"
eq "scenario echoed in the query" "shortcut" "$(r --scenario shortcut | jq -r .query.scenario)"
near "a scenario given as a path" 414 "$(r --scenario "$TINY/scenarios/close-h.ini" | jq .total.objective)"
eq "scenarios list" "close-h > faster-post" \
    "$("$COR" scenarios "$TINY" --json | jq -r '.[] | select(.name == "faster-post") | .chain')"
near "info with a scenario: L8 operating" 1 \
    "$("$COR" info "$TINY" --scenario shortcut --json | jq '.modes[] | select(.mode == "rail") | .by_status.planned' | awk '{print 1 - $1}')"

# broken scenario files: file:line: field: message, exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$TINY" "$work/t"
S=$work/t/scenarios
bad() { # bad NAME CONTENT EXPECTED
    printf '%b' "$2" >"$S/$1.ini"
    out=$("$COR" route A E --net "$work/t" --scenario "$1" 2>&1)
    eq "$1: exit 1" 1 "$?"
    contains "$1: message" "$S/$3" "$out"
    rm "$S/$1.ini"
}
bad unknown-link '[scenario]\ndescription = x\n\n[status]\nlink L99 = operating\n' \
    'unknown-link.ini:5: link L99: expected "link L99" to select at least one link of the network, found none'
bad bad-status '[status]\nlink L8 = open\n' \
    'bad-status.ini:2: link L8: expected operating, construction, planned or closed, found "open"'
bad bad-factor '[dwell]\npost F = y2\n' \
    'bad-factor.ini:2: post F: expected a number >= 0 (a value) or x followed by one (a factor, e.g. x0.5), found "y2"'
bad fee-value '[fees]\nall = 3\n' \
    'fee-value.ini:2: all: expected a factor such as x0.5 for [fees], found "3"'
bad bad-selector '[status]\nnode A = closed\n' \
    'bad-selector.ini:2: node A: expected a selector such as link ID, corridor TAG, country CC, mode MODE, border CC-CC, post NODE or all, found "node A"'
bad dwell-by-link '[dwell]\nlink L6 = 2\n' \
    'dwell-by-link.ini:2: link L6: selector "link L6" does not apply to [dwell]'
bad bad-section '[statuses]\nlink L8 = operating\n' \
    'bad-section.ini:2: expected a section [scenario], [status], [dwell], [fees], [capacity], [speed] or [tariff], found [statuses]'
bad missing-parent '; comment\n[scenario]\ninherits = nope\n' \
    'missing-parent.ini:3: inherits: no scenario "nope" in'
# changes must leave figures the loader would accept (docs/security.md): rail L1 is 50 km/h,
# border C-D charges 1 USD/t
bad speed-underflow '[speed]\nmode rail = x1e-300\n' \
    'speed-underflow.ini:2: mode rail: expected speed_kmh of link L1 from 0.1 to 1000 km/h after the change, found 5e-299'
bad fee-overflow '[fees]\nall = x1e300\n' \
    'fee-overflow.ini:2: all: expected fee_usd_per_t of the crossing C -> D from 0 to 1e+07 USD after the change, found 1e+300'
bad dwell-too-long '[dwell]\npost F = 1e6\n' \
    'dwell-too-long.ini:2: post F: expected dwell_h of the crossing F -> G from 0 to 100000 h after the change, found 1e+06'
bad capacity-too-large '[capacity]\nlink L1 = 1e13\n' \
    'capacity-too-large.ini:2: link L1: expected capacity_tpy of link L1 from 0 to 1e+12 t/y after the change, found 1e+13'
# limits of a scenario file (docs/security.md): /dev/zero used to loop for ever
out=$("$COR" route A E --net "$work/t" --scenario /dev/zero 2>&1)
eq "endless file: exit 1" 1 "$?"
contains "endless file: message" "/dev/zero:1: expected a file of at most 1048576 bytes, found more" "$out"
bad invalid-utf8 '[scenario]\ndescription = caf\xe9\n' 'invalid-utf8.ini:2: expected UTF-8 text, found invalid bytes'
bad nul-byte '[status]\nlink L8 = oper\0ating\n' 'nul-byte.ini:2: expected text, found a NUL byte'
# 10001 changes: the one on line 10002 is refused; 50000 comment lines of 23 bytes pass
# 1048576 bytes on line 1 + ceil((1048576 - 11) / 23) = 45591
{ echo '[capacity]'; for i in $(seq 10001); do echo 'link L1 = x1'; done; } >"$S/many.ini"
out=$("$COR" route A E --net "$work/t" --scenario many 2>&1)
contains "too many changes" "$S/many.ini:10002: link L1: expected at most 10000 changes in a scenario file, found more" "$out"
{ echo '[capacity]'; for i in $(seq 50000); do echo '; cccccccccccccccccccc'; done; } >"$S/big.ini"
out=$("$COR" route A E --net "$work/t" --scenario big 2>&1)
contains "file too big" "$S/big.ini:45591: expected a file of at most 1048576 bytes, found more" "$out"
rm "$S/many.ini" "$S/big.ini"
printf '[scenario]\ninherits = loop-b\n' >"$S/loop-a.ini"
printf '[scenario]\ninherits = loop-a\n' >"$S/loop-b.ini"
out=$("$COR" route A E --net "$work/t" --scenario loop-a 2>&1)
contains "inheritance cycle" "inherits: expected at most 16 levels of inheritance (is there a cycle?)" "$out"
out=$("$COR" check "$work/t" 2>&1)
eq "check fails on a broken scenario" 1 "$?"
contains "check reports scenarios" "(8 scenarios)" "$out"
rm "$S"/loop-*.ini
out=$("$COR" route A E --net "$work/t" --scenario nosuch 2>&1)
contains "unknown scenario" "no scenario \"nosuch\" in $work/t/scenarios (the network has: " "$out"
# a scenario that cannot be read, first in the list: an error for it, exit 1, and the others
# still a JSON array
cp -r "$TINY" "$work/s"
printf '[scenario]\ndescription = broken\nsource = test\n[status]\nnode NOSUCH = closed\n' >"$work/s/scenarios/aaa-broken.ini"
out=$("$COR" scenarios "$work/s" --json 2>"$work/s.err")
eq "scenarios --json, a broken first one: exit 1" 1 $?
contains "scenarios --json, a broken first one: named" "aaa-broken: cannot be read" "$(cat "$work/s.err")"
eq "scenarios --json, a broken first one: the others as JSON" "base close-h double-fees fast-rail faster-post shortcut" \
    "$(echo "$out" | jq -r '[.[].name] | join(" ")')"

# the bundled scenarios
NET=$ROOT/data/caucasus
c() { "$COR" route Baku Nakhchivan --net "$NET" --json "$@" | jq -r '.countries | join(",")'; }
eq "caucasus: base goes through Iran" "AZ,IR,AZ" "$(c --scenario base)"
eq "caucasus: tripp goes through Armenia" "AZ,AM,AZ" "$(c --scenario tripp)"
eq "caucasus: no-iran goes through Georgia and Turkey" "AZ,GE,TR,AZ" "$(c --scenario no-iran)"
eq "caucasus: the scenarios" "base calibrated georgia-closed joint-customs no-iran no-russia tripp tripp-kars" \
    "$("$COR" scenarios "$NET" --json | jq -r '[.[].name] | join(" ")')"
out=$("$COR" route "Alat port" Kars --net "$NET" --scenario georgia-closed --json)
eq "caucasus: georgia-closed, Alat to Kars avoids Georgia" "AZ,IR,TR" "$(echo "$out" | jq -r '.countries | join(",")')"
kars=$("$COR" route Nakhchivan Kars --net "$NET" --scenario tripp-kars --modes rail --json)
contains "caucasus: tripp-kars, Nakhchivan to Kars by the new railway" "Sadarak > Dilucu > Igdir > Kars" "$(echo "$kars" | jq -r '[.legs[].to] | join(" > ")')"
eq "caucasus: tripp-kars gauge change at Sadarak" "gauge" "$(echo "$kars" | jq -r '.transfers[0].kind')"

finish scenario
