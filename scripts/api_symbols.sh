#!/usr/bin/env bash
# The functions libcorridor exports: the global functions and data defined in the given objects
# whose names the given public headers declare (a name followed by "(" outside comments).
# Usage: scripts/api_symbols.sh [--map] HEADER... -- OBJECT...
# prints one name a line, or with --map the linker version script that exports only them.
set -euo pipefail
map=0
[ "${1:-}" = "--map" ] && { map=1; shift; }
headers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do headers+=("$1"); shift; done
shift
declared=$(perl -0777 -pe 's{/\*.*?\*/}{}gs; s{//[^\n]*}{}g' "${headers[@]}" |
    grep -oE '\b[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(' | tr -d '( \t' | sort -u)
defined=$(nm --defined-only -g "$@" | awk 'NF == 3 && $2 ~ /[TDBR]/ {print $3}' | sort -u)
names=$(comm -12 <(echo "$declared") <(echo "$defined"))
if [ "$map" -eq 1 ]; then
    echo "/* made by scripts/api_symbols.sh from the public headers */"
    echo "{"
    echo "global:"
    echo "$names" | sed 's/.*/    &;/'
    echo "local:"
    echo "    *;"
    echo "};"
else
    echo "$names"
fi
