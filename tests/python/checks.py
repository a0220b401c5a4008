"""What the browser checks share (check_browser.py in chromium, check_firefox.py in Firefox): the failure
list, running the binary, and the checks that read the same in both browsers."""

import json
import subprocess
import sys

failures = []

# The open panel's facts (its `dt`/`dd` pairs) as an object.
PANEL_FACTS = """() => Object.fromEntries([...document.querySelectorAll('#panel dt')].map(
    dt => [dt.textContent, dt.nextElementSibling.textContent]))"""


def check(condition, message):
    """Records `message` as a failure (and prints it) unless `condition` holds; returns `condition`."""
    if not condition:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)
    return condition


def run(binary, *args, cwd=None):
    """Runs `actorgraph ARGS` and returns its output; stops the checks if it fails."""
    result = subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise SystemExit(f"`actorgraph {' '.join(args)}` failed ({result.returncode}): {result.stderr}")
    return result.stdout


def lookup_checks(evaluate, cases):
    """The page's normalisation agrees with the Rust lookup's keys, for every name in the page and for the
    hard cases. `evaluate(function_source, argument)` runs a function in the page and returns its result."""
    unique = lambda xs: list(dict.fromkeys(x for x in xs if x))
    for actor in evaluate("() => window.explorer.keys()", None):
        js = evaluate("names => [names.map(window.explorer.normalize), names.map(window.explorer.skeleton)]", actor["names"])
        check(unique(js[0]) == actor["keys"], f"normalize disagrees for {actor['id']}: {js[0]} vs {actor['keys']}")
        check(unique(js[1]) == actor["skeletons"], f"skeleton disagrees for {actor['id']}: {js[1]} vs {actor['skeletons']}")
    for case in cases:
        js = evaluate("t => [window.explorer.normalize(t), window.explorer.skeleton(t)]", case["text"])
        check(js == [case["normalize"], case["skeleton"]], f"lookup of {case['text']!r}: page {js}, Rust {[case['normalize'], case['skeleton']]}")


def finish(metrics, what):
    """Prints the measurements as one JSON object on the last line; exits 1 if any check failed."""
    print(json.dumps(metrics, sort_keys=True))
    if failures:
        print(f"{len(failures)} {what} check(s) failed", file=sys.stderr)
        sys.exit(1)
