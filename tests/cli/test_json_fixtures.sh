# The JSON answers of the README's and docs/'s examples (CLI --json, the corridor API, the OSRM
# endpoints, a snapshot's route and table) byte for byte as tests/data/json/ keeps them: they
# were written by jansson before the hot answers moved to the streaming writer (issue 20), so
# the two must agree to the byte. scripts/json_fixtures.sh says what is left out and why.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$ROOT/scripts/json_fixtures.sh" "$work" "$COR" 2>"$work.err"; then
    fail "fixtures: every example answered" "$(cat "$work.err")"
fi
rm -f "$work.err"
n=0
for want in "$ROOT"/tests/data/json/*.json; do
    name=$(basename "$want" .json)
    n=$((n + 1))
    if cmp -s "$want" "$work/$name.json"; then
        pass "$name: byte-identical"
    else
        fail "$name: byte-identical" "$(cmp "$want" "$work/$name.json" 2>&1 | head -1)"
    fi
done
eq "every answer has a fixture" "$n" "$(ls "$work"/*.json | wc -l)"
finish json_fixtures
