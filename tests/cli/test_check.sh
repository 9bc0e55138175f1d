# corridor check on broken copies of tests/data/tiny: one defect each, exact file:line reported.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# broken NAME FILE SED-EXPRESSION EXPECTED-LINE: copies tiny, applies the edit to FILE, runs
# check and expects EXPECTED-LINE among its output and exit status 1.
broken() {
    local dir=$work/$1
    cp -r "$TINY" "$dir"
    sed -i "$3" "$dir/$2"
    out=$("$COR" check "$dir" 2>/dev/null)
    rc=$?
    eq "$1: exit 1" 1 "$rc"
    contains "$1: message" "$dir/$4" "$out"
}

out=$("$COR" check "$TINY" 2>&1)
eq "tiny is clean" "0 0" "$? $(echo "$out" | grep -c 'tiny/')"

broken unknown-node links.csv '3s/^L2,B,C/L2,B,Q/' "links.csv:3: to: expected the id of a node in nodes.csv, found \"Q\""
broken duplicate-id nodes.csv '4s/^C,/B,/' "nodes.csv:4: id: expected a unique id, found \"B\" again (first on line 3)"
broken duplicate-name nodes.csv '5s/Post D/post c/' "nodes.csv:5: name: expected a unique name, found \"post c\" again (first on line 4)"
broken duplicate-link-id links.csv '4s/^L3,/L1,/' "links.csv:4: id: expected a unique id, found \"L1\" again (first on line 2)"
broken bad-number links.csv '2s/,100,50,/,1o0,50,/' "links.csv:2: length_km: expected a number, found \"1o0\""
broken lat-range nodes.csv '2s/40.0000,44.0000/91.5,44.0000/' "nodes.csv:2: lat: expected a number in [-90, 90], found 91.5"
broken lon-range nodes.csv '2s/40.0000,44.0000/40.0000,190/' "nodes.csv:2: lon: expected a number in [-180, 180], found 190"
broken rail-without-gauge links.csv '3s/,1435,operating/,,operating/' "links.csv:3: gauge_mm: expected 1520, 1435 or dual for a rail link, found nothing"
broken bad-gauge links.csv '3s/,1435,operating/,1067,operating/' "links.csv:3: gauge_mm: expected 1520, 1435 or dual, found \"1067\""
broken bad-mode links.csv '6s/,road,/,truck,/' "links.csv:6: mode: expected rail, road, sea, ferry, pipeline, power or fibre, found \"truck\""
broken bad-status links.csv '6s/,operating,/,open,/' "links.csv:6: status: expected operating, construction, planned or closed, found \"open\""
broken no-speed links.csv '6s/,150,60,/,150,,/' "links.csv:6: speed_kmh: expected exactly one of speed_kmh and duration_h for a road link, found neither"
broken no-tariff links.csv '6s/,0.10,,/,,,/' "links.csv:6: usd_per_tkm: expected a tariff in usd_per_tkm or usd_per_t for a road link, found neither"
broken negative-tariff links.csv '6s/,0.10,,/,-0.10,,/' "links.csv:6: usd_per_tkm: expected a number >= 0, found -0.10"
broken bad-country nodes.csv '2s/,XA,/,XAA,/' "nodes.csv:2: country: expected an ISO 3166-1 alpha-2 code such as \"AZ\", found \"XAA\""
broken bad-kind nodes.csv '2s/city;rail_station/city;airport/' "nodes.csv:2: kind: expected node kinds such as city, port, border_post, found \"airport\""
broken no-source nodes.csv '2s/,test fixture$/,/' "nodes.csv:2: source: expected a value, found nothing"
broken missing-border borders.csv '3d' "links.csv:7: to: link L6 crosses from XA to XB: expected a road crossing F -> G in borders.csv, found none"
broken border-same-country borders.csv '3s/^F,G,/F,B,/' "borders.csv:3: to_node: expected a border post in a country other than XA, found \"B\" (XA)"
broken border-no-link borders.csv '3s/^F,G,road/F,G,rail/' "borders.csv:3: mode: expected a rail link between F and G in links.csv, found none"
broken p95-below-mean borders.csv '2s/,10,20,/,10,5,/' "borders.csv:2: dwell_p95_h: expected at least dwell_h (10), found 5"
broken bad-direction links.csv '2s/,both,west,/,two-way,west,/' "links.csv:2: direction: expected \"both\" or \"forward\", found \"two-way\""
broken transfer-kind transfers.csv '2s/,gauge,/,bogie,/' "transfers.csv:2: kind: expected \"mode\" or \"gauge\", found \"bogie\""
broken transfer-gauge transfers.csv '2s/,1520,1435,/,1520,1000,/' "transfers.csv:2: to: expected 1520 or 1435 for a gauge change, found \"1000\""
broken field-count links.csv '4s/,test fixture$/,test fixture,extra/' "links.csv:4: expected 19 fields as in the header, found 20"
broken missing-column nodes.csv '1s/,lat,/,latitude,/' "nodes.csv:1: lat: expected a column named \"lat\" in the header, found none"
broken unclosed-quote links.csv '12s/,test fixture$/,"test fixture/' "links.csv:12: malformed CSV: a quoted field is not closed at the end of the file"
broken bad-year links.csv '9s/,2030,/,20x0,/' "links.csv:9: year: expected a year between 1800 and 2200, found \"20x0\""
broken self-loop links.csv '2s/^L1,A,B/L1,A,A/' "links.csv:2: to: expected a node other than \"from\", found \"A\" again"
broken invalid-utf8 nodes.csv '2s/Town A/Town \xff/' "nodes.csv:2: field 2: expected UTF-8 text, found invalid bytes"
broken nan-capacity links.csv '2s/,0.05,,,,,,1520,/,0.05,,nan,,,,1520,/' "links.csv:2: capacity_tpy: expected a number, found \"nan\""
broken inf-speed links.csv '2s/,100,50,,/,100,inf,,/' "links.csv:2: speed_kmh: expected a number, found \"inf\""
broken overflow-length links.csv '2s/,100,50,,/,1e309,50,,/' "links.csv:2: length_km: expected a number, found \"1e309\""
broken huge-length links.csv '2s/,100,50,,/,1e300,50,,/' "links.csv:2: length_km: expected a number <= 40000, found 1e300"
broken slow-speed links.csv '2s/,100,50,,/,100,1e-300,,/' "links.csv:2: speed_kmh: expected a number >= 0.1, found 1e-300"
broken hex-number links.csv '2s/,100,50,,/,0x64,50,,/' "links.csv:2: length_km: expected a number, found \"0x64\""

# limits that bound the reader's memory whatever the file (docs/security.md)
limit() { # limit NAME FILE EXPECTED: FILE of a copy of tiny already replaced in $work/NAME
    out=$("$COR" check "$work/$1" 2>/dev/null)
    eq "$1: exit 1" 1 "$?"
    contains "$1: message" "$work/$1/$2$3" "$out"
}
cp -r "$TINY" "$work/long-line"   # 2 MB without a newline, appended to nodes.csv (9 lines)
head -c 2000000 /dev/zero | tr '\0' a >>"$work/long-line/nodes.csv"
limit long-line nodes.csv ":10: expected a line of at most 1048576 bytes, found a longer one"
cp -r "$TINY" "$work/many-fields"
printf '%0300d\n' 0 | tr 0 , >>"$work/many-fields/links.csv"
limit many-fields links.csv ":13: expected at most 256 fields in a row, found more"
cp -r "$TINY" "$work/huge-file"   # sparse: no disk space used
truncate -s 300M "$work/huge-file/borders.csv"
limit huge-file borders.csv ": expected a file of at most 268435456 bytes, found 314572800 bytes"
rm -rf "$work/huge-file"
cp -r "$TINY" "$work/endless-quote"   # a quoted field that never closes, over 1.1 M lines
{ head -n 1 "$TINY/transfers.csv"; printf 'B,gauge,1520,1435,5,2,"'
  head -c 1100000 /dev/zero | tr '\0' '\n'; } >"$work/endless-quote/transfers.csv"
limit endless-quote transfers.csv ":1048578: expected a field of at most 4096 bytes, found a quoted field longer than 1048576 bytes"

# several defects at once: every one is reported in a single run
dir=$work/many
cp -r "$TINY" "$dir"
sed -i '2s/40.0000,44.0000/91.5,44.0000/; 3s/,44.7038,/,44.7x38,/' "$dir/nodes.csv"
sed -i '6s/,road,/,truck,/' "$dir/links.csv"
out=$("$COR" check "$dir" 2>&1)
eq "three defects, three errors" 3 "$(echo "$out" | grep -c "^$dir/")"
contains "summary line" "$dir: 3 errors, 0 warnings" "$out"

# a link shorter than the great circle between its ends is an error at its line (2% + 50 m of
# slack): A (40, 44) and B (40, 44.7038) are 59.95 km apart (haversine, R = 6371 km), so 58.70 passes
# (59.95 - 1.199 - 0.05 = 58.70) and 58.6 does not
dir=$work/short
cp -r "$TINY" "$dir"
sed -i '2s/,100,50,/,58.6,50,/' "$dir/links.csv"
out=$("$COR" check "$dir" 2>/dev/null)
eq "shorter than the great circle: exit 1" 1 "$?"
contains "shorter than the great circle: file:line" "$dir/links.csv:2: length_km: expected at least the 59.95 km great-circle distance between A and B (less 2% and 50 m for rounding), found 58.6 km on link L1" "$out"
sed -i '2s/,58.6,50,/,58.71,50,/' "$dir/links.csv"
eq "within the 2% + 50 m slack: exit 0" 0 "$("$COR" check "$dir" >/dev/null 2>&1; echo $?)"

# a long detour is a warning, which does not fail the check; a reason in the row silences it
dir=$work/warn
cp -r "$TINY" "$dir"
sed -i '2s/,100,50,/,120,50,/; 2s/; detour: .*$//' "$dir/links.csv"
out=$("$COR" check "$dir" 2>/dev/null)
eq "warning only: exit 0" 0 "$?"
contains "detour warning" "$dir/links.csv:2: warning: length_km: link L1 is 120.0 km long, 2.00 times the 59.9 km great-circle distance between A and B (above 1.6)" "$out"
sed -i '2s/,test fixture$/,test fixture; detour: a river valley/' "$dir/links.csv"
eq "detour with a reason: no warning" "0" "$("$COR" check "$dir" 2>/dev/null | grep -c 'links.csv:2')"
sed -i '2s/detour: a river valley$/detour:/' "$dir/links.csv"
eq "detour: without a reason still warns" "1" "$("$COR" check "$dir" 2>/dev/null | grep -c 'links.csv:2: warning')"
echo 'Z,Lonely Z,XA,,41,45,city,test fixture' >>"$dir/nodes.csv"
contains "isolated node" "$dir/nodes.csv:10: warning: id: node Z has no links" "$("$COR" check "$dir" 2>/dev/null)"

"$COR" check "$work/none" >/dev/null 2>&1
eq "missing directory: exit 1" 1 "$?"

# aliases (optional column): other names a node is found by, unique among names and aliases
aliased=$work/aliased
cp -r "$TINY" "$aliased"
sed -i '1s/$/,aliases/; 2,$s/$/,/; 2s/,$/, Alpha ; Tête /' "$aliased/nodes.csv"
eq "aliases: the network stays clean" 0 "$("$COR" check "$aliased" >/dev/null 2>&1; echo $?)"
out=$("$COR" route alpha E --net "$aliased" 2>&1 | head -1)
contains "aliases: a node is found by its alias, without regard to case" "Town A -> Town E" "$out"
out=$("$COR" route "TÊTE" E --net "$aliased" --json 2>&1 | jq -r .from.id)
eq "aliases: a non-ASCII alias, without regard to case" "A" "$out"
broken alias-is-a-name nodes.csv '1s/$/,aliases/; 2,$s/$/,/; 3s/,$/,town a/' "nodes.csv:3: aliases: expected a unique name, found \"town a\" again (first on line 2)"
broken alias-twice nodes.csv '1s/$/,aliases/; 2,$s/$/,/; 2s/,$/,Gate/; 4s/,$/,gate/' "nodes.csv:4: aliases: expected a unique name, found \"gate\" again (first on line 2)"
broken alias-empty nodes.csv '1s/$/,aliases/; 2,$s/$/,/; 2s/,$/,a;;b/' "nodes.csv:2: aliases: expected names separated by ';', found an empty one in \"a;;b\""
broken alias-control nodes.csv '1s/$/,aliases/; 2,$s/$/,/; 2s/,$/,a\x07b/' "nodes.csv:2: aliases: expected a name without control characters, found U+0007"

# the network directory itself: missing, or a file (a snapshot), said of the path given
out=$("$COR" route A E --net "$work/no-such.cor" 2>&1)
eq "missing network: exit 1" 1 "$?"
contains "missing network: named as given" "$work/no-such.cor: expected a network directory, found nothing there" "$out"
echo x >"$work/file.cor"
contains "a file as network: a snapshot is routed between coordinates" "$work/file.cor: expected a network directory, found a file (a snapshot from \`corridor build\` is routed between coordinates: docs/ch.md)" "$("$COR" info "$work/file.cor" 2>&1)"
# check takes a file for a snapshot, and verifies it (tests/cli/test_snapshot_check.sh)
contains "check: a file that is no snapshot" "$work/file.cor: truncated snapshot: 2 bytes, shorter than the 256-byte header" "$("$COR" check "$work/file.cor" 2>&1)"

finish check
