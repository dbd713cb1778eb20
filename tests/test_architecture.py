"""The shape of the package: four rooms that import one way, and no circles.

    schema · periods · errors · messages  (the shared vocabulary)
    io  →  measures  →  present  →  reports  →  cli

Every import in `finsam_analysis/` (at the top of a module or inside a function) is read
from the source. A room may import the shared vocabulary and the rooms to its left, never a
room to its right; `sample.py` (the synthetic data generator) uses io and measures only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "finsam_analysis"
SHARED = {"schema", "periods", "errors", "messages", "__init__"}
ORDER = {"shared": 0, "io": 1, "measures": 2, "present": 3, "reports": 4, "cli": 5}
ALLOWED = {"sample": {"shared", "io", "measures"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def room(module: str) -> str:
    parts = module.split(".")[1:]  # drop "finsam_analysis"
    if not parts or parts[0] in SHARED:
        return "shared"
    return parts[0]


def imports_of(path: Path) -> set[str]:
    """The package modules `path` imports, as dotted names (relative imports resolved)."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("finsam_analysis")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("finsam_analysis"):
                continue
            for alias in node.names:  # `from .measures import ors` imports a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    return found


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def violations(edges: dict[str, set[str]]) -> list[str]:
    out = []
    for source, targets in edges.items():
        src_room = room(source)
        allowed = ALLOWED.get(source.split(".")[-1]) if src_room == "sample" else None
        for target in targets:
            tgt_room = room(target)
            if allowed is not None:
                if tgt_room not in allowed:
                    out.append(f"{source} → {target} (sample uses io and measures only)")
            elif tgt_room == "sample":
                if src_room != "cli":
                    out.append(f"{source} → {target} (only the CLI runs the generator)")
            elif ORDER[tgt_room] > ORDER[src_room]:
                out.append(f"{source} → {target} ({src_room} may not import {tgt_room})")
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle between package modules (a package's __init__ importing its own
    modules is not one)."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges or node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_every_module_lives_in_a_room():
    for module in graph():
        assert room(module) in ORDER or room(module) == "sample", module


def test_imports_run_one_way():
    assert violations(graph()) == []


def test_no_import_circles():
    assert cycles(graph()) == []


@pytest.mark.parametrize("edge, expected", [
    (("finsam_analysis.measures.outcomes", "finsam_analysis.present.tables"), 1),
    (("finsam_analysis.io.load", "finsam_analysis.measures.outcomes"), 1),
    (("finsam_analysis.present.tables", "finsam_analysis.reports.report"), 1),
    (("finsam_analysis.sample", "finsam_analysis.present.labels"), 1),
    (("finsam_analysis.reports.report", "finsam_analysis.measures.outcomes"), 0),
    (("finsam_analysis.measures.ors", "finsam_analysis.schema"), 0),
])
def test_the_contract_catches_an_import_that_runs_back(edge, expected):
    source, target = edge
    assert len(violations({source: {target}})) == expected


def test_the_contract_catches_a_circle():
    edges = {"finsam_analysis.io.load": {"finsam_analysis.io.cache"},
             "finsam_analysis.io.cache": {"finsam_analysis.io.load"}}
    assert cycles(edges)
