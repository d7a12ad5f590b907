"""The releases a person may acknowledge: those of the playbook's folder, read again when a release is added."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import releases
from ..diagnostics import PlaybookError


@dataclass(frozen=True)
class Known:
    """The approved releases, by number, with their content hash, and the one in force (None without any)."""

    hashes: dict[str, str]
    in_force: str | None

    @property
    def in_force_hash(self) -> str:
        return self.hashes.get(self.in_force or "", "")


def read(root: Path) -> Known:
    """The releases of the playbook in `root`; raises PlaybookError on a broken manifest."""
    found = releases.list_releases(root)
    return Known({r.version: r.manifest.content_hash for r in found}, found[-1].version if found else None)


class Releases:
    """The releases of a playbook as a running service sees them: read once, read again whenever the releases
    folder changes (`playbook release` renames a complete release into it, which changes its time)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._known = read(root)

    def _folder_stamp(self) -> tuple[int, int]:
        try:
            status = os.stat(releases.releases_dir(self.root))
        except OSError:
            return (0, 0)
        return (status.st_mtime_ns, status.st_ino)

    def current(self) -> Known:
        stamp = self._folder_stamp()
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._known = read(self.root)
                    self._stamp = stamp
                except (PlaybookError, OSError):  # a release damaged, or being removed: the last good reading stays
                    pass
            return self._known
