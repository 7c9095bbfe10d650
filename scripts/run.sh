#!/usr/bin/env bash
# Builds the inspector and launches it; arguments are passed to the app.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
BUILD_DIR="${WCI_BUILD_DIR:-$ROOT/build}"
exec "$BUILD_DIR/app/wow-inspector" "$@"
