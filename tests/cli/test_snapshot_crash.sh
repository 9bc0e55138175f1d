# Crash safety of `corridor build`: a snapshot rebuilt over the same path is killed (SIGKILL)
# at ten points of its run; the path must then hold the complete old or the complete new
# snapshot, never a partial one. Temporary files a killed build leaves (OUT.tmp.XXXXXX) are
# counted: the next build does not remove them (docs/ch.md "Snapshot format").
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a generated road grid of SIDE x SIDE nodes 200 m apart, two-way links, every 8th row and
# column faster: the build with both hierarchies takes about a second at -O2 on one core
side=${SNAPSHOT_CRASH_SIDE:-75}
net=$tmp/grid
mkdir -p "$net"
awk -v n="$side" -v d="$net" 'BEGIN {
    f = d "/nodes.csv"; print "id,name,country,region,lat,lon,kind,source" > f
    for (r = 0; r < n; r++) for (c = 0; c < n; c++)
        printf "g%d_%d,g%d_%d,ZZ,,%.4f,%.4f,junction,generated\n", r, c, r, c, 40 + r * 0.002, 44 + c * 0.002 > f
    f = d "/links.csv"
    print "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,corridors,source" > f
    for (r = 0; r < n; r++) for (c = 0; c < n; c++) {
        if (c < n - 1) printf "h%d_%d,g%d_%d,g%d_%d,road,%.3f,%d,,0.05,,,,,,,operating,,both,,generated\n", r, c, r, c, r, c + 1, 0.17 + ((r * 7 + c * 3) % 11) * 0.01, r % 8 == 0 ? 90 : 40 > f
        if (r < n - 1) printf "v%d_%d,g%d_%d,g%d_%d,road,%.3f,%d,,0.05,,,,,,,operating,,both,,generated\n", r, c, r, c, r + 1, c, 0.22 + ((r * 5 + c * 11) % 13) * 0.01, c % 8 == 0 ? 90 : 40 > f
    }
    print "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,direction,source" > (d "/borders.csv")
    print "node,kind,from,to,hours,usd_per_t,source" > (d "/transfers.csv")
}'

# the two contents: old with the time hierarchy only, new with both
"$COR" build "$net" -o "$tmp/old.cor" --metrics time >/dev/null
start=$(date +%s%N)
"$COR" build "$net" -o "$tmp/new.cor" >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
echo "# a build with both hierarchies takes $ms ms"
if cmp -s "$tmp/old.cor" "$tmp/new.cor"; then fail "old and new differ" "identical files"; fi

# loads FILE: a route by distance works on both (CH on new, Dijkstra on old)
loads() { "$COR" route "$1" --from 40.01,44.01 --to 40.2,44.2 --minimize distance >/dev/null 2>&1; }
loads "$tmp/old.cor" && loads "$tmp/new.cor" && pass "both snapshots load" ||
    fail "both snapshots load" "a reference snapshot does not load"

out=$tmp/out.cor
olds=0 news=0
# delays in per mille of the measured run: spread over it, denser near the end where the file
# is written, fsynced and renamed, and one well past it
for pm in 100 300 500 700 800 880 930 970 1000 1500; do
    cp "$tmp/old.cor" "$out"
    "$COR" build "$net" -o "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v ms="$ms" -v pm="$pm" 'BEGIN { printf "%.3f", ms * pm / 1e6 }')"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if cmp -s "$out" "$tmp/old.cor"; then
        olds=$((olds + 1)) what=old
    elif cmp -s "$out" "$tmp/new.cor"; then
        news=$((news + 1)) what=new
    else
        what="neither (a partial snapshot: $(stat -c %s "$out") bytes)"
    fi
    case $what in
    old | new)
        if loads "$out"; then pass "killed at $pm per mille: the $what snapshot, loads"
        else fail "killed at $pm per mille" "the $what snapshot does not load"; fi ;;
    *) fail "killed at $pm per mille" "$what" ;;
    esac
done
# and three times the moment the temporary file appears, while it is being written
for i in 1 2 3; do
    stale=$(compgen -G "$out.tmp.*" | wc -l)
    cp "$tmp/old.cor" "$out"
    "$COR" build "$net" -o "$out" >/dev/null 2>&1 &
    pid=$!
    # (files left by earlier kills are already there: wait for one more)
    while kill -0 "$pid" 2>/dev/null && [ "$(compgen -G "$out.tmp.*" | wc -l)" -le "$stale" ]; do :; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if cmp -s "$out" "$tmp/old.cor"; then olds=$((olds + 1)) what=old
    elif cmp -s "$out" "$tmp/new.cor"; then news=$((news + 1)) what=new
    else what="neither (a partial snapshot: $(stat -c %s "$out") bytes)"; fi
    case $what in
    old | new)
        if loads "$out"; then pass "killed while writing ($i): the $what snapshot, loads"
        else fail "killed while writing ($i)" "the $what snapshot does not load"; fi ;;
    *) fail "killed while writing ($i)" "$what" ;;
    esac
done
echo "# after the kills: $olds old, $news new"
echo "# temporary files left by the killed builds: $(compgen -G "$out.tmp.*" | wc -l)"
# they are only ever the writer's own pattern, never the output's name
eq "no other file beside the output" "" \
    "$(find "$tmp" -maxdepth 1 -type f ! -name 'out.cor.tmp.*' ! -name '*.cor' -printf '%f\n')"

# a build over the same path with stale temporary files beside it still succeeds
"$COR" build "$net" -o "$out" >/dev/null 2>&1
cmp -s "$out" "$tmp/new.cor" && pass "a later build writes the new snapshot" ||
    fail "a later build writes the new snapshot" "the output differs from new.cor"
finish test_snapshot_crash
