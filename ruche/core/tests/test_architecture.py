"""The shape of the code, checked like its behaviour (the layers between apps are import-linter's
contracts in pyproject.toml, run by ``make lint``).

- No ``import`` inside a function: an import hidden in a function body is how a cycle between
  modules goes unnoticed. Allowed only where Django or the tools need it: ``apps.py``
  (``ready()``), migrations, tests, the benchmarks (``ruche/bench``, which start servers and
  import what they measure late) and ``ruche/settings.py``.
- No module over 600 lines, but the demo's data and seed files, which are long lists of
  sentences and rows rather than logic, and the generated migrations.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the ``ruche`` package
MAX_LINES = 600

# Where an import inside a function is allowed.
LATE_IMPORTS_ALLOWED_DIRS = {"migrations", "tests"}
LATE_IMPORTS_ALLOWED_FILES = {"apps.py"}
LATE_IMPORTS_ALLOWED_PATHS = {"settings.py", "bench"}

# Modules allowed to be longer than MAX_LINES (migrations are generated and not listed).
LONG_MODULES_ALLOWED = {
    "demo/data.py",
    "demo/forum_data.py",
    "demo/ideas_data.py",
    "demo/forum_seed.py",
    "demo/ideas_seed.py",
}


def _modules() -> list[Path]:
    return sorted(path for path in ROOT.rglob("*.py") if "__pycache__" not in path.parts)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _late_imports_allowed(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return (
        bool(LATE_IMPORTS_ALLOWED_DIRS & set(relative.parts[:-1]))
        or relative.name in LATE_IMPORTS_ALLOWED_FILES
        or relative.parts[0] in LATE_IMPORTS_ALLOWED_PATHS
    )


class _LateImports(ast.NodeVisitor):
    def __init__(self) -> None:
        self.depth = 0
        self.found: list[tuple[int, str]] = []

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = _function  # noqa: N815 (ast.NodeVisitor's naming)
    visit_AsyncFunctionDef = _function  # noqa: N815
    visit_Lambda = _function  # noqa: N815

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if self.depth:
            self.found.append((node.lineno, ast.unparse(node)))

    visit_Import = _import  # noqa: N815
    visit_ImportFrom = _import  # noqa: N815


def late_imports(source: str) -> list[tuple[int, str]]:
    visitor = _LateImports()
    visitor.visit(ast.parse(source))
    return visitor.found


def test_the_checker_finds_imports_in_functions_and_methods():
    source = (
        "import os\n"
        "def f():\n    import json\n"
        "class A:\n    def m(self):\n        from x import y\n"
        "async def g():\n    import re\n"
    )
    assert [line for line, _text in late_imports(source)] == [3, 6, 8]


def test_no_import_inside_a_function():
    found = [
        f"{_relative(path)}:{line}: {text}"
        for path in _modules()
        if not _late_imports_allowed(path)
        for line, text in late_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Imports inside functions (move them to the top of the module):\n" + (
        "\n".join(found)
    )


def test_no_module_over_600_lines():
    long = [
        f"{_relative(path)}: {count} lines"
        for path in _modules()
        if "migrations" not in path.parts and _relative(path) not in LONG_MODULES_ALLOWED
        for count in [len(path.read_text(encoding="utf-8").splitlines())]
        if count > MAX_LINES
    ]
    assert not long, f"Modules over {MAX_LINES} lines (split them into a package):\n" + "\n".join(
        long
    )


def test_the_allowed_long_modules_still_exist():
    # An exemption outliving its file would silently allow the next one of that name.
    missing = [name for name in LONG_MODULES_ALLOWED if not (ROOT / name).exists()]
    assert not missing
