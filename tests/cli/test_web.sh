# The map page in headless Chromium: starts `corridor serve` on a free loopback port, runs
# tests/web/page.test.js (playwright-core, /usr/bin/chromium), stops the server. Screenshots go
# to build/test-artifacts/.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ ! -x /usr/bin/chromium ] || [ ! -d "$ROOT/node_modules/playwright-core" ]; then
    fail "web: prerequisites" "needs /usr/bin/chromium and node_modules (scripts/deps.sh)"
    finish web
fi
artifacts=$ROOT/build/test-artifacts
mkdir -p "$artifacts"
serve_start "$work/serve.log" --web "$ROOT/web" --demand "$ROOT/tests/data/caucasus/demand.csv"
pid=$PID
if [ -z "$PORT" ]; then
    fail "web: server started" "$(cat "$work/serve.log")"
    finish web
fi
# static files: the gzip copy (made by make) to clients that take gzip, an ETag, 304 when it
# matches; the outlines cut to the region (scripts/outlines.js) instead of the 756 KB world
url="http://127.0.0.1:$PORT"
hdr=$(curl -s -D - -o "$work/outlines.gz" -H 'Accept-Encoding: gzip' "$url/outlines.json" | tr -d '\r')
contains "web: outlines sent gzipped" "Content-Encoding: gzip" "$hdr"
eq "web: the gzip copy is the file" "$(md5sum <"$ROOT/web/outlines.json")" "$(gzip -dc "$work/outlines.gz" | md5sum)"
etag=$(echo "$hdr" | sed -n 's/^ETag: //p')
eq "web: an ETag" 1 "$([ -n "$etag" ] && echo 1)"
eq "web: If-None-Match answers 304" 304 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag" "$url/outlines.json")"
eq "web: without gzip the plain file" "$(wc -c <"$ROOT/web/outlines.json")" "$(curl -s "$url/outlines.json" | wc -c)"
eq "web: another ETag for the plain file" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url/outlines.json")"
eq "web: outlines under 40 KB gzipped" 1 "$([ "$(wc -c <"$work/outlines.gz")" -lt 40000 ] && echo 1)"
out=$(cd "$ROOT" && timeout 120 node tests/web/page.test.js "http://127.0.0.1:$PORT" "$artifacts" "$work/profile" 2>&1)
rc=$?
echo "$out"
_pass=$((_pass + $(echo "$out" | grep -c '^ok ')))
_fail=$((_fail + $(echo "$out" | grep -c '^FAIL ')))
if [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then fail "web: node exited $rc" "see above"; fi
kill -TERM "$pid"
wait "$pid"
eq "web: server stopped with exit 0" 0 "$?"
pid=
# a network outside the region's outlines: tests/data/tiny moved by (-36.6, +3.7) degrees to
# Monaco, as an imported OSM extract of Monaco would be
cp -r "$ROOT/tests/data/tiny" "$work/monaco"
awk -F, -v OFS=, 'NR > 1 { $5 = sprintf("%.4f", $5 + 3.7); $6 = sprintf("%.4f", $6 - 36.6) } 1' \
    "$ROOT/tests/data/tiny/nodes.csv" >"$work/monaco/nodes.csv"
serve_start "$work/serve2.log" --net "$work/monaco" --web "$ROOT/web"
pid=$PID
if [ -z "$PORT" ]; then
    fail "web: server started on the moved network" "$(cat "$work/serve2.log")"
    finish web
fi
out=$(cd "$ROOT" && timeout 120 node tests/web/page.test.js "http://127.0.0.1:$PORT" "$artifacts" "$work/profile2" --elsewhere 2>&1)
echo "$out"
_pass=$((_pass + $(echo "$out" | grep -c '^ok ')))
_fail=$((_fail + $(echo "$out" | grep -c '^FAIL ')))
kill -TERM "$pid"
wait "$pid"
pid=
finish web
