# Assertions for the CLI tests: each prints "ok NAME" or "FAIL NAME: why"; `finish` prints
# "SUITE: N passed, N failed" and sets the exit status.
set -u
COR=${CORRIDOR_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/corridor}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TINY=$ROOT/tests/data/tiny
_pass=0 _fail=0
pass() { echo "ok $1"; _pass=$((_pass + 1)); }
fail() { echo "FAIL $1: $2"; _fail=$((_fail + 1)); }

# eq NAME EXPECTED ACTUAL
eq() {
    if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "expected [$2], found [$3]"; fi
}

# near NAME EXPECTED ACTUAL [TOLERANCE]: numbers equal within an absolute tolerance (1e-6)
near() {
    if awk -v a="$2" -v b="$3" -v t="${4:-1e-6}" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b != "" && d <= t) }'; then
        pass "$1"
    else
        fail "$1" "expected $2 (+-${4:-1e-6}), found [$3]"
    fi
}

# contains NAME NEEDLE HAYSTACK
contains() {
    case "$3" in *"$2"*) pass "$1" ;; *) fail "$1" "expected to find [$2] in [$3]" ;; esac
}

finish() {
    echo "$1: $_pass passed, $_fail failed"
    [ "$_fail" -eq 0 ]
    exit $?
}

# serve_start LOG ARGS...: starts `corridor serve --port 0 ARGS` in the background, its stderr in
# LOG; sets PID, and PORT once it listens. Returns 1 (PORT empty, LOG says why) if it does not.
serve_start() {
    local log=$1 _
    shift
    : >"$log"
    "$COR" serve --port 0 "$@" 2>"$log" &
    PID=$!
    PORT=
    for _ in $(seq 1 200); do
        PORT=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
        [ -n "$PORT" ] && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.05
    done
    return 1
}

# serve_add LOG ARGS...: serve_start, its PID added to the caller's array pids (to be killed
# on exit); prints LOG when the server does not start (returns 1 then).
serve_add() {
    serve_start "$@"
    local rc=$?
    pids+=("$PID")
    [ "$rc" -eq 0 ] || { echo "server did not start:"; cat "$1"; }
    return "$rc"
}
