#!/usr/bin/env bash
# Creates the Python virtual environment the interoperability tests use to check exported files with the
# reference readers (NetworkX for GraphML and GEXF, the OASIS `stix2` package for STIX 2.1), and what the
# browser tests need: Debian's chromium, firefox-esr and poppler-utils (pdftoppm, pdftotext) from apt, Playwright
# and websockets from PyPI. Playwright drives the system chromium; it never downloads a browser (no `playwright
# install`). Firefox is driven over WebDriver BiDi, built into firefox-esr, through a WebSocket.
# Run it once: `bash tests/python/setup.sh`. The tests find the interpreter through ACTORGRAPH_PYTHON,
# defaulting to tests/python/.venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
missing=""
for pair in chromium:chromium firefox-esr:firefox-esr pdftoppm:poppler-utils; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
    echo "== installing$missing (the browser tests open pages in chromium and firefox-esr and print PDFs)"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    # shellcheck disable=SC2086 # one word per package
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
    echo "== creating tests/python/.venv"
    "$PYTHON" -m venv .venv
fi
echo "== installing the reference readers (tests/python/requirements.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -c "import networkx, stix2, stix2validator, playwright, websockets; print('networkx', networkx.__version__, '/ stix2', stix2.__version__, '/ stix2-validator', stix2validator.__version__, '/ playwright ok / websockets', websockets.__version__)"
