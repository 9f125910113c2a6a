#!/usr/bin/env bash
# Virtuoso Open Source for the remote-store tests (tests/sparql_servers.py starts it itself).
# Idempotent: does nothing when virtuoso-t and isql-vt are already installed.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show virtuoso-opensource >/dev/null 2>&1; then
    $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq virtuoso-opensource
# The package may start a system-wide server on 1111/8890; the tests use their own on free ports.
