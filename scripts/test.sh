#!/usr/bin/env bash
# Builds everything and runs every test through ctest; non-zero exit on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
BUILD_DIR="${WCI_BUILD_DIR:-$ROOT/build}"
export QT_QPA_PLATFORM=offscreen
cd "$BUILD_DIR"
ctest --output-on-failure --timeout 600 -j "${WCI_TEST_JOBS:-2}" "$@"
