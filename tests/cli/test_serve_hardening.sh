# Issue 17, the server's rows: 7 (a computation whose client has gone is cancelled), 8 (only
# the page's files), 13 (request framing), 14 (numbers as the CLI reads them), 15 (repeated
# parameters, empty list items). The property campaign over request lines and headers is
# tests/unit/test_http_props.c.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$work"' EXIT

# row 8: a web root with a link out of it, a dotfile and a node_modules holding more than the
# page needs
mkdir -p "$work/web" "$work/node_modules/leaflet/dist" "$work/node_modules/playwright-core" \
    "$work/node_modules/world-atlas"
cp "$ROOT/web/index.html" "$ROOT/web/app.js" "$ROOT/web/style.css" "$work/web/"
ln -s /etc/passwd "$work/web/passwd.js"
ln -s "$ROOT/web/app.js" "$work/web/inside.js" # a link to a file outside the root, too
echo secret >"$work/web/.env"
echo '{}' >"$work/node_modules/.package-lock.json"
echo 'x' >"$work/node_modules/playwright-core/index.js"
echo 'leaflet' >"$work/node_modules/leaflet/dist/leaflet.js"
echo '{}' >"$work/node_modules/world-atlas/countries-50m.json"
echo '{}' >"$work/node_modules/world-atlas/package.json"

{ head -n 1 "$ROOT/data/caucasus/demand.csv"; for _ in $(seq 20); do tail -n +2 "$ROOT/data/caucasus/demand.csv"; done; } >"$work/demand.csv"
serve_start "$work/log" --threads 2 --max-assign 1 --web "$work/web" --demand "$work/demand.csv" ||
    { fail "server start" "$(cat "$work/log")"; finish serve_hardening; }
B=http://127.0.0.1:$PORT
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

eq "row 8: the page" 200 "$(code "$B/")"
eq "row 8: a symlink out of the root is not followed" 404 "$(code "$B/passwd.js")"
eq "row 8: a symlink to a file outside the root neither" 404 "$(code "$B/inside.js")"
eq "row 8: no dotfile" 404 "$(code "$B/.env")"
eq "row 8: no node_modules dotfile" 404 "$(code "$B/vendor/.package-lock.json")"
eq "row 8: no package the page does not use" 404 "$(code "$B/vendor/playwright-core/index.js")"
eq "row 8: no package file of a used package" 404 "$(code "$B/vendor/world-atlas/package.json")"
eq "row 8: leaflet is served" 200 "$(code "$B/vendor/leaflet/dist/leaflet.js")"
eq "row 8: the country outlines are served" 200 "$(code "$B/vendor/world-atlas/countries-50m.json")"

# row 13: framing (each case also a seed of the property campaign and of fuzz_http)
raw() { # raw REQUEST: the status line of the answer, or "none" (in a shell of its own: a
        # refused connection is a failed check, not the end of this script)
    local line
    line=$(timeout 10 bash -c 'trap "" PIPE; exec 5<>/dev/tcp/127.0.0.1/"$1" || exit 1
        printf "%b" "$2" >&5 2>/dev/null; head -n 1 <&5' _ "$PORT" "$1" | tr -d '\r')
    echo "${line:-none}"
}
eq "row 13: two Content-Lengths" "HTTP/1.1 400 Bad Request" "$(raw 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde')"
eq "row 13: HTTP/1.1 without Host" "HTTP/1.1 400 Bad Request" "$(raw 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n')"
eq "row 13: HTTP/1.0 without Host" "HTTP/1.1 200 OK" "$(raw 'GET /health HTTP/1.0\r\n\r\n')"
for h in '[::1]evil' 'localhost:evil' '127.0.0.1:abc'; do
    eq "row 13: Host $h" "HTTP/1.1 400 Bad Request" "$(raw "GET /health HTTP/1.1\\r\\nHost: $h\\r\\nConnection: close\\r\\n\\r\\n")"
done
eq "row 13: two Hosts" "HTTP/1.1 400 Bad Request" "$(raw 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n')"
eq "row 13: absolute-form target" "HTTP/1.1 400 Bad Request" "$(raw 'GET http://x/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')"
eq "row 13: Transfer-Encoding identity answered at once" "HTTP/1.1 400 Bad Request" "$(raw 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: identity\r\nConnection: close\r\n\r\n')"
eq "row 13: Transfer-Encoding gzip, chunked" "HTTP/1.1 400 Bad Request" "$(raw 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n')"
for n in 16060 16130 16203; do
    eq "row 13: a target of $n bytes is answered" 200 "$(code "$B/health?x=$(head -c $((n - 10)) /dev/zero | tr '\0' a)")"
done
eq "row 13: a 17000-byte target: 414" 414 "$(code "$B/health?x=$(head -c 16990 /dev/zero | tr '\0' a)")"

# row 14: the CLI's parser, limits and message
msg() { curl -s "$B$1" | jq -r .message; }
eq "row 14: hex refused" 'tonnes: expected a number from 1e-06 to 1e+06, found "0x10"' "$(msg '/corridor/v1/route?from=Baku&to=Kars&tonnes=0x10')"
eq "row 14: the first message gives the real limit" 'tonnes: expected a number from 1e-06 to 1e+06, found "1e7"' "$(msg '/corridor/v1/route?from=Baku&to=Kars&tonnes=1e7')"
cli=$("$COR" route Baku Kars --tonnes 1e7 2>&1)
eq "row 14: the CLI says the same" 'corridor: route: --tonnes: expected a number from 1e-06 to 1e+06, found "1e7"' "$cli"
eq "row 14: alternatives 0" 'alternatives: expected a whole number from 1 to 20, found "0"' "$(msg '/corridor/v1/route?from=Baku&to=Kars&alternatives=0')"

# row 15: repeated parameters, empty list items
eq "row 15: from twice" 'from: expected once, found more than once' "$(msg '/corridor/v1/route?from=Baku&from=Tbilisi&to=Kars')"
eq "row 15: via=,,," 'via: expected names separated by single commas, found an empty one in ",,,"' "$(msg '/corridor/v1/route?from=Baku&to=Kars&via=,,,')"
eq "row 15: avoid=GE," 400 "$(code "$B/corridor/v1/route?from=Baku&to=Kars&avoid=GE,")"

# row 7: a compare whose client leaves after 1 s is cancelled: its --max-assign slot is free
# again at once (with 1,140 OD flows at 20 routes each it would run on for some 40 s)
slow="$B/corridor/v1/compare?a=base&b=tripp&method=logit&routes=20&status=operating,construction,planned,closed&overlap=1"
curl -s -m 1 -o /dev/null "$slow"
curl -s -m 1 -o /dev/null "$slow&vot=2"
got=503
for _ in $(seq 50); do
    got=$(code "$B/corridor/v1/assign?method=aon")
    [ "$got" = 200 ] && break
    sleep 0.2
done
eq "row 7: after two dropped compares an assign gets its slot" 200 "$got"

kill "$PID"
wait "$PID"
eq "server exits 0 on SIGTERM" 0 $?
PID=
finish serve_hardening
