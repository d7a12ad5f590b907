"""Reading the files of the releases folder: manifests, `chain.json`, signatures, and the files a manifest seals.

`playbook release` writes them and `verify` checks them, but they are files of a repository, which a checkout, a
person or a tool may have made unreadable, huge or absurd (a chain.json of 50,000 nested brackets). Each is read
with the content files' reader (files.py: a regular file only, within its size bound), JSON is refused beyond a
depth that no release file comes near, and every problem is named at its file, with what to do, instead of
stopping playbook on an internal error.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import files
from .diagnostics import Diagnostic, PlaybookError
from .message import Message

MAX_DEPTH = 8  # a manifest nests three levels (the sealed approver in the manifest), chain.json three
RESTORE = Message("release-anchor.restore-it-from-version-control-2")


def _unreadable(display: str, reason: str) -> Diagnostic:
    return Diagnostic("release-unreadable", Message("release-unreadable.cannot-be-read-check-its", file=display,
                                                    reason=reason), display,
                      hint=Message("release-unreadable.give-your-user-the-right"))


def _reworded(problem: Diagnostic, display: str) -> Diagnostic:
    """A problem of files.py's reader in the words of the releases: their files are restored, never removed."""
    if problem.code == "read":
        return _unreadable(display, problem.message.removeprefix("cannot read this file: "))
    if problem.code == "file-too-big":
        return Diagnostic("release-too-big", Message("release-too-big.is-larger-than-playbook-never", file=display,
                                                     size=files.size_words(files.MAX_FILE_BYTES)), display,
                                                     hint=RESTORE)
    return Diagnostic(problem.code, problem.message, problem.file, problem.line, problem.column, hint=RESTORE)


def read_bytes(path: Path, display: str) -> bytes:
    """The bytes of a small file of the releases folder (a manifest, chain.json, a signature), bounded."""
    try:
        return files.read_bytes(path, display)
    except PlaybookError as exc:
        raise PlaybookError([_reworded(problem, display) for problem in exc.diagnostics]) from None


def _too_deep(text: str) -> tuple[int, int] | None:
    """The line and column where `text` nests brackets deeper than MAX_DEPTH, or None."""
    depth, in_string, escaped, line, start = 0, False, False, 1, 0
    for at, char in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), (escaped or char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, at - start + 1
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line, start = line + 1, at + 1
    return None


def read_json(path: Path, display: str) -> Any:
    """The JSON data of a manifest or of chain.json; a located PlaybookError when it cannot be."""
    text = files.decode(read_bytes(path, display), display)
    deep = _too_deep(text)
    if deep is not None:
        # located in words: the line of such a file is too long to be shown under the message
        raise PlaybookError([Diagnostic("release-json", Message("release-json.nests-more-than-levels-of", file=display,
                                                                depth=MAX_DEPTH, line=deep[0], column=deep[1]),
                                        display, hint=RESTORE)])
    try:
        return json.loads(text)
    except ValueError as exc:
        where = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise PlaybookError([Diagnostic("release-json", Message("release-json.is-not-valid-json", file=display,
                                                                reason=reason), display, *where,
                                        hint=RESTORE)]) from None


def file_hash(path: Path, display: str) -> str:
    """The SHA-256 of a file a release seals, read in pieces (its PDF may be large)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise PlaybookError([_unreadable(display, (exc.strerror or str(exc)).lower())]) from None
    return digest.hexdigest()
