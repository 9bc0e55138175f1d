#!/usr/bin/env bash
# libcorridor.so exports exactly the documented API: the functions the public headers declare
# (read by the compiler: gcc -aux-info over corridor/corridor.h), nothing internal (srv_*,
# private cor_* helpers, the plugins' modules), and it has a soname.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$COR")
lib=$build/libcorridor.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo '#include "corridor/corridor.h"' >"$tmp/api.c"
gcc -std=c11 -I"$ROOT/include" -aux-info "$tmp/aux" -fsyntax-only "$tmp/api.c"
# "/* include/corridor/route.h:151:NC */ extern cor_status cor_route_query (cor_router *, ...);"
# (static inline functions of the headers are compiled into their callers, not exported)
perl -ne 'print "$1\n" if m{^/\* \Q'"$ROOT"'\E/include/corridor/\S+ \*/ extern .*?\b(\w+) \(}' "$tmp/aux" |
    sort -u >"$tmp/declared"
nm -D --defined-only "$lib" | awk '{print $NF}' | sort -u >"$tmp/exported"

declared=$(wc -l <"$tmp/declared")
[ "$declared" -gt 200 ] && pass "the headers declare $declared functions" ||
    fail "declared" "expected over 200 functions from the headers, found $declared"
eq "exported but not declared" "" "$(comm -13 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')"
eq "declared but not exported" "" "$(comm -23 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')"
eq "cor_route_query exported" "cor_route_query" "$(grep -x cor_route_query "$tmp/exported")"
eq "no server internals" "0" "$(grep -c '^srv_' "$tmp/exported")"
# the modules of the plugins are not in the library, nor are their libraries needed
eq "no store in libcorridor" "0" "$(grep -c '^cor_store_' "$tmp/exported")"
eq "no libpq, libmicrohttpd, SQLite, libreadosm" "" \
    "$(objdump -p "$lib" | awk '/NEEDED/ {print $2}' | grep -E 'pq|microhttpd|sqlite|readosm')"
eq "soname" "libcorridor.so.0" "$(objdump -p "$lib" | awk '/SONAME/ {print $2}')"
finish api
