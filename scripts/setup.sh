#!/usr/bin/env bash
# Sets corridor up on a fresh Debian 12 machine and runs the main job on the bundled network:
# installs the packages, builds, checks data/caucasus and routes the flagship questions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j"$(nproc)"
cor=build/corridor
echo; echo "== corridor check data/caucasus"
$cor check data/caucasus
echo; echo "== corridor info"
$cor info
echo; echo "== corridor route Baku Nakhchivan   (what runs today)"
$cor route Baku Nakhchivan
echo; echo "== corridor route Baku Nakhchivan --status planned   (with TRIPP and other planned links)"
$cor route Baku Nakhchivan --status planned
echo; echo "== corridor route Baku Istanbul --alternatives 3 --status planned"
$cor route Baku Istanbul --alternatives 3 --status planned
echo; echo "== corridor compare base tripp   (where freight goes if TRIPP opens)"
$cor compare base tripp
