# `corridor check X.cor` verifies a whole snapshot, which opening it for a route does not (docs/ch.md
# "Snapshot format"): a flipped payload byte that a route by time never reads leaves the route
# as it was and makes check fail on the checksum; a damaged header is refused by both.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$COR" build "$TINY" -o "$tmp/t.cor" >/dev/null

"$COR" check "$tmp/t.cor" 2>"$tmp/err" && pass "check: a snapshot as built verifies" ||
    fail "check: a snapshot as built verifies" "$(cat "$tmp/err")"
contains "check: says what it verified" "snapshot verified: checksum" "$(cat "$tmp/err")"

route() { "$COR" route "$1" --from 40.1,44.5 --to 40.09,44.56 --json 2>&1; }
want=$(route "$tmp/t.cor")

# the last byte belongs to the distance hierarchy's shortcut halves: a route by time never
# reads it
size=$(stat -c %s "$tmp/t.cor")
cp "$tmp/t.cor" "$tmp/flip.cor"
last=$(od -A n -t u1 -j $((size - 1)) -N 1 "$tmp/t.cor" | tr -d ' ')
printf "$(printf '\\%03o' $((last ^ 1)))" | dd of="$tmp/flip.cor" bs=1 seek=$((size - 1)) conv=notrunc status=none
cmp -s "$tmp/t.cor" "$tmp/flip.cor" && fail "flip" "the byte did not change" || pass "one payload bit flipped"
eq "route: opening does not read the flipped byte" "$want" "$(route "$tmp/flip.cor")"
"$COR" check "$tmp/flip.cor" 2>"$tmp/err"
eq "check: a flipped payload byte fails" 1 "$?"
contains "check: names the file and the checksum" \
    "$tmp/flip.cor: corrupt snapshot: checksum mismatch" "$(cat "$tmp/err")"

# a damaged header: both refuse, naming the file
cp "$tmp/t.cor" "$tmp/head.cor"
printf 'X' | dd of="$tmp/head.cor" bs=1 seek=30 conv=notrunc status=none
route "$tmp/head.cor" >"$tmp/out"
contains "route: a damaged header is refused" "header checksum mismatch" "$(cat "$tmp/out")"
"$COR" check "$tmp/head.cor" 2>"$tmp/err"
eq "check: a damaged header fails" 1 "$?"
contains "check: header" "$tmp/head.cor: corrupt snapshot: header checksum" "$(cat "$tmp/err")"
finish snapshot_check
