#!/usr/bin/env bash
# Builds the Debian package of the app: a Release build without tests in build-package/
# (or WCI_PACKAGE_BUILD_DIR), then cpack; prints the path of the .deb.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${WCI_PACKAGE_BUILD_DIR:-$ROOT/build-package}"
WCI_BUILD_DIR="$BUILD_DIR" WCI_BUILD_TYPE=Release WCI_CONFIGURE_ARGS="-DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release" \
  "$ROOT/scripts/setup.sh"
OUT="$BUILD_DIR/package"
rm -f "$OUT"/*.deb
cpack --config "$BUILD_DIR/CPackConfig.cmake" -G DEB -B "$OUT" >&2
shopt -s nullglob
debs=("$OUT"/*.deb)
if [ ${#debs[@]} -ne 1 ]; then
  echo "package: expected one .deb in $OUT, found ${#debs[@]}" >&2
  exit 1
fi
echo "${debs[0]}"
