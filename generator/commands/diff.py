"""playbook diff: what changed between two releases, or a release and the draft, in the charter's terms."""
from __future__ import annotations

from pathlib import Path

from .. import changelog, project


def run(root: Path, old: str, new: str) -> list[str]:
    root = root.resolve()
    return changelog.all_lines(project.checked_at(root, old), project.checked_at(root, new), root)
