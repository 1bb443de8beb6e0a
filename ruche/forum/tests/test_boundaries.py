"""The shape of the forum, search and ideas apps, read from their source: ideas reaches the forum
only through its public interface, the forum names no hosted kind and imports neither search
nor ideas, no import hides inside a function, no module is too long to read in one sitting."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RUCHE = Path(__file__).resolve().parents[2]
APPS = ("forum", "search", "ideas")
MAX_LINES = 600


def _modules(app: str) -> list[Path]:
    return [
        path
        for path in sorted((RUCHE / app).rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _imported(tree: ast.AST) -> list[str]:
    """Every module an import names (``from ruche.forum import threads`` → ruche.forum.threads)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize("path", _modules("ideas"), ids=lambda p: str(p.relative_to(RUCHE)))
def test_ideas_uses_only_the_forums_public_interface(path):
    # ideas/tasks.py belongs to the notifications' move (it is heard from there, not imported).
    if path.name == "tasks.py":
        pytest.skip("moved into ruche.notifications by the listeners' work")
    tree = ast.parse(path.read_text())
    reached = [
        name
        for name in _imported(tree)
        if name.startswith("ruche.forum")
        and not name.startswith(("ruche.forum.threads", "ruche.forum.verbs"))
    ]
    assert reached == []


@pytest.mark.parametrize(
    "path", _modules("forum") + _modules("search"), ids=lambda p: str(p.relative_to(RUCHE))
)
def test_the_forum_and_search_name_no_hosted_kind(path):
    tree = ast.parse(path.read_text())
    named = [
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.Constant) and node.value == "idea")
        or (isinstance(node, ast.Attribute) and node.attr == "IDEA")
    ]
    assert named == []
    if path.is_relative_to(RUCHE / "forum"):
        assert not [n for n in _imported(tree) if n.startswith(("ruche.search", "ruche.ideas"))]
    else:
        assert not [n for n in _imported(tree) if n.startswith("ruche.ideas")]


@pytest.mark.parametrize(
    "path", [p for app in APPS for p in _modules(app)], ids=lambda p: str(p.relative_to(RUCHE))
)
def test_no_import_inside_a_function_and_no_long_module(path):
    if path.name == "tasks.py" and path.parent.name == "ideas":
        pytest.skip("moved into ruche.notifications by the listeners' work")
    source = path.read_text()
    assert len(source.splitlines()) <= MAX_LINES
    if path.name == "apps.py":
        return  # AppConfig.ready imports what registers itself
    tree = ast.parse(source)
    hidden = [
        inner.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []
