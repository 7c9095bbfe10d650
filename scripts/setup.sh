#!/usr/bin/env bash
# Shared set-up for run.sh, test.sh and package.sh: install missing Debian packages,
# configure once with Ninja (and ccache when present), then build incrementally.
# WCI_CONFIGURE_ARGS (extra cmake arguments) configures again with them every time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${WCI_BUILD_DIR:-$ROOT/build}"

PACKAGES=(
  cmake g++ ninja-build ccache pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
  libqt6sql6-sqlite libqcustomplot-dev libsqlite3-dev libzstd-dev libsimdjson-dev libgl1-mesa-dev libhttp-parser-dev qtkeychain-qt6-dev
  xvfb xauth openssl
  desktop-file-utils appstream
  dpkg-dev file
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

read -r -a CONFIGURE_ARGS <<< "${WCI_CONFIGURE_ARGS:-}"
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ ${#CONFIGURE_ARGS[@]} -gt 0 ]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${WCI_BUILD_TYPE:-RelWithDebInfo}" "${CONFIGURE_ARGS[@]}" >&2
fi
cmake --build "$BUILD_DIR" --parallel "${WCI_JOBS:-$(nproc)}" >&2
