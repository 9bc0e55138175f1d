#!/usr/bin/env bash
# Installs what corridor needs to build and test on Debian 12 (run as root, or with sudo).
set -euo pipefail
packages=(
    build-essential clang libclang-rt-14-dev   # compilers; clang's sanitizer runtime
    libcsv-dev libjansson-dev libinih-dev      # CSV reading, JSON output, scenario files
    nettle-dev                                 # SHA-256 of a saved run's input files
    libsqlite3-dev sqlite3                     # sweep results (and the sqlite3 shell for tests)
    libcmocka-dev jq                           # unit tests, CLI tests
    openmpi-bin libopenmpi-dev                 # corridor-mpi: sweeps over MPI ranks
    libmicrohttpd-dev curl wrk                 # corridor serve; its tests and benchmark
    chromium                                   # the map page, tested in headless Chromium
    poppler-utils                              # pdfinfo, pdftotext: the report printed to PDF, checked
    libpq-dev postgresql postgresql-15-postgis-3 postgresql-15-pgrouting  # export pg, its test
    libreadosm-dev libexpat1-dev               # OpenStreetMap import (.osm.pbf, .osm); XML checked with expat first
    routino                                    # second router for the OSM cross-check tests
    valgrind gdb                               # memcheck pass of scripts/test.sh; crash tests (SIGKILL at a breakpoint)
)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# node and npm (the map page's vendor files and its browser test); Debian's packages unless a
# node is already installed (e.g. from NodeSource, which bundles npm)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
# leaflet, world-atlas, topojson-client (served under /vendor/) and playwright-core (the test
# drives /usr/bin/chromium; it never downloads a browser), as pinned in package-lock.json
cd "$(dirname "$0")/.."
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
