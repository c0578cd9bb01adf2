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


# Reading the time anywhere but core.clock would escape the tests' frozen clock.
_CLOCK_READS = {("timezone", "now"), ("date", "today"), ("datetime", "now"), ("datetime", "today")}


def clock_reads(source: str) -> list[int]:
    """Lines calling ``timezone.now()``, ``date.today()`` or ``datetime.now()`` (also as
    ``datetime.date.today()``); a default such as ``default=timezone.now`` is not a call."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in _CLOCK_READS:
                found.append(node.lineno)
    return found


def test_the_walker_sees_every_way_of_asking_the_time():
    source = (
        "timezone.now()\ndatetime.date.today()\nx = datetime.datetime.now(tz)\nf(timezone.now)\n"
    )
    assert clock_reads(source) == [1, 2, 3]


def test_only_the_clock_asks_what_time_it_is():
    apps = ("core", "agencies", "indicators", "tasks", "notifications", "api", "ipplan")
    reads = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in apps
        for path in sorted((ROOT / app).rglob("*.py"))
        if path != ROOT / "core" / "clock.py" and "migrations" not in path.parts
        for line in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert reads == []
