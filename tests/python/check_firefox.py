"""Checks actorgraph's explorer page in Firefox: Debian's firefox-esr, driven over WebDriver BiDi (the W3C
protocol built into Firefox) by the small client below. It never downloads a browser.

Usage: check_firefox.py --binary ACTORGRAPH --work DIR --cases CASES.json

Why a client of its own: Playwright's Firefox is a patched build it would download, and its `moz-firefox`
channel, which drives a stock Firefox over BiDi, opens every context with `emulation.setMediaFeaturesOverride`,
a command Firefox 153 ESR does not have ("unknown command"); Debian ships no geckodriver. BiDi itself needs only
a WebSocket (the `websockets` package).

One browser launch. The page is driven as a person would: Tab to the search box, type `KH`, Enter; a mouse
click on a denied relation's line; Enter on a relation in a panel; the time control moved with the arrow keys;
Escape to close. Every request the page makes (network.beforeRequestSent) and every script error or console
error (log.entryAdded) is collected. Prints one JSON object of measurements on the last line and exits 0 when
every check passed; otherwise prints each failure and exits 1. Run by the integration test `explore::`
(tests/integration/explore.rs), which writes CASES.json with the Rust lookup's keys for hard names.
"""

import argparse
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from websockets.sync.client import connect

from checks import PANEL_FACTS, check, finish, lookup_checks, run

FIREFOX = os.environ.get("ACTORGRAPH_FIREFOX", "/usr/bin/firefox-esr")
# WebDriver key codes (https://w3c.github.io/webdriver/#keyboard-actions).
TAB, ENTER, ESCAPE, HOME, ARROW_RIGHT = "\ue004", "\ue007", "\ue00c", "\ue011", "\ue014"


class Firefox:
    """One headless firefox-esr with a fresh profile, and one BiDi session on one tab."""

    def __init__(self, profile, width, height):
        # Firefox's remote agent applies its recommended preferences (no first-run pages, no updates, no
        # telemetry); these keep the rest of the browser quiet too, so that nothing but the page talks.
        (profile / "user.js").write_text("".join(f'user_pref("{k}", {json.dumps(v)});\n' for k, v in {
            "browser.safebrowsing.malware.enabled": False,
            "browser.safebrowsing.phishing.enabled": False,
            "network.captive-portal-service.enabled": False,
            "network.connectivity-service.enabled": False,
            "extensions.getAddons.cache.enabled": False,
            "browser.newtabpage.enabled": False,
            "focusmanager.testmode": True,
        }.items()))
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", str(profile),
             f"--width={width}", f"--height={height}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"},
        )
        self.log = []
        try:
            address = self._address()
            # Keep draining stderr so that Firefox never blocks on a full pipe.
            threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()
            self.socket = connect(f"{address}/session", max_size=None, open_timeout=20)
            self.next_id = 0
            self.events = []
            self.version = self.send("session.new", capabilities={"alwaysMatch": {}})["capabilities"]["browserVersion"]
            # A tab of our own: the window Firefox starts with never has the focus when headless, and in a
            # page without it nothing matches `:focus` and Enter or Space on a button clicks nothing.
            self.context = self.send("browsingContext.create", type="tab", background=False)["context"]
            self.send("browsingContext.setViewport", context=self.context, viewport={"width": width, "height": height})
        except BaseException:
            self.process.kill()
            raise

    def _address(self):
        """The WebSocket address Firefox prints once BiDi listens; Firefox is stopped after 30 s without it."""
        timer = threading.Timer(30, self.process.kill)
        timer.start()
        try:
            for line in self.process.stderr:
                self.log.append(line)
                found = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
                if found:
                    return found.group(1)
        finally:
            timer.cancel()
        raise SystemExit(f"{FIREFOX} did not start WebDriver BiDi within 30 s:\n{''.join(self.log[-20:])}")

    def send(self, method, **params):
        """Sends one command and waits for its answer, keeping the events that arrive meanwhile."""
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=60))
            if message.get("type") == "event":
                self.events.append(message)
            elif message.get("id") == self.next_id:
                if message["type"] == "error":
                    raise RuntimeError(f"{method}: {message['error']}: {message.get('message')}")
                return message["result"]

    def evaluate(self, expression, *args):
        """Runs `expression` (a function's source) with `args` in the page; returns its JSON-able result."""
        result = self.send(
            "script.callFunction",
            functionDeclaration=f"async (...json) => JSON.stringify(await ({expression})(...json.map(JSON.parse)))",
            arguments=[{"type": "string", "value": json.dumps(a)} for a in args],
            awaitPromise=True, target={"context": self.context}, resultOwnership="none",
        )
        if result["type"] == "exception":
            raise RuntimeError(f"script error in the check: {result['exceptionDetails']['text']}")
        value = result["result"]
        return json.loads(value["value"]) if value["type"] == "string" else None

    def wait_for(self, expression, seconds=20, *args):
        deadline = time.monotonic() + seconds
        while not self.evaluate(expression, *args):
            if time.monotonic() > deadline:
                raise SystemExit(f"Firefox: waited {seconds} s for {expression}")
            time.sleep(0.05)

    def keys(self, *keys):
        """Presses each key (a character or a WebDriver key code) in turn, as the keyboard would."""
        actions = [a for k in keys for a in ({"type": "keyDown", "value": k}, {"type": "keyUp", "value": k})]
        self.send("input.performActions", context=self.context,
                  actions=[{"type": "key", "id": "keyboard", "actions": actions}])

    def click(self, x, y):
        self.send("input.performActions", context=self.context, actions=[{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "x": round(x), "y": round(y)},
                        {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}],
        }])

    def close(self):
        try:
            self.send("browser.close")
        except Exception:  # Firefox may close the socket before it answers.
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def focused(ff):
    return ff.evaluate("() => document.activeElement.id")


def tab_to(ff, expression, *args):
    """Presses Tab until `expression` holds for the focused element (at most 60 times)."""
    for _ in range(60):
        ff.keys(TAB)
        if ff.evaluate(expression, *args):
            return True
    return False


def panel(ff):
    """The panel's visibility, title and text."""
    return ff.evaluate("""() => ({ hidden: document.getElementById('panel').hidden,
        title: document.getElementById('panel-title')?.textContent ?? '',
        text: document.getElementById('panel').innerText })""")


def explorer_checks(ff, binary, work, cases, metrics):
    page_path = work / "explore.html"
    run(binary, "explore", "-o", str(page_path))
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page_path.read_text(), re.S).group(1))
    ff.send("session.subscribe", events=["log.entryAdded", "network.beforeRequestSent"], contexts=[ff.context])
    started = time.perf_counter()
    ff.send("browsingContext.navigate", context=ff.context, url=page_path.as_uri(), wait="complete")
    ff.wait_for("() => !!(window.explorer && window.explorer.stats.frames > 0)")
    metrics["open_bundled_ms"] = round((time.perf_counter() - started) * 1000)
    check(ff.evaluate("() => document.hasFocus()"), "the page does not have the focus: keyboard checks would prove nothing")

    # The page's normalisation agrees with the Rust lookup's keys in Firefox's engine too.
    lookup_checks(ff.evaluate, cases)

    # Tab reaches the search box; typing KH and Enter opens Kataib Hezbollah's panel with its sources.
    ff.keys(TAB)
    check(focused(ff) == "search", f"Tab from the top of the page focuses {focused(ff)!r}, not the search box")
    ff.keys("K", "H")
    check(ff.evaluate("() => document.getElementById('search').value") == "KH", "typing into the search box did not reach it")
    ff.keys(ENTER)
    ff.wait_for("() => !document.getElementById('panel').hidden", 5)
    shown = panel(ff)
    check("Kataib Hezbollah" in shown["title"], f"searching KH opened {shown['title']!r}, not Kataib Hezbollah")
    kh = next(i for i, a in enumerate(data["actors"]) if a["id"] == "kataib-hezbollah")
    kh_sources = {s for r in data["relations"] if kh in (r["from"], r["to"]) for s in r["sources"]}
    check(len(kh_sources) > 0, "Kataib Hezbollah has no sources in the data")
    check(f"sources ({len(kh_sources)})" in shown["text"].lower(), f"the KH panel does not count its {len(kh_sources)} sources")
    for s in kh_sources:
        title = data["sources"][s].get("title") or data["sources"][s]["id"]
        check(title in shown["text"], f"the KH panel lacks source {title!r}")
    check(focused(ff) == "panel", f"the panel does not take the keyboard focus ({focused(ff)!r} has it)")

    # Escape closes the panel and gives the focus back to the search box.
    ff.keys(ESCAPE)
    check(panel(ff)["hidden"], "Escape does not close the panel")
    check(focused(ff) == "search", f"closing the panel gives the focus to {focused(ff)!r}, not the search box")

    # Tab on to the canvas; Enter opens the actor nearest the centre (the search centred KH); Escape comes back.
    if check(tab_to(ff, "() => document.activeElement.id === 'canvas'"), "Tab never reaches the network's canvas"):
        ff.keys(ENTER)
        ff.wait_for("() => !document.getElementById('panel').hidden", 5)
        check("Kataib Hezbollah" in panel(ff)["title"], f"Enter on the canvas opened {panel(ff)['title']!r}, not the actor at the centre")

    # In the panel, Tab reaches a denied relation of KH's; opened, it shows its denials.
    cli = {r["id"]: r for r in json.loads(run(binary, "relations", "--format", "json"))}
    names = {a["id"]: a["name"] for a in data["actors"]}
    denied = next((r for r in data["relations"] if kh in (r["from"], r["to"]) and r.get("denied_by")), None)
    if check(denied is not None, "no relation of Kataib Hezbollah is denied: the check below proves nothing"):
        if check(tab_to(ff, "text => document.activeElement.closest('#panel') !== null && document.activeElement.textContent === text", denied["text"]),
                 f"Tab never reaches {denied['id']}'s button in the KH panel"):
            ff.keys(ENTER)
            ff.wait_for("text => document.getElementById('panel-title').textContent === text", 5, denied["text"])
            relation_panel_checks(ff, data, cli, names, data["relations"].index(denied), "opened by Tab and Enter")
        ff.keys(ESCAPE)
        check(panel(ff)["hidden"], "Escape does not close a relation's panel")
        check(focused(ff) == "canvas", f"closing a panel opened from the canvas gives the focus to {focused(ff)!r}")

    # A mouse click on a contested claim's line opens its panel with its denials.
    claim = data["contested"][0]
    point = ff.evaluate("id => window.explorer.screenPointOfRelation(id)", data["relations"][claim["claim"]]["id"])
    if check(point is not None, f"no clickable point on relation {data['relations'][claim['claim']]['id']}"):
        ff.click(point["x"], point["y"])
        ff.wait_for("() => !document.getElementById('panel').hidden", 5)
        relation_panel_checks(ff, data, cli, names, claim["claim"], "clicked")
    # `/` goes to the search box from anywhere but a text field.
    ff.keys("/")
    check(focused(ff) == "search", f"/ focuses {focused(ff)!r}, not the search box")

    # The time control, moved with the keyboard to 2011, hides the 2024 relations, with the command line's
    # validity rule.
    labels = ff.evaluate("() => window.explorer.dates")
    if check("2011" in labels, f"the time control has no 2011: {labels}"):
        ff.keys(TAB)
        check(focused(ff) == "time", f"Tab from the search box focuses {focused(ff)!r}, not the time control")
        ff.keys(HOME, *[ARROW_RIGHT] * labels.index("2011"))
        shown = set(ff.evaluate("() => window.explorer.visibleRelationIds()"))
        by_id = {r["id"]: r for r in data["relations"]}
        check(not any((by_id[i]["date"] or "").startswith("2024") for i in shown), "2024 relations shown as of 2011")
        check(any((r["date"] or "").startswith("2024") for r in data["relations"]), "no 2024 relation: the check above proves nothing")
        expected = {r["id"] for r in json.loads(run(binary, "relations", "--as-of", "2011", "--format", "json"))}
        check(shown == expected, f"as of 2011 the page shows {sorted(shown ^ expected)} unlike `relations --as-of 2011`")
        status = ff.evaluate("() => document.getElementById('status').textContent")
        check("as of 2011" in status, f"the status line does not say 'as of 2011': {status!r}")

    # No request but the file itself (Firefox reports none for a file:// page), no script or console error.
    ff.evaluate("() => window.explorer.redraw()")
    requests, errors = watched(ff)
    check(all(u == page_path.as_uri() for u in requests), f"requests left the page: {[u for u in requests if u != page_path.as_uri()][:5]}")
    check(not errors, f"script errors: {errors[:5]}")
    metrics["bundled_page_bytes"] = page_path.stat().st_size
    metrics["frames"] = ff.evaluate("() => window.explorer.stats.frames")
    watcher_control(ff, work)


def watched(ff):
    """The requests (URLs) and the script or console errors seen since the last call."""
    requests = [e["params"]["request"]["url"] for e in ff.events if e["method"] == "network.beforeRequestSent"]
    errors = [e["params"].get("text") for e in ff.events if e["method"] == "log.entryAdded"
              and (e["params"]["type"] == "javascript" or e["params"].get("level") == "error")]
    ff.events.clear()
    return requests, errors


class NoContent(http.server.BaseHTTPRequestHandler):
    """Answers every request with 204 and logs nothing."""

    def do_GET(self):
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def watcher_control(ff, work):
    """The watchers see what they are there to see: a file:// page like the explorer, without its security
    policy, that asks a local server for an image and throws. Without this, "nothing seen" proves nothing."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NoContent)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    probe = f"http://127.0.0.1:{server.server_address[1]}/probe.png"
    control = work / "watcher-control.html"
    control.write_text(f'<!DOCTYPE html><title>control</title><img src="{probe}" alt="">'
                       '<script>console.error("control: console error"); throw new Error("control: script error")</script>')
    try:
        ff.send("browsingContext.navigate", context=ff.context, url=control.as_uri(), wait="complete")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(e["method"] == "network.beforeRequestSent" and e["params"]["request"]["url"] == probe for e in ff.events):
            ff.evaluate("() => new Promise((done) => setTimeout(done, 50))")
        requests, errors = watched(ff)
    finally:
        server.shutdown()
    check(probe in requests, f"the request watcher missed a request from a file:// page ({requests}): it cannot prove the explorer makes none")
    check(any("control: script error" in (e or "") for e in errors) and any("control: console error" in (e or "") for e in errors),
          f"the error watcher missed a script or console error ({errors}): it cannot prove the explorer has none")


def relation_panel_checks(ff, data, cli, names, index, how):
    """The open panel is relation `index`'s, with its independent sources and its denials as the CLI counts."""
    relation = data["relations"][index]
    shown = panel(ff)
    check(shown["title"] == relation["text"], f"{relation['id']} {how} opened {shown['title']!r}")
    record = cli[relation["id"]]
    facts = ff.evaluate(PANEL_FACTS)
    check(facts.get("Independent sources") == f"{record['independent_sources']} of {len(record['sources'])}",
          f"{relation['id']} {how}: independent sources {facts.get('Independent sources')!r}, CLI {record['independent_sources']}")
    check(facts.get("Denied by") == ", ".join(names[i] for i in record["denied_by"]),
          f"{relation['id']} {how}: 'Denied by' {facts.get('Denied by')!r}, CLI {record['denied_by']}")
    claim = next((c for c in data["contested"] if c["claim"] == index), None)
    if check(claim is not None, f"{relation['id']} is not among the contested claims"):
        check(f"denied by ({len(claim['denied_by'])})" in shown["text"].lower(), f"{relation['id']} {how}: the panel does not list its denials")
        for s in claim["denied_by"]:
            denier = data["actors"][data["relations"][s]["from"]]["name"]
            check(denier in shown["text"], f"{relation['id']} {how}: the panel lacks the denial by {denier}")
    check(focused(ff) == "panel", f"{relation['id']} {how}: the panel does not take the keyboard focus")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--cases", required=True, type=Path)
    args = parser.parse_args()
    if not Path(FIREFOX).exists():
        raise SystemExit(f"no Firefox at {FIREFOX}: run `bash tests/python/setup.sh` (it installs Debian's firefox-esr)")
    args.work.mkdir(parents=True, exist_ok=True)
    cases = json.loads(args.cases.read_text())
    metrics = {}
    started = time.perf_counter()
    profile = Path(tempfile.mkdtemp(prefix="firefox-profile-", dir=args.work))
    ff = Firefox(profile, 1400, 860)
    metrics["firefox"] = ff.version
    metrics["launch_ms"] = round((time.perf_counter() - started) * 1000)
    try:
        explorer_checks(ff, args.binary, args.work, cases, metrics)
    finally:
        ff.close()
        shutil.rmtree(profile, ignore_errors=True)
    metrics["total_s"] = round(time.perf_counter() - started, 1)
    finish(metrics, "Firefox")


if __name__ == "__main__":
    main()
