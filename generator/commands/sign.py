"""playbook sign: the approver of a release signs it afterwards with their SSH key."""
from __future__ import annotations

from pathlib import Path

from .. import releases, signatures
from ..diagnostics import Diagnostic, PlaybookError
from ..message import Message


def run(root: Path, version: str, key: Path) -> Path:
    """Sign release `version` with `key`, which must be the key its manifest seals for its approver (for a release
    made before approvers were sealed, the key approvers.yml lists for them)."""
    root = root.resolve()
    with releases.locked(root, "sign"):
        found = {r.version: r for r in releases.list_releases(root)}
        if version not in found:
            raise PlaybookError([Diagnostic("sign-version", Message("sign-version.there-is-no-release",
                                                                    version=version),
                                            hint=Message("sign-version.releases",
                                                         versions=', '.join(found) or 'none yet'))])
        release = found[version]
        problems = [p for p in releases.verify(root) if p.code != "signature-missing"]
        if problems:
            raise PlaybookError(problems + [Diagnostic("sign-refused", Message("sign-refused.a-damaged-release-is-not"),
                                                       hint=Message("release-refused.run-playbook-verify-and-restore"))])
        target = signatures.signature_file(releases.releases_dir(root), version)
        if target.exists():
            raise PlaybookError([Diagnostic("sign-exists", Message("sign-exists.release-is-signed-already",
                                                                   version=version),
                                            f"releases/{target.name}",
                                            hint=Message("sign-exists.to-sign-it-again-remove"))])
        signature = signatures.sign(key, signatures.statement(release.manifest))
        why, _ = signatures.refusal(release.manifest, signature, lambda: signatures.load(root))
        if why:
            sealed = release.manifest.approver
            raise PlaybookError([Diagnostic(
                "signature-refused", Message("signature-refused.release-was-not-signed", version=version, why=why),
                f"releases/{version}/manifest.json" if release.manifest.seals_approver else signatures.APPROVERS,
                hint=Message("signature-refused.sign-with-the-key-the", name=sealed.name,
                             fingerprint=sealed.fingerprint,
                             file=signatures.APPROVERS) if sealed else Message("signature-refused.sign-with-the-key-listed-2"))])
        target.write_text(signature, encoding="ascii", newline="\n")
        return target
