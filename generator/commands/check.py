"""playbook check: load and validate, build nothing."""
from __future__ import annotations

from pathlib import Path

from .. import project


def run(root: Path, release_of: Path | None = None) -> project.Checked:
    """The playbook in `root`, checked in every language (see project.check)."""
    return project.check(root, release_of)
