"""Signed approvals: the person named as a release's approver signs it with their SSH key.

The hash chain of releases proves that nothing changed after a release was made, not who approved it: anyone
who can write to the folder can type `--approved-by`. A signature made with the approver's own SSH key can.
It is an SSH signature (the `SSHSIG` format git uses to sign commits, made by `ssh-keygen -Y sign` under the
namespace `playbook-release`), of a statement naming the release, its content hash and its approver; it is kept
beside the release as `releases/<version>.sig`. It is checked with the `sshsig` library (pure Python, over
`cryptography`), so that a build server needs no OpenSSH; signing uses `ssh-keygen`, which the approver has,
and which reads their passphrase or their agent as it always does.

`approvers.yml`, beside `site_config.yml`, lists who may approve: name, role, public key, and `until` for an
approver who no longer approves. With `require_signature: true` in `site_config.yml`, `release` refuses an
unsigned release or an approver not listed, and `verify` and `build` refuse a release whose signature is
missing, invalid, made by a key not listed (or listed for someone else), or made for other content.
"""
from __future__ import annotations

import base64
import hashlib
import subprocess
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .diagnostics import Diagnostic, PlaybookError, Report
from .schema_errors import parse
from .yaml_source import Source, parse_yaml

if TYPE_CHECKING:
    from .releases import Manifest, Release

APPROVERS = "approvers.yml"
NAMESPACE = "playbook-release"
SUFFIX = ".sig"


class Approver(BaseModel):
    """A person who may approve releases, and the public half of their SSH key."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    key: str = Field(min_length=1)
    until: Optional[date] = None  # the last day they approve; their earlier signatures still hold

    @field_validator("key")
    @classmethod
    def _a_public_key(cls, value: str) -> str:
        from sshsig import PublicKey

        try:
            PublicKey.from_openssh_str(" ".join(value.split()[:2]))
        except Exception:  # the library raises what the key's decoding raised, which says nothing to an approver
            raise ValueError("this is not an SSH public key: copy the whole line of the .pub file, which starts "
                             "with ssh-ed25519 or ssh-rsa") from None
        return value

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.key)


class Approvers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    approvers: list[Approver] = Field(min_length=1)


def fingerprint_of(key: Any) -> str:
    """SHA256:… as ssh-keygen -l prints it: of a key line, of the key's bytes, or of a key of the sshsig library."""
    if isinstance(key, bytes):
        blob = key
    elif isinstance(key, str):
        blob = base64.b64decode(key.split()[1])
    else:
        blob = base64.b64decode(key.openssh_str().split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")


def statement(manifest: "Manifest") -> bytes:
    """What an approver signs: the release, its content hash (which seals its files, its approver, role and
    date, and the release before it) and the approver named."""
    return (f"playbook release {manifest.version}\ncontent {manifest.content_hash}\n"
            f"approved by {manifest.approved_by}, {manifest.role}, on {manifest.date.isoformat()}\n").encode("utf-8")


def signature_file(releases: Path, version: str) -> Path:
    return releases / f"{version}{SUFFIX}"


def load(root: Path) -> list[Approver]:
    """The approvers of the playbook in `root` ([] without approvers.yml); a located PlaybookError if unreadable."""
    path = root / APPROVERS
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError([Diagnostic("approvers", f"{APPROVERS} cannot be read: {exc}", APPROVERS,
                                        hint="fix the file: a list 'approvers' of name, role and key")]) from None
    source = parse_yaml(text, Source(path=path, display=APPROVERS))  # a located PlaybookError if not YAML
    report = Report()
    approvers = parse(source, Approvers, report)
    if approvers is None:
        raise PlaybookError(report.items)
    return list(approvers.approvers)


def sign(key_file: Path, message: bytes) -> str:
    """Sign `message` with the private key `key_file` (or the public one, whose private key an agent holds)."""
    if not key_file.is_file():
        raise PlaybookError([Diagnostic("sign-key", f"there is no key file {key_file}",
                                        hint="give --sign the path of your private SSH key, such as ~/.ssh/id_ed25519")])
    try:
        done = subprocess.run(["ssh-keygen", "-Y", "sign", "-f", str(key_file), "-n", NAMESPACE], input=message,
                              capture_output=True, timeout=300)
    except FileNotFoundError:
        raise PlaybookError([Diagnostic("sign-tool", "ssh-keygen is not installed on this computer",
                                        hint="install OpenSSH (it comes with git on Windows), then sign again")]) from None
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        reason = " ".join(done.stderr.decode("utf-8", "replace").split()) or f"exit code {done.returncode}"
        raise PlaybookError([Diagnostic("sign-failed", f"ssh-keygen could not sign with {key_file}: {reason}",
                                        hint="check the key's path and its passphrase")])
    return done.stdout.decode("ascii")


def signer(manifest: "Manifest", armored: str, approvers: list[Approver]) -> tuple[Approver | None, str]:
    """Who signed `armored` for this release, among `approvers`: (the approver, "") or (None, why not)."""
    from sshsig import InvalidSignature, check_signature

    try:
        key = check_signature(statement(manifest), armored, NAMESPACE)
    except (InvalidSignature, ValueError, NotImplementedError):
        return None, "the signature does not match this release: it was made for other content, or damaged"
    listed = [a for a in approvers if fingerprint_of(a.key) == fingerprint_of(key)]
    if not listed:
        return None, f"the signature was made with a key that is not in {APPROVERS} ({fingerprint_of(key)})"
    named = [a for a in listed if a.name == manifest.approved_by]
    if not named:
        return None, (f"the release names {manifest.approved_by} as its approver, but it was signed with the key of "
                      f"{listed[0].name}")
    if named[0].until is not None and manifest.date > named[0].until:
        return None, f"{named[0].name} approves releases until {named[0].until.isoformat()} only"
    return named[0], ""


def check(root: Path, releases: list["Release"], required: bool) -> list[Diagnostic]:
    """The problems of the releases' signatures: a signature that does not hold, and (when `required`) a
    release without one."""
    folder = root / "releases"
    present = [r for r in releases if signature_file(folder, r.version).is_file()]
    if not present and not required:
        return []
    try:
        approvers = load(root)
    except PlaybookError as exc:
        return exc.diagnostics
    problems = []
    for release in releases:
        path = signature_file(folder, release.version)
        where = f"releases/{path.name}"
        if not path.is_file():
            if required:
                problems.append(Diagnostic("signature-missing", f"release {release.version} is not signed", where,
                                           hint=f"its approver signs it: playbook sign {release.version} --key "
                                                "~/.ssh/id_ed25519"))
            continue
        armored = path.read_text(encoding="ascii", errors="replace")
        _, why = signer(release.manifest, armored, approvers)
        if why:
            problems.append(Diagnostic("signature-invalid", f"release {release.version}: {why}", where,
                                       hint=f"restore {where} from version control, or have the approver sign again"))
    return problems


def described(releases: Path, version: str) -> str:
    """How a release's signature reads on its approval page: the signer's name and key fingerprint, or ''
    (approvers.yml, beside the releases folder, is read only for a release that has a signature)."""
    path = signature_file(releases, version)
    if not path.is_file():
        return ""
    approvers = load(releases.parent)
    from sshsig import InvalidSignature
    from sshsig.sshsig import SshsigSignature

    try:
        key = SshsigSignature.from_armored(path.read_text(encoding="ascii", errors="replace")).public_key
    except (InvalidSignature, ValueError, NotImplementedError):
        return ""
    names = [a.name for a in approvers if fingerprint_of(a.key) == fingerprint_of(bytes(key))]
    return f"{names[0] if names else '?'} ({fingerprint_of(bytes(key))})"
