#!/usr/bin/env bash
# The library's layering: no cycle among its top-level modules (.ci/layers.py), and no command-line crate
# (clap, indicatif, comfy-table) in the dependency tree of the library built without the `cli` feature.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 .ci/layers.py >/dev/null
tree=$(cargo tree --quiet --offline --no-default-features -e normal --prefix none --format '{p}' 2>/dev/null \
    || cargo tree --quiet --no-default-features -e normal --prefix none --format '{p}')
bad=$(printf '%s\n' "$tree" | grep -E '^(clap|clap_builder|clap_derive|indicatif|comfy-table|crossterm) ' | sort -u || true)
if [ -n "$bad" ]; then
    echo "the library (--no-default-features) depends on command-line crates; keep them behind the cli feature:" >&2
    echo "$bad" >&2
    exit 1
fi
echo "layers: no module cycle; no clap, indicatif or comfy-table in the library's tree"
