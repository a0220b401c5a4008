"""Writes one small multigraph with NetworkX's own writers (write_gexf, write_gml, write_pajek) and prints the
graph it wrote as JSON, so a test can compare what actorgraph reads back with what NetworkX wrote.

Usage: networkx_write.py FOLDER
"""
import json
import sys
from pathlib import Path

import networkx as nx

folder = Path(sys.argv[1])
G = nx.MultiDiGraph()
G.add_node("iran", name="Iran", kind="state", country="IR")
G.add_node("kh", name="Kataib Hezbollah", kind="armed_group")
G.add_node("assad", name="Bashar al-Assad", kind="person")
G.add_node("is", name="Islamic State", kind="armed_group")
G.add_edge("iran", "kh", kind="supports", date="2024-12")
G.add_edge("iran", "kh", kind="funds", date="2024")
G.add_edge("iran", "assad", kind="supports", note="since 2011")
G.add_edge("kh", "is", kind="attacks", weight=3.0)
nx.write_gexf(G, folder / "networkx.gexf")
nx.write_gml(G, folder / "networkx.gml")
nx.write_pajek(G, folder / "networkx.net")
print(json.dumps({
    "nodes": [{"id": n, **d} for n, d in G.nodes(data=True)],
    "edges": [{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)],
}))
