#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the tests that render pages in a real
# headless browser (the flow page). playwright-core drives it; it never downloads a browser of its
# own. Does nothing when Chromium is already there: CHROMIUM_PATH names another binary.
#   bash tools/chromium/install.sh        prints the browser's path and version
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$chromium" ]]; then
  echo "Chromium: $chromium ($("$chromium" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Chromium is missing (/usr/bin/chromium) and this user cannot install it: run" >&2
  echo "  apt-get install -y chromium   (as root), or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "Chromium is missing and there is no apt-get here: install Chromium and set CHROMIUM_PATH." >&2
  exit 1
fi

echo "Installing Debian's chromium package (the headless browser tests need it)..."
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be stale or absent: update, then install.
"${as_root[@]}" apt-get update -qq
# fonts-liberation: Chromium only recommends a font, and without one text renders as boxes.
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-liberation
if [[ ! -x /usr/bin/chromium ]]; then
  echo "apt-get installed chromium but /usr/bin/chromium is not there." >&2
  exit 1
fi
echo "Chromium: /usr/bin/chromium ($(/usr/bin/chromium --version))"
