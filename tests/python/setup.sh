#!/usr/bin/env bash
# Creates the Python virtual environment the interoperability tests use to check exported files with the
# reference readers (NetworkX for GraphML and GEXF, the OASIS `stix2` package for STIX 2.1).
# Run it once: `bash tests/python/setup.sh`. The tests find the interpreter through ACTORGRAPH_PYTHON,
# defaulting to tests/python/.venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "== creating tests/python/.venv"
    "$PYTHON" -m venv .venv
fi
echo "== installing the reference readers (tests/python/requirements.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -c "import networkx, stix2, stix2validator; print('networkx', networkx.__version__, '/ stix2', stix2.__version__, '/ stix2-validator', stix2validator.__version__)"
