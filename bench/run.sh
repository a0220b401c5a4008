#!/usr/bin/env bash
# actorgraph side by side with NetworkX, igraph and rustworkx. One command:
#
#   bash bench/run.sh                  # 10k/50k and 100k/1M (about 15 minutes on 2 cores), writes bench/RESULTS.md
#   bash bench/run.sh --size tiny      # 500/2.5k in well under a minute: proves the benchmark works (CI runs it)
#   bash bench/run.sh --size huge      # 1M/10M: actorgraph and the serde floor only
#
# actorgraph's in-process rows come from `actorgraph-bench ops` (bench/driver/), which calls the library
# functions the commands call. Other flags go to bench/bench.py (--repeat N, --tools networkx,igraph, --slow, --no-peers, --out FILE).
# It builds actorgraph in release mode, creates bench/.venv and installs the peers from PyPI there, and
# generates the datasets into bench/data/ (both ignored by git). Timings are medians; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."

size="small,large"
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size="$2"; shift 2 ;;
        --size=*) size="${1#--size=}"; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
out="bench/RESULTS.md"
case "$size" in tiny) out="bench/data/RESULTS-tiny.md" ;; esac

echo "== building actorgraph and the benchmark's driver (release)" >&2
cargo build --release --quiet -p actorgraph --bin actorgraph -p actorgraph-bench --bin actorgraph-bench --bin serde_floor
# Where cargo puts them: CARGO_TARGET_DIR when set (relative to the repository, as cargo reads it), else target/.
target="${CARGO_TARGET_DIR:-target}"

if [ ! -x bench/.venv/bin/python ]; then
    echo "== creating bench/.venv" >&2
    python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import networkx, igraph, rustworkx, scipy, pydot" 2>/dev/null; then
    echo "== installing NetworkX, igraph, rustworkx (and scipy, pydot) into bench/.venv" >&2
    bench/.venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
if [ ! -x /usr/bin/time ]; then
    echo "== installing GNU time (peak memory of command-line runs)" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi

mkdir -p bench/data
# Cargo builds into CARGO_TARGET_DIR when it is set.
target="${CARGO_TARGET_DIR:-target}"
exec bench/.venv/bin/python bench/bench.py --size "$size" --out "$out" \
    --bin "$target/release/actorgraph" --driver "$target/release/actorgraph-bench" \
    --floor "$target/release/serde_floor" ${args[@]+"${args[@]}"}
