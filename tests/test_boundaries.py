"""The layers ipplan is built in, read from the imports themselves.

core ← agencies ← indicators ← tasks ← notifications, api: an app imports only the apps
below it. The bottom three are what the importer, the reporting workflow and the API stand
on; if one of them imported tasks, notifications or api, the cycle would be back (a model
change in tasks would break loading agencies). docs/architecture.md draws the picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# app → the project packages it must never import, however lazily (a function-level
# import is still a dependency).
FORBIDDEN = {
    "core": {"agencies", "indicators", "tasks", "notifications", "api"},
    "agencies": {"indicators", "tasks", "notifications", "api"},
    "indicators": {"tasks", "notifications", "api"},
}


def imported_packages(source: str) -> set[tuple[int, str]]:
    """(line, top-level package) for every absolute import in ``source``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name.split(".")[0]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


def test_the_walker_sees_module_level_and_lazy_imports():
    source = "import tasks.models\nfrom api import x\ndef f():\n    from notifications.a import b\n"
    assert {pkg for _, pkg in imported_packages(source)} == {"tasks", "api", "notifications"}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_never_imports_the_apps_above_it(app):
    files = sorted((ROOT / app).rglob("*.py"))
    assert files, f"{app}/ has no Python files"
    crossings = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in files
        for line, package in sorted(imported_packages(path.read_text(encoding="utf-8")))
        if package in FORBIDDEN[app]
    ]
    assert crossings == []
