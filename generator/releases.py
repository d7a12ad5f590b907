"""Releases: frozen, approved snapshots of a playbook, each with its manifest.

This module owns the releases folder and the `manifest.json` format. A release is a copy of
`site_config.yml`, of the content folder and of the theme folder, made read-only, beside a manifest that records who
approved it, when, the SHA-256 of every file and of the whole, and the hash of the release
before it: editing an approved file, or an older manifest, breaks a hash that `verify` checks.

A release is written into a staging folder (`releases/.2.0.new-<pid>-…`) renamed into place once
complete, under the releases lock (`releases/.lock`): a `release` killed at any moment leaves either
no release or the whole release, plus a staging folder that the next `release`, `build` or `verify`
removes while holding the lock, which proves that no release is writing it.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_serializer
import yaml

from . import anchor, locks, migrations, modes, release_files, signatures
from .release_rules import refusal_of
from .characters import check_text
from .diagnostics import Diagnostic, PlaybookError
from .line_endings import GITATTRIBUTES, RELEASES_ATTRIBUTES, changed_file
from .load import CONFIG_FILE
from .theme import freeze_theme
from .message import Message, MessageError

MANIFEST = "manifest.json"
RESERVED = {"draft", "latest"}
LOCK = ".lock"


class Manifest(BaseModel):
    """What `manifest.json` holds; checks its own values when it is made."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    version: str
    approved_by: str = Field(min_length=1)
    role: str = Field(min_length=1)
    date: date
    changes: list[str] = []
    previous: str | None = None
    previous_hash: str | None = None
    files: dict[str, str]
    content_hash: str
    schema_version: int | None = Field(None, alias="schema")  # its content format (migrations.py); None: the first
    # the approvers.yml entry that allowed it (signatures.py); absent from the manifests made before they sealed
    # it, and null in one whose approver approvers.yml did not list
    approver: signatures.Sealed | None = None

    @model_serializer(mode="wrap")
    def _as_written(self, handler):  # a manifest made before approvers were sealed is hashed as it always was
        data = handler(self)
        if not self.seals_approver:
            data.pop("approver", None)
        return data

    @property
    def seals_approver(self) -> bool:
        """Whether it was made since releases seal their approver (with an approver listed, or null)."""
        return "approver" in self.model_fields_set

    @field_validator("version")
    @classmethod
    def _valid_version(cls, value: str) -> str:
        parse_version(value)
        return value

    @field_validator("approved_by", "role")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return one_line(value)

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"

    @property
    def sort_key(self) -> Version:
        return parse_version(self.version)


def one_line(text: str) -> str:
    """A name or a role as approvals print it: one line, with no invisible character; ValueError otherwise."""
    if any(char in text for char in "\n\r\t\u2028\u2029"):
        raise MessageError(Message("releases.it-spans-several-lines"))
    return check_text(text)


def parse_version(text: str) -> Version:
    """A release number such as 1.0 or 2.1.3; raises ValueError with a readable reason."""
    if text in RESERVED:
        raise MessageError(Message("releases.is-a-reserved-name-not", version=text))
    # numbers only: a release number is a folder name and part of every address of the site
    if not re.fullmatch(r"\d+(\.\d+){0,3}", text):
        raise MessageError(Message("releases.is-not-a-release-number", version=text))
    try:
        return Version(text)
    except InvalidVersion:
        raise MessageError(Message("releases.is-not-a-release-number", version=text)) from None


def file_hash(path: Path, display: str = "") -> str:
    return release_files.file_hash(path, display or path.name)


SEALED = ("version", "approved_by", "role", "date", "changes", "previous", "previous_hash", "files")


def content_hash(record: dict) -> str:
    """The hash of a release: its approval, files, the previous release's hash, and its format where it is recorded
    (the hashes of releases made before it was recorded still hold), so that nothing changes unseen."""
    schema = record.get("schema", record.get("schema_version"))  # the manifest's key, or the model's field
    sealed = {name: record.get(name) for name in SEALED} | ({"schema": schema} if schema is not None else {})
    sealed["date"] = str(sealed["date"])
    if "approver" in record:  # the approver sealed, since releases seal it (None: not listed)
        approver = record["approver"]
        sealed["approver"] = {k: str(v) for k, v in approver.items() if v is not None} if approver else None
    return hashlib.sha256(json.dumps(sealed, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _snapshot_files(folder: Path) -> dict[str, str]:
    shown = f"releases/{folder.name}"
    return {p.relative_to(folder).as_posix(): file_hash(p, f"{shown}/{p.relative_to(folder).as_posix()}")
            for p in sorted(folder.rglob("*")) if p.is_file() and p != folder / MANIFEST}


@dataclass
class Release:
    """A frozen release on disk."""

    folder: Path
    manifest: Manifest

    @property
    def version(self) -> str:
        return self.manifest.version

    @functools.cached_property
    def signed_by(self) -> str:
        """Who signed the release and with which key, as its approval page says it ('' if unsigned); the
        signature itself is checked by `verify`, before any build."""
        try:
            return signatures.described(self.folder.parent, self.manifest)
        except PlaybookError:
            return ""

    @functools.cached_property  # a frozen file: read once, however often a build plan asks
    def languages(self) -> list[str]:
        """The languages the release was approved in, as its frozen site_config.yml lists them."""
        config = _frozen_config(self.folder / CONFIG_FILE)
        if not config:
            return []
        others = config.get("translations")
        return [config.get("language"), *(others if isinstance(others, list) else [])]


def _frozen_config(path: Path) -> dict:
    """The settings of a frozen site_config.yml (validated before it was frozen), or {} when it cannot be read."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def releases_dir(root: Path) -> Path:
    return root / "releases"


def list_releases(root: Path) -> list[Release]:
    """Every release of the playbook in `root`, oldest first; raises PlaybookError on a broken manifest."""
    folder = releases_dir(root)
    if folder.exists() and not folder.is_dir():
        raise PlaybookError([Diagnostic("release-folder", Message("release-folder.releases-is-a-file-not"), "releases",
                                        hint=Message("release-folder.remove-or-rename-that-file"))])
    if not folder.is_dir():
        return []
    found, problems = [], []
    for candidate in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        where = f"releases/{candidate.name}/{MANIFEST}"
        if not os.path.lexists(candidate / MANIFEST):
            problems.append(Diagnostic("release-manifest", Message("release-manifest.this-release-has-no-manifest"),
                                       where,
                                       hint=Message("release-manifest.a-release-folder-is-made")))
            continue
        try:  # bounded: a manifest is written by playbook, but read from a repository
            manifest = Manifest.model_validate(release_files.read_json(candidate / MANIFEST, where))
        except PlaybookError as exc:
            problems += exc.diagnostics
            continue
        except (ValidationError, ValueError) as exc:
            problems.append(Diagnostic("release-manifest", Message("release-manifest.the-manifest-cannot-be-read",
                                                                   reason=exc), where,
                                       hint=Message("release-manifest.restore-the-manifest-from-version")))
            continue
        if manifest.version != candidate.name:
            problems.append(Diagnostic("release-manifest", Message("release-manifest.the-manifest-is-for-release",
                                                                   version=manifest.version, folder=candidate.name),
                                                                   where,
                                       hint=Message("release-manifest.restore-the-folder-s-original")))
            continue
        found.append(Release(candidate, manifest))
    if problems:
        raise PlaybookError(problems)
    return sorted(found, key=lambda r: r.manifest.sort_key)


def verify(root: Path) -> list[Diagnostic]:
    """Check every release against its manifest and the chain of hashes; returns the problems."""
    problems: list[Diagnostic] = []
    previous: Release | None = None
    found = list_releases(root)
    for release in found:
        prefix = f"releases/{release.version}"
        manifest = release.manifest
        links = _links(release.folder)
        problems += [Diagnostic("release-link", Message("release-link.this-file-of-release-is",
                                                        version=release.version), f"{prefix}/{name}",
                                hint=Message("release-anchor.restore-the-release-folder-from")) for name in links]
        actual = _snapshot_files(release.folder)
        for name, expected in manifest.files.items():
            if name not in actual:
                problems.append(Diagnostic("release-missing", Message("release-missing.this-approved-file-of-release",
                                                                      version=release.version), f"{prefix}/{name}",
                                           hint=Message("release-anchor.restore-it-from-version-control-2")))
            elif actual[name] != expected:
                problems.append(changed_file(release.folder / name, expected, release.version, f"{prefix}/{name}"))
        for name in sorted(set(actual) - set(manifest.files)):
            problems.append(Diagnostic("release-extra", Message("release-extra.this-file-was-added-to",
                                                                version=release.version), f"{prefix}/{name}",
                                       hint=Message("release-extra.remove-it")))
        expected_previous = previous.manifest.content_hash if previous else None
        if manifest.previous_hash != expected_previous or \
                content_hash(manifest.model_dump(mode="json")) != manifest.content_hash:
            problems.append(Diagnostic("release-chain", Message("release-chain.the-manifest-of-release-does",
                                                                version=release.version), f"{prefix}/{MANIFEST}",
                                       hint=Message("release-chain.restore-the-releases-folder-from")))
        previous = release
    required = _frozen_config(root / CONFIG_FILE).get("require_signature") is True  # read as written, like a release's
    return problems + anchor.check(releases_dir(root), found) + signatures.check(root, found, required)


def anchor_existing(root: Path) -> list[Release]:
    """Anchor releases made before playbook wrote `releases/chain.json`, once they are verified; call it under
    the lock. Refuses when an anchor exists: it is never rewritten."""
    folder = releases_dir(root)
    if (folder / anchor.CHAIN).exists():
        raise PlaybookError([Diagnostic("release-anchor", Message("release-anchor.the-releases-are-anchored-already"), anchor.SHOWN,
                                        hint=Message("release-anchor.run-playbook-verify-without-anchor"))])
    problems = [p for p in verify(root) if p.code != "release-anchor"]
    if problems:
        raise PlaybookError(problems + [Diagnostic("release-anchor", Message("release-anchor.only-intact-releases-are-anchored"),
                                                   anchor.SHOWN, hint=Message("release-anchor.restore-the-damaged-files-first"))])
    found = list_releases(root)
    if found:
        anchor.write(folder, [anchor.link(r.manifest) for r in found])
    return found


def _links(folder: Path) -> list[str]:
    """Every symbolic link inside a release folder (its files must be its own, not what a link points to)."""
    found = []
    for parent, folders, files in os.walk(folder, followlinks=False):
        for name in folders + files:
            path = Path(parent) / name
            if path.is_symlink():
                found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def create(root: Path, content_dir: Path, version: str, approved_by: str, role: str, when: date,
           changes: list[str], seal: Callable[[Path], object] | None = None,
           sign: Callable[[Manifest], str] | None = None, approver: signatures.Sealed | None = None) -> Release:
    """Freeze the current `site_config.yml`, content folder and theme folder (its theme_dir, if any) as
    release `version`: a release is built with the theme it was approved with, never today's. `seal` writes
    more files into the release folder (its PDF) before the manifest seals them. Call it while holding the
    releases lock (`locked`): the release chains to the last one found here. `sign` returns the approver's
    signature of the manifest (signatures.py), or raises: then no release is made. `approver` is the entry of
    approvers.yml that allows the release, sealed with it (None when none is listed)."""
    existing = list_releases(root)
    if (refusal := refusal_of(existing, version, approved_by, role, when)) is not None:
        raise PlaybookError([refusal])
    last, target_root = existing[-1] if existing else None, releases_dir(root)
    target_root.mkdir(parents=True, exist_ok=True)
    if not (target_root / GITATTRIBUTES).exists():
        (target_root / GITATTRIBUTES).write_text(RELEASES_ATTRIBUTES, encoding="utf-8", newline="\n")
    # complete in a folder of its own, then renamed into place in one step: a kill leaves no half release
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.new-{os.getpid()}-", dir=target_root))
    try:
        shutil.copy2(root / CONFIG_FILE, staging / CONFIG_FILE)
        shutil.copytree(content_dir, staging / content_dir.relative_to(root),
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
        # the theme the frozen site_config.yml names, which the release's build will look for
        theme = _frozen_config(staging / CONFIG_FILE).get("theme_dir")
        if isinstance(theme, str) and theme:
            freeze_theme(root, theme, staging)
        if seal is not None:
            seal(staging)
        files, previous_hash = _snapshot_files(staging), last.manifest.content_hash if last else None
        record = dict(version=version, approved_by=approved_by.strip(), role=role.strip(), date=when.isoformat(),
                      changes=changes, previous=last.version if last else None, previous_hash=previous_hash,
                      files=files, schema=migrations.current(),
                      approver=approver.model_dump(mode="json") if approver else None)
        manifest = Manifest(**record, content_hash=content_hash(record))
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        signature = sign(manifest) if sign is not None else None
        _read_only(staging)
        os.chmod(staging, modes.folder_mode())  # mkdtemp's 0700 would hide the release from the service's user
        # the anchor is staged first and put in place after the folder: a kill in between is completed later
        anchor.stage(target_root, [anchor.link(r.manifest) for r in existing] + [anchor.link(manifest)])
        os.rename(staging, target_root / version)
        if signature is not None:
            signatures.signature_file(target_root, version).write_text(signature, encoding="ascii", newline="\n")
        anchor.commit(target_root)
    finally:
        if staging.exists():
            _remove(staging)
    return Release(target_root / version, manifest)


def _remove(folder: Path) -> None:
    """Remove a folder whose files were made read-only (Windows refuses to delete those as they are)."""
    def writable_then_retry(function, path, _info) -> None:
        with contextlib.suppress(OSError):  # what cannot be removed stays, as rmtree's ignore_errors would leave it
            os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
            function(path)
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=writable_then_retry)
    else:
        shutil.rmtree(folder, onerror=writable_then_retry)


def leftovers(root: Path) -> list[Path]:
    """The staging folders of releases that were killed before they finished, or that are being written."""
    folder = releases_dir(root)
    return sorted(p for p in folder.glob(".*.new-*") if p.is_dir()) if folder.is_dir() else []


def remove_leftovers(root: Path) -> None:
    """Remove every staging folder of a release; only while holding the releases lock, which proves that no
    release is writing one."""
    for leftover in leftovers(root):
        _remove(leftover)
    if (releases_dir(root) / anchor.STAGED).exists():
        with contextlib.suppress(PlaybookError):  # a broken manifest: verify says so, and the staged anchor waits
            anchor.recover(releases_dir(root), list_releases(root))


def clean_leftovers(root: Path, command: str) -> None:
    """What `build` and `verify` do: remove the leftovers of killed releases, unless a release is running now
    (its staging folder is then alive) or the releases folder cannot be written (a read-only checkout)."""
    if not leftovers(root) and not (releases_dir(root) / anchor.STAGED).exists():
        return
    with contextlib.suppress(locks.Held, OSError), locks.held(releases_dir(root) / LOCK, command):
        remove_leftovers(root)


@contextmanager
def locked(root: Path, command: str = "release") -> Iterator[None]:
    """Hold the releases lock of the playbook in `root` for the block; refuses when another process has it."""
    path = releases_dir(root) / LOCK
    made = not path.parent.exists()
    try:
        fd = locks.acquire(path, command)
    except locks.Held as exc:
        raise PlaybookError([Diagnostic(
            "release-locked", Message("release-locked.another-playbook-is-running-on", command=exc.command or 'release', who=exc.who), "releases/",
            hint=Message("release-locked.run-again-once-finished", lock=LOCK))]) from None
    except OSError as exc:
        raise PlaybookError([Diagnostic("release-folder", Message("release-folder.cannot-write-into-the-releases", reason=exc.strerror),
                                        "releases/", hint=Message("release-folder.make-the-folder-writable"))]) from None
    try:
        yield
    finally:
        locks.release(path, fd)
        if made and not any(path.parent.iterdir()):  # a refused first release leaves no empty folder
            path.parent.rmdir()
