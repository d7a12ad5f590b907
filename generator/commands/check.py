"""playbook check: load and validate, build nothing."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load import load_project
from ..model import Playbook
from ..validate import validate


@dataclass
class Checked:
    playbook: Playbook
    warnings: list[Diagnostic]


def run(root: Path, project: Path | None = None) -> Checked:
    """Validate the playbook in `root`; raises PlaybookError listing every problem.

    With `project`, `root` is a frozen release of that project: its files are named from the
    project's folder, and the folders of the working copy (output, theme) are not its concern.
    """
    playbook, warnings = validate(load_project(root, shown_from=project), frozen=project is not None)
    return Checked(playbook, warnings)
