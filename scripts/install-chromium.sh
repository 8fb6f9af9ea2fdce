#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser lane (make test-browser): installed with
# apt-get when it is missing and this runs as root (as CI does on a clean Debian machine).
# Usage: scripts/install-chromium.sh
set -euo pipefail

fail() {
  echo "install-chromium: $*" >&2
  exit 1
}

command -v chromium >/dev/null 2>&1 && exit 0
[[ "$(id -u)" == "0" ]] || fail "chromium is missing: install Debian's package as root (apt-get install chromium)"
command -v apt-get >/dev/null 2>&1 || fail "chromium is missing and this machine has no apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq chromium </dev/null >/dev/null
command -v chromium >/dev/null 2>&1 || fail "apt-get installed no chromium command"
