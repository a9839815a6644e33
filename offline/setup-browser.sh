#!/usr/bin/env bash
# Installs the browser the system tests drive: Debian's Chromium and its chromedriver, from the
# configured Debian mirror. No test tool ever downloads a browser or a driver itself.
#
# Usage: offline/setup-browser.sh   (as root; does nothing when both are installed)
set -euo pipefail
log_dir=${OFFLINE_LOG_DIR:-/var/log/shop-offline}
mkdir -p "$log_dir"
say() { printf '[setup-browser] %s\n' "$*"; }

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
	say "ready: $(chromium --version 2>/dev/null | head -1)"
	exit 0
fi
say "installing chromium and chromium-driver"
apt-get update >"$log_dir/apt-update-browser.log" 2>&1 || say "apt-get update reported errors (see $log_dir/apt-update-browser.log)"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver \
	>"$log_dir/apt-install-browser.log" 2>&1 || { tail -20 "$log_dir/apt-install-browser.log"; exit 1; }
say "ready: $(chromium --version 2>/dev/null | head -1)"
