"""actorgraph side by side with NetworkX, igraph and rustworkx: the driver behind bench/run.sh.

For each size it generates the dataset (deterministic, cached in bench/data/), then times on the same file:
actorgraph inside one process (`actorgraph-bench ops`: the library functions the commands call, each named
in its row), the serde_json floor (bench/driver/src/bin/serde_floor.rs),
each peer in its own process (bench/peers.py), and actorgraph end to end from the command line (process
start to answer, with and without the snapshot cache, with /usr/bin/time -v for peak memory). It prints a
table of medians and ratios (peer / actorgraph) and writes it into a Markdown file between markers.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data")

# name: (actors, relations, betweenness sample (0 = exact), operations too slow for a tool at this size)
SIZES = {
    "tiny": (500, 2500, 0, {}),
    "small": (10_000, 50_000, 0, {"networkx": {"betweenness"}}),
    "large": (100_000, 1_000_000, 20, {"rustworkx": {"betweenness"}}),
    "huge": (1_000_000, 10_000_000, 20, None),  # actorgraph and the serde floor only
}
PEERS = ["networkx", "igraph", "rustworkx"]
LABEL = {"networkx": "NetworkX", "igraph": "igraph", "rustworkx": "rustworkx"}
WORK = [
    ("load", "load (parse + build)"),
    ("snapshot", "open the snapshot"),
    ("pagerank", "PageRank"),
    ("pagerank_peer_tolerance", "PageRank, stopping as the peers do"),
    ("betweenness", "betweenness"),
    ("path", "shortest path (undirected)"),
    ("path_directed", "shortest path (directed)"),
    ("path_all_shortest", "all shortest paths (≤ 100)"),
    ("ego2", "2-hop ego network of the hub"),
    ("ego2_json", "2-hop ego network of the hub, JSON written"),
    ("components_positive", "components over positive kinds"),
    ("stats", "stats"),
    ("blocs", "blocs"),
    ("dot200", "DOT of a 200-actor ego network"),
]
# Answers that legitimately differ: scores tie differently; actorgraph walks symmetric kinds both ways when
# directed; DOT sizes differ by design.
NOT_COMPARED = {"pagerank", "pagerank_peer_tolerance", "betweenness", "dot200", "path_directed", "ego2_json", "stats"}
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_json(cmd, env=None):
    log("  $", " ".join(cmd))
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, env=env).stdout
    return json.loads(out)


def dataset(driver, size):
    actors, relations, _, _ = SIZES[size]
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, f"{size}-{actors}-{relations}-seed1.json")
    summary_path = path + ".summary"
    if not (os.path.exists(path) and os.path.exists(summary_path)):
        log(f"== generating {size}: {actors} actors, {relations} relations")
        summary = run_json([driver, "generate", "--actors", str(actors), "--relations", str(relations), "--seed", "1", "-o", path])
        with open(summary_path, "w") as f:
            json.dump(summary, f)
    with open(summary_path) as f:
        return path, json.load(f)


def timed_cli(cmd, repeat, env):
    """Median wall time (ms), median CPU time (user + system, ms) and the largest peak memory (bytes) of
    `repeat` runs of a command."""
    times, cpus, peak = [], [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append((time.perf_counter() - start) * 1000.0)
        err = result.stderr.decode(errors="replace")
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        peak = max(peak, int(found.group(1)) * 1024 if found else 0)
        user = re.search(r"User time \(seconds\): ([\d.]+)", err)
        system = re.search(r"System time \(seconds\): ([\d.]+)", err)
        if user and system:
            cpus.append((float(user.group(1)) + float(system.group(1))) * 1000.0)
    return statistics.median(times), peak, (statistics.median(cpus) if cpus else None)


def bench_size(args, size):
    actors, relations, sample, slow = SIZES[size]
    path, summary = dataset(args.driver, size)
    mib = os.path.getsize(path) / 2**20
    log(f"== {size}: {actors} actors, {relations} relations, {mib:.0f} MiB")
    result = {"size": size, "repeat": args.repeat, "actors": actors, "relations": relations, "mib": mib, "sample": sample, "tools": {}}
    pair = summary["path_pair"]
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(DATA, "cache"))

    ag = run_json([args.driver, "ops", "--data", path, "--repeat", str(args.repeat), "--pair", *pair], env)
    result["tools"]["actorgraph"] = ag
    result["floor"] = run_json([args.floor, path, str(args.repeat)])

    # End to end, process start to answer: the first run parses JSON (and writes the snapshot), later runs
    # read the snapshot.
    cli = {}
    query = ["stats", "--format", "json"]
    cli["stats, no cache"] = timed_cli([args.bin, "--data", path, "--no-cache"] + query, args.repeat, env)
    subprocess.run([args.bin, "--data", path, "--quiet"] + query, check=True, stdout=subprocess.DEVNULL, env=env)
    hub = summary["hub"]
    for name, words in [
        ("stats", query),
        ("show HUB", ["show", hub, "--format", "json"]),
        ("neighbors HUB --depth 1", ["neighbors", hub, "--format", "json"]),
        ("path A B", ["path", *pair, "--format", "json"]),
        ("relations --actor HUB", ["relations", "--actor", hub, "--format", "json"]),
        ("central --measure pagerank", ["central", "--measure", "pagerank", "--format", "json"]),
        ("dot --focus HUB --depth 2 --max-nodes 200", ["dot", "--focus", hub, "--depth", "2", "--max-nodes", "200", "-o", os.path.join(DATA, "bench-ego.dot")]),
        ("neighbors HUB --depth 2 --format json", ["neighbors", hub, "--depth", "2", "--format", "json"]),
    ]:
        cli[f"{name}, snapshot"] = timed_cli([args.bin, "--data", path, "--quiet"] + words, args.repeat, env)
    result["cli"] = cli

    if slow is None or args.no_peers:
        return result
    reused = {}
    if args.reuse_peers and os.path.exists(args.reuse_peers):
        # Peers do not change when actorgraph does: their numbers from an earlier run of the same size.
        with open(args.reuse_peers) as f:
            for old in json.load(f):
                if old["size"] == size and old["repeat"] == args.repeat:
                    reused = {t: r for t, r in old["tools"].items() if t != "actorgraph"}
    for tool in args.tools:
        if tool in reused:
            log(f"  reusing {tool} from {args.reuse_peers}")
            result["tools"][tool] = reused[tool]
            continue
        skip = set() if args.slow else slow.get(tool, set())
        cmd = [sys.executable, os.path.join(HERE, "peers.py"), "--tool", tool, "--data", path, "--hub", summary["hub"],
               "--pair", *pair, "--repeat", str(args.repeat), "--sample", str(sample), "--skip", ",".join(sorted(skip))]
        result["tools"][tool] = run_json(cmd)
    return result


def fmt_count(n):
    if n >= 1_000_000:
        return f"{n / 1_000_000:g}M"
    if n >= 1000:
        return f"{n / 1000:g}k"
    return str(n)


def size_label(r):
    return f"{fmt_count(r['actors'])} / {fmt_count(r['relations'])}"


def fmt_ms(ms):
    if ms is None:
        return "–"
    if ms >= 10_000:
        return f"{ms / 1000:.1f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 10:
        return f"{ms:.0f} ms"
    return f"{ms:.2f} ms"


def fmt_bytes(b):
    return "–" if not b else f"{b / 1e6:.0f} MB" if b < 1e9 else f"{b / 1e9:.2f} GB"


def op_of(report, op):
    if report is None:
        return None
    if op in ("load", "snapshot"):
        if f"{op}_median_ms" not in report:  # the peers have no snapshot
            return None
        return {"median_ms": report[f"{op}_median_ms"], "answer": None}
    return next((o for o in report.get("ops", []) if o["op"] == op), None)


def table(results):
    lines = []
    head = ["work", "size", "actorgraph"] + [LABEL[p] for p in PEERS] + ["serde floor"] + [f"{LABEL[p]} / ag" for p in PEERS]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    mismatches = []
    for r in results:
        size = size_label(r)
        tools = r["tools"]
        for op, label in WORK:
            cells = {}
            for t in ["actorgraph"] + PEERS:
                o = op_of(tools.get(t), op)
                if o is None:
                    cells[t] = (None, "–")
                elif "skipped" in o:
                    cells[t] = (None, "skipped")
                else:
                    n = "" if len(o.get("ms", [0, 0, 0])) >= 3 or op == "load" else f" (×{len(o.get('ms', []))})"
                    cells[t] = (o["median_ms"], fmt_ms(o["median_ms"]) + n)
            if all(v is None for v, _ in cells.values()):
                continue
            if op == "betweenness":
                label += f", sampled ({r['sample']} sources)" if r["sample"] else ", exact"
            answers = {t: op_of(tools.get(t), op).get("answer") for t in ["actorgraph"] + PEERS if op_of(tools.get(t), op) and "answer" in op_of(tools.get(t), op)}
            comparable = {t: a for t, a in answers.items() if a is not None and op not in NOT_COMPARED}
            if len({json.dumps(a, sort_keys=True) for a in comparable.values()}) > 1:
                mismatches.append(f"{label} at {size}: " + "; ".join(f"{t} {json.dumps(a)}" for t, a in comparable.items()))
            floor = fmt_ms(statistics.median(r["floor"]["parse_ms"])) if op == "load" else ""
            ag = cells["actorgraph"][0]
            ratios = [f"{v / ag:.1f}×" if v is not None and ag else "–" for v, _ in (cells[p] for p in PEERS)]
            lines.append("| " + " | ".join([label, size, cells["actorgraph"][1]] + [cells[p][1] for p in PEERS] + [floor] + ratios) + " |")
        mem = [tools.get(t, {}).get("peak_rss_bytes") for t in ["actorgraph"] + PEERS]
        ratios = [f"{m / mem[0]:.1f}×" if m and mem[0] else "–" for m in mem[1:]]
        lines.append("| " + " | ".join(["peak memory (whole run)", size] + [fmt_bytes(m) for m in mem] + [fmt_bytes(r["floor"]["peak_rss_bytes"])] + ratios) + " |")
    lines.append("")
    lines.append("CPU time of the same work (user + system; unlike wall time it does not grow when other programs "
                 "share the cores — ratios from these are the ones to trust on a busy machine):")
    lines.append("")
    head = ["work", "size", "actorgraph"] + [LABEL[p] for p in PEERS] + ["serde floor"] + [f"{LABEL[p]} / ag" for p in PEERS]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for r in results:
        tools = r["tools"]
        for op, label in WORK:
            def cpu(t):
                rep = tools.get(t)
                if rep is None:
                    return None
                if op in ("load", "snapshot"):
                    return rep.get(f"{op}_cpu_median_ms")
                o = op_of(rep, op)
                return o.get("cpu_mean_ms") if o else None
            values = {t: cpu(t) for t in ["actorgraph"] + PEERS}
            if all(v is None for v in values.values()):
                continue
            floor = ""
            if op == "load" and r["floor"].get("parse_cpu_ms"):
                floor = fmt_ms(statistics.median(r["floor"]["parse_cpu_ms"]))
            ag = values["actorgraph"]
            ratios = [f"{values[p] / ag:.1f}×" if values[p] is not None and ag else "–" for p in PEERS]
            cell = lambda v: "< 10 ms" if v == 0 else fmt_ms(v)  # /proc counts CPU time in 10 ms ticks
            lines.append("| " + " | ".join([label, size_label(r), cell(ag)] + [cell(values[p]) for p in PEERS] + [floor] + ratios) + " |")
    lines.append("")
    lines.append("End to end from the command line (process start to answer; median wall and CPU time, peak memory):")
    lines.append("")
    lines.append("| command | size | wall time | CPU time | peak memory |")
    lines.append("|---|---|---|---|---|")
    for r in results:
        size = size_label(r)
        for name, (ms, peak, *cpu) in r["cli"].items():
            cpu_ms = cpu[0] if cpu and cpu[0] is not None else None
            lines.append(f"| `{name}` | {size} | {fmt_ms(ms)} | {fmt_ms(cpu_ms) if cpu_ms is not None else '–'} | {fmt_bytes(peak)} |")
    lines.append("")
    for r in results:
        ag = r["tools"]["actorgraph"]
        floor = statistics.median(r["floor"]["parse_ms"])
        cpu_floor = statistics.median(r["floor"].get("parse_cpu_ms") or [0]) or None
        cpu_ratio = f", {ag['load_cpu_median_ms'] / cpu_floor:.2f} × in CPU time" if cpu_floor and ag.get("load_cpu_median_ms") else ""
        lines.append(f"- {size_label(r)} ({r['mib']:.0f} MiB): actorgraph load = "
                     f"{ag['load_median_ms'] / floor:.2f} × the serde floor in wall time{cpu_ratio}; peak memory after the first load "
                     f"{fmt_bytes(ag.get('load_peak_rss_bytes'))}.")
    for r in results:
        j = op_of(r["tools"]["actorgraph"], "ego2_json")
        if j and j.get("answer") and j["median_ms"]:
            mb = j["answer"]["bytes"] / 1e6
            cpu = j.get("cpu_mean_ms")
            by_cpu = f", {mb / (cpu / 1000):.0f} MB/s of CPU time" if cpu else ""
            lines.append(f"- {size_label(r)}: the JSON of the hub's 2-hop network is {mb:.0f} MB, written in "
                         f"{fmt_ms(j['median_ms'])} with the search ({mb / (j['median_ms'] / 1000):.0f} MB/s of wall time{by_cpu}).")
    first = results[0]["tools"]["actorgraph"]
    lines.append("")
    lines.append("What actorgraph's in-process rows call (the library function the command calls, and the command):")
    lines.append("")
    lines.append(f"- load: {first['load_calls']}; open the snapshot: {first['snapshot_calls']}")
    lines.extend(f"- {o['op']}: {o['calls']}" for o in first["ops"])
    if mismatches:
        lines.append("")
        lines.append("Answers that differ between tools (counts; a difference means one of them computes something else):")
        lines.extend(f"- {m}" for m in mismatches)
    return "\n".join(lines)


def write_markdown(path, text, args):
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    block = (f"{START}\n_Written by `bash bench/run.sh --size {','.join(args.size)}` on {datetime.date.today()} "
             f"({machine}); medians of {args.repeat} runs, each tool in its own process._\n\n{text}\n{END}")
    old = open(path).read() if os.path.exists(path) else ""
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END):]
    else:
        new = (old + "\n\n" if old else "# Benchmark results\n\n") + block + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(new)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="small,large", help="tiny, small, large, huge (comma-separated)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--bin", required=True)
    p.add_argument("--floor", required=True)
    p.add_argument("--driver", required=True, help="the actorgraph-bench binary (generator and in-process driver)")
    p.add_argument("--out", help="Markdown file to write the tables into (between markers)")
    p.add_argument("--tools", default=",".join(PEERS))
    p.add_argument("--slow", action="store_true", help="also run what takes minutes (NetworkX exact betweenness)")
    p.add_argument("--no-peers", action="store_true", help="actorgraph and the serde floor only")
    p.add_argument("--reuse-peers", metavar="JSON", help="take the peers' numbers from an earlier run (bench/data/last-run.json)")
    args = p.parse_args()
    args.size = [s for s in args.size.split(",") if s]
    args.tools = [t for t in args.tools.split(",") if t]
    for s in args.size:
        if s not in SIZES:
            p.error(f"no size '{s}'; the sizes are {', '.join(SIZES)}")
    results = [bench_size(args, s) for s in args.size]
    text = table(results)
    print(text)
    with open(os.path.join(DATA, "last-run.json"), "w") as f:
        json.dump(results, f, indent=1)
    if args.out:
        write_markdown(args.out, text, args)
        log(f"== written to {args.out}")


if __name__ == "__main__":
    main()
