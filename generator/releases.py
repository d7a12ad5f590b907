"""Releases: frozen, approved snapshots of a playbook, each with its manifest.

This module owns the releases folder and the `manifest.json` format. A release is a copy of
`site_config.yml` and of the content folder, made read-only, beside a manifest that records who
approved it, when, the SHA-256 of every file and of the whole, and the hash of the release
before it: editing an approved file, or an older manifest, breaks a hash that `verify` checks.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
import yaml

from .characters import check_text
from .diagnostics import Diagnostic, PlaybookError
from .load import CONFIG_FILE

MANIFEST = "manifest.json"
RESERVED = {"draft", "latest"}


class Manifest(BaseModel):
    """What `manifest.json` holds; checks its own values when it is made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    approved_by: str = Field(min_length=1)
    role: str = Field(min_length=1)
    date: date
    changes: list[str] = []
    previous: str | None = None
    previous_hash: str | None = None
    files: dict[str, str]
    content_hash: str

    @field_validator("version")
    @classmethod
    def _valid_version(cls, value: str) -> str:
        parse_version(value)
        return value

    @field_validator("approved_by", "role")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return one_line(value)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        return cls.model_validate_json(text)

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @property
    def sort_key(self) -> Version:
        return parse_version(self.version)


def one_line(text: str) -> str:
    """A name or a role as approvals print it: one line, with no invisible character; ValueError otherwise."""
    if any(char in text for char in "\n\r\t\u2028\u2029"):
        raise ValueError("it spans several lines")
    return check_text(text)


def parse_version(text: str) -> Version:
    """A release number such as 1.0 or 2.1.3; raises ValueError with a readable reason."""
    if text in RESERVED:
        raise ValueError(f"'{text}' is a reserved name, not a release number")
    # numbers only: a release number is a folder name and part of every address of the site
    if not re.fullmatch(r"\d+(\.\d+){0,3}", text):
        raise ValueError(f"'{text}' is not a release number such as 1.0 or 2.1")
    try:
        return Version(text)
    except InvalidVersion:
        raise ValueError(f"'{text}' is not a release number such as 1.0 or 2.1") from None


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


SEALED = ("version", "approved_by", "role", "date", "changes", "previous", "previous_hash", "files")


def content_hash(record: dict) -> str:
    """The hash of a whole release: its approval (who, role, date, version, changes), every file's hash,
    and the hash of the release before it, so that no part of an approval can change unseen."""
    sealed = {name: record.get(name) for name in SEALED}
    sealed["date"] = str(sealed["date"])
    return hashlib.sha256(json.dumps(sealed, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _snapshot_files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): file_hash(p)
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


@dataclass
class Release:
    """A frozen release on disk."""

    folder: Path
    manifest: Manifest

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def languages(self) -> list[str]:
        """The languages the release was approved in, as its frozen site_config.yml lists them."""
        try:
            config = yaml.safe_load((self.folder / CONFIG_FILE).read_text(encoding="utf-8-sig"))
        except (OSError, yaml.YAMLError):
            return []
        if not isinstance(config, dict):
            return []
        others = config.get("translations")
        return [config.get("language"), *(others if isinstance(others, list) else [])]


def releases_dir(root: Path) -> Path:
    return root / "releases"


def list_releases(root: Path) -> list[Release]:
    """Every release of the playbook in `root`, oldest first; raises PlaybookError on a broken manifest."""
    folder = releases_dir(root)
    if not folder.is_dir():
        return []
    found, problems = [], []
    for candidate in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        where = f"releases/{candidate.name}/{MANIFEST}"
        try:
            manifest = Manifest.from_json((candidate / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Diagnostic("release-manifest", "this release has no manifest", where,
                                       hint="a release folder is made by 'playbook release'; remove this folder"))
            continue
        except (ValidationError, ValueError) as exc:
            problems.append(Diagnostic("release-manifest", f"the manifest cannot be read: {exc}", where,
                                       hint="restore the manifest from version control"))
            continue
        if manifest.version != candidate.name:
            problems.append(Diagnostic("release-manifest", f"the manifest is for release {manifest.version}, "
                                       f"not {candidate.name}", where, hint="restore the folder's original name"))
            continue
        found.append(Release(candidate, manifest))
    if problems:
        raise PlaybookError(problems)
    return sorted(found, key=lambda r: r.manifest.sort_key)


def verify(root: Path) -> list[Diagnostic]:
    """Check every release against its manifest and the chain of hashes; returns the problems."""
    problems: list[Diagnostic] = []
    previous: Release | None = None
    for release in list_releases(root):
        prefix = f"releases/{release.version}"
        manifest = release.manifest
        actual = _snapshot_files(release.folder)
        for name, expected in manifest.files.items():
            if name not in actual:
                problems.append(Diagnostic("release-missing", f"this approved file of release {release.version} "
                                           "has been deleted", f"{prefix}/{name}",
                                           hint="restore it from version control"))
            elif actual[name] != expected:
                problems.append(Diagnostic("release-tampered", f"this approved file of release {release.version} "
                                           "was changed after its approval", f"{prefix}/{name}",
                                           hint="restore it from version control; to change the charter, edit "
                                                "content/ and make a new release"))
        for name in sorted(set(actual) - set(manifest.files)):
            problems.append(Diagnostic("release-extra", f"this file was added to release {release.version} after "
                                       "its approval", f"{prefix}/{name}", hint="remove it"))
        expected_previous = previous.manifest.content_hash if previous else None
        if manifest.previous_hash != expected_previous or \
                content_hash(manifest.model_dump(mode="json")) != manifest.content_hash:
            problems.append(Diagnostic("release-chain", f"the manifest of release {release.version} does not match "
                                       "its files or the release before it", f"{prefix}/{MANIFEST}",
                                       hint="restore the releases folder from version control"))
        previous = release
    return problems


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def create(root: Path, content_dir: Path, version: str, approved_by: str, role: str, when: date,
           changes: list[str]) -> Release:
    """Freeze the current `site_config.yml` and content folder as release `version`."""
    try:
        number = parse_version(version)
    except ValueError as exc:
        raise PlaybookError([Diagnostic("release-version", str(exc), hint="for example: playbook release 2.0 ...")])
    existing = list_releases(root)
    if any(r.version == version for r in existing):
        raise PlaybookError([Diagnostic("release-exists", f"release {version} already exists and cannot be changed",
                                        f"releases/{version}/", hint="give the new release a higher number")])
    last = existing[-1] if existing else None
    if last is not None and number <= last.manifest.sort_key:
        raise PlaybookError([Diagnostic("release-order", f"release {version} is not newer than the last release, "
                                        f"{last.version}", hint=f"use a number above {last.version}")])
    for value, what in ((approved_by, "--approved-by"), (role, "--role")):
        if not value.strip():
            raise PlaybookError([Diagnostic("release-approval", f"{what} is empty",
                                            hint="name the person who approves this release and their role")])
        try:
            one_line(value)
        except ValueError as exc:
            raise PlaybookError([Diagnostic("release-approval", f"{what} cannot be accepted: {exc}",
                                            hint="type the name and the role again, each on one line")]) from None
    target_root = releases_dir(root)
    target_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.new-", dir=target_root))
    try:
        shutil.copy2(root / CONFIG_FILE, staging / CONFIG_FILE)
        relative = content_dir.relative_to(root)
        shutil.copytree(content_dir, staging / relative,
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
        files = _snapshot_files(staging)
        previous_hash = last.manifest.content_hash if last else None
        record = dict(version=version, approved_by=approved_by.strip(), role=role.strip(), date=when.isoformat(),
                      changes=changes, previous=last.version if last else None, previous_hash=previous_hash,
                      files=files)
        manifest = Manifest(**record, content_hash=content_hash(record))
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        _read_only(staging)
        os.rename(staging, target_root / version)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return Release(target_root / version, manifest)
