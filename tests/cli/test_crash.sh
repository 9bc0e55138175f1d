# Crash safety under SIGKILL: the process is stopped by gdb at a chosen point and killed with
# SIGKILL there.
# - `corridor assign -o FILE --links-csv FILE --save DB`, killed at the Nth sqlite3_step of the
#   save (inside its transaction) or at the Nth rename of an output file: the database passes
#   PRAGMA integrity_check and holds either exactly the runs it had before (sqlite3 .dump
#   unchanged) or those plus the complete new run (its summary as an uninterrupted run saves
#   it), and each output file is either its old content or the complete new one.
# - `corridor import osm -o DIR --replace` over an earlier import with a scenarios/ directory and a
#   README, killed before, at and after the directory swap: DIR's network files are all the old
#   ones or all the new ones, never a mix.
. "$(dirname "$0")/lib.sh"
if ! command -v gdb >/dev/null || ! command -v sqlite3 >/dev/null; then
    echo "skip: gdb and sqlite3 are needed (scripts/deps.sh installs them)"
    finish crash
fi
# LeakSanitizer cannot run under ptrace (an ASan build would report a fatal error at exit)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
if ! gdb -q -batch -ex run --args true 2>&1 | grep -q "exited normally"; then
    echo "skip: gdb cannot run a program here (ptrace not permitted?)"
    finish crash
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
NET=$ROOT/data/caucasus
keys='{scenario, method, minimize, tonnes_total, tonnes_routed, tonnes_unrouted, countries}'

# the reference: the new run, uninterrupted, and the old state every attempt starts from
"$COR" assign --net "$NET" --scenario tripp --json -o new.json --links-csv new.csv --save ref.db 2>/dev/null
eq "reference run: exit 0" 0 $?
"$COR" runs show 1 --db ref.db --json | jq -cS "$keys" >new.summary
"$COR" assign --net "$NET" --json -o old.json --links-csv old.csv --save old.db 2>/dev/null
"$COR" assign --net "$NET" --scenario no-iran --save old.db >/dev/null 2>&1
sqlite3 old.db .dump >old.dump
# breakpoints pending: SQLite is loaded with the store plugin, after the program starts
printf '%s\n' 'set pagination off' 'set breakpoint pending on' 'set $n = 0' 'break sqlite3_step' 'commands' 'silent' \
    'set $n = $n + 1' 'continue' 'end' 'run' 'print $n' >count.gdb
cp old.db x.db
steps=$(gdb -q -batch -x count.gdb \
    --args "$COR" assign --net "$NET" --scenario tripp --json -o x.json --save x.db 2>/dev/null |
    sed -n 's/^\$1 = \([0-9]*\)$/\1/p')
rm -f x.json x.db*
[ "${steps:-0}" -gt 50 ]; eq "a save makes many sqlite3_step calls (found ${steps:-none})" 0 $?

# attempt LABEL FUNCTION N: a fresh copy of the old state, the run killed at the Nth call of
# FUNCTION; prints what each file holds afterwards
attempt() {
    local label=$1 fn=$2 n=$3
    rm -rf run && mkdir run && cp old.db old.json old.csv run/ && cd run || return
    mv old.json out.json && mv old.csv out.csv
    local log
    log=$(gdb -q -batch -ex 'set pagination off' -ex 'set breakpoint pending on' -ex "break $fn" -ex "ignore 1 $((n - 1))" \
        -ex run -ex 'signal SIGKILL' \
        --args "$COR" assign --net "$NET" --scenario tripp --json -o out.json \
        --links-csv out.csv --save old.db 2>&1)
    contains "$label: killed by SIGKILL" "terminated with signal SIGKILL" "$log"
    eq "$label: integrity_check" ok "$(sqlite3 old.db 'PRAGMA integrity_check')"
    local runs
    runs=$(sqlite3 old.db 'SELECT count(*) FROM runs')
    if [ "$runs" = 2 ]; then
        eq "$label: database unchanged (2 runs, same dump)" "$(cat ../old.dump)" "$(sqlite3 old.db .dump)"
        db=old
    else
        eq "$label: database has the new run complete" "3 $(cat ../new.summary)" \
            "$runs $("$COR" runs show 3 --db old.db --json | jq -cS "$keys")"
        db=new
    fi
    local f state out=""
    for f in json csv; do
        if cmp -s "out.$f" "../old.$f"; then state=old
        elif cmp -s "out.$f" "../new.$f"; then state=new
        else state=partial; fi
        [ "$state" != partial ]; eq "$label: out.$f is the old or the new file" 0 $?
        out="$out $f=$state"
    done
    echo "# $label: database $db,$out, temporary files left: $(find . -name '*.tmp.*' | wc -l)"
    cd .. || return
}

# inside the save's transaction, from its first statement to its last
for n in 1 2 $((steps / 4)) $((steps / 2)) $((steps - 2)) "$steps"; do
    attempt "kill at sqlite3_step $n of $steps" sqlite3_step "$n"
done
# while the outputs are written: before the first rename (out.json), between the two
attempt "kill at the rename of out.json" rename 1
attempt "kill at the rename of out.csv" rename 2
# after the commit, as the database is closed
attempt "kill at sqlite3_close" sqlite3_close 1

# ---- import osm over an existing network directory ----
OSM=$ROOT/tests/data/osm/tiny.osm
files="nodes.csv links.csv borders.csv transfers.csv geometry.csv"
"$COR" import osm "$OSM" --profile road -o old-net >/dev/null 2>&1
"$COR" import osm "$OSM" --profile rail -o new-net >/dev/null 2>&1
mkdir -p old-net/scenarios && echo '[scenario]' >old-net/scenarios/x.ini && echo readme >old-net/README.md
# which: "old", "new" or "mixed" for the network files of DIR
which() {
    local f o=1 n=1
    for f in $files; do
        cmp -s "$1/$f" "old-net/$f" || o=0
        cmp -s "$1/$f" "new-net/$f" || n=0
    done
    if [ $o = 1 ]; then echo old; elif [ $n = 1 ]; then echo new; else echo mixed; fi
}
# import_attempt LABEL FUNCTION N
import_attempt() {
    rm -rf net net.tmp.* && cp -r old-net net
    local log
    log=$(gdb -q -batch -ex 'set pagination off' -ex 'set breakpoint pending on' -ex "break $2" -ex "ignore 1 $(($3 - 1))" \
        -ex run -ex 'signal SIGKILL' \
        --args "$COR" import osm "$OSM" --profile rail -o net --replace 2>&1)
    contains "import, $1: killed by SIGKILL" "terminated with signal SIGKILL" "$log"
    local state
    state=$(which net)
    [ "$state" != mixed ]; eq "import, $1: the old or the new network, never a mix" 0 $?
    echo "# import, $1: net holds the $state network; scenarios/ $( [ -e net/scenarios/x.ini ] && echo kept || echo 'in net.tmp.*'); left beside it: $(ls -d net.tmp.* 2>/dev/null | wc -l)"
}
import_attempt "at the directory swap (renameat2)" renameat2 1
import_attempt "moving the old entries back (first rename after the swap)" rename 1
import_attempt "removing the old files (unlink)" unlink 1
import_attempt "at the end (rmdir)" rmdir 1
rm -rf net net.tmp.* && cp -r old-net net
"$COR" import osm "$OSM" --profile rail -o net --replace >/dev/null 2>&1
eq "import, not killed: the new network" new "$(which net)"
eq "import, not killed: scenarios and README kept" "README.md borders.csv geometry.csv links.csv nodes.csv scenarios transfers.csv" "$(ls net | paste -sd' ')"
eq "import, not killed: nothing left beside it" 0 "$(ls -d net.tmp.* 2>/dev/null | wc -l)"
finish crash
