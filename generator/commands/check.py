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


def run(root: Path) -> Checked:
    """Validate the playbook in `root`; raises PlaybookError listing every problem."""
    playbook, warnings = validate(load_project(root))
    return Checked(playbook, warnings)
