#!/usr/bin/env python3
"""Fails when the library's top-level modules import each other in a cycle.

Reads every `src/**/*.rs` file, finds the `crate::<module>` paths it names (in `use` lines, grouped
`use crate::{a::b, c}` lines and inline paths), and builds the graph "top-level module A uses module B".
Prints the edges and exits 1 naming every cycle (strongly connected component of more than one module).
`main.rs` and `lib.rs` are the crate's roots and do not count, nor do unit tests (`#[cfg(test)]` modules
and `tests.rs` files), which may use any layer. `cli/` belongs to the binary, not the library, and is
left out.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "src"


def top_modules():
    mods = set()
    for p in ROOT.iterdir():
        if p.is_dir() and p.name != "cli":
            mods.add(p.name)
        elif p.suffix == ".rs" and p.stem not in ("lib", "main"):
            mods.add(p.stem)
    return mods


def strip_tests(text):
    """The file without its unit tests (`#[cfg(test)] mod tests { … }`, at the end of a file by habit):
    tests may use any layer."""
    cut = re.search(r"^#\[cfg\(test\)\]\s*\n\s*mod \w+ \{", text, flags=re.M)
    return text[: cut.start()] if cut else text


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def used_modules(text, mods):
    """Top-level modules a file names through `crate::`."""
    found = set()
    for m in re.finditer(r"crate::(\{[^}]*\}|\w+)", text, flags=re.S):
        body = m.group(1)
        if body.startswith("{"):
            # `crate::{a::x, b, c::{d, e}}`: the first word of each top-level item.
            depth, item, items = 0, "", []
            for ch in body[1:]:
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    if depth == 0:
                        break
                    depth -= 1
                elif ch == "," and depth == 0:
                    items.append(item)
                    item = ""
                    continue
                item += ch
            items.append(item)
            for it in items:
                word = re.match(r"\s*(\w+)", it)
                if word:
                    found.add(word.group(1))
        else:
            found.add(body)
    return found & mods


def main():
    mods = top_modules()
    edges = {m: set() for m in mods}
    for path in sorted(ROOT.rglob("*.rs")):
        rel = path.relative_to(ROOT)
        top = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if top not in mods:
            continue
        if path.name == "tests.rs":
            continue
        for dep in used_modules(strip_comments(strip_tests(path.read_text())), mods):
            if dep != top:
                edges[top].add(dep)

    # Tarjan's strongly connected components.
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for v in sorted(mods):
        if v not in index:
            visit(v)

    for v in sorted(mods):
        print(f"{v} -> {', '.join(sorted(edges[v])) or '(nothing)'}")
    if sccs:
        for comp in sccs:
            print(f"cycle among top-level modules: {' <-> '.join(comp)}", file=sys.stderr)
        sys.exit(1)
    print("no cycle among the library's top-level modules")


if __name__ == "__main__":
    main()
