#!/usr/bin/env bash
# `make install` into a staging directory (DESTDIR): the files land under PREFIX, the example
# program builds with `pkg-config --cflags --libs corridor` against the staged corridor.pc and
# runs on the installed library and data with the figures `corridor route Baku Kars` gives
# (838.2 km, 63.48681319 h, 451.46 USD, as in the README); the installed CLI finds its data and
# plugins from its own prefix; `make uninstall` removes every file.
source "$(dirname "$0")/lib.sh"
build=$(basename "$(dirname "$COR")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
p=$stage/usr/local
# the same build as the binary under test (the sanitizer build's library needs its runtime)
flags=(BUILD="$build")
cc=gcc ccflags=()
if nm "$COR" | grep -q __asan_init; then
    flags+=(SAN=1 CC=clang) cc=clang ccflags=(-fsanitize=address,undefined)
fi

if make -C "$ROOT" "${flags[@]}" install DESTDIR="$stage" PREFIX=/usr/local >"$tmp/install.log" 2>&1
then pass "make install"; else fail "make install" "$(tail -n 20 "$tmp/install.log")"; fi
for f in bin/corridor lib/libcorridor.so.0 lib/libcorridor.a include/corridor/corridor.h \
    include/corridor/route.h lib/pkgconfig/corridor.pc lib/corridor/server.so \
    lib/corridor/store.so lib/corridor/pg.so lib/corridor/osm.so lib/corridor/sweep.so \
    share/corridor/caucasus/nodes.csv share/corridor/caucasus/scenarios/tripp.ini \
    share/corridor/web/index.html share/corridor/web/index.html.gz share/man/man1/corridor.1 \
    share/doc/corridor/README.md share/doc/corridor/docs/routing.md; do
    [ -f "$p/$f" ] && pass "installed $f" || fail "installed $f" "missing"
done
eq "libcorridor.so -> libcorridor.so.0" "libcorridor.so.0" "$(readlink "$p/lib/libcorridor.so")"
# the plugins' headers declare what libcorridor does not contain
eq "no plugin headers" "" "$(ls "$p/include/corridor" | grep -E '^(server|store|export|import|sweep)\.h$')"
contains "man page has route's options" "--alternatives" "$(cat "$p/share/man/man1/corridor.1")"

# the example, built as a user of the staged package would
export PKG_CONFIG_PATH=$p/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage
eq "pkg-config --cflags" "-I$p/include" "$(echo $(pkg-config --cflags corridor))"
eq "pkg-config --libs" "-L$p/lib -lcorridor" "$(echo $(pkg-config --libs corridor))"
eq "pkg-config datadir" "$p/share/corridor" "$(pkg-config --variable=datadir corridor)"
# shellcheck disable=SC2046 # pkg-config's words are meant to split
if $cc -std=c11 -Wall -Wextra -Werror "${ccflags[@]}" $(pkg-config --cflags corridor) \
    "$ROOT/examples/route.c" $(pkg-config --libs corridor) -o "$tmp/route" 2>"$tmp/cc.log"
then pass "example builds"; else fail "example builds" "$(cat "$tmp/cc.log")"; fi
want="Baku -> Kars: 838.2 km, 63.48681319 h, 451.46 USD"
eq "example on the installed library" "$want" \
    "$(LD_LIBRARY_PATH=$p/lib "$tmp/route" "$p/share/corridor/caucasus" 2>&1)"
eq "example links the staged library" "$p/lib/libcorridor.so.0" \
    "$(LD_LIBRARY_PATH=$p/lib ldd "$tmp/route" | awk '$1 == "libcorridor.so.0" {print $3}')"
eq "example does not need libpq, libmicrohttpd, SQLite" "" \
    "$(LD_LIBRARY_PATH=$p/lib ldd "$tmp/route" | grep -E 'libpq|microhttpd|sqlite|readosm')"
# statically, with pkg-config --static
# shellcheck disable=SC2046
if $cc -std=c11 "${ccflags[@]}" $(pkg-config --static --cflags corridor) "$ROOT/examples/route.c" \
    $(pkg-config --static --libs corridor | sed 's/-lcorridor/-Wl,-Bstatic -lcorridor -Wl,-Bdynamic/') \
    -o "$tmp/route-static" 2>"$tmp/cc.log"
then pass "example links libcorridor.a"; else fail "example links libcorridor.a" "$(cat "$tmp/cc.log")"; fi
eq "static example" "$want" "$("$tmp/route-static" "$p/share/corridor/caucasus" 2>&1)"

# the installed CLI, run from elsewhere: the bundled data of its prefix, the same figures
cd "$tmp" || exit 1
out=$(env -u CORRIDOR_NET "$p/bin/corridor" route Baku Kars --json)
eq "installed CLI: km" "838.2" "$(echo "$out" | jq .total.km)"
eq "installed CLI: hours" "63.48681319" "$(echo "$out" | jq .total.hours)"
eq "installed CLI: usd" "451.46" "$(echo "$out" | jq .total.usd)"
contains "installed CLI reads the installed data" "network $p/share/corridor/caucasus:" \
    "$(env -u CORRIDOR_NET "$p/bin/corridor" info)"
# a plugin command loads its plugin from the prefix (and only then)
log=$(env -u CORRIDOR_NET LD_DEBUG=files "$p/bin/corridor" runs --db "$tmp/runs.db" 2>&1)
contains "runs loads the installed store plugin" "file=$p/bin/../lib/corridor/store.so [0]" "$log"
log=$(env -u CORRIDOR_NET LD_DEBUG=files "$p/bin/corridor" route Baku Kars 2>&1 >/dev/null)
eq "route loads no plugin, libpq, libmicrohttpd or SQLite" "" \
    "$(echo "$log" | grep -oE 'file=[^ ]*(lib/corridor/|libpq|microhttpd|sqlite)[^ ]*' | sort -u)"

if make -C "$ROOT" "${flags[@]}" uninstall DESTDIR="$stage" PREFIX=/usr/local >"$tmp/install.log" 2>&1
then pass "make uninstall"; else fail "make uninstall" "$(tail -n 20 "$tmp/install.log")"; fi
eq "nothing left after uninstall" "" "$(find "$stage" ! -type d)"
finish install
