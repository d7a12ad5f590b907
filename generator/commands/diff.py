"""playbook diff: what changed between two releases, or a release and the draft, in the charter's terms."""
from __future__ import annotations

from pathlib import Path

from .. import releases
from ..changes import compare, describe
from ..diagnostics import Diagnostic, PlaybookError
from ..model import Playbook
from ..render import load_strings
from . import build, check

DRAFT = "draft"


def playbook_at(root: Path, version: str) -> Playbook:
    """The playbook of a release, or of the working content for 'draft'."""
    if version == DRAFT:
        return check.run(root).playbook
    known = releases.list_releases(root)
    for release in known:
        if release.version == version:
            return check.run(release.folder, root).playbook
    names = ", ".join([r.version for r in known] + [DRAFT])
    raise PlaybookError([Diagnostic("unknown-release", f"there is no release '{version}'",
                                    hint=f"the versions are: {names}")])


def lines(old: Playbook, new: Playbook, root: Path) -> list[str]:
    """The changes from `old` to `new`, one sentence each, in the language of `new`."""
    strings = load_strings(new.lang, build.user_theme(root, new.config.theme_dir))
    return [describe(change, strings) for change in compare(old, new, strings)]


def run(root: Path, old: str, new: str) -> list[str]:
    root = root.resolve()
    return lines(playbook_at(root, old), playbook_at(root, new), root)
