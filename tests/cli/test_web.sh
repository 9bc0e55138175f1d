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
finish web
