#!/usr/bin/env bash
# Renders the action icons' PNGs from their SVGs (rsvg-convert, Debian's librsvg2-bin). The
# PNGs are kept in the repository, so building needs no SVG renderer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for size in 16 24 32 48; do
  mkdir -p "${size}x${size}"
  for svg in *.svg; do
    rsvg-convert -w "$size" -h "$size" "$svg" -o "${size}x${size}/${svg%.svg}.png"
  done
done
