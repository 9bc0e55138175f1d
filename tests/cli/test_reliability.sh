# Issue 17 ("Reliability round 2"): each row of its table and each newcomer item, as the CLI
# sees it. Every case fails without its fix.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# row 1: -o naming a device, a FIFO or a symbolic link: written through, never renamed over
if [ "$(id -u)" -eq 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
    "$COR" route A E --net "$TINY" -o "$tmp/null"
    eq "row 1: -o a device exits 0" 0 $?
    eq "row 1: the device stays a character device" "character special file" "$(stat -c %F "$tmp/null")"
fi
echo old >"$tmp/target.txt"
ln -s target.txt "$tmp/link.txt"
"$COR" route A E --net "$TINY" -o "$tmp/link.txt"
eq "row 1: -o a symlink keeps the link" "symbolic link" "$(stat -c %F "$tmp/link.txt")"
contains "row 1: the file the link names is written" "Town A -> Town E" "$(head -n 1 "$tmp/target.txt")"
mkfifo "$tmp/fifo"
out=$("$COR" route A E --net "$TINY" -o "$tmp/fifo" 2>&1)
eq "row 1: a FIFO without a reader: exit 1" "1" "$?"
contains "row 1: a FIFO without a reader: says so" "a FIFO that no process reads" "$out"
# the reader may not have opened the FIFO yet when the route first tries (a busy machine): the
# route refuses then, writing nothing, and is tried again until the reader is there
timeout 60 cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
for _ in $(seq 600); do
    "$COR" route A E --net "$TINY" -o "$tmp/fifo" 2>/dev/null && break
    sleep 0.1
done
wait "$reader"
contains "row 1: through a FIFO with a reader" "Town A -> Town E" "$(head -n 1 "$tmp/fifo.out")"
eq "row 1: the FIFO stays a FIFO" "fifo" "$(stat -c %F "$tmp/fifo")"
out=$("$COR" route A E --net "$TINY" -o /dev/full 2>&1)
eq "row 1: -o /dev/full exits 1" 1 $?
contains "row 1: -o /dev/full says why" "No space left on device" "$out"

# row 4: overwriting keeps permissions
echo old >"$tmp/private.txt"
chmod 600 "$tmp/private.txt"
"$COR" route A E --net "$TINY" -o "$tmp/private.txt"
eq "row 4: a 0600 file stays 0600" 600 "$(stat -c %a "$tmp/private.txt")"

# rows 2, 5, 18: run databases changed by other programs
"$COR" assign --net "$TINY" --save "$tmp/runs.db" >/dev/null 2>&1
"$COR" assign --net "$TINY" --save "$tmp/runs.db" >/dev/null 2>&1
cp "$tmp/runs.db" "$tmp/neg.db"
sqlite3 "$tmp/neg.db" "PRAGMA user_version = -1000000"
for args in "runs" "runs show 1"; do
    out=$("$COR" $args --db "$tmp/neg.db" 2>&1)
    eq "row 2: user_version -1000000, $args: exit 1" 1 $?
    contains "row 2: user_version -1000000, $args: says so" "expected a schema version from 0 to" "$out"
done
sqlite3 "$tmp/neg.db" "PRAGMA user_version = -1"
out=$("$COR" assign --net "$TINY" --save "$tmp/neg.db" 2>&1 >/dev/null)
contains "row 2: user_version -1, assign --save refused" "found -1 (not a corridor run database)" "$out"
eq "row 2: nothing saved" 2 "$(sqlite3 "$tmp/neg.db" "SELECT count(*) FROM runs")"

cp "$tmp/runs.db" "$tmp/trig.db"
sqlite3 "$tmp/trig.db" "CREATE TRIGGER wipe AFTER INSERT ON runs BEGIN DELETE FROM runs WHERE id <> NEW.id; END"
out=$("$COR" assign --net "$TINY" --save "$tmp/trig.db" 2>&1 >/dev/null)
contains "row 5: a trigger is refused" 'found a trigger named "wipe" that corridor did not make' "$out"
eq "row 5: the other runs are still there" 2 "$(sqlite3 "$tmp/trig.db" "SELECT count(*) FROM runs")"
cp "$tmp/runs.db" "$tmp/view.db"
sqlite3 "$tmp/view.db" "CREATE VIEW v AS SELECT * FROM runs"
out=$("$COR" runs --db "$tmp/view.db" 2>&1)
contains "row 5: a view is refused" 'found a view named "v"' "$out"

cp "$tmp/runs.db" "$tmp/inf.db"
sqlite3 "$tmp/inf.db" "UPDATE runs SET tonnes_total = 1e999 WHERE id = 2"
out=$("$COR" runs --json --db "$tmp/inf.db" 2>&1)
eq "row 18: inf: runs --json exits 1" 1 $?
contains "row 18: inf: runs --json names the run and column" "run 2: runs.tonnes_total: expected a finite number, found inf" "$out"
out=$("$COR" runs show 2 --db "$tmp/inf.db" 2>&1)
contains "row 18: inf: runs show names it (not out of memory)" "run 2: runs.tonnes_total: expected a finite number, found inf" "$out"
cp "$tmp/runs.db" "$tmp/utf.db"
sqlite3 "$tmp/utf.db" "UPDATE run_link_flows SET link = CAST(X'4cff' AS TEXT) WHERE run_id = 1 AND rowid = (SELECT min(rowid) FROM run_link_flows WHERE run_id = 1)"
out=$("$COR" runs show 1 --db "$tmp/utf.db" 2>&1)
eq "row 18: invalid UTF-8: runs show exits 1" 1 $?
contains "row 18: invalid UTF-8: names it" "run 1: run_link_flows.link: expected UTF-8 text, found invalid bytes" "$out"
sqlite3 "$tmp/utf.db" "UPDATE run_sides SET scenario = CAST(X'ff' AS TEXT) WHERE run_id = 2"
out=$("$COR" runs --json --db "$tmp/utf.db" 2>&1)
contains "row 18: invalid UTF-8: runs --json names it" "run 2: run_sides.scenario: expected UTF-8 text" "$out"

# a copy of tiny to break
net() { rm -rf "$tmp/net"; cp -r "$TINY" "$tmp/net"; }

# row 3: a raw NUL byte inside a CSV field
net
sed -i 's/^L1,A,B,rail,100,/L1,A,B,rail,68.0\x00999,/' "$tmp/net/links.csv"
out=$("$COR" check "$tmp/net" 2>&1)
eq "row 3: NUL in a number: check exits 1" 1 $?
contains "row 3: NUL in a number: at its line" "links.csv:2: field 5: expected text, found a NUL byte" "$out"
net
sed -i 's/^A,Town A,/A\x00zzz,Town A,/' "$tmp/net/nodes.csv"
out=$("$COR" check "$tmp/net" 2>&1)
contains "row 3: NUL in an id: at its line" "nodes.csv:2: field 1: expected text, found a NUL byte" "$out"

# row 9: the same column twice in a header
net
sed -i '1s/^id,name,country,/id,name,country,name,/; 2,$s/^\([^,]*,[^,]*,[^,]*,\)/\1Other,/' "$tmp/net/nodes.csv"
out=$("$COR" check "$tmp/net" 2>&1)
eq "row 9: a column twice: check exits 1" 1 $?
contains "row 9: a column twice: named" 'nodes.csv:1: name: expected each column once in the header, found "name" as columns 2 and 4' "$out"

# row 12: three rows with one id: each names the first
net
grep '^A,' "$TINY/nodes.csv" | sed 's/Town A/Town A2/' >>"$tmp/net/nodes.csv"
grep '^A,' "$TINY/nodes.csv" | sed 's/Town A/Town A3/' >>"$tmp/net/nodes.csv"
n=$(wc -l <"$TINY/nodes.csv")
out=$("$COR" check "$tmp/net" 2>&1)
contains "row 12: the second names the first" "nodes.csv:$((n + 1)): id: expected a unique id, found \"A\" again (first on line 2)" "$out"
contains "row 12: the third names the first" "nodes.csv:$((n + 2)): id: expected a unique id, found \"A\" again (first on line 2)" "$out"

# row 16: nodes.csv a FIFO that nobody writes: an error, not a hang
net
rm "$tmp/net/nodes.csv"
mkfifo "$tmp/net/nodes.csv"
out=$(timeout 10 "$COR" check "$tmp/net" 2>&1)
eq "row 16: FIFO without a writer: check exits 1, no hang" 1 $?
contains "row 16: FIFO without a writer: says so" "nodes.csv:1: expected a header row, found an empty FIFO (no process writes it)" "$out"
out=$(timeout 10 "$COR" route A E --net "$tmp/net" 2>&1)
eq "row 16: FIFO without a writer: route exits 1, no hang" 1 $?

# row 6: text output to a full stdout fails
"$COR" assign --net "$TINY" --save "$tmp/six.db" >/dev/null 2>&1
for args in "route A E" "assign" "compare base close-h" "info" "scenarios" "runs --db $tmp/six.db" "help" "version"; do
    case $args in help|version|runs*) net_arg= ;; *) net_arg="--net $TINY" ;; esac
    out=$("$COR" $args $net_arg 2>&1 >/dev/full)
    eq "row 6: $args > /dev/full: exit 1" 1 $?
    eq "row 6: $args > /dev/full: one message" "corridor: cannot write to standard output: No space left on device" "$out"
done

# newcomer: help nosuch, -h
out=$("$COR" help nosuch 2>&1 >/dev/null)
eq "help nosuch: exit 2" 2 $?
eq "help nosuch: an error" 'corridor: help: unknown command "nosuch" (`corridor help` lists them)' "$out"
# every command that `corridor help` lists: --help, -h and `help CMD` exit 0 and print the same
# text, which starts with the command's usage line (the texts are in src/cli/help.c)
cmds=$("$COR" help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | sort -u | grep -v -x -e help -e version)
eq "help lists the commands" 21 "$(echo "$cmds" | wc -l)"
for c in $cmds; do
    "$COR" $c --help >"$tmp/h.out" 2>&1
    eq "--help: $c exits 0" 0 $?
    eq "--help: $c starts with its usage" "usage: corridor $c " "$(head -c $((17 + ${#c})) "$tmp/h.out")"
    "$COR" $c -h >"$tmp/h2.out" 2>&1
    eq "-h: $c exits 0" 0 $?
    eq "-h: $c is --help" "" "$(cmp "$tmp/h.out" "$tmp/h2.out" 2>&1)"
    "$COR" help $c >"$tmp/h2.out" 2>&1
    eq "help $c: exits 0" 0 $?
    eq "help $c: is --help" "" "$(cmp "$tmp/h.out" "$tmp/h2.out" 2>&1)"
done
# subcommands: their --help is their command's (which shows every form), assign --tntp's its own
for args in "import osm" "import tntp N T" "runs show 1" "runs delete 1" "export pg"; do
    "$COR" $args --help >"$tmp/h.out" 2>&1
    eq "--help: $args exits 0" 0 $?
    eq "--help: $args is ${args%% *} --help" "" "$("$COR" ${args%% *} --help | cmp - "$tmp/h.out" 2>&1)"
done
out=$("$COR" assign --tntp N T --help)
eq "--help: assign --tntp exits 0" 0 $?
eq "--help: assign --tntp starts with its usage" "usage: corridor assign --tntp " "$(echo "$out" | head -c 30)"
"$COR" route A E -h >/dev/null 2>&1
eq "-h after arguments" 0 $?

# row 10: inherits twice, or empty
printf '[scenario]\ninherits = close-h\ninherits = fast-rail\n' >"$tmp/two.ini"
out=$("$COR" route A E --net "$TINY" --scenario "$tmp/two.ini" 2>&1)
eq "row 10: inherits twice: exit 1" 1 $?
contains "row 10: inherits twice: at the second" "two.ini:3: inherits: expected one inherits, found a second (first on line 2)" "$out"
printf '[scenario]\ninherits =\n' >"$tmp/empty.ini"
out=$("$COR" route A E --net "$TINY" --scenario "$tmp/empty.ini" 2>&1)
eq "row 10: inherits empty: exit 1" 1 $?
contains "row 10: inherits empty: says so" "empty.ini:2: inherits: expected a scenario name or path, found nothing" "$out"

# row 17: a TNTP file starting with a UTF-8 byte order mark reads as without it
tntp=$ROOT/tests/data/tntp
{ printf '\xEF\xBB\xBF'; cat "$tntp/two_routes_net.tntp"; } >"$tmp/bom_net.tntp"
{ printf '\xEF\xBB\xBF'; cat "$tntp/two_routes_trips.tntp"; } >"$tmp/bom_trips.tntp"
want=$("$COR" assign --tntp "$tntp/two_routes_net.tntp" "$tntp/two_routes_trips.tntp" --json | jq -c .links)
got=$("$COR" assign --tntp "$tmp/bom_net.tntp" "$tmp/bom_trips.tntp" --json 2>&1 | jq -c .links)
eq "row 17: TNTP with a BOM: the same link flows" "$want" "$got"

# row 11: control characters reach no terminal
net
sed -i 's/^A,Town A,/A,Town \x1b[2J\x07A,/' "$tmp/net/nodes.csv"
out=$("$COR" check "$tmp/net" 2>&1)
contains "row 11: ESC in a name is an error" "nodes.csv:2: name: expected a name without control characters, found U+001B" "$out"
net
printf 'Q,"Two\nlines",XA,,40,44,city,test\n' >>"$tmp/net/nodes.csv"
out=$("$COR" check "$tmp/net" 2>&1)
contains "row 11: a line break in a name is an error" "name: expected a name without control characters, found U+000A" "$out"
if command -v script >/dev/null; then
    # on a terminal (script gives one) an argument's ESC and BEL are shown escaped; script runs
    # the command with $SHELL, which CI may leave unset (then /bin/sh, where $'...' is literal)
    out=$(SHELL=/bin/bash script -qec "$COR route \$'\\e[2J\\aX' E --net $TINY" /dev/null | od -An -c | tr -s ' \n' ' ')
    contains "row 11: on a terminal ESC is shown as \\x1B" '" \ x 1 B [ 2 J \ x 0 7 X "' "$out"
    out=$(SHELL=/bin/bash script -qec "$COR route \$'X\\xc2\\x9b' E --net $TINY" /dev/null | tr -d '\r')
    contains "row 11: on a terminal a C1 control is shown as \\u009B" 'unknown node "X\u009B"' "$out"
fi
out=$("$COR" route $'\e[2JX' E --net "$TINY" 2>&1 | od -An -c | tr -s ' \n' ' ')
contains "row 11: into a pipe the bytes stay as they are" '" 033 [ 2 J X "' "$out"

# row 19: names differ only in case in Armenian, Greek, Cyrillic, Georgian, Latin
net
printf 'Q,Բաքու,XA,,40,43.9,city,test\n' >>"$tmp/net/nodes.csv"
grep '^L1,' "$TINY/links.csv" | sed 's/^L1,A,B,/LQ,Q,A,/' >>"$tmp/net/links.csv"
eq "row 19: Armenian lower case finds the node" "Բաքու" "$("$COR" route բաքու E --net "$tmp/net" --json | jq -r '.legs[0].from')"
eq "row 19: Armenian upper case too" "Բաքու" "$("$COR" route ԲԱՔՈՒ E --net "$tmp/net" --json | jq -r '.legs[0].from')"
printf 'R,բաքու,XA,,40,43.8,city,test\n' >>"$tmp/net/nodes.csv"
out=$("$COR" check "$tmp/net" 2>&1)
contains "row 19: a name repeated in another case is a duplicate" 'name: expected a unique name, found "բաքու" again' "$out"
for pair in "Αθήνα ΑΘΉΝΑ" "Москва МОСКВА" "Ёлка ёЛКА" "თბილისი ᲗᲑᲘᲚᲘᲡᲘ" "Gəncə GƏNCƏ" "Şəki ŞƏKİ" "Bakı BAKI_NOT" "Łódź ŁÓDŹ" "Ħamrun ĦAMRUN"; do
    set -- $pair
    net
    printf 'Q,%s,XA,,40,43.9,city,test\n' "$1" >>"$tmp/net/nodes.csv"
    grep '^L1,' "$TINY/links.csv" | sed 's/^L1,A,B,/LQ,Q,A,/' >>"$tmp/net/links.csv"
    case $2 in
    *_NOT) # dotless ı and I are different letters (simple case folding)
        got=$("$COR" route "${2%_NOT}" E --net "$tmp/net" --json 2>/dev/null | jq -r '.legs[0].from')
        eq "row 19: $1 is not ${2%_NOT}" "" "$got" ;;
    *)  got=$("$COR" route "$2" E --net "$tmp/net" --json 2>/dev/null | jq -r '.legs[0].from')
        eq "row 19: $1 found as $2" "$1" "$got" ;;
    esac
done

# row 14: the CLI reads numbers as CSV files and the server do
for v in 0x10 1e7 inf nan 1e-7 " 5" "5 "; do
    out=$("$COR" route A E --net "$TINY" --tonnes "$v" 2>&1)
    eq "row 14: --tonnes \"$v\" refused" "corridor: route: --tonnes: expected a number from 1e-06 to 1e+06, found \"$v\"" "$out"
done
eq "row 14: --tonnes 1e6 accepted" 0 "$("$COR" route A E --net "$TINY" --tonnes 1e6 >/dev/null 2>&1; echo $?)"
# one error line, not two
for args in "route A E --alternatives 0" "assign --routes 0" "simulate $ROOT/tests/data/sim --replications 0"; do
    n=$("$COR" $args --net "$TINY" 2>&1 >/dev/null | wc -l)
    case $args in simulate*) n=$("$COR" $args 2>&1 >/dev/null | wc -l) ;; esac
    eq "one error line: $args" 1 "$n"
done

# newcomer: an equilibrium stopped by --max-iter says so (tests/data/ue2, README: its gap
# after 2 iterations is far above 0)
ue=$ROOT/tests/data/ue2
out=$("$COR" assign --net "$ue" --method ue --max-iter 2 --gap 0 --json 2>"$tmp/err")
eq "converged: false in JSON" false "$(echo "$out" | jq .converged)"
contains "converged: a warning on stderr" "warning: stopped by --max-iter after 2 iterations" "$(cat "$tmp/err")"
contains "converged: the text says so" "2 iterations (stopped by --max-iter)" "$("$COR" assign --net "$ue" --method ue --max-iter 2 --gap 0 2>/dev/null)"
out=$("$COR" assign --net "$ue" --method ue --json 2>"$tmp/err")
eq "converged: true by default" true "$(echo "$out" | jq .converged)"
eq "converged: no warning" "" "$(cat "$tmp/err")"
eq "converged: aon does not iterate (null)" null "$("$COR" assign --net "$TINY" --json | jq .converged)"
tntp=$ROOT/tests/data/tntp
"$COR" assign --tntp "$tntp/two_routes_net.tntp" "$tntp/two_routes_trips.tntp" --max-iter 1 --gap 0 >/dev/null 2>"$tmp/err"
contains "converged: TNTP warns too" "warning: stopped by --max-iter after 1 iterations" "$(cat "$tmp/err")"

# newcomer: units, table labels, scenario names, non-networks, plurals
contains "units: compare names the generalized cost" "gen. USD/t)" "$("$COR" compare base close-h --net "$TINY")"
contains "units: assign's column" "gen. USD/t" "$("$COR" assign --net "$TINY" | grep '^from')"
contains "units: by cost it is USD/t" "USD/t" "$("$COR" assign --net "$TINY" --minimize cost | grep '^from')"
contains "units: by time it is hours" " h  countries" "$("$COR" assign --net "$TINY" --minimize time | grep '^from')"
printf 'lat,lon\n40.0,44.0\n40.0,44.7038\n' >"$tmp/pts.csv"
# A to B: 100 km of rail at 50 km/h (tests/data/tiny README)
eq "table without id: points named 1, 2" '["1","2"] 2' "$("$COR" table "$TINY" --coords "$tmp/pts.csv" --json | jq -c '[.sources[].id], .values[0][1]' | paste -sd' ')"
# the table's limits and snapping are the library's (cor_table_snap): its messages
awk 'BEGIN { print "lat,lon"; for (i = 0; i < 100001; i++) print "40.0,44.0" }' >"$tmp/big.csv"
out=$("$COR" table "$TINY" --coords "$tmp/big.csv" 2>&1); rc=$?
eq "table of 100,001 points: exit 1" 1 "$rc"
eq "table of 100,001 points: message" "corridor: table: at most 100,000 sources, 100,000 targets and 10^8 entries, found 100001 x 100001" "$out"
head -n 10002 "$tmp/big.csv" >"$tmp/src10001.csv"
head -n 10001 "$tmp/big.csv" >"$tmp/dst10000.csv"
out=$("$COR" table "$TINY" --sources "$tmp/src10001.csv" --targets "$tmp/dst10000.csv" 2>&1); rc=$?
eq "table of 10,001 x 10,000: exit 1" 1 "$rc"
eq "table of 10,001 x 10,000: message" "corridor: table: at most 100,000 sources, 100,000 targets and 10^8 entries, found 10001 x 10000" "$out"
printf 'id,lat,lon\nnear,40.0,44.0\nfar,40.0,43.5\n' >"$tmp/far.csv"
# 0.5 degrees of longitude at 40 N: 6371 km x cos 40 x 0.5 pi / 180 = 42.6 km from A (40, 44)
out=$("$COR" table "$TINY" --sources "$tmp/pts.csv" --targets "$tmp/far.csv" 2>&1); rc=$?
eq "table point beyond --max-snap-km: exit 1" 1 "$rc"
eq "table point beyond --max-snap-km: message" "corridor: table: point far (target 2) 40,43.5 is 42.6 km from the nearest node of the network (A at 40,44), more than --max-snap-km 20" "$out"
eq "table point within --max-snap-km 43: A to A is 0 h" 0 "$("$COR" table "$TINY" --sources "$tmp/pts.csv" --targets "$tmp/far.csv" --max-snap-km 43 --json | jq -c '.values[0][1]')"
out=$("$COR" route A E --net "$TINY" --scenario nosuch 2>&1)
contains "--scenario nosuch lists the scenarios" 'no scenario "nosuch" in' "$out"
contains "--scenario nosuch: the names" "(the network has: base, close-h, double-fees, fast-rail, faster-post, shortcut)" "$out"
contains "one error: singular" "(1 error)" "$out"
out=$("$COR" scenarios "$tmp" 2>&1)
eq "scenarios of a non-network: exit 1" 1 $?
contains "scenarios of a non-network: says so" "expected a network directory, found no nodes.csv there" "$out"
out=$("$COR" route "$tmp/X.cor" --from 40,44 --to 40,44.7 2>&1)
eq "a missing X.cor" "corridor: route: $tmp/X.cor: no such snapshot or network directory (No such file or directory)" "$out"
out=$("$COR" compare base --net "$TINY" 2>&1)
eq "compare: one argument, singular" "corridor: compare: expected two scenarios, found 1 argument" "$out"

# newcomer: one bad country code is one error, not a cascade of border errors
net
sed -i '2s/,XA,/,Azerbaijan,/' "$tmp/net/nodes.csv"
eq "a bad country code: one error" "$tmp/net/nodes.csv:2: country: expected an ISO 3166-1 alpha-2 code such as \"AZ\", found \"Azerbaijan\"" "$("$COR" check "$tmp/net" 2>/dev/null)"

finish reliability
