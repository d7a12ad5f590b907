"""playbook check: load and validate, build nothing."""
from __future__ import annotations

from pathlib import Path

from .. import approval_only, project
from .. import build as engine
from ..load import CONFIG_FILE, load_yaml


def run(root: Path, release_of: Path | None = None) -> project.Checked:
    """The playbook in `root`, checked in every language (see project.check), with a warning for every release
    that today's playbook would publish as its approval page alone (approved under an earlier format), and for
    what the engine chosen in site_config.yml leaves out of the site."""
    checked = project.check(root, release_of)
    if release_of is None:
        checked.warnings = checked.warnings + approval_only.warnings(root.resolve())
        # what the chosen engine leaves out of the site, told before anyone builds it
        checked.warnings += engine.gaps(checked.playbook.config.engine, load_yaml(root / CONFIG_FILE, CONFIG_FILE),
                                       checked.languages)
    return checked
