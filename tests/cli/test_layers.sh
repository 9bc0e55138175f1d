# The include graph against the layer order (scripts/check_layers.sh, docs/architecture.md): the
# tree as it is has no offence; an include of a higher layer, or a folder in no layer, is named
# at its file and line. And no function of src/ over 120 lines (scripts/check_functions.sh).
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$ROOT/scripts/check_layers.sh" "$ROOT")
eq "the tree: exit 0" 0 "$?"
contains "the tree: no offence" ", 0 offences" "$out"

cp -r "$ROOT/src" "$ROOT/include" "$work/"
line=$(($(grep -n '^#include' "$work/src/util/grow.c" | tail -1 | cut -d: -f1) + 1))
sed -i "${line}i #include \"corridor/route.h\"" "$work/src/util/grow.c"
mkdir "$work/src/newthing" && echo '#include "util/grow.h"' >"$work/src/newthing/x.c"
out=$("$ROOT/scripts/check_layers.sh" "$work")
eq "an offence: exit 1" 1 "$?"
contains "a base file including a query header" "src/util/grow.c:$line: base includes corridor/route.h of query above it" "$out"
contains "a folder in no layer" "src/newthing/x.c: its folder or header is in no layer" "$out"
contains "the count" ", 2 offences" "$out"

out=$("$ROOT/scripts/check_functions.sh" "$ROOT")
eq "functions: none over 120 lines" 0 "$?"
contains "functions: the count" ", 0 over 120 lines" "$out"
{ echo 'int long_one(void)'; echo '{'; for i in $(seq 125); do echo "    (void)$i;"; done; echo '    return 0;'; echo '}'; } >"$work/src/newthing/long.c"
out=$("$ROOT/scripts/check_functions.sh" "$work")
eq "functions: a long one: exit 1" 1 "$?"
contains "functions: a long one named" "src/newthing/long.c:2: long_one is 128 lines" "$out"

finish layers
