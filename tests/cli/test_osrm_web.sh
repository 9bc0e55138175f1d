# OSRM's clients against corridor serve: tests/web/osrm.test.js (leaflet-routing-machine in
# headless Chromium, osrm-text-instructions in node) over the Monaco snapshot and the bundled
# network. Screenshots go to build/test-artifacts/.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
if [ ! -x /usr/bin/chromium ] || [ ! -d "$ROOT/node_modules/leaflet-routing-machine" ] ||
    [ ! -d "$ROOT/node_modules/osrm-text-instructions" ]; then
    fail "osrm web: prerequisites" "needs /usr/bin/chromium and node_modules (scripts/deps.sh)"
    finish osrm_web
fi
artifacts=$ROOT/build/test-artifacts
mkdir -p "$artifacts"
"$COR" import osm "$ROOT/../shared/data/osm/monaco.osm.pbf" --profile truck --country MC -o "$work/mc" >/dev/null &&
    "$COR" build "$work/mc" -o "$work/mc.cor" >/dev/null || { fail "monaco snapshot" "not built"; finish osrm_web; }
# the server's /vendor/ serves only what the map page takes from node_modules, so the test page
# gets leaflet-routing-machine from a web root of its own
mkdir -p "$work/web/lrm"
cp "$ROOT"/tests/web/osrm.html "$ROOT"/tests/web/osrm.js "$work/web/"
cp "$ROOT"/node_modules/leaflet-routing-machine/dist/leaflet-routing-machine.{js,css} "$work/web/lrm/"
serve_add "$work/mc.log" --net "$work/mc.cor" --web "$work/web" --vendor "$ROOT/node_modules" ||
    { fail "osrm web: monaco server started" "see above"; finish osrm_web; }
mc=$PORT
serve_add "$work/cau.log" --web "$work/web" --vendor "$ROOT/node_modules" --threads 2 ||
    { fail "osrm web: caucasus server started" "see above"; finish osrm_web; }
cau=$PORT
out=$(cd "$ROOT" && timeout 120 node tests/web/osrm.test.js "http://127.0.0.1:$mc" "http://127.0.0.1:$cau" "$artifacts" "$work/profile" 2>&1)
rc=$?
echo "$out"
_pass=$((_pass + $(echo "$out" | grep -c '^ok ')))
_fail=$((_fail + $(echo "$out" | grep -c '^FAIL ')))
if [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then fail "osrm web: node exited $rc" "see above"; fi
finish osrm_web
