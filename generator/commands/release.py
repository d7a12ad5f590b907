"""playbook release: freeze the current content as an approved release."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable

from .. import approval_only, builder, changelog, project, releases, signatures
from ..audience import TEAM
from ..diagnostics import Diagnostic, PlaybookError
from ..versions import VersionInfo
from ..message import Message


def run(root: Path, version: str, approved_by: str, role: str, when: date | None = None,
        warn: Callable[[list[Diagnostic]], object] = lambda warnings: None, key: Path | None = None) -> releases.Release:
    """Validate the content, then freeze it as `version`, with its PDF; refuses with an explanation otherwise.

    The warnings of the content (a missing translation, an overdue audit...) are handed to `warn` first: the
    release goes ahead, but the approver sees what it contains. Refused while another release runs.
    With `key`, the approver signs it with that SSH key (signatures.py); refused if the key is not theirs."""
    root = root.resolve()
    # one release at a time: two at once would chain to the same parent and break the chain for good
    with releases.locked(root, "release"):
        releases.remove_leftovers(root)  # the lock proves that their release is dead
        problems = releases.verify(root)
        if problems:
            raise PlaybookError(problems + [Diagnostic("release-refused",
                                                       Message("release-refused.no-new-release-while-an"),
                                                       hint=Message("release-refused.run-playbook-verify-and-restore"))])
        current = project.check(root)
        when = when or date.today()
        sealed = _approver(root, approved_by.strip(), when, key, current.playbook.config.require_signature)
        warn(current.warnings)
        existing = releases.list_releases(root)
        changes = _changes_since(root, existing[-1], current) if existing else []
        content_dir = root / current.playbook.config.content_dir
        info = VersionInfo(name=version, state="current", approved_by=approved_by.strip(), role=role.strip(),
                           date=when.isoformat(), previous=existing[-1].version if existing else "",
                           chained_to=existing[-1].version if existing else "", changes=tuple(changes))
        return releases.create(root, content_dir, version, approved_by, role, when, changes,
                               seal=lambda folder: _pdf(root, current, info, folder), approver=sealed,
                               sign=None if key is None else lambda manifest: _signed(root, manifest, key))


def _approver(root: Path, approved_by: str, when: date, key: Path | None, required: bool) -> signatures.Sealed | None:
    """The entry of approvers.yml that allows `approved_by` on `when`, to be sealed in the release (None when none
    does); refuses early what cannot be signed as asked."""
    approvers = signatures.load(root)
    if required and key is None:
        raise PlaybookError([Diagnostic("signature-required",
                                        Message("signature-required.this-playbook-requires-every-release"),
                                        "site_config.yml",
                                        hint=Message("signature-required.the-approver-runs-the-release"))])
    why = signatures.not_allowed(approvers, approved_by, when)
    if (required or key is not None) and why:
        raise PlaybookError([Diagnostic("approver-unknown", why, signatures.APPROVERS,
                                        hint=Message("approver-unknown.add-them-with-their-role"))])
    allowing = signatures.allowing(approvers, approved_by, when)
    return signatures.seal(allowing) if allowing else None


def _signed(root: Path, manifest: releases.Manifest, key: Path) -> str:
    """The approver's signature of the release, checked against the key it seals before the release is made."""
    signature = signatures.sign(key, signatures.statement(manifest))
    why, _ = signatures.refusal(manifest, signature, lambda: signatures.load(root))
    if why:
        raise PlaybookError([Diagnostic("signature-refused", Message("signature-refused.release-was-not-made",
                                                                     version=manifest.version, why=why),
                                        signatures.APPROVERS,
                                        hint=Message("signature-refused.sign-with-the-key-listed"))])
    return signature


def _changes_since(root: Path, last: releases.Release, current: project.Checked) -> list[str]:
    """The changes sealed in the manifest; a last release approved under an earlier format cannot be compared."""
    try:
        before = project.check(last.folder, root)
    except PlaybookError:
        return [approval_only.not_comparable(last.version, current.playbook.config.language)]
    return changelog.all_lines(before, current, root)


def _pdf(root: Path, current: project.Checked, info: VersionInfo, folder: Path) -> None:
    """The release's PDF, for the team, in its main language, printed from its pages built as a build builds them
    with the theme being frozen, written into the release folder so that the manifest seals it: the approved text
    stays readable whatever the playbook that builds it later can read."""
    name = approval_only.pdf_name(info.name)
    with tempfile.TemporaryDirectory(prefix="playbook-release-") as work:
        site = Path(work) / "site"
        builder.build_into(root, current, site, replace(info, pdf=name), audience=TEAM,
                           language=current.playbook.config.language, engine_name=current.playbook.config.engine)
        shutil.copyfile(site / name, folder / name)
