"""The anchor of the releases: `releases/chain.json`, the one place that records every approved release.

Each manifest is sealed by a hash that covers the release before it, so an older release cannot be
rewritten without breaking every later one. The newest has nothing after it: rewrite its files and
its manifest, recompute its hashes, and the chain alone still holds. The anchor lists every release
with its approver, date and hash, outside the release folders: a rewritten release no longer
matches it, and changing it too is an edit of a file that `playbook release` only ever appends to,
which a review of the repository's history shows.

This module owns `chain.json`. It is written next to a release, staged first and renamed into place
after the release folder, so that a release killed in between is completed by the next run.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, ValidationError

from . import release_files
from .diagnostics import Diagnostic, PlaybookError
from .message import Message

CHAIN = "chain.json"
STAGED = ".chain.json.new"
SHOWN = f"releases/{CHAIN}"


class Link(BaseModel):
    """One approved release as the anchor records it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    approved_by: str
    date: str
    content_hash: str
    approver_key: str | None = None  # the fingerprint of the approver's key the release seals, if it seals one


def link(manifest: Any) -> Link:
    """The anchor's record of a release, from its manifest."""
    sealed = getattr(manifest, "approver", None)
    return Link(version=manifest.version, approved_by=manifest.approved_by, date=manifest.date.isoformat(),
                content_hash=manifest.content_hash, approver_key=sealed.fingerprint if sealed else None)


def _text(links: Iterable[Link]) -> str:  # the records of releases that seal no key are written as they were
    return json.dumps({"releases": [item.model_dump(exclude_none=True) for item in links]}, ensure_ascii=False,
                      indent=2) + "\n"


def _links(path: Path, shown: str) -> list[Link]:
    """The records of an anchor file, read bounded; a located PlaybookError when it cannot be read."""
    data = release_files.read_json(path, shown)
    try:
        return [Link(**item) for item in data["releases"]]
    except (KeyError, TypeError, ValidationError) as exc:
        reason = (" ".join(str(exc).split("\n")[:2]) if isinstance(exc, ValidationError) else
                  Message("release-anchor.no-list-releases"))
        raise PlaybookError([Diagnostic("release-anchor", Message("release-anchor.the-anchor-of-the-releases",
                                                                  reason=reason),
                                        shown,
                                        hint=Message("release-anchor.restore-it-from-version-control-2"))]) from None


def read(folder: Path) -> list[Link] | None:
    """The anchored releases, oldest first; None when there is no anchor. PlaybookError when it cannot be read."""
    path = folder / CHAIN
    return _links(path, SHOWN) if os.path.lexists(path) else None


def _write(path: Path, text: str) -> None:
    if path.exists():
        path.chmod(stat.S_IWUSR | stat.S_IRUSR)
    path.write_text(text, encoding="utf-8", newline="\n")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def stage(folder: Path, links: list[Link]) -> None:
    """Write the anchor that will hold once the release being made is in place (see `commit`)."""
    _write(folder / STAGED, _text(links))


def commit(folder: Path) -> None:
    """Put the staged anchor in place, in one step."""
    os.replace(folder / STAGED, folder / CHAIN)


def write(folder: Path, links: list[Link]) -> None:
    """Anchor these releases at once (a playbook whose releases were made before the anchor existed)."""
    stage(folder, links)
    commit(folder)


def recover(folder: Path, releases: list[Any]) -> None:
    """Finish or drop the anchor staged by a release that was killed: kept only if it records exactly the
    releases now on disk (the release folder was renamed into place), else removed. Call it under the lock."""
    staged = folder / STAGED
    if not staged.exists():
        return
    try:
        links = read_staged(folder)
    except PlaybookError:
        links = None
    if links is not None and links == [link(r.manifest) for r in releases]:
        commit(folder)
    else:
        staged.chmod(stat.S_IWUSR | stat.S_IRUSR)
        staged.unlink()


def read_staged(folder: Path) -> list[Link]:
    return _links(folder / STAGED, f"releases/{STAGED}")


def check(folder: Path, releases: list[Any]) -> list[Diagnostic]:
    """Every difference between the releases on disk and their anchor."""
    if not releases and not (folder / CHAIN).exists():
        return []
    try:
        links = read(folder)
    except PlaybookError as exc:
        return exc.diagnostics
    if links is None:
        return [Diagnostic("release-anchor", Message("release-anchor.the-releases-have-no-anchor"), SHOWN,
                           hint=Message("release-anchor.restore-it-from-version-control"))]
    problems = []
    anchored = {item.version: item for item in links}
    for release in releases:
        expected = anchored.pop(release.version, None)
        actual = link(release.manifest)
        where = f"releases/{release.version}/manifest.json"
        if expected is None:
            problems.append(Diagnostic("release-anchor", Message("release-anchor.release-is-not-in-the",
                                                                 version=release.version), where,
                                       hint=Message("release-anchor.remove-the-folder-releases-or",
                                                    version=release.version, anchor=SHOWN)))
        elif expected.approver_key != actual.approver_key and expected.content_hash == actual.content_hash:
            problems.append(Diagnostic(
                "release-anchor", Message("release-anchor.release-seals-the-key-for", version=release.version,
                                          actual=actual.approver_key or 'none',
                                          expected=expected.approver_key or 'none'), SHOWN,
                hint=Message("release-anchor.restore-from-version-control", file=SHOWN)))
        elif expected != actual:
            changed = [name for name in ("approved_by", "date", "content_hash")
                       if getattr(expected, name) != getattr(actual, name)]
            problems.append(Diagnostic(
                "release-anchor", Message("release-anchor.release-is-not-the-one", version=release.version,
                                          parts=_listed(changed), name=expected.approved_by,
                                          date=expected.date), where,
                hint=Message("release-anchor.restore-the-release-folder-from")))
    for version in anchored:
        problems.append(Diagnostic("release-anchor", Message("release-anchor.release-was-approved-but-its",
                                                             version=version),
                                   f"releases/{version}/",
                                   hint=Message("release-anchor.restore-it-from-version-control-2")))
    return problems


def _listed(names: list[str]) -> Message:
    """The parts of an anchor, in words, one after another: 'approver, date'."""
    said = _WORDS[names[0]]
    for name in names[1:]:
        said = Message("release-anchor.parts", first=said, next=_WORDS[name])
    return said


_WORDS = {"approved_by": Message("release-anchor.part-approver"), "date": Message("release-anchor.part-date"),
          "content_hash": Message("release-anchor.part-content-hash")}
