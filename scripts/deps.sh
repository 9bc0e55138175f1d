#!/usr/bin/env bash
# Installs what corridor needs to build and test on Debian 12 (run as root, or with sudo).
set -euo pipefail
packages=(
    build-essential clang libclang-rt-14-dev   # compilers; clang's sanitizer runtime
    libcsv-dev libjansson-dev libinih-dev      # CSV reading, JSON output, scenario files
    libcmocka-dev jq                           # unit tests, CLI tests
    valgrind                                   # memcheck pass of scripts/test.sh
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
