"""Reads a GEXF file with NetworkX's reference reader and prints what it read as JSON.

Usage: check_gexf.py FILE

NetworkX checks the GEXF namespace (1.3 here), the attribute declarations and their types, and the dynamic
`start`/`end` attributes. The actorgraph integration tests compare the printed nodes, edges and intervals
with the exported graph. A file NetworkX cannot read fails here (exit status 1).
"""

import json
import sys

import networkx as nx


def main(path):
    graph = nx.read_gexf(path, version="1.3")
    if graph.is_multigraph():
        triples = [(u, v, str(k), d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        triples = [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    summary = {
        "directed": graph.is_directed(),
        "mode": graph.graph.get("mode"),
        "nodes": [{"id": node, "data": data} for node, data in graph.nodes(data=True)],
        "edges": [{"source": u, "target": v, "key": k, "data": d} for u, v, k, d in triples],
    }
    json.dump(summary, sys.stdout, ensure_ascii=False, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
