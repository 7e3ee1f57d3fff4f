"""The shape of the code: imports go one way, and every package shows its face.

Imports are read with ``ast`` (never run), every import counted: at module level, inside
functions and under ``if TYPE_CHECKING``. A cycle, even one hidden in a function, fails;
so does ``graph`` importing ``streamlit`` or ``explorer`` (the library never draws). The
packages of ``graph`` depend on one another one way too (a package's ``__init__`` runs
before any of its modules, so a cycle between packages is a cycle all the same). And one
rule of the pages read the same way: no download reruns its page.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "explorer")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module of ours (or ``streamlit``) that ``name`` imports, wherever the import stands."""
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")[: None if is_package else -1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:  # ``from a.b import c`` runs a.b (and c, if it is a module)
            if target.split(".")[0] == "streamlit":
                found.add("streamlit")
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_circle():
    assert _cycles(GRAPH) == []


def test_the_packages_of_the_library_depend_one_way():
    def room(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2]) if parts[0] == "graph" and len(parts) > 1 else parts[0]

    rooms: dict[str, set[str]] = {}
    for module, imported in GRAPH.items():
        if module in ("graph", "explorer"):  # the faces of the whole: they import what they show
            continue
        for other in imported - {"streamlit"}:
            if room(other) != room(module) and other not in ("graph", "explorer"):
                rooms.setdefault(room(module), set()).add(room(other))
    assert _cycles(rooms) == []


def test_the_library_never_imports_streamlit_or_the_explorer():
    for module, imported in GRAPH.items():
        if module.startswith("graph"):
            assert not {i for i in imported if i == "streamlit" or i.startswith("explorer")}, module


def test_the_circle_finder_finds_a_circle_hidden_in_a_function(tmp_path):
    hidden = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(hidden) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "package", sorted(name for name, path in MODULES.items() if path.name == "__init__.py")
)
def test_every_package_says_what_it_is_and_what_it_offers(package):
    module = importlib.import_module(package)
    assert (module.__doc__ or "").strip(), f"{package} has no docstring"
    if package.count(".") == 1:  # the rooms of graph/ and explorer/: a face with __all__
        offered = getattr(module, "__all__", None)
        assert offered, f"{package} has no __all__"
        assert all(hasattr(module, name) for name in offered), package


def test_at_most_eight_modules_stand_directly_in_graph():
    assert len(list((ROOT / "graph").glob("*.py"))) <= 8


def test_no_download_button_reruns_its_page():
    """A download hands over what the page has already made, so clicking it has no reason to
    run the page again (Streamlit's default): that run redraws the page, for a moment with its
    buttons twice, under the reader's next click (CI's browser test met both copies)."""
    rerunning = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "download_button":
                given = {k.arg: k.value for k in node.keywords}
                if not (
                    isinstance(given.get("on_click"), ast.Constant) and given["on_click"].value == "ignore"
                ):
                    rerunning.append(f"{name}:{node.lineno}")
    assert rerunning == []
