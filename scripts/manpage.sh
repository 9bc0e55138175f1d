#!/usr/bin/env bash
# The manual page corridor(1), made from the program's own help (`corridor help` and
# `corridor help COMMAND` for each command it lists), so that it says what --help says.
# Usage: scripts/manpage.sh [CORRIDOR_BINARY [PREFIX]] > corridor.1   (default build/corridor)
set -euo pipefail
bin=${1:-build/corridor}
prefix=${2:-PREFIX}
# roff: a backslash is \e, a line starting with . or ' is protected by \&
roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
version=$("$bin" version | awk '{print $2}')
cat <<END
.TH CORRIDOR 1 "" "corridor $version" "User Commands"
.SH NAME
corridor \- plan and analyse multimodal freight corridors
.SH SYNOPSIS
.B corridor
.I command
.RI [ options ]
.SH DESCRIPTION
.nf
END
"$bin" help | roff
echo ".fi"
for cmd in $("$bin" help | sed -n '/^commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}' | sort -u); do
    case "$cmd" in help | version) continue ;; esac
    echo ".SH \"COMMAND: $cmd\""
    echo ".nf"
    "$bin" help "$cmd" | roff
    echo ".fi"
done
cat <<END
.SH FILES
The bundled network is $prefix/share/corridor/caucasus; the map page
$prefix/share/corridor/web; the plugins of serve, runs, export, import and sweep
$prefix/lib/corridor/*.so. The documentation is in $prefix/share/doc/corridor (README.md
and docs/).
END
