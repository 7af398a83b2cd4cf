#!/usr/bin/env python3
"""Count the assertions the test suite makes, per file and in total.

    python3 scripts/count_assertions.py            # collects with pytest, then counts
    python3 scripts/count_assertions.py --per-test # one line a test function too

For each test function in tests/ (module-level `test_*` and methods of
`Test*` classes) the count is

    (assert statements + pytest.raises/pytest.warns calls in its body
     + the same in helper functions of its module that it calls directly)
    x (the pytest items collected for it: its parametrized cases)

An assert inside a loop counts once: the number is of places that assert,
multiplied by the cases pytest runs them for. It is a measure for keeping
a refactor of the tests honest (the total must not fall), not of coverage.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CHECKS = {"raises", "warns"}


def _is_check_call(node: ast.AST) -> bool:
    """`pytest.raises(...)` / `pytest.warns(...)` (also bare `raises(...)` if imported so)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr in CHECKS and isinstance(func.value, ast.Name) and func.value.id == "pytest"
    return isinstance(func, ast.Name) and func.id in CHECKS


def own_checks(func: ast.AST) -> int:
    """Asserts and pytest.raises/warns calls anywhere in `func`'s body."""
    return sum(isinstance(node, ast.Assert) or _is_check_call(node) for node in ast.walk(func))


def called_names(func: ast.AST) -> set[str]:
    return {node.func.id for node in ast.walk(func)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def module_counts(path: Path) -> dict[str, int]:
    """{"test_name" or "TestClass::test_name": assertions of one run of it} for a test module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    helpers = {f.name: own_checks(f) for f in functions if not f.name.startswith("test")}
    tests: dict[str, ast.AST] = {f.name: f for f in functions if f.name.startswith("test")}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.startswith("Test")):
        for f in cls.body:
            if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and f.name.startswith("test"):
                tests[f"{cls.name}::{f.name}"] = f
    return {name: own_checks(f) + sum(helpers.get(c, 0) for c in called_names(f) if c in helpers)
            for name, f in tests.items()}


def collected(paths: list[str] | None = None) -> Counter:
    """{("tests/test_x.py", "test_name" or "TestClass::test_name"): items collected}."""
    cmd = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
           *(paths or [str(TESTS.relative_to(ROOT))])]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False).stdout
    items: Counter = Counter()
    for line in out.splitlines():
        if "::" not in line or line.startswith(" "):
            continue
        file, _, rest = line.partition("::")
        items[(file, rest.split("[", 1)[0])] += 1
    if not items:
        sys.exit(f"pytest collected nothing:\n{out[-2000:]}")
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-test", action="store_true", help="print each test function's count too")
    args = parser.parse_args()
    items = collected()
    per_file: Counter = Counter()
    for path in sorted(TESTS.glob("test_*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for name, checks in module_counts(path).items():
            n = items.get((rel, name), 0)
            per_file[rel] += checks * n
            if args.per_test:
                print(f"  {rel}::{name}: {checks} x {n} = {checks * n}")
    for rel, total in sorted(per_file.items()):
        print(f"{total:6d}  {rel}")
    print(f"{sum(per_file.values()):6d}  total ({sum(items.values())} items collected)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
