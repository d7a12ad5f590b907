"""playbook sign: the approver of a release signs it afterwards with their SSH key."""
from __future__ import annotations

from pathlib import Path

from .. import releases, signatures
from ..diagnostics import Diagnostic, PlaybookError


def run(root: Path, version: str, key: Path) -> Path:
    """Sign release `version` with `key`, which must be the key its manifest seals for its approver (for a release
    made before approvers were sealed, the key approvers.yml lists for them)."""
    root = root.resolve()
    with releases.locked(root, "sign"):
        found = {r.version: r for r in releases.list_releases(root)}
        if version not in found:
            raise PlaybookError([Diagnostic("sign-version", f"there is no release {version}",
                                            hint=f"releases: {', '.join(found) or 'none yet'}")])
        release = found[version]
        problems = [p for p in releases.verify(root) if p.code != "signature-missing"]
        if problems:
            raise PlaybookError(problems + [Diagnostic("sign-refused", "a damaged release is not signed",
                                                       hint="run 'playbook verify' and restore the files")])
        target = signatures.signature_file(releases.releases_dir(root), version)
        if target.exists():
            raise PlaybookError([Diagnostic("sign-exists", f"release {version} is signed already",
                                            f"releases/{target.name}",
                                            hint="to sign it again, remove that file first")])
        signature = signatures.sign(key, signatures.statement(release.manifest))
        why, _ = signatures.refusal(release.manifest, signature, lambda: signatures.load(root))
        if why:
            sealed = release.manifest.approver
            raise PlaybookError([Diagnostic(
                "signature-refused", f"release {version} was not signed: {why}",
                f"releases/{version}/manifest.json" if release.manifest.seals_approver else signatures.APPROVERS,
                hint=f"sign with the key the release seals for {sealed.name} ({sealed.fingerprint}), listed in "
                     f"{signatures.APPROVERS} when it was made" if sealed else "sign with the key listed for its approver")])
        target.write_text(signature, encoding="ascii", newline="\n")
        return target
