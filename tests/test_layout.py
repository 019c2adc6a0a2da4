"""The package's shape: three wings over one floor, readable by a newcomer.

Read from the source with :mod:`ast` (nothing is imported): every import
between spindetect's modules, top-level or inside a function, is an edge.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import spindetect

PACKAGE = Path(spindetect.__file__).parent

#: Longest module a reader is asked to hold (ARCHITECTURE.md: about 700).
MAX_LINES = 700
#: Longest chain of imports between the package's modules.
MAX_DEPTH = 7

#: Each wing sits over the floor and does not reach into another wing.
FLOOR = ("spindetect._version", "spindetect.text", "spindetect.files", "spindetect.results", "spindetect.resources")
WINGS = ("spindetect.scoring", "spindetect.scanning", "spindetect.screening")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.lru_cache(maxsize=1)
def _graph() -> dict[str, set[tuple[str, str]]]:
    """module -> {(imported module, imported name or "")}."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[tuple[str, str]]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[tuple[str, str]] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # imports for type annotations only are not run: not an edge
        typing_only = {
            id(n)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
            for stmt in block.body
            for n in ast.walk(stmt)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("spindetect"):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in modules:  # `from pkg import module`
                        edges.add((sub, ""))
                    else:
                        edges.add((target, alias.name))
            elif isinstance(node, ast.Import):
                edges.update((a.name, "") for a in node.names if a.name.startswith("spindetect"))
        graph[name] = {(t, n) for t, n in edges if t != name}
    return graph


def _deps(name: str) -> set[str]:
    # importing a package's name goes through its __init__; the package
    # itself re-exports only, so it is left out of the cycles below it
    return {t for t, _ in _graph()[name] if t in _graph() and t != "spindetect"}


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in sorted(_deps(node)):
            if dep.startswith(node + "."):  # a package importing its own modules
                continue
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_no_module_imports_another_modules_private_names():
    private = sorted(
        (name, f"{target}.{imported}")
        for name, edges in _graph().items()
        for target, imported in edges
        if imported.startswith("_") and imported != "__version__"
    )
    assert not private, private


def test_the_import_chain_is_short():
    @functools.cache
    def depth(name: str) -> int:
        deps = [d for d in _deps(name) if not d.startswith(name + ".")]
        return 1 + max((depth(d) for d in deps), default=0)

    # `python -m spindetect` runs __main__, which only calls the CLI: an
    # entry point nothing imports, so it adds no level to read
    deepest = max((m for m in _graph() if m != "spindetect.__main__"), key=depth)
    assert depth(deepest) <= MAX_DEPTH, (deepest, depth(deepest))


def test_wings_stand_on_the_floor_only():
    """The floor imports no wing; scoring and scanning import no other wing
    (screening runs the other two, and estimators/cli sit on top)."""
    bad = []
    for name in _graph():
        deps = _deps(name)
        if name.startswith(FLOOR):
            bad += [(name, d) for d in deps if d.startswith(WINGS)]
        for wing in ("spindetect.scoring", "spindetect.scanning"):
            if name.startswith(wing):
                bad += [(name, d) for d in deps if d.startswith(WINGS) and not d.startswith(wing)]
    assert not bad, bad


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_no_module_is_named_like_a_public_function():
    functions = {n for n in spindetect.__all__ if callable(getattr(spindetect, n)) and n[0].islower()}
    names = {p.stem for p in PACKAGE.rglob("*.py")} | {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert not functions & names, functions & names


def test_the_package_reexports_only():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "ImportFrom", "Assign"}, kinds
    assert spindetect.__all__ == sorted(spindetect.__all__, key=str)
