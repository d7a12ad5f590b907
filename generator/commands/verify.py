"""playbook verify: check every frozen release against its manifest."""
from __future__ import annotations

from pathlib import Path

from .. import approval_only, releases
from ..diagnostics import Diagnostic
from ..diagnostics import PlaybookError


def run(root: Path, record_anchor: bool = False) -> list[releases.Release]:
    """The releases, all intact; raises PlaybookError naming every changed, missing or added file.

    With `record_anchor`, releases made before the anchor existed are anchored, once verified."""
    root = root.resolve()
    releases.clean_leftovers(root, "verify")  # a killed release's staging folder is no damage: it is removed
    if record_anchor:
        with releases.locked(root, "verify"):
            return releases.anchor_existing(root)
    problems = releases.verify(root)
    if problems:
        raise PlaybookError(problems)
    return releases.list_releases(root)


def warnings(root: Path) -> list[Diagnostic]:
    """Intact releases that today's playbook can no longer show, approved under an earlier format: each is published
    as its approval page alone."""
    return approval_only.warnings(root.resolve())
