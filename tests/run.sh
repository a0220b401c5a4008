#!/usr/bin/env bash
# Runs every check and test of actorgraph. Installs what the tests need when it is missing
# (Graphviz, chromium, firefox-esr and poppler-utils from Debian's packages; NetworkX, stix2, Playwright and
# websockets from PyPI into tests/python/.venv; the browser tests run inside `cargo test`, module `explore`), so a fresh
# machine with Rust and Python 3 needs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null 2>&1; then
    echo "== installing Graphviz (the diagram tests render with it)"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq graphviz >/dev/null
fi

echo "== Python reference readers and browser-test tools (tests/python/setup.sh)"
bash tests/python/setup.sh

echo "== layering (.ci/layers.sh: no module cycle, no clap in the library)"
bash .ci/layers.sh
echo "== the library alone builds without the command line"
cargo build --quiet --no-default-features --lib
echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test --quiet
echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
echo "== benchmark, tiny size (proves bench/run.sh works; no timing is checked)"
bash bench/run.sh --size tiny --repeat 1
