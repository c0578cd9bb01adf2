"""Documentation links stay inside the repository: every Markdown link in README.md and
docs/ names a file that exists here (anchors allowed), and none leaves the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)\s]+)\)")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_documentation_link_resolves_inside_the_repository():
    broken = []
    for document in documents():
        for target in LINK.findall(document.read_text(encoding="utf-8")):
            path = target.split("#", 1)[0]
            if re.match(r"[a-z]+:", target):
                broken.append(f"{document.name}: {target} leaves the repository")
            elif path and not (document.parent / path).resolve().is_relative_to(ROOT):
                broken.append(f"{document.name}: {target} points outside the repository")
            elif path and not (document.parent / path).exists():
                broken.append(f"{document.name}: {target} does not exist")
    assert not broken, "\n".join(broken)
