#!/usr/bin/env bash
# The include graph of src/ and include/corridor/ against the layer order of
# docs/architecture.md: a file may include headers of its own layer and of the layers below,
# never of a layer above. Prints "FILE:LINE: LAYER includes HEADER of LAYER above it" for each
# offence, and "layers: N files, N includes, N offences"; exits 1 when there is an offence or a
# folder or public header missing from the table below.
#   scripts/check_layers.sh [ROOT]   (default: the repository)
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
# layer (lowest first): the src/ folders in it, then the public headers (include/corridor/) in it
layers=(
    "base:util:diag rng version"
    "model:net:net snap"
    "io:load import scenario:import scenario outlines countries"
    "prep:ch snapshot:ch cch"
    "query:route navi flow:route navi flow"
    "assign:assign freight sim:assign freight sim"
    "study:calib appraise sweep dist:calib appraise sweep dist"
    "out:output:report"
    "persist:store export:store export"
    "front:server cli:server corridor"
)
declare -A rank name
for i in "${!layers[@]}"; do
    IFS=: read -r lname dirs headers <<<"${layers[$i]}"
    for d in $dirs; do rank[src/$d]=$i; name[src/$d]=$lname; done
    for h in $headers; do rank[hdr/$h]=$i; name[hdr/$h]=$lname; done
done
files=0 includes=0 bad=0
layer_of() { # a file or include target -> key in rank, or ""
    case $1 in
    include/corridor/*.h) local b=${1##*/}; echo "hdr/${b%.h}" ;;
    corridor/*.h) local b=${1#corridor/}; echo "hdr/${b%.h}" ;;
    src/*/*) local d=${1#src/}; echo "src/${d%%/*}" ;;
    */*.h) echo "src/${1%%/*}" ;;
    esac
}
while IFS= read -r f; do
    files=$((files + 1))
    from=$(layer_of "$f")
    if [ -z "${rank[$from]+x}" ]; then
        echo "$f: its folder or header is in no layer: add it to scripts/check_layers.sh and docs/architecture.md"
        bad=$((bad + 1))
        continue
    fi
    while IFS=: read -r line target; do
        includes=$((includes + 1))
        to=$(layer_of "$target")
        if [ -z "${rank[$to]+x}" ]; then
            echo "$f:$line: includes $target, which is in no layer"
            bad=$((bad + 1))
        elif [ "${rank[$to]}" -gt "${rank[$from]}" ]; then
            echo "$f:$line: ${name[$from]} includes $target of ${name[$to]} above it"
            bad=$((bad + 1))
        fi
    done < <(grep -n '^#include "' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1:\2/')
done < <(find src include/corridor -name '*.[ch]' | sort)
echo "layers: $files files, $includes includes, $bad offences"
[ "$bad" -eq 0 ]
