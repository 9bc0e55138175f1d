#!/usr/bin/env bash
# The synthetic extract writer (tests/tools/osmgen.c): the same seed gives the same bytes, and
# corridor's importer (libreadosm) reads what the lattice's arithmetic says it holds.
source "$(dirname "$0")/lib.sh"
GEN=$(dirname "$COR")/tools/osmgen
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# -n 1000: side 11 (7 * 12^2 = 1008 > 950 stops the search), 12 full rows of 45 nodes and 33
# rows of 12 nodes = 936 lattice nodes, 936 / 19 = 49 POI nodes; 24 lines of 44 segments
eq "summary" "nodes 985 ways" "$("$GEN" -n 1000 --seed 7 -o "$T/a.osm.pbf" | cut -d' ' -f1-3)"
"$GEN" -n 1000 --seed 7 -o "$T/b.osm.pbf" >/dev/null
eq "same seed, same bytes" 0 "$(cmp -s "$T/a.osm.pbf" "$T/b.osm.pbf"; echo $?)"
"$GEN" -n 1000 --seed 8 -o "$T/c.osm.pbf" >/dev/null
eq "another seed, other bytes" 1 "$(cmp -s "$T/a.osm.pbf" "$T/c.osm.pbf"; echo $?)"
out=$($COR import osm "$T/a.osm.pbf" --profile road -o "$T/a" 2>&1)
contains "import reads every node" "985 nodes" "$out"
eq "every segment in exactly one link" 1056 "$(tail -n +2 "$T/a/geometry.csv" | awk -F, '{ s += split($2, p, ";") - 1 } END { print s }')"
# the 144 lattice junctions (r, c multiples of 4) are graph nodes: row 4k starts at id
# 1 + k * (45 + 3 * 12), column 4j of it is that id + 4j
eq "junctions are graph nodes" 144 "$(awk -F, 'NR > 1 { sub(/^n/, "", $1); id = $1 - 1; r = int(id / 81); o = id - r * 81; if (o < 45 && o % 4 == 0) n++ } END { print n }' "$T/a/nodes.csv")"
eq "POI nodes (ids 937-985) unused" 0 "$(awk -F, 'NR > 1 { sub(/^n/, "", $1); if ($1 + 0 > 936) n++ } END { print n + 0 }' "$T/a/nodes.csv")"
eq "check passes" 0 "$($COR check "$T/a" >/dev/null 2>&1; echo $?)"
"$GEN" -n 1000 --seed 7 --countries 3 -o "$T/k.osm.pbf" >/dev/null
out=$($COR import osm "$T/k.osm.pbf" --profile road -o "$T/k" 2>&1)
# 3 strips: 4 divides + 6 edges = 10 boundary ways, 4 x 2 corner nodes, no routable change
contains "countries: boundary ways and corners read" "993 nodes and" "$out"
eq "countries: same road graph" "$(wc -l <"$T/a/links.csv")" "$(wc -l <"$T/k/links.csv")"
eq "bad count" 2 "$("$GEN" -n 10 -o "$T/x.osm.pbf" >/dev/null 2>&1; echo $?)"
finish osmgen
