"""Checks actorgraph's explorer page and printed report in a real browser (Debian's chromium, driven by
Playwright; it never downloads a browser).

Usage: check_browser.py --binary ACTORGRAPH --work DIR --cases CASES.json [--screenshots DIR]
                        (--large-dataset FILE [--actors N] | --skip-large)

One browser launch for everything. Prints one JSON object of measurements on the last line and exits 0 when
every check passed; otherwise prints each failure and exits 1. Run by the integration test `explore::` (see
tests/integration/explore.rs), which writes CASES.json with the Rust lookup's keys for hard names.
"""

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from checks import PANEL_FACTS, check, finish, lookup_checks, run

CHROMIUM = os.environ.get("ACTORGRAPH_CHROMIUM", "/usr/bin/chromium")


def watch(page, label):
    """Collects every request that would leave the page and every script error."""
    problems = {"requests": [], "errors": []}

    def on_request(request):
        if not request.url.startswith(("file://", "data:", "about:")):
            problems["requests"].append(request.url)

    page.on("request", on_request)
    page.on("pageerror", lambda error: problems["errors"].append(str(error)))
    page.on("console", lambda m: problems["errors"].append(m.text) if m.type == "error" else None)
    problems["label"] = label
    return problems


def verify_clean(problems):
    check(not problems["requests"], f"{problems['label']}: requests left the page: {problems['requests'][:5]}")
    check(not problems["errors"], f"{problems['label']}: script errors: {problems['errors'][:5]}")


def explorer_checks(browser, binary, work, cases, shots, metrics):
    page_path = work / "explore.html"
    run(binary, "explore", "-o", str(page_path))
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    problems = watch(page, "bundled explorer")
    page.goto(page_path.as_uri())
    page.wait_for_function("window.explorer && window.explorer.stats.frames > 0")
    data = json.loads(page.locator("#data").text_content())

    # The page's normalisation agrees with the Rust lookup's keys: every name in the page, and hard cases.
    lookup_checks(page.evaluate, cases)

    # Searching `KH` opens Kataib Hezbollah's panel with its sources.
    page.locator("#search").fill("KH")
    page.locator("#search").press("Enter")
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    kh = next(i for i, a in enumerate(data["actors"]) if a["id"] == "kataib-hezbollah")
    check("Kataib Hezbollah" in page.locator("#panel-title").inner_text(), "searching KH did not open Kataib Hezbollah")
    kh_sources = {s for r in data["relations"] if kh in (r["from"], r["to"]) for s in r["sources"]}
    check(len(kh_sources) > 0, "Kataib Hezbollah has no sources in the data")
    check(f"sources ({len(kh_sources)})" in text.lower(), f"KH panel does not count its {len(kh_sources)} sources")
    for s in kh_sources:
        title = data["sources"][s].get("title") or data["sources"][s]["id"]
        check(title in text, f"KH panel lacks source {title!r}")
    check(page.evaluate("document.activeElement.id") == "panel", "the panel does not take the keyboard focus")
    # Each of its relations shows its independent sources and who denies it, as `actorgraph relations` counts
    # them (the evidence code's own numbers, not the page's).
    cli = {r["id"]: r for r in json.loads(run(binary, "relations", "--format", "json"))}
    names = {a["id"]: a["name"] for a in data["actors"]}
    kh_relations = [r for r in data["relations"] if kh in (r["from"], r["to"])]
    for r in kh_relations:
        expected = cli[r["id"]]
        check(r["independent_sources"] == expected["independent_sources"],
              f"{r['id']}: the page counts {r['independent_sources']} independent sources, the CLI {expected['independent_sources']}")
        check([d["name"] for d in r.get("denied_by", [])] == [names[i] for i in expected["denied_by"]],
              f"{r['id']}: the page's deniers {r.get('denied_by')} are not the CLI's {expected['denied_by']}")
    items = page.locator("#panel ul.rels > li").all_inner_texts()
    for r in kh_relations:
        item = next((t for t in items if t.startswith(r["text"])), None)
        if not check(item is not None, f"the KH panel does not list {r['id']}"):
            continue
        n = len(r["sources"])
        wanted = f"{n} source{'' if n == 1 else 's'}, {r['independent_sources']} independent"
        check(wanted in item, f"the KH panel's {r['id']} does not say {wanted!r}: {item!r}")
        if r.get("denied_by"):
            deniers = ", ".join(d["name"] for d in r["denied_by"])
            check(f"denied by {deniers}" in item, f"the KH panel's {r['id']} does not say who denies it: {item!r}")
    check(any(r.get("denied_by") for r in kh_relations), "no relation of Kataib Hezbollah is denied: the check above proves nothing")
    check(any(r["independent_sources"] < len(r["sources"]) for r in kh_relations),
          "every KH relation's sources are independent: the check above proves nothing")
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "explore.png"))
    # Escape closes the panel and gives the focus back to the search box.
    page.keyboard.press("Escape")
    check(page.locator("#panel").is_hidden(), "Escape does not close the panel")
    check(page.evaluate("document.activeElement.id") == "search", "closing the panel loses the keyboard focus")

    # Clicking a denied relation shows its denials.
    claim = data["contested"][0]
    claim_id = data["relations"][claim["claim"]]["id"]
    point = page.evaluate("id => window.explorer.screenPointOfRelation(id)", claim_id)
    check(point is not None, f"no clickable point on relation {claim_id}")
    if point:
        page.mouse.click(point["x"], point["y"])
        panel.wait_for(state="visible")
        text = panel.inner_text()
        check(data["relations"][claim["claim"]]["text"] == page.locator("#panel-title").inner_text(),
              f"clicking {claim_id} opened {page.locator('#panel-title').inner_text()!r}")
        check(f"denied by ({len(claim['denied_by'])})" in text.lower(), "the relation panel does not list its denials")
        record = cli[claim_id]
        facts = panel_facts(page)
        check(facts.get("Independent sources") == f"{record['independent_sources']} of {len(record['sources'])}",
              f"the relation panel's independent sources: {facts.get('Independent sources')!r}, CLI {record['independent_sources']}")
        check(facts.get("Denied by") == ", ".join(names[i] for i in record["denied_by"]),
              f"the relation panel's 'Denied by': {facts.get('Denied by')!r}, CLI {record['denied_by']}")
        for s in claim["denied_by"]:
            denier = data["actors"][data["relations"][s]["from"]]["name"]
            check(denier in text, f"the relation panel lacks the denial by {denier}")
        page.keyboard.press("Escape")

    # The time control at 2011 hides the 2024 relations, with the command line's validity rule.
    labels = page.evaluate("window.explorer.dates")
    check("2011" in labels, f"the time control has no 2011: {labels}")
    page.locator("#time").fill(str(labels.index("2011")))
    shown = set(page.evaluate("window.explorer.visibleRelationIds()"))
    by_id = {r["id"]: r for r in data["relations"]}
    check(not any((by_id[i]["date"] or "").startswith("2024") for i in shown), "2024 relations shown as of 2011")
    expected = {r["id"] for r in json.loads(run(binary, "relations", "--as-of", "2011", "--format", "json"))}
    check(shown == expected, f"as of 2011 the page shows {sorted(shown ^ expected)} unlike `relations --as-of 2011`")
    check("as of 2011" in page.locator("#status").inner_text(), "the status line does not say 'as of 2011'")
    page.locator("#all-dates").click()
    check(len(page.evaluate("window.explorer.visibleRelationIds()")) == len(data["relations"]), "'All dates' does not show every relation")

    # Views: contested claims and alliance blocs open their lists.
    page.locator("input[value=contested]").check()
    check("Contested claims" in page.locator("#panel-title").inner_text(), "the contested view has no list")
    page.locator("input[value=blocs]").check()
    check("Alliance blocs" in page.locator("#panel-title").inner_text(), "the blocs view has no list")
    # Line widths follow confidence.
    by_confidence = sorted((r for r in data["relations"] if r["to"] is not None), key=lambda r: r["confidence"])
    low, high = by_confidence[0], by_confidence[-1]
    styles = [page.evaluate("id => window.explorer.lineStyle(id)", r["id"]) for r in (low, high)]
    check(low["confidence"] < 0.5 <= high["confidence"] and styles[0]["width"] < styles[1]["width"],
          f"confidence {low['confidence']} is drawn as wide as {high['confidence']}: {styles}")
    check("unknown" not in page.locator("#widths").inner_text(), "the legend shows unknown confidence where every relation has one")
    verify_clean(problems)
    metrics["bundled_page_bytes"] = page_path.stat().st_size
    page.close()
    unknown_confidence_checks(browser, page_path, work, data)
    return page_path


def panel_facts(page):
    """The open panel's facts (its `dt`/`dd` pairs) as a dict."""
    return page.evaluate(PANEL_FACTS)


def unknown_confidence_checks(browser, page_path, work, data):
    """A relation whose confidence is not given is drawn thin and dotted and its panel says so: never as
    certain. The page is the bundled one with one relation's confidence taken out of its data."""
    html = page_path.read_text()
    opening = '<script type="application/json" id="data">'
    start = html.index(opening) + len(opening)
    end = html.index("</script>", start)
    target = next(r for r in data["relations"] if r["to"] is not None and r["confidence"] == 1.0 and not r.get("denied_by"))
    certain = next(r for r in data["relations"] if r["to"] is not None and r["confidence"] == 1.0 and r is not target)
    changed = json.loads(html[start:end])
    for r in changed["relations"]:
        if r["id"] == target["id"]:
            r["confidence"] = None
    path = work / "explore-unknown-confidence.html"
    path.write_text(html[:start] + json.dumps(changed).replace("<", "\\u003c") + html[end:])
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    problems = watch(page, "explorer with an unknown confidence")
    page.goto(path.as_uri())
    page.wait_for_function("window.explorer && window.explorer.stats.frames > 0")
    style = page.evaluate("id => window.explorer.lineStyle(id)", target["id"])
    sure = page.evaluate("id => window.explorer.lineStyle(id)", certain["id"])
    check(style["band"] == 0 and style["dash"] and style["width"] < sure["width"],
          f"a relation without confidence is not drawn thin and dotted: {style} (certain: {sure})")
    check("unknown" in page.locator("#widths").inner_text(), "the legend does not explain the dotted line")
    point = page.evaluate("id => window.explorer.screenPointOfRelation(id)", target["id"])
    if check(point is not None, f"no clickable point on relation {target['id']}"):
        page.mouse.click(point["x"], point["y"])
        page.locator("#panel").wait_for(state="visible")
        facts = panel_facts(page)
        check(facts.get("Confidence") == "\u2013 (unknown)", f"the panel of a relation without confidence says {facts.get('Confidence')!r}")
    verify_clean(problems)
    page.close()


def large_page(browser, binary, work, metrics, dataset, actors):
    page_path = work / f"explore-{actors}.html"
    started = time.perf_counter()
    run(binary, "--quiet", "--no-cache", "--data", str(dataset), "explore", "--layout", "builtin", "-o", str(page_path))
    metrics[f"write_{actors}_seconds"] = round(time.perf_counter() - started, 2)
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    problems = watch(page, f"{actors}-actor explorer")
    started = time.perf_counter()
    # Generous limits: the machine running the tests may be busy; the time taken is measured, not judged.
    page.goto(page_path.as_uri(), timeout=180000)
    page.wait_for_function("window.explorer && window.explorer.stats.frames > 0", timeout=180000)
    metrics[f"open_{actors}_ms"] = round((time.perf_counter() - started) * 1000)
    metrics[f"open_{actors}_script_ms"] = round(page.evaluate("window.explorer.stats.openMs"))
    frames = [page.evaluate("window.explorer.redraw()") for _ in range(5)]
    metrics[f"frame_{actors}_ms"] = round(sorted(frames)[len(frames) // 2], 1)
    page.locator("#search").fill(page.evaluate("window.explorer.keys()[0].names[1]"))
    page.locator("#search").press("Enter")
    page.locator("#panel").wait_for(state="visible")
    metrics[f"page_{actors}_bytes"] = page_path.stat().st_size
    verify_clean(problems)
    page.close()


def pdf_pages(pdf):
    """The text of each page of a PDF (pdftotext, from poppler-utils)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                       capture_output=True, text=True, check=True).stdout
        for i in range(1, count + 1)
    ]


def report_print_checks(browser, binary, work, shots, metrics):
    folder = work / "report"
    run(binary, "report", "-o", str(folder))
    page = browser.new_page()
    problems = watch(page, "report")
    page.goto((folder / "report.html").as_uri())
    page.emulate_media(media="print")
    headings = [h.strip() for h in page.locator("h2").all_inner_texts()]
    check((page.evaluate("""() => [...document.querySelectorAll('h2, h3')].every(
        h => getComputedStyle(h).breakAfter === 'avoid')""")), "headings may be left at the foot of a page")
    check(page.evaluate("""() => [...document.querySelectorAll('td.date')].every(td => {
        const r = document.createRange(); r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size <= 1; })"""), "a date wraps in print")
    check(page.locator("td.date").count() > 0, "no table cell is marked as a date")
    check(page.evaluate("""() => ![...document.querySelectorAll('dt, h3')].some(
        e => e.textContent.trim() === 'Cycles' && (!e.nextElementSibling || !e.nextElementSibling.textContent.trim()))"""),
          "an empty 'Cycles' is printed")
    key_actors = page.evaluate("""() => { const h = [...document.querySelectorAll('h2')].find(h => h.textContent === 'Key actors');
        const t = h && h.parentElement.querySelector('table'); return t ? [...t.querySelectorAll('th')].map(th => th.textContent) : null; }""")
    check(key_actors is not None and not ("Id" in key_actors and "Name" in key_actors), f"the key-actors table repeats names: {key_actors}")
    urls = page.evaluate("""() => [...document.querySelectorAll('#bibliography ~ ol li, #bibliography + p + ol li')].map(li => li.textContent)""")
    links = page.evaluate("""() => [...document.querySelectorAll('a.url')].map(a => a.getAttribute('href'))""")
    data_urls = [u for u in urls if "http" in u]
    check(len(links) >= len(data_urls), f"bibliography web addresses are not links ({len(links)} links, {len(data_urls)} addresses)")
    check(page.evaluate("() => document.querySelector('section.figure') !== null"), "no section prints its diagram on a page of its own")
    for paper in ["Letter", "A4"]:
        pdf = work / f"report-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper, print_background=True)
        pages = pdf_pages(pdf)
        metrics[f"report_{paper.lower()}_pages"] = len(pages)
        text = "".join(pages)
        check("(Citation:" not in text, f"{paper}: citation markers printed")
        for number, page_text in enumerate(pages, 1):
            lines = [line.strip() for line in page_text.splitlines() if line.strip()]
            if lines and number < len(pages):
                check(lines[-1] not in headings, f"{paper}: heading {lines[-1]!r} alone at the foot of page {number}")
        if paper == "A4":
            network = next((i for i, t in enumerate(pages, 1) if i > 1 and "The network" in t), 2)
            (shots / "report").mkdir(parents=True, exist_ok=True)
            target = shots / "report" / "print-a4"
            subprocess.run(["pdftoppm", "-png", "-r", "75", "-singlefile", "-f", str(network), "-l", str(network), str(pdf), str(target)], check=True)
    verify_clean(problems)
    page.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--cases", required=True, type=Path)
    parser.add_argument("--screenshots", type=Path, help="where to keep explore.png and the report page image")
    parser.add_argument("--large-dataset", type=Path, help="a generated dataset for the large page (the test writes it)")
    parser.add_argument("--actors", type=int, default=5000, help="how many actors the large dataset has")
    parser.add_argument("--skip-large", action="store_true", help="leave out the 5,000-actor page (for quick runs)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no chromium at {CHROMIUM}: run `bash tests/python/setup.sh` (it installs Debian's chromium)")
    args.work.mkdir(parents=True, exist_ok=True)
    shots = args.screenshots or args.work
    cases = json.loads(args.cases.read_text())
    metrics = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            explorer_checks(browser, args.binary, args.work, cases, shots, metrics)
            report_print_checks(browser, args.binary, args.work, shots, metrics)
            if not args.skip_large:
                if args.large_dataset is None:
                    parser.error("--large-dataset is needed unless --skip-large is given")
                large_page(browser, args.binary, args.work, metrics, args.large_dataset, args.actors)
        finally:
            browser.close()
    finish(metrics, "browser")


if __name__ == "__main__":
    main()
