"""playbook release: freeze the current content as an approved release."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from .. import changelog, project, releases
from ..diagnostics import Diagnostic, PlaybookError


def run(root: Path, version: str, approved_by: str, role: str, when: date | None = None,
        warn: Callable[[list[Diagnostic]], object] = lambda warnings: None) -> releases.Release:
    """Validate the content, then freeze it as `version`; refuses with an explanation otherwise.

    The warnings of the content (a missing translation, an overdue audit...) are handed to `warn` first: the
    release goes ahead, but the approver sees what it contains. Refused while another release runs."""
    root = root.resolve()
    # one release at a time: two at once would chain to the same parent and break the chain for good
    with releases.locked(root, "release"):
        releases.remove_leftovers(root)  # the lock proves that their release is dead
        problems = releases.verify(root)
        if problems:
            raise PlaybookError(problems + [Diagnostic("release-refused", "no new release while an approved one "
                                                       "is damaged", hint="run 'playbook verify' and restore the files")])
        current = project.check(root)
        warn(current.warnings)
        existing = releases.list_releases(root)
        changes = changelog.all_lines(project.check(existing[-1].folder, root), current, root) if existing else []
        content_dir = root / current.playbook.config.content_dir
        return releases.create(root, content_dir, version, approved_by, role, when or date.today(), changes)
