#!/usr/bin/env bash
# The network loader's caps (docs/security.md "Limits"): defaults for untrusted CSV, raised
# with --max-file-mb; a directory over them is refused before any file is parsed, and
# `import osm` does not write a network that nothing could load. Sizes are checked against
# stat(1); sparse files take no disk space.
source "$(dirname "$0")/lib.sh"
GEN=$(dirname "$COR")/tools/osmgen
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# ---- import osm: links.csv of a 40000-node synthetic extract is 2031082 bytes (> 1 MiB) ----
"$GEN" -n 40000 --seed 3 -o "$T/g.osm.pbf" >/dev/null
out=$($COR import osm "$T/g.osm.pbf" --profile road --max-file-mb 1 -o "$T/net" 2>&1)
eq "import over the cap: exit 1" 1 $?
contains "import over the cap: file, expected, found" "$T/net/links.csv: expected a file of at most 1048576 bytes (the network loader's cap), found 2031082 bytes; nothing was written" "$out"
contains "import over the cap: what to do" "corridor build $T/g.osm.pbf --profile road -o NET.cor), or import with --max-file-mb 2 and give build and check the same option" "$out"
eq "import over the cap: nothing written" "" "$(ls -d "$T"/net* 2>/dev/null)"
$COR import osm "$T/g.osm.pbf" --profile road --max-file-mb 2 -o "$T/net" >/dev/null 2>&1
eq "import with the cap it asked for" 0 $?
eq "links.csv size (stat)" 2031082 "$(stat -c %s "$T/net/links.csv")"

# ---- build and check under a cap ----
out=$($COR build "$T/net" -o "$T/net.cor" --max-file-mb 1 2>&1)
eq "build over the cap: exit 1" 1 $?
contains "build over the cap: file, expected, found" "$T/net/links.csv: expected a file of at most 1048576 bytes, found 2031082 bytes" "$out"
contains "build over the cap: what to do" "raise it with --max-file-mb, or build the snapshot straight from the OpenStreetMap extract" "$out"
eq "build over the cap: no snapshot" "" "$(ls "$T"/net.cor* 2>/dev/null)"
out=$($COR check "$T/net" --max-file-mb 1 2>&1)
eq "check over the cap: exit 1" 1 $?
contains "check over the cap: message" "$T/net/links.csv: expected a file of at most 1048576 bytes, found 2031082 bytes" "$out"
$COR build "$T/net" -o "$T/net.cor" --max-file-mb 2 --metrics time >/dev/null 2>&1
eq "build under a raised cap" 0 $?
for bad in 0 abc 1048577 -5; do
    out=$($COR build "$T/net" -o "$T/x.cor" --max-file-mb "$bad" 2>&1)
    eq "--max-file-mb $bad: exit 2" 2 $?
done
contains "--max-file-mb 0: message" "--max-file-mb: expected 1 to 1048576 MiB, found 0" "$($COR check "$T/net" --max-file-mb 0 2>&1)"
contains "--max-file-mb abc: message" "--max-file-mb: expected a whole number of MiB, found \"abc\"" "$($COR check "$T/net" --max-file-mb abc 2>&1)"

# ---- a country-scale directory: refused on sizes before nodes.csv is parsed ----
cp -r "$TINY" "$T/huge"
truncate -s 300M "$T/huge/nodes.csv"   # NUL bytes: parsed, they would give a line error
truncate -s 600M "$T/huge/links.csv"
out=$($COR check "$T/huge" 2>&1)
eq "huge: exit 1" 1 $?
contains "huge: nodes.csv" "$T/huge/nodes.csv: expected a file of at most 268435456 bytes, found 314572800 bytes" "$out"
contains "huge: links.csv too, in the same run" "$T/huge/links.csv: expected a file of at most 268435456 bytes, found 629145600 bytes" "$out"
eq "huge: nothing parsed (no line errors)" 0 "$(echo "$out" | grep -c 'expected a line')"
eq "huge: two errors" "$T/huge: 2 errors, 0 warnings (0 scenarios)" "$($COR check "$T/huge" 2>&1 >/dev/null | tail -n 1)"
out=$($COR build "$T/huge" -o "$T/huge.cor" 2>&1)
contains "huge build: refused on sizes" "$T/huge/links.csv: expected a file of at most 268435456 bytes, found 629145600 bytes" "$out"
# raised, the caps let the parser reach the first line
out=$($COR check "$T/huge" --max-file-mb 700 2>&1)
contains "huge, raised cap: parsed, the long line found" "$T/huge/nodes.csv:10: expected a line of at most 1048576 bytes" "$out"

# ---- geometry.csv: the graph reads it under the default cap whatever --max-file-mb says ----
cp -r "$T/net" "$T/geo"
truncate -s 300M "$T/geo/geometry.csv"
out=$($COR build "$T/geo" -o "$T/geo.cor" --max-file-mb 1000 2>&1)
eq "geometry over the cap: exit 1" 1 $?
contains "geometry over the cap: message" "$T/geo/geometry.csv: expected a file of at most 268435456 bytes (the graph's cap on link shapes), found 314572800 bytes; build the snapshot straight from the OpenStreetMap extract" "$out"
finish limits
