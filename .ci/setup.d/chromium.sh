#!/usr/bin/env bash
# Debian's headless-capable Chromium for tests/test_viz.py (the meeting-network page is opened in it).
# Idempotent: does nothing when chromium is already installed.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show chromium >/dev/null 2>&1; then
    $SUDO apt-get update -qq
fi
# a stale package list can name versions the mirror no longer has: refresh once and retry
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core \
    || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }
