"""Reads a GraphML file with NetworkX's reference reader and prints what it read as JSON.

Usage: check_graphml.py FILE

The actorgraph integration tests compare the printed nodes and edges, attribute by attribute, with the graph
actorgraph exported. A file NetworkX cannot read fails here with NetworkX's own message (exit status 1).
"""

import json
import sys

import networkx as nx


def main(path):
    graph = nx.read_graphml(path)
    edges = []
    if graph.is_multigraph():
        triples = graph.edges(keys=True, data=True)
        for source, target, key, data in triples:
            edges.append({"source": source, "target": target, "key": str(key), "data": data})
    else:
        for source, target, data in graph.edges(data=True):
            edges.append({"source": source, "target": target, "key": None, "data": data})
    summary = {
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": graph.graph,
        "nodes": [{"id": node, "data": data} for node, data in graph.nodes(data=True)],
        "edges": edges,
    }
    json.dump(summary, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
