"""Line endings of approved files: telling a file that git converted from one that was edited.

Release files are hashed byte for byte; a checkout with core.autocrlf=true turns LF into CRLF and would make
every release look tampered with. `verify` names such a file as converted, with the commands that check it
out again, instead of calling it changed.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .diagnostics import Diagnostic
from .message import Message

GITATTRIBUTES = ".gitattributes"
# git must hand the frozen files back byte for byte: their hashes are of bytes, and a checkout that turns LF
# into CRLF (core.autocrlf=true on Windows) would make every release look tampered with
RELEASES_ATTRIBUTES = ("# Written by playbook: the files of an approved release are hashed byte for byte,\n"
                       "# so git must never convert their line endings.\n"
                       "* -text\n")
# the .gitattributes of a playbook's repository, which `playbook init` writes
PLAYBOOK_ATTRIBUTES = ("# Line endings: LF in every checkout, Windows included, so that YAML and Markdown read the same\n"
                       "* text=auto eol=lf\n"
                       "# ...except the approved releases: their files are hashed byte for byte, and git must hand\n"
                       "# them back exactly as they were committed\n"
                       "releases/** -text\n")


def changed_file(path: Path, expected: str, version: str, where: str) -> Diagnostic:
    """Why an approved file no longer has its hash: its line endings only, converted by git, or an edit."""
    data = path.read_bytes()
    if hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest() == expected:
        return Diagnostic("release-line-endings", Message("release-line-endings.this-approved-file-of-release",
                                                          version=version), where,
                          hint=Message("release-line-endings.add-the-gitattributes-that-playbook"))
    if hashlib.sha256(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")).hexdigest() == expected:
        return Diagnostic("release-line-endings", Message("release-line-endings.this-approved-file-of-release-2",
                                                          version=version), where,
                          hint=Message("release-line-endings.add-the-gitattributes-that-playbook-2"))
    return Diagnostic("release-tampered", Message("release-tampered.this-approved-file-of-release", version=version),
                      where, hint=Message("release-tampered.restore-it-from-version-control"))
