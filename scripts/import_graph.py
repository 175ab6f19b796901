"""The app-level import graph of parindex, and a check that it has no cycle (run by CI).

Every module under ``parindex/`` belongs to a "component": an app (``parindex/<app>/``) or a shared top-level module
(``parindex/tabular.py``). Each import of another component, at module level or inside a function, is an edge; the
tests, migrations and the project wiring (``settings``, ``urls``, ``cli``, ``__main__``, ``conftest``) are left out.
A cycle is printed with the imports that make it, and the exit status is 1.

    python scripts/import_graph.py            # check; prints the layers when there is no cycle
    python scripts/import_graph.py --edges    # every edge with the first import that makes it
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "parindex"
WIRING = {"settings", "urls", "cli", "__main__", "conftest", "wsgi", "__init__", "menu"}  # the top: it combines
SKIPPED_DIRS = {"tests", "migrations", "static", "templates", "locale"}


def component_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "parindex" or len(parts) < 2:
        return None
    name = parts[1]
    if name in WIRING:
        return None
    return name


def source_files() -> list[tuple[str, Path]]:
    files = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts[:-1]) or relative.name.startswith("test_"):
            continue
        module = ".".join(("parindex", *relative.with_suffix("").parts))
        if module.endswith(".__init__"):
            module = module[: -len(".__init__")]
        files.append((module, path))
    return files


def imports_of(module: str, path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def graph() -> dict[str, dict[str, str]]:
    """component → {component it imports: "file:line" of the first import that does}."""
    edges: dict[str, dict[str, str]] = defaultdict(dict)
    for module, path in source_files():
        source = component_of(module)
        if source is None:
            continue
        edges.setdefault(source, {})
        for target_module, line in imports_of(module, path):
            target = component_of(target_module)
            if target is None or target == source:
                continue
            if (ROOT / target).is_dir() or (ROOT / f"{target}.py").exists():
                edges[source].setdefault(target, f"{path.relative_to(ROOT.parent)}:{line}")
    return edges


def cycles(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layers(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """Components by layer: each one above everything it imports (only meaningful without cycles)."""
    level: dict[str, int] = {}

    def depth(node: str) -> int:
        if node not in level:
            level[node] = 0
            level[node] = 1 + max((depth(n) for n in edges.get(node, {})), default=-1)
        return level[node]

    for node in edges:
        depth(node)
    by_level: dict[int, list[str]] = defaultdict(list)
    for node, lv in level.items():
        by_level[lv].append(node)
    return [sorted(by_level[lv]) for lv in sorted(by_level)]


def main() -> int:
    edges = graph()
    if "--edges" in sys.argv:
        for source in sorted(edges):
            for target, where in sorted(edges[source].items()):
                print(f"{source} -> {target}    ({where})")
    found = cycles(edges)
    if found:
        for group in found:
            members = set(group)
            print(f"import cycle among {', '.join(group)}:", file=sys.stderr)
            for source in group:
                for target, where in sorted(edges[source].items()):
                    if target in members:
                        print(f"  {source} -> {target}    ({where})", file=sys.stderr)
        return 1
    for number, names in enumerate(layers(edges)):
        print(f"layer {number}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
