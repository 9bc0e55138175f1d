#!/usr/bin/env bash
# Functions of src/ longer than 120 lines, from the opening brace in column 0 to the closing one
# (docs/architecture.md): prints "FILE:LINE: NAME is N lines" for each and "functions: N files,
# N functions, N over 120 lines"; exits 1 when there is one.
#   scripts/check_functions.sh [ROOT]   (default: the repository)
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
mapfile -t files < <(find src -name '*.c' | sort)
awk '
    FNR == 1 { files++; prev = "" }
    /^\{$/ { start = FNR; name = prev; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name) }
    /^\}/ && start { n++; len = FNR - start + 1
                     if (len > 120) { printf "%s:%d: %s is %d lines\n", FILENAME, start, name, len; bad++ }
                     start = 0 }
    /^[A-Za-z_].*\(/ { prev = $0 }
    END { printf "functions: %d files, %d functions, %d over 120 lines\n", files, n, bad; exit bad > 0 }' "${files[@]}"
