#!/usr/bin/env bash
# Creates the Python virtual environment the interoperability tests use to check exported files with the
# reference readers (NetworkX for GraphML and GEXF, the OASIS `stix2` package for STIX 2.1), and what the
# browser tests need: Debian's chromium and poppler-utils (pdftoppm, pdftotext) from apt, Playwright from
# PyPI. Playwright drives the system chromium; it never downloads a browser (no `playwright install`).
# Run it once: `bash tests/python/setup.sh`. The tests find the interpreter through ACTORGRAPH_PYTHON,
# defaulting to tests/python/.venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
    echo "== installing chromium and poppler-utils (the browser tests open pages and print PDFs with them)"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
    echo "== creating tests/python/.venv"
    "$PYTHON" -m venv .venv
fi
echo "== installing the reference readers (tests/python/requirements.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -c "import networkx, stix2, stix2validator, playwright; print('networkx', networkx.__version__, '/ stix2', stix2.__version__, '/ stix2-validator', stix2validator.__version__, '/ playwright ok')"
