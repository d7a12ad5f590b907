"""playbook check: load and validate, build nothing."""
from __future__ import annotations

from pathlib import Path

from .. import approval_only, project


def run(root: Path, release_of: Path | None = None) -> project.Checked:
    """The playbook in `root`, checked in every language (see project.check), with a warning for every release
    that today's playbook would publish as its approval page alone (approved under an earlier format)."""
    checked = project.check(root, release_of)
    if release_of is None:
        checked.warnings = checked.warnings + approval_only.warnings(root.resolve())
    return checked
