"""The shape of the code, checked by reading it (with `ast`), not by running it.

- The domain package imports no MkDocs (hooks/site.py is the only adapter).
- No import circle between the package's modules.
- No module of the output side is over 300 lines.
- One Jinja environment and one date formatter.
- Every generator is registered exactly once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hooks" / "inspections"

#: The modules that turn derived data into pages and downloads.
OUTPUT_SIDE = ("outputs/", "build.py", "paths.py", "templating.py", "dates.py", "columns.py", "rows.py",
               "encode.py", "licence.py", "charts.py", "bar_charts.py", "timeline_chart.py", "hexmap.py",
               "pictures.py")
MAX_OUTPUT_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's own modules that `path` imports (relative or absolute)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import x` imports the module x
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
            if target in known and not any(f"{target}.{alias.name}" in known for alias in node.names):
                found.add(target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imports_of(path, known) for name, path in modules().items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_is_read():
    graph = import_graph()
    assert "inspections.outputs.pages" in graph
    assert "inspections.outputs.councils" in graph["inspections.outputs.pages"]
    assert "inspections.build" in graph["inspections.outputs.councils"]
    assert "inspections.schema" in graph["inspections.derive"]


def test_find_cycle_finds_a_circle_and_none_where_there_is_none():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_circle_in_the_package():
    assert find_cycle(import_graph()) is None


def test_the_domain_package_never_imports_mkdocs():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in ("mkdocs", "material", "properdocs") for n in names), path


@pytest.mark.parametrize("path", [p for p in sorted(PACKAGE.rglob("*.py"))
                                  if p.relative_to(PACKAGE).as_posix().startswith(OUTPUT_SIDE)],
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_output_modules_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_OUTPUT_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by what it makes"


def _calls(name: str) -> list[str]:
    """Where in the package a call to `name` (e.g. "Environment") is made."""
    out = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    out.append(path.relative_to(PACKAGE).as_posix())
    return out


def test_one_jinja_environment():
    assert _calls("Environment") == ["templating.py"]


def test_dates_are_formatted_in_one_place():
    """Month names come from dates.py only (strptime, which reads report dates, is not formatting)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "dates.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ("%B" in line or "%b" in line) and "strptime" not in line:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}")
    assert offenders == []


def test_every_generator_is_registered_once():
    """Each Page or Download a module of outputs/ defines is in a registry, once,
    and the registries hold nothing else."""
    import importlib

    from inspections.outputs import downloads, pages
    from inspections.outputs.generator import Download, Page

    registered = [*pages.PAGES, *downloads.DOWNLOADS]
    assert len({id(g) for g in registered}) == len(registered)
    labels = [g.label for g in registered]
    assert len(labels) == len(set(labels))
    defined = {}
    for path in sorted((PACKAGE / "outputs").glob("*.py")):
        module = importlib.import_module(f"inspections.outputs.{path.stem}")
        for name, value in vars(module).items():
            if isinstance(value, (Page, Download)):
                defined[id(value)] = f"{path.stem}.{name}"
    assert "neighbours.OUTPUT" in defined.values() and "tables.LATEST" in defined.values()
    assert set(defined) == {id(g) for g in registered}
