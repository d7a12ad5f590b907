"""Signed approvals: the person named as a release's approver signs it with their SSH key.

The hash chain of releases proves that nothing changed after a release was made, not who approved it: anyone
who can write to the folder can type `--approved-by`. A signature made with the approver's own SSH key can.
It is an SSH signature (the `SSHSIG` format git uses to sign commits, made by `ssh-keygen -Y sign` under the
namespace `playbook-release`), of a statement naming the release, its content hash and its approver; it is kept
beside the release as `releases/<version>.sig`. It is checked with the `sshsig` library (pure Python, over
`cryptography`), so that a build server needs no OpenSSH; signing uses `ssh-keygen`, which the approver has,
and which reads their passphrase or their agent as it always does.

`approvers.yml`, beside `site_config.yml`, lists who may approve: name, role, public key, and `from` / `until`
for a key that approves only for some days (a key replaced: the old entry with `until`, the new one with `from`).
A release seals the entry that allows its approver on its date (name, role, the public key's line, its
fingerprint, its days) in its manifest, under its content hash, and `chain.json` records the key's fingerprint:
its signature is checked against that sealed key alone, so that an approvers.yml changed later neither breaks an
old release nor lets another key sign it. A release made before releases sealed their approver is checked
against today's approvers.yml, as it always was. With `require_signature: true` in `site_config.yml`, `release`
refuses an unsigned release or an approver not listed, and `verify` and `build` refuse a release whose signature
is missing, invalid, made by another key than the one sealed, or made for other content.
"""
from __future__ import annotations

import base64
import hashlib
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from . import files, release_files
from .diagnostics import Diagnostic, PlaybookError, Report
from .schema_errors import parse
from .yaml_source import Source, parse_yaml
from .message import Message, MessageError

if TYPE_CHECKING:
    from .releases import Manifest, Release

APPROVERS = "approvers.yml"
NAMESPACE = "playbook-release"
SUFFIX = ".sig"


class _Approver(BaseModel):
    """A person who may approve releases, and the public half of their SSH key, from and until a date if given
    (`from`, a word Python keeps for itself, is added as a field below, so that messages name it as it is written)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    key: str = Field(min_length=1)
    until: Optional[date] = None  # the last day it approves; the releases it approved before keep their seal

    @field_validator("key")
    @classmethod
    def _a_public_key(cls, value: str) -> str:
        return _public_key(value)

    @model_validator(mode="after")
    def _from_before_until(self) -> "_Approver":
        if self.starts is not None and self.until is not None and self.until < self.starts:
            raise MessageError(Message("signatures.until-is-before-from", until=self.until.isoformat(),
                                       start=self.starts.isoformat()))
        return self

    @property
    def starts(self) -> date | None:
        """Its `from`: the first day this key approves (a new key after a rotation)."""
        return getattr(self, "from")

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.key)

    def allows(self, when: date) -> bool:
        """Whether this entry lets its approver approve a release dated `when`."""
        return (self.starts is None or self.starts <= when) and (self.until is None or when <= self.until)


Approver = create_model("Approver", __base__=_Approver, **{"from": (Optional[date], None)})


def _public_key(value: str) -> str:
    from sshsig import PublicKey

    try:
        PublicKey.from_openssh_str(" ".join(value.split()[:2]))
    except Exception:  # the library raises what the key's decoding raised, which says nothing to an approver
        raise MessageError(Message("signatures.not-an-ssh-public-key")) from None
    return value


def _overlap(one: Approver, other: Approver) -> bool:
    return (one.starts or date.min) <= (other.until or date.max) and (other.starts or date.min) <= (one.until or date.max)


class Approvers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    approvers: list[Approver] = Field(min_length=1)

    @field_validator("approvers")
    @classmethod
    def _one_key_a_day(cls, value: list[Approver]) -> list[Approver]:
        """A rotated key is a second entry of the same name: the days of the two must not meet, so that a
        release always seals one key."""
        for at, entry in enumerate(value):
            if any(other.name == entry.name and _overlap(entry, other) for other in value[:at]):
                raise MessageError(Message("signatures.listed-twice-for-the-same-days", name=entry.name))
        return value


class _Sealed(BaseModel):
    """The entry of approvers.yml that allowed a release, as its manifest seals it: changing approvers.yml later
    changes nothing of what the release says, and its signature is checked against this key alone."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    role: str
    key: str  # the public key's line, type and key, without the comment: the release alone is enough to verify
    fingerprint: str
    until: Optional[date] = None

    @model_validator(mode="after")
    def _its_own_fingerprint(self) -> "_Sealed":
        _public_key(self.key)
        if fingerprint_of(self.key) != self.fingerprint:
            raise MessageError(Message("signatures.not-the-sealed-key", fingerprint=self.fingerprint))
        return self

    @property
    def starts(self) -> date | None:
        return getattr(self, "from")


Sealed = create_model("Sealed", __base__=_Sealed, **{"from": (Optional[date], None)})


def seal(approver: Approver) -> Sealed:
    key = " ".join(approver.key.split()[:2])
    return Sealed(name=approver.name, role=approver.role, key=key, fingerprint=fingerprint_of(key),
                  until=approver.until, **{"from": approver.starts})


def allowing(approvers: list[Approver], name: str, when: date) -> Approver | None:
    """The entry of approvers.yml that lets `name` approve a release dated `when`, or None."""
    return next((a for a in approvers if a.name == name and a.allows(when)), None)


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
    """The approvers of the playbook in `root` ([] without approvers.yml); a located PlaybookError if unreadable,
    or if it is not a regular file (a folder, a pipe), as for the content's files."""
    path = root / APPROVERS
    if not os.path.lexists(path):
        return []
    text = files.read_text(path, APPROVERS)
    source = parse_yaml(text, Source(path=path, display=APPROVERS))  # a located PlaybookError if not YAML
    report = Report()
    approvers = parse(source, Approvers, report)
    if approvers is None:
        raise PlaybookError(report.items)
    return list(approvers.approvers)


def not_allowed(approvers: list[Approver], name: str, when: date) -> str:
    """Why `name` cannot approve a release dated `when` by approvers.yml ('' when they can)."""
    if allowing(approvers, name, when) is not None:
        return ""
    listed = [a for a in approvers if a.name == name]
    if not listed:
        return Message("signatures.is-not-listed-in", name=name, file=APPROVERS)
    days = ", ".join(f"{a.starts.isoformat() if a.starts else '…'} – {a.until.isoformat() if a.until else '…'}"
                     for a in listed)
    return Message("signatures.does-not-approve-on", name=name, date=when.isoformat(), file=APPROVERS, days=days)


def sign(key_file: Path, message: bytes) -> str:
    """Sign `message` with the private key `key_file` (or the public one, whose private key an agent holds)."""
    if not key_file.is_file():
        raise PlaybookError([Diagnostic("sign-key", Message("sign-key.there-is-no-key-file", path=key_file),
                                        hint=Message("sign-key.give-sign-the-path-of"))])
    try:
        done = subprocess.run(["ssh-keygen", "-Y", "sign", "-f", str(key_file), "-n", NAMESPACE], input=message,
                              capture_output=True, timeout=300)
    except FileNotFoundError:
        raise PlaybookError([Diagnostic("sign-tool", Message("sign-tool.ssh-keygen-is-not-installed"),
                                        hint=Message("sign-tool.install-openssh-it-comes-with"))]) from None
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        reason = (" ".join(done.stderr.decode("utf-8", "replace").split()) or
                  Message("signatures.exit-code", code=done.returncode))
        raise PlaybookError([Diagnostic("sign-failed", Message("sign-failed.ssh-keygen-could-not-sign", path=key_file,
                                                               reason=reason),
                                        hint=Message("sign-failed.check-the-key-s-path"))])
    return done.stdout.decode("ascii")


def refusal(manifest: "Manifest", armored: str, approvers: Callable[[], list[Approver]]) -> tuple[str, str]:
    """Why `armored` is not the signature of this release by its approver, and what to do; ('', '') when it is.

    A release that seals its approver is checked against the sealed key alone; one made before releases sealed
    it, against `approvers()` (today's approvers.yml), as it always was."""
    from sshsig import InvalidSignature, check_signature

    try:
        key = check_signature(statement(manifest), armored, NAMESPACE)
    except (InvalidSignature, ValueError, NotImplementedError):
        return Message("signatures.does-not-match"), ""
    used, sealed = fingerprint_of(key), manifest.approver
    if sealed is not None:
        if used == sealed.fingerprint:
            return "", ""
        owners = [a.name for a in approvers() if a.fingerprint == used]
        whose = (Message("signatures.the-key-lists-for", file=APPROVERS, name=owners[0]) if owners else
                 Message("signatures.a-key-that-is-not-in", file=APPROVERS))
        return (Message("signatures.it-seals-as-its-approver", name=sealed.name, sealed=sealed.fingerprint, used=used,
                        whose=whose),
                Message("signatures.restore-the-signature", version=manifest.version, file=APPROVERS))
    if manifest.seals_approver:
        return (Message("signatures.was-not-listed-when-made", name=manifest.approved_by, file=APPROVERS),
                Message("signatures.remove-the-signature"))
    why = _listed_signer(manifest, used, approvers())
    return (Message("signatures.made-before-releases-sealed", why=why, file=APPROVERS) if why else ""), ""


def _listed_signer(manifest: "Manifest", used: str, approvers: list[Approver]) -> str:
    """Why the key `used` is not that of the release's approver by `approvers` ('' when it is)."""
    listed = [a for a in approvers if a.fingerprint == used]
    if not listed:
        return Message("signatures.made-with-a-key-not-in", file=APPROVERS, fingerprint=used)
    named = [a for a in listed if a.name == manifest.approved_by]
    if not named:
        return Message("signatures.the-release-names-as-approver", name=manifest.approved_by, other=listed[0].name)
    if not any(a.allows(manifest.date) for a in named):
        return not_allowed(named, manifest.approved_by, manifest.date)
    return ""


def check(root: Path, releases: list["Release"], required: bool) -> list[Diagnostic]:
    """The problems of the releases' signatures: a signature that does not hold, and (when `required`) a
    release without one."""
    folder = root / "releases"
    present = [r for r in releases if os.path.lexists(signature_file(folder, r.version))]
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
        if not os.path.lexists(path):
            if required:
                problems.append(Diagnostic("signature-missing", Message("signature-missing.release-is-not-signed",
                                                                        version=release.version), where,
                                           hint=Message("signature-missing.its-approver-signs-it-playbook",
                                                        version=release.version)))
            continue
        try:
            armored = release_files.read_bytes(path, where).decode("ascii", errors="replace")
        except PlaybookError as exc:
            problems += exc.diagnostics
            continue
        why, hint = refusal(release.manifest, armored, lambda: approvers)
        if why:
            problems.append(Diagnostic("signature-invalid", Message("signature-invalid.release",
                                                                    version=release.version, why=why), where,
                                       hint=hint or Message("signature-invalid.restore-or-sign-again", file=where)))
    return problems


def described(releases: Path, manifest: "Manifest") -> str:
    """How a release's signature reads on its approval page: the signer's name and key fingerprint, or ''.
    The name is the sealed approver's; for a release made before approvers were sealed, the one approvers.yml
    (beside the releases folder) lists for the key, read only for a release that has a signature."""
    path = signature_file(releases, manifest.version)
    if not path.is_file():
        return ""
    from sshsig import InvalidSignature
    from sshsig.sshsig import SshsigSignature

    try:
        armored = release_files.read_bytes(path, f"releases/{path.name}").decode("ascii", errors="replace")
        used = fingerprint_of(bytes(SshsigSignature.from_armored(armored).public_key))
    except (InvalidSignature, ValueError, NotImplementedError):
        return ""
    if manifest.approver is not None:
        return f"{manifest.approver.name} ({used})" if used == manifest.approver.fingerprint else ""
    names = [a.name for a in load(releases.parent) if a.fingerprint == used]
    return f"{names[0] if names else '?'} ({used})"
