"""Measures the explorer page at scale in headless Chromium: the page's size, the time to open it and the time
to draw one frame, for the whole network, zoomed in, and with an actor selected.

Usage: python bench/explore_frame.py --binary target/release/actorgraph [--generator target/release/actorgraph-bench]
       [--actors 5000 --relations 25000]

Needs what the browser tests need (`bash tests/python/setup.sh`: Debian's chromium and Python Playwright,
which never downloads a browser). The frame time is the page's own measure (`window.explorer.stats`, the time
spent in its draw function), the median of several redraws. A measurement, not a test: it prints one JSON
object and judges nothing. The numbers in docs/explore.md come from it.
"""

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("ACTORGRAPH_CHROMIUM", "/usr/bin/chromium")


def median_frame(page, n=7):
    frames = sorted(page.evaluate("window.explorer.redraw()") for _ in range(n))
    return round(frames[len(frames) // 2], 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--generator", help="the benchmark's driver, which writes the dataset (default: beside --binary)")
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=25000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="explore-frame-"))
    dataset = work / "generated.json"
    generator = args.generator or str(Path(args.binary).with_name("actorgraph-bench"))
    subprocess.run([generator, "generate", "--actors", str(args.actors), "--relations", str(args.relations),
                    "-o", str(dataset)], check=True, capture_output=True)
    page_path = work / "explore.html"
    started = time.perf_counter()
    subprocess.run([args.binary, "--quiet", "--no-cache", "--data", str(dataset), "explore", "--layout", "builtin",
                    "-o", str(page_path)], check=True, capture_output=True)
    out = {"actors": args.actors, "relations": args.relations, "write_seconds": round(time.perf_counter() - started, 2),
           "page_bytes": page_path.stat().st_size}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        out["browser"] = browser.version
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        started = time.perf_counter()
        page.goto(page_path.as_uri(), timeout=300000)
        page.wait_for_function("window.explorer && window.explorer.stats.frames > 0", timeout=300000)
        out["open_ms"] = round((time.perf_counter() - started) * 1000)
        out["open_script_ms"] = round(page.evaluate("window.explorer.stats.openMs"))
        out["frame_whole_ms"] = median_frame(page)
        # Zoomed in on the middle (about a sixteenth of the network on screen, names shown).
        page.locator("#canvas").focus()
        for _ in range(12):
            page.keyboard.press("+")
        out["frame_zoomed_ms"] = median_frame(page)
        page.keyboard.press("0")
        # An actor selected: its neighbourhood bright, the rest faint.
        page.locator("#search").fill(page.evaluate("window.explorer.keys()[0].names[1]"))
        page.locator("#search").press("Enter")
        page.locator("#panel").wait_for(state="visible")
        out["frame_selected_ms"] = median_frame(page)
        browser.close()
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
