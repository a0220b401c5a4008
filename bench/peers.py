"""Time NetworkX, igraph or rustworkx on an actorgraph/1 file: the same work `actorgraph bench-ops` does.

One tool per process (so peak memory is that tool's own), one JSON object on stdout:
    python bench/peers.py --tool networkx --data FILE --hub ID --pair A B [--repeat 3] [--ops a,b] [--slow]

Every operation returns a small *answer* (counts) that bench.py compares with actorgraph's, so a fast
wrong answer shows. To add an operation: one function per tool below, and its name in OPS.
"""

import argparse
import itertools
import json
import random
import resource
import statistics
import sys
import time
import warnings

# igraph warns that it leaves out list-valued attributes when writing DOT: expected, not news.
warnings.filterwarnings("ignore", category=RuntimeWarning)

# The built-in kinds with a positive sign (src/model/kind.rs).
POSITIVE = {"supports", "allied_with", "funds", "member_of", "leads", "commands"}
# A single run longer than this is not repeated (the median is then of one run, and says so).
REPEAT_BUDGET_S = 20.0


def read(path):
    with open(path, "rb") as f:
        return json.load(f)


def actor_pairs(doc):
    """(index of each actor id, relations between actors as (from, to, relation)) — statements about
    relations are not edges, as in actorgraph."""
    index = {a["id"]: i for i, a in enumerate(doc["actors"])}
    edges = [(index[r["from"]], index[r["to"]], r) for r in doc["relations"] if r["to"] in index]
    return index, edges


def two_hop(neighbours, hub):
    """Actors within 2 steps of hub, given a function listing undirected neighbours."""
    seen = {hub: 0}
    frontier = [hub]
    for depth in (1, 2):
        nxt = []
        for v in frontier:
            for w in neighbours(v):
                if w not in seen:
                    seen[w] = depth
                    nxt.append(w)
        frontier = nxt
    return seen


def nearest_200(neighbours, hub):
    """The 200 actors nearest the hub: by distance, then by position in the file."""
    seen = two_hop(neighbours, hub)
    return sorted(seen, key=lambda v: (seen[v], v))[:200]


# ---------------------------------------------------------------- NetworkX
class NetworkX:
    def __init__(self):
        import networkx as nx

        self.nx = nx

    def load(self, path):
        nx = self.nx
        doc = read(path)
        g = nx.MultiDiGraph()
        for i, a in enumerate(doc["actors"]):
            g.add_node(i, id=a["id"], label=a.get("name", a["id"]), kind=a.get("kind", ""))
        index, edges = actor_pairs(doc)
        for u, v, r in edges:
            g.add_edge(u, v, kind=r["kind"], date=r.get("date"), sources=r.get("sources", []))
        self.index = index
        return g

    def pagerank(self, g, a):
        pr = self.nx.pagerank(g)
        return {"top": max(pr, key=lambda v: (pr[v], -v))}

    def betweenness(self, g, a):
        k = a.sample if a.sample else None
        bc = self.nx.betweenness_centrality(g, k=k, seed=1)
        return {"top": max(bc, key=lambda v: (bc[v], -v))}

    def path(self, g, a):
        try:
            p = self.nx.shortest_path(g.to_undirected(as_view=True), a.pair[0], a.pair[1])
        except self.nx.NetworkXNoPath:
            return {"hops": None}
        return {"hops": len(p) - 1}

    def path_directed(self, g, a):
        try:
            return {"hops": len(self.nx.shortest_path(g, a.pair[0], a.pair[1])) - 1}
        except self.nx.NetworkXNoPath:
            return {"hops": None}

    def path_all_shortest(self, g, a):
        paths = list(itertools.islice(self.nx.all_shortest_paths(g.to_undirected(as_view=True), a.pair[0], a.pair[1]), 100))
        return {"hops": len(paths[0]) - 1 if paths else None}

    def ego2(self, g, a):
        e = self.nx.ego_graph(g, a.hub, radius=2, undirected=True)
        return {"actors": e.number_of_nodes(), "relations": e.number_of_edges()}

    def components_positive(self, g, a):
        h = self.nx.Graph()
        h.add_nodes_from(g)
        h.add_edges_from((u, v) for u, v, k in g.edges(data="kind") if k in POSITIVE)
        sizes = [len(c) for c in self.nx.connected_components(h)]
        return {"components": len(sizes), "largest": max(sizes)}

    def dot200(self, g, a):
        from networkx.drawing.nx_pydot import to_pydot

        u = g.to_undirected(as_view=True)
        nodes = nearest_200(lambda v: u[v], a.hub)
        text = to_pydot(g.subgraph(nodes)).to_string()
        return {"actors": len(nodes), "bytes_positive": len(text) > 0}


# ---------------------------------------------------------------- igraph
class IGraph:
    def __init__(self):
        import igraph as ig

        self.ig = ig

    def load(self, path):
        doc = read(path)
        index, edges = actor_pairs(doc)
        self.index = index
        g = self.ig.Graph(
            n=len(doc["actors"]),
            edges=[(u, v) for u, v, _ in edges],
            directed=True,
            vertex_attrs={
                "id": [a["id"] for a in doc["actors"]],
                "label": [a.get("name", a["id"]) for a in doc["actors"]],
                "kind": [a.get("kind", "") for a in doc["actors"]],
            },
            edge_attrs={
                "kind": [r["kind"] for _, _, r in edges],
                "date": [r.get("date") for _, _, r in edges],
                "sources": [r.get("sources", []) for _, _, r in edges],
            },
        )
        return g

    def pagerank(self, g, a):
        pr = g.pagerank()
        return {"top": max(range(len(pr)), key=lambda v: (pr[v], -v))}

    def betweenness(self, g, a):
        if a.sample:
            sources = random.Random(1).sample(range(g.vcount()), min(a.sample, g.vcount()))
            bc = g.betweenness(directed=True, sources=sources)
        else:
            bc = g.betweenness(directed=True)
        return {"top": max(range(len(bc)), key=lambda v: (bc[v], -v))}

    def path(self, g, a):
        p = g.get_shortest_paths(a.pair[0], to=a.pair[1], mode="all", output="vpath")[0]
        return {"hops": len(p) - 1 if p else None}

    def path_directed(self, g, a):
        p = g.get_shortest_paths(a.pair[0], to=a.pair[1], mode="out", output="vpath")[0]
        return {"hops": len(p) - 1 if p else None}

    def path_all_shortest(self, g, a):
        paths = g.get_all_shortest_paths(a.pair[0], to=a.pair[1], mode="all")[:100]
        return {"hops": len(paths[0]) - 1 if paths else None}

    def ego2(self, g, a):
        nodes = g.neighborhood(a.hub, order=2, mode="all")
        e = g.induced_subgraph(nodes)
        return {"actors": e.vcount(), "relations": e.ecount()}

    def components_positive(self, g, a):
        h = g.subgraph_edges(g.es.select(kind_in=POSITIVE), delete_vertices=False)
        sizes = h.connected_components(mode="weak").sizes()
        return {"components": len(sizes), "largest": max(sizes)}

    def dot200(self, g, a):
        import os
        import tempfile

        nodes = nearest_200(lambda v: g.neighbors(v, mode="all"), a.hub)
        sub = g.induced_subgraph(nodes)
        # igraph writes DOT only to a file.
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "ego.dot")
            sub.write_dot(path)
            size = os.path.getsize(path)
        return {"actors": len(nodes), "bytes_positive": size > 0}


# ---------------------------------------------------------------- rustworkx
class RustworkX:
    def __init__(self):
        import rustworkx as rx

        self.rx = rx

    def load(self, path):
        doc = read(path)
        g = self.rx.PyDiGraph(multigraph=True)
        g.add_nodes_from([{"id": a["id"], "name": a.get("name", a["id"]), "kind": a.get("kind", "")} for a in doc["actors"]])
        index, edges = actor_pairs(doc)
        self.index = index
        g.add_edges_from([(u, v, {"kind": r["kind"], "date": r.get("date"), "sources": r.get("sources", [])}) for u, v, r in edges])
        return g

    def pagerank(self, g, a):
        pr = self.rx.pagerank(g)
        return {"top": max(pr.keys(), key=lambda v: (pr[v], -v))}

    def betweenness(self, g, a):
        if a.sample:
            raise NotImplementedError("rustworkx has no sampled betweenness")
        bc = self.rx.digraph_betweenness_centrality(g, parallel_threshold=50)
        return {"top": max(bc.keys(), key=lambda v: (bc[v], -v))}

    def path(self, g, a):
        paths = self.rx.digraph_dijkstra_shortest_paths(g, a.pair[0], target=a.pair[1], as_undirected=True)
        return {"hops": len(paths[a.pair[1]]) - 1 if a.pair[1] in paths else None}

    def path_directed(self, g, a):
        paths = self.rx.digraph_dijkstra_shortest_paths(g, a.pair[0], target=a.pair[1])
        return {"hops": len(paths[a.pair[1]]) - 1 if a.pair[1] in paths else None}

    def path_all_shortest(self, g, a):
        paths = self.rx.digraph_all_shortest_paths(g, a.pair[0], a.pair[1], as_undirected=True)[:100]
        return {"hops": len(paths[0]) - 1 if paths else None}

    def ego2(self, g, a):
        seen = two_hop(g.neighbors_undirected, a.hub)
        e = g.subgraph(list(seen))
        return {"actors": e.num_nodes(), "relations": e.num_edges()}

    def components_positive(self, g, a):
        h = self.rx.PyGraph(multigraph=False)
        h.add_nodes_from(range(g.num_nodes()))
        h.add_edges_from_no_data([(u, v) for u, v, p in g.weighted_edge_list() if p["kind"] in POSITIVE])
        sizes = [len(c) for c in self.rx.connected_components(h)]
        return {"components": len(sizes), "largest": max(sizes)}

    def dot200(self, g, a):
        nodes = nearest_200(g.neighbors_undirected, a.hub)
        sub = g.subgraph(nodes)
        text = sub.to_dot(node_attr=lambda p: {"label": json.dumps(p["name"])}, edge_attr=lambda p: {"label": p["kind"]})
        return {"actors": len(nodes), "bytes_positive": len(text) > 0}


TOOLS = {"networkx": NetworkX, "igraph": IGraph, "rustworkx": RustworkX}
OPS = ["pagerank", "betweenness", "path", "path_directed", "path_all_shortest", "ego2", "components_positive", "dot200"]


def measure(fn, repeat):
    times, answer = [], None
    for i in range(repeat):
        start = time.perf_counter()
        answer = fn()
        times.append((time.perf_counter() - start) * 1000.0)
        if times[-1] > REPEAT_BUDGET_S * 1000.0:
            break
    return times, answer


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tool", choices=sorted(TOOLS), required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--hub", required=True, help="actor id")
    p.add_argument("--pair", nargs=2, required=True, metavar=("FROM", "TO"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--ops", default=",".join(OPS))
    p.add_argument("--sample", type=int, default=0, help="betweenness: sample this many sources (0: exact)")
    p.add_argument("--skip", default="", help="operations to leave out (too slow for this tool and size)")
    a = p.parse_args()
    tool = TOOLS[a.tool]()
    graph = None

    def load():
        nonlocal graph
        graph = None
        graph = tool.load(a.data)

    cpu_before = time.process_time()
    load_ms, _ = measure(load, a.repeat)
    load_cpu_ms = (time.process_time() - cpu_before) * 1000.0 / len(load_ms)
    load_peak = peak_rss_bytes()
    # Every tool keeps the id -> node index map it built while loading (as actorgraph does).
    a.hub = tool.index[a.hub]
    a.pair = (tool.index[a.pair[0]], tool.index[a.pair[1]])
    skip = set(filter(None, a.skip.split(",")))
    ops = []
    for name in filter(None, a.ops.split(",")):
        if name in skip:
            ops.append({"op": name, "skipped": "too slow at this size (run with --slow)"})
            continue
        try:
            cpu_before = time.process_time()
            ms, answer = measure(lambda: getattr(tool, name)(graph, a), a.repeat)
            cpu = (time.process_time() - cpu_before) * 1000.0 / len(ms)
            ops.append({"op": name, "ms": ms, "median_ms": statistics.median(ms), "cpu_mean_ms": cpu, "answer": answer})
        except NotImplementedError as e:
            ops.append({"op": name, "skipped": str(e)})
        except Exception as e:  # one failing operation must not lose the others' numbers
            print(f"{a.tool} {name}: {type(e).__name__}: {e}", file=sys.stderr)
            ops.append({"op": name, "skipped": f"failed: {type(e).__name__}"})
    print(
        json.dumps(
            {
                "tool": a.tool,
                "load_ms": load_ms,
                "load_median_ms": statistics.median(load_ms),
                "load_cpu_median_ms": load_cpu_ms,
                "load_peak_rss_bytes": load_peak,
                "ops": ops,
                "peak_rss_bytes": peak_rss_bytes(),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
