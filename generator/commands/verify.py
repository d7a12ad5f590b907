"""playbook verify: check every frozen release against its manifest."""
from __future__ import annotations

from pathlib import Path

from .. import releases
from ..diagnostics import PlaybookError


def run(root: Path) -> list[releases.Release]:
    """The releases, all intact; raises PlaybookError naming every changed, missing or added file."""
    root = root.resolve()
    releases.clean_leftovers(root, "verify")  # a killed release's staging folder is no damage: it is removed
    problems = releases.verify(root)
    if problems:
        raise PlaybookError(problems)
    return releases.list_releases(root)
